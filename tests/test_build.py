"""The main job end to end: the seed graph parses, conforms, uses known terms, is deterministic."""
import itertools
import shutil

from pyshacl import validate
from rdflib import Graph
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
