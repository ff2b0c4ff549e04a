"""The main job end to end: the seed graph parses, conforms, uses known terms, is deterministic."""
import itertools
import shutil

import pytest

from pyshacl import validate
from rdflib import Dataset, Graph
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

from kg.build import build_graph, write_graph
from kg.rdf.namespace import ORG, PROV, SCHEMA, VNKG
from tests.conftest import ONTOLOGY, SEEDS


def test_seed_graph_conforms_to_the_shapes(seed_graph):
    shapes, ontology = Graph(), Graph()
    shapes.parse(ONTOLOGY / "shapes.ttl")
    ontology.parse(ONTOLOGY / "vnkg.ttl")
    conforms, _, report = validate(seed_graph, shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, report


def test_graph_uses_only_defined_terms(seed_graph):
    ontology = Graph()
    ontology.parse(ONTOLOGY / "vnkg.ttl")
    known = set(ontology.subjects())
    standard = (str(RDF), str(RDFS), str(SKOS), str(OWL), str(XSD), str(PROV), str(SCHEMA), str(ORG))
    for s, p, o in seed_graph:
        for term in (p, o) if p == RDF.type else (p,):
            if str(term).startswith(str(VNKG._NS)):
                assert term in known, term
            else:
                assert str(term).startswith(standard), term


def test_seed_graph_has_the_main_facts(seed_graph):
    conferences = set(seed_graph.subjects(RDF.type, VNKG.Conference))
    assert len(conferences) == 3
    reports = {c: len(list(seed_graph.subjects(VNKG.reports, c))) for c in conferences}
    assert sorted(reports.values()) == [1, 1, 3]


def test_same_articles_in_any_order_give_the_same_bytes(tmp_path):
    files = sorted(SEEDS.glob("*.txt"))
    outputs = []
    for i, order in enumerate([files, files[::-1], list(itertools.islice(itertools.cycle(files), 2, 7))]):
        folder = tmp_path / f"in{i}"
        folder.mkdir()
        for f in order:
            shutil.copy(f, folder / f.name)
        graph, _ = build_graph([folder])
        write_graph(graph, tmp_path / f"g{i}.ttl")
        outputs.append((tmp_path / f"g{i}.ttl").read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_write_is_atomic_and_leaves_no_temp_file(tmp_path, seed_graph):
    out = tmp_path / "graph.ttl"
    out.write_text("previous graph", encoding="utf-8")
    write_graph(seed_graph, out)
    assert out.read_text(encoding="utf-8").startswith("@prefix")
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_unreadable_article_is_skipped_and_the_rest_go_in(tmp_path):
    shutil.copy(SEEDS / "003_31a8f32666ae666d.txt", tmp_path / "good.txt")
    (tmp_path / "empty.txt").write_bytes(b"")
    graph, report = build_graph([tmp_path])
    assert report.articles == 1 and [p for p, _ in report.skipped] == [str(tmp_path / "empty.txt")]
    assert len(list(graph.subjects(RDF.type, VNKG.Official))) == 5


def test_the_file_kg_build_writes_conforms_to_the_shapes(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    out = tmp_path / "graph.ttl"
    assert CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(out), "-q"]).exit_code == 0
    shapes, ontology = Graph(), Graph()
    shapes.parse(ONTOLOGY / "shapes.ttl")
    ontology.parse(ONTOLOGY / "vnkg.ttl")
    conforms, _, report = validate(Graph().parse(out), shacl_graph=shapes, ont_graph=ontology, inference="none")
    assert conforms, report


def test_a_trig_graph_written_without_its_record_is_read_article_by_article(tmp_path):
    # A named-graph output of an earlier version has no record beside it: its graphs are the articles.
    from kg.build import Format, load_corpus, record_path
    from kg.stream import stream_build

    with_record = tmp_path / "a" / "g.trig"
    stream_build(sorted(SEEDS.glob("*.txt")), with_record, Format.TRIG)
    bare = tmp_path / "b" / "g.trig"
    bare.parent.mkdir()
    bare.write_bytes(with_record.read_bytes())
    assert not record_path(bare).exists()
    expected, got = load_corpus(with_record), load_corpus(bare)
    assert len(got.articles) == 5 and set(got.articles) == set(expected.articles)
    from rdflib import Dataset, URIRef

    written = Dataset()
    written.parse(bare, format="trig")
    for article in got.articles:  # each article's graph as written (officials as named after identity)
        assert got.articles[article] == set(written.graph(URIRef(article)))


def test_a_damaged_nquads_output_names_the_file_and_the_parser_error(tmp_path):
    from kg.build import load_corpus
    from kg.errors import GraphError

    out = tmp_path / "g.nq"
    # a relative graph IRI: the parser's first line quotes the (long) rest of the line
    out.write_text(f'<https://x.org/a> <https://x.org/b> "c" <g{"a" * 300}> .\n', encoding="utf-8")
    with pytest.raises(GraphError) as caught:
        load_corpus(out)
    message = str(caught.value)
    assert message.startswith(f"{out}: not valid N-Quads: ") and "None" not in message
    reason = message.split(": not valid N-Quads: ")[1]
    # the parser's own first line (what is wrong), not its echo of the damaged line
    with pytest.raises(Exception) as parser:
        Dataset().parse(out, format="nquads")
    assert reason == str(parser.value).splitlines()[0][:200]
    assert len(reason) == 200 and "\n" not in reason


def test_an_unknown_format_name_lists_the_known_ones():
    from kg.errors import GraphError
    from kg.formats import NAMES, Format

    with pytest.raises(GraphError) as caught:
        Format.named("docx")
    assert str(caught.value) == f"'docx': no RDF format; use one of {', '.join(NAMES)}"
    assert "turtle" in NAMES and "trig" in NAMES


def test_the_python_api_knows_articles_by_their_path_inside_the_folder(tmp_path):
    from kg.build import extract_corpus

    for sub in ("x", "y"):
        (tmp_path / sub).mkdir()
        shutil.copy(SEEDS / "003_31a8f32666ae666d.txt", tmp_path / sub / "index.txt")
    corpus = extract_corpus([tmp_path])[0]
    assert sorted(str(a).rsplit("/article/", 1)[1] for a in corpus.articles) == ["x/index.txt", "y/index.txt"]
