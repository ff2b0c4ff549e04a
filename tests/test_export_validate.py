import csv
import json
import re

import networkx as nx
import pyoxigraph
import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import OWL, RDFS, SKOS, XSD

from kg.cli import main
from kg.rdf.namespace import VNKG
from tests.conftest import ONTOLOGY, SEEDS

ID = "https://w3id.org/vnkg/id/"


@pytest.fixture(scope="module")
def graph_file(seed_graph_file):
    return seed_graph_file


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.mark.parametrize("fmt, parse", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_hold_the_same_graph(graph_file, tmp_path, fmt, parse):
    out = tmp_path / f"g.{fmt}"
    run("export", graph_file, "--format", fmt, "-o", out)
    exported, built = Graph().parse(out, format=parse), Graph().parse(graph_file)
    _, only_exported, only_built = graph_diff(to_isomorphic(exported), to_isomorphic(built))
    assert not list(only_exported) and not list(only_built) and len(built) > 800  # the same triples, not just as many


@pytest.mark.parametrize("fmt, parse", [("nq", "nquads"), ("trig", "trig")])
def test_dataset_exports_have_a_graph_per_article(graph_file, tmp_path, fmt, parse):
    out = tmp_path / f"g.{fmt}"
    run("export", graph_file, "--format", fmt, "-o", out)
    ds = Dataset()
    ds.parse(out, format=parse)
    graphs = {str(g) for _, _, _, g in ds.quads() if g is not None}
    assert graphs == {ID + f"article/{f.name}" for f in SEEDS.glob("*.txt")}
    # each article's graph holds what the graph file says of that article, word for word (but for the
    # values the merge chooses one of: label, format)
    quads = {(str(s), str(p), str(o), str(g)) for s, p, o, g in ds.quads() if g is not None}
    built = {(str(s), str(p), str(o)) for s, p, o in Graph().parse(graph_file)}
    chosen = (str(RDFS.label), str(VNKG.format))
    assert all(t[:3] in built for t in quads if t[1] not in chosen)
    assert (ID + "article/000_d729f544271d1c8c.txt", str(VNKG.reports),
            ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc", ID + "article/000_d729f544271d1c8c.txt") in quads


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_exports_for_gephi(graph_file, tmp_path, fmt, read):
    out = tmp_path / f"g.{fmt}"
    run("export", graph_file, "--format", fmt, "-o", out)
    net = read(out)
    labels = {d["label"] for _, d in net.nodes(data=True)}
    assert "Nguyễn Phú Trọng" in labels and "Hội nghị ngoại giao lần thứ 32" in labels
    assert net.number_of_edges() > 50


def test_csv_export_writes_nodes_and_edges(graph_file, tmp_path):
    run("export", graph_file, "--format", "csv", "-o", tmp_path / "g.csv")
    nodes = list(csv.DictReader((tmp_path / "g.nodes.csv").open(encoding="utf-8")))
    edges = list(csv.DictReader((tmp_path / "g.edges.csv").open(encoding="utf-8")))
    ids = {n["id"] for n in nodes}
    assert all(e["source"] in ids and e["target"] in ids for e in edges)
    assert {"holdsRole", "chaired", "organizedBy", "implements"} <= {e["label"] for e in edges}


def test_validate_passes_and_fails(graph_file, tmp_path):
    assert "conforms" in run("validate", graph_file).output
    broken = tmp_path / "broken.ttl"
    broken.write_text(graph_file.read_text(encoding="utf-8") + """
<https://w3id.org/vnkg/id/holding/x> a <https://w3id.org/vnkg/ontology#RoleHolding> .
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(broken)])
    assert result.exit_code == 1 and "violation" in result.output and "holding/x" in result.output


def test_validate_reports_a_graph_that_does_not_parse(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <y> .\nthis is not turtle", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2 and "not valid turtle" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("name, content, message", [
    ("missing.ttl", None, "does not exist"),
    ("bad.nt", "<http://e/a> <http://e/p> .\n", "not valid nt"),
    ("g.txt", "<http://e/a> <http://e/p> <http://e/o> .\n", "'.txt' is no RDF format"),
])
def test_validate_exits_2_when_it_cannot_read_the_graph(tmp_path, name, content, message):
    """1 is kept for violations, so a script tells a broken graph from one it could not check."""
    if content is not None:
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / name)])
    assert result.exit_code == 2 and message in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("suffix, name, parse", [("jsonld", "json-ld", "json-ld"), ("rdf", "xml", "xml"),
                                                 ("ttl", "ttl", "turtle"), ("nt", "n-triples", "nt")])
def test_every_rdf_format_under_every_name_holds_the_built_graph(graph_file, tmp_path, suffix, name, parse):
    from kg.build import Format

    built = Graph().parse(graph_file)
    by_name = tmp_path / f"named.{suffix}"
    run("build", SEEDS, "-o", by_name, "--format", name, "-q")  # kg build writes it, by its name...
    assert Format.of(by_name) is Format.named(name)
    exported = tmp_path / f"exported.{suffix}"
    run("export", graph_file, "--format", name, "-o", exported)  # ... and kg export, by the same name
    for out in (by_name, exported):
        _, only_out, only_built = graph_diff(to_isomorphic(Graph().parse(out, format=parse)), to_isomorphic(built))
        assert not list(only_out) and not list(only_built)


def test_a_named_graph_file_exports_as_the_merged_graph(graph_file, tmp_path):
    trig = tmp_path / "g.trig"
    run("build", SEEDS, "-o", trig, "-q")
    run("export", trig, "--format", "ttl", "-o", tmp_path / "merged.ttl")
    assert (tmp_path / "merged.ttl").read_bytes() == graph_file.read_bytes()  # the engine's merge, byte for byte


def test_an_unknown_format_is_refused_with_the_list(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(tmp_path / "g.txt")])
    assert result.exit_code == 1 and ".jsonld (jsonld), .rdf (rdfxml)" in result.output
    assert not (tmp_path / "g.txt").exists()
    result = CliRunner().invoke(main, ["export", str(graph_file), "--format", "yaml", "-o", str(tmp_path / "g.y")])
    assert result.exit_code == 2 and "'yaml' is not one of" in result.output


def test_the_entity_network_has_typed_entities_and_named_links(graph_file):
    from kg.export import network

    net = network(Graph().parse(graph_file))
    trong, conference = ID + "official/nguyen-phu-trong", ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc"
    assert net.nodes[trong] == {"label": "Nguyễn Phú Trọng", "type": "Official"}
    assert net.nodes[conference]["type"] == "Conference"
    assert {d["type"] for _, d in net.nodes(data=True)} == {
        "Official", "Role", "Conference", "Resolution", "Province", "Organization", "Country"}  # no articles, facts
    assert net.get_edge_data(trong, conference) == {k: {"label": k} for k in ("attended", "chaired", "spokeAt")}
    assert not any(s.startswith(ID + "article/") or o.startswith(ID + "holding/") for s, o in net.edges())


def test_csv_lines_end_with_a_newline_only(graph_file, tmp_path):
    run("export", graph_file, "--format", "csv", "-o", tmp_path / "g.csv")
    data = (tmp_path / "g.nodes.csv").read_bytes()
    assert b"\r" not in data and data.endswith(b"\n") and "Nguyễn Phú Trọng".encode("utf-8") in data


BROKEN = {  # one way to break each kind of constraint the shapes use
    "min and class": "<{id}holding/x> a vnkg:RoleHolding ; vnkg:official <{id}role/bi-thu-tinh-uy> .",
    "max and in": "<{id}conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc> schema:startDate \"2021-12-15\"^^xsd:date ;"
                  " vnkg:format \"remote\" .",
    "language, pattern, minimum": "<{id}official/nguyen-phu-trong> rdfs:label \"Trong\"@en ; schema:sameAs"
                                  " <http://example.org/x> ; vnkg:articleCount 0 .",
    "datatype, length, node kind": "<{id}official/pham-minh-chinh> schema:sameAs \"Q1\" . <{id}role/bi-thu-tinh-uy>"
                                   " rdfs:label \"\"@vi . <{id}holding/y> a vnkg:RoleHolding ; vnkg:asOf \"hôm nay\" .",
    "or of classes": "<{id}holding/z> a vnkg:RoleHolding ; vnkg:organization <{id}official/nguyen-phu-trong> .",
}


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_the_shapes_as_queries_find_what_pyshacl_finds(graph_file, tmp_path, how):
    from kg.validate import validate

    broken = tmp_path / "broken.ttl"
    prefixes = ("@prefix vnkg: <https://w3id.org/vnkg/ontology#> . @prefix schema: <https://schema.org/> .\n"
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
    broken.write_text(graph_file.read_text(encoding="utf-8") + prefixes + BROKEN[how].format(id=ID), encoding="utf-8")
    ours, reference = validate(broken), validate(broken, engine="shacl")
    assert reference and {(v.focus, v.path) for v in ours} == {(v.focus, v.path) for v in reference}
    result = CliRunner().invoke(main, ["validate", str(broken), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1 and f"{len(ours)} violation(s)" in result.output


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_stream_the_network_networkx_builds(graph_file, tmp_path, fmt, read):
    from kg.export import network

    expected = network(Graph().parse(graph_file))  # the reference: networkx on the whole graph in rdflib
    out = tmp_path / f"g.{fmt}"
    run("export", graph_file, "--format", fmt, "-o", out)
    got = read(out)
    assert list(got.nodes) == list(expected.nodes)
    assert all(got.nodes[n]["label"] == expected.nodes[n]["label"] for n in expected.nodes)
    assert all(got.nodes[n].get("type") == expected.nodes[n]["type"] for n in expected.nodes)
    assert sorted((s, o, d["label"]) for s, o, d in got.edges(data=True)) == \
        sorted((s, o, d["label"]) for s, o, d in expected.edges(data=True))


def test_network_files_survive_control_characters_in_labels(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Ngày 5/3/2024, Bộ Ngoại giao tổ chức Hội nghị ngoại giao\x01\x0b lần thứ 40. "
                                  "Thủ tướng Phạm Minh Chính chủ trì hội nghị.", encoding="utf-8")
    graph = tmp_path / "g.ttl"
    run("build", folder, "-o", graph, "-q")
    for fmt, read in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        run("export", graph, "--format", fmt, "-o", tmp_path / f"g.{fmt}")
        labels = {d["label"] for _, d in read(tmp_path / f"g.{fmt}").nodes(data=True)}
        assert "Hội nghị ngoại giao lần thứ 40" in labels  # the control character dropped, the file readable


def test_a_full_disk_leaves_the_previous_csv_export_whole(graph_file, tmp_path, full_disk):
    small = tmp_path / "small" / "one.ttl"
    run("build", sorted(SEEDS.glob("*.txt"))[0], "-o", small)
    out = tmp_path / "out"
    run("export", small, "--format", "csv", "-o", out / "g.csv")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    full_disk(12_000)  # the seeds' nodes (8.5 KB) fit, their edges (8.6 KB) do not
    result = CliRunner().invoke(main, ["export", str(graph_file), "--format", "csv", "-o", str(out / "g.csv")])
    assert result.exit_code == 1 and "g.edges.csv: cannot write (No space left on device)" in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # both old files, no temporary ones


def test_an_entity_without_a_label_is_named_by_its_iri_and_a_damaged_graph_by_one_line(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(f"""@prefix vnkg: <{VNKG}> . @prefix rdfs: <{RDFS}> .
<{ID}person/a> a vnkg:Official ; rdfs:label "Nguyễn Văn A" ; vnkg:participatedIn <{ID}event/x> .
<{ID}event/x> a vnkg:Conference .
""", encoding="utf-8")
    run("export", graph, "--format", "graphml", "-o", tmp_path / "g.graphml")
    labels = {n: d["label"] for n, d in nx.read_graphml(tmp_path / "g.graphml").nodes(data=True)}
    assert labels == {f"{ID}person/a": "Nguyễn Văn A", f"{ID}event/x": f"{ID}event/x"}

    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix x: <y> .\n\n   this   is\tnot turtle", encoding="utf-8")
    with pytest.raises(SyntaxError) as parser:
        list(pyoxigraph.parse(path=str(bad), format=pyoxigraph.RdfFormat.TURTLE))
    words = str(parser.value).split()  # the parser's message on one line, its words single-spaced
    for fmt in ("graphml", "nt"):
        result = CliRunner().invoke(main, ["export", str(bad), "--format", fmt, "-o", str(tmp_path / f"b.{fmt}")])
        assert result.exit_code == 1 and result.output == f"Error: {bad}: not valid turtle: {' '.join(words)}\n"


# Every name a user may type for each RDF format, and the rdflib parser that reads that format: the
# test's own table, so a name that reaches the wrong writer is caught by the reading.
FORMAT_NAMES = {"turtle": "turtle", "ttl": "turtle", "nquads": "nquads", "nq": "nquads", "ntriples": "nt",
                "nt": "nt", "n-triples": "nt", "json-ld": "json-ld", "jsonld": "json-ld", "rdfxml": "xml",
                "xml": "xml", "rdf": "xml", "trig": "trig"}


def _format_help(command: str) -> str:
    text = " ".join(run(command, "--help").output.split())
    return text[text.index("--format"):]


@pytest.mark.parametrize("name", sorted(FORMAT_NAMES))
def test_every_format_name_is_taken_and_listed_by_build_and_export(graph_file, tmp_path, name):
    from kg.formats import Format

    for command in ("build", "export"):  # said in --help, where users look for the names
        assert re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", _format_help(command)), (command, name)
    suffix = Format.named(name).extension
    built, exported = tmp_path / f"built.{suffix}", tmp_path / f"exported.{suffix}"
    run("build", SEEDS, "-o", built, "--format", name, "-q")
    run("export", graph_file, "--format", name, "-o", exported)
    expected = Graph().parse(graph_file)
    for out in (built, exported):
        if FORMAT_NAMES[name] in ("nquads", "trig"):  # one graph per article: merged back, the built graph
            ds = Dataset()
            ds.parse(out, format=FORMAT_NAMES[name])
            assert {str(g) for _, _, _, g in ds.quads() if g is not None} == {
                ID + f"article/{f.name}" for f in SEEDS.glob("*.txt")}
            run("export", out, "--format", "ttl", "-o", tmp_path / "merged.ttl")
            assert (tmp_path / "merged.ttl").read_bytes() == graph_file.read_bytes()
        else:
            assert to_isomorphic(Graph().parse(out, format=FORMAT_NAMES[name])) == to_isomorphic(expected)


def _csv_rows(path, encoding):
    with path.open(encoding=encoding, newline="") as fh:
        return list(csv.reader(fh))


def test_csv_for_excel_starts_with_a_byte_order_mark_and_plain_csv_does_not(graph_file, tmp_path):
    assert "--bom" in run("export", "--help").output and "Excel" in run("export", "--help").output
    run("export", graph_file, "--format", "csv", "-o", tmp_path / "plain.csv")
    run("export", graph_file, "--format", "csv", "--bom", "-o", tmp_path / "excel.csv")
    for part in ("nodes", "edges"):
        plain, excel = tmp_path / f"plain.{part}.csv", tmp_path / f"excel.{part}.csv"
        assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")  # the default stays plain UTF-8
        assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and not excel.read_bytes()[3:].startswith(b"\xef\xbb\xbf")
        rows = _csv_rows(excel, "utf-8-sig")
        assert rows == _csv_rows(plain, "utf-8") and rows[0][0] in ("id", "source")  # the header, not '\ufeffid'
    names = {row[1] for row in _csv_rows(tmp_path / "excel.nodes.csv", "utf-8-sig")}
    assert "Nguyễn Phú Trọng" in names and "Hà Tĩnh" in names


def test_bom_is_refused_for_formats_other_than_csv(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["export", str(graph_file), "--format", "graphml", "--bom",
                                       "-o", str(tmp_path / "g.graphml")])
    assert result.exit_code == 2 and "--bom" in result.output and "csv" in result.output
    assert not (tmp_path / "g.graphml").exists()


@pytest.mark.parametrize("dataset", ["trig", "nq"])
def test_a_per_article_graph_exports_the_merged_network(graph_file, tmp_path, dataset):
    source = tmp_path / f"g.{dataset}"
    run("build", SEEDS, "-o", source, "-q")
    for name, graph in (("merged", graph_file), ("articles", source)):
        run("export", graph, "--format", "csv", "-o", tmp_path / f"{name}.csv")
        run("export", graph, "--format", "graphml", "-o", tmp_path / f"{name}.graphml")
    for part in ("nodes", "edges"):
        merged = _csv_rows(tmp_path / f"merged.{part}.csv", "utf-8")
        assert _csv_rows(tmp_path / f"articles.{part}.csv", "utf-8") == merged and len(merged) > 50
    want, got = nx.read_graphml(tmp_path / "merged.graphml"), nx.read_graphml(tmp_path / "articles.graphml")
    assert dict(got.nodes(data=True)) == dict(want.nodes(data=True))
    edges = [sorted((s, o, sorted(d.items())) for s, o, d in net.edges(data=True)) for net in (got, want)]
    assert edges[0] == edges[1] and len(edges[0]) > 50
    # the label is the one the merge keeps (the conference's most supported name), not any one article's
    label = Graph().parse(graph_file).value(URIRef(ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc"),
                                            RDFS.label)
    assert got.nodes[ID + "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc"]["label"] == str(label)


def _offline(url, options=None):
    raise AssertionError(f"pyld was made to fetch {url}: the context must be inline")


def test_json_ld_is_compact_with_an_inline_context_and_is_the_same_graph(graph_file, tmp_path):
    from urllib.parse import urljoin

    from pyld import jsonld

    built, exported = tmp_path / "built.jsonld", tmp_path / "exported.jsonld"
    run("build", SEEDS, "-o", built, "-q")
    run("export", graph_file, "--format", "jsonld", "-o", exported)
    run("export", graph_file, "--format", "json-ld", "-o", tmp_path / "again.jsonld")
    assert (tmp_path / "again.jsonld").read_bytes() == exported.read_bytes()  # byte-deterministic
    turtle = Graph().parse(graph_file)
    trong = URIRef(ID + "official/nguyen-phu-trong")
    for out in (built, exported):
        doc = json.loads(out.read_text(encoding="utf-8"))
        context = doc["@context"]  # inline: an object, not the address of one
        assert isinstance(context, dict) and context["vnkg"] == str(VNKG._NS) and context["@language"] == "vi"
        for prefix, ns in (("schema", "https://schema.org/"), ("rdfs", str(RDFS)), ("skos", str(SKOS)),
                           ("prov", "http://www.w3.org/ns/prov#"), ("org", "http://www.w3.org/ns/org#"),
                           ("xsd", str(XSD)), ("owl", str(OWL))):
            assert context[prefix] == ns
        # what a plain JSON reader sees: short keys, the label as a string, the roles as ids
        assert not any("://" in key for node in doc["@graph"] for key in node)
        base = context["@base"]
        node = next(n for n in doc["@graph"] if urljoin(base, n["@id"]) == str(trong))
        assert node["label"] == str(turtle.value(trong, RDFS.label)) == "Nguyễn Phú Trọng"
        roles = node["holdsRole"] if isinstance(node["holdsRole"], list) else [node["holdsRole"]]
        assert {urljoin(base, r) for r in roles} == {str(r) for r in turtle.objects(trong, VNKG.holdsRole)}
        # the same RDF graph, read by rdflib and by pyld (offline), and expanded by pyld
        assert to_isomorphic(Graph().parse(out, format="json-ld")) == to_isomorphic(turtle)
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _offline})
        assert to_isomorphic(Graph().parse(data=nquads, format="nt")) == to_isomorphic(turtle)
        expanded = jsonld.expand(doc, {"documentLoader": _offline})
        assert {n["@id"] for n in expanded} >= {str(trong), ID + "role/tong-bi-thu-ban-chap-hanh-trung-uong-dang"}


def test_json_ld_keeps_literals_of_no_language_and_other_languages_apart(tmp_path):
    graph = tmp_path / "g.ttl"
    graph.write_text(f"""@prefix vnkg: <{VNKG}> . @prefix rdfs: <{RDFS}> . @prefix xsd: <{XSD}> .
<{ID}official/a> a vnkg:Official ; rdfs:label "Nguyễn Văn A"@vi, "Nguyen Van A"@en, "A" ; vnkg:articleCount 2 ;
  vnkg:sourceFile "a.txt"@vi, "b.txt" ; vnkg:holdsRole <{ID}role/x>, "not an iri" ; vnkg:asOf "2024-01-02"^^xsd:date,
  "soon" ; vnkg:number "007"^^xsd:integer ; vnkg:mentions <http://example.org/x:y>, <{ID}a/../b>, _:n .
_:n rdfs:label "blank" .
""", encoding="utf-8")
    from pyld import jsonld

    run("export", graph, "--format", "jsonld", "-o", tmp_path / "g.jsonld")
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    assert to_isomorphic(Graph().parse(tmp_path / "g.jsonld", format="json-ld")) == to_isomorphic(Graph().parse(graph))
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads", "documentLoader": _offline})
    assert to_isomorphic(Graph().parse(data=nquads, format="nt")) == to_isomorphic(Graph().parse(graph))


SPARQL = """PREFIX vnkg: <https://w3id.org/vnkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <https://schema.org/>
"""


def _attributes(fmt, data):
    """A node's or edge's attributes as both readers give them: GEXF's colour and size are under 'viz'."""
    if fmt == "gexf" and "viz" in data:
        rgb = data["viz"]["color"]
        return {**data, "color": "#{:02x}{:02x}{:02x}".format(rgb["r"], rgb["g"], rgb["b"]), "size": data["viz"]["size"]}
    return data


@pytest.mark.parametrize("fmt, read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_files_carry_what_gephi_and_cytoscape_filter_and_lay_out_by(graph_file, tmp_path, fmt, read):
    from kg.viz import Selection, entity_network, page_data, select

    out = tmp_path / f"g.{fmt}"
    run("export", graph_file, "--format", fmt, "-o", out)
    assert "networkx_key" not in out.read_text(encoding="utf-8")
    net = read(out)
    nodes = {n: _attributes(fmt, d) for n, d in net.nodes(data=True)}
    edges = {(s, o, d["label"]): d for s, o, d in net.edges(data=True)}
    assert not any("networkx_key" in d for d in edges.values())
    g = Graph().parse(graph_file)
    # province: an official's from their holdings, a conference's from its connection points
    provinces: dict[str, set[str]] = {}
    for who, name in g.query(SPARQL + """SELECT ?who ?name WHERE {
            { ?h vnkg:official ?who ; vnkg:province ?p } UNION { ?who a vnkg:Conference ; vnkg:connectionPoint ?p }
            ?p a vnkg:Province ; rdfs:label ?name }"""):
        provinces.setdefault(str(who), set()).add(str(name))
    assert len(provinces) >= 5
    for who, names in provinces.items():
        assert set(nodes[who]["province"].split("; ")) == names, who
    # dates: a conference's own; a holding's edge spans its asOf dates; the timeline in GEXF
    days = {str(c): str(d) for c, d in g.query(SPARQL + "SELECT ?c ?d WHERE { ?c a vnkg:Conference ; schema:startDate ?d }")}
    assert len(days) == 3 and all((nodes[c]["start"], nodes[c]["end"]) == (d, d) for c, d in days.items())
    if fmt == "gexf":
        assert 'mode="dynamic" timeformat="date"' in out.read_text(encoding="utf-8")
    # weights: how many articles the holdings and participations behind an edge come from
    held = g.query(SPARQL + """SELECT ?who ?role (COUNT(DISTINCT ?a) AS ?n) (MIN(STR(?d)) AS ?first)
        (MAX(STR(?d)) AS ?last) WHERE { ?h a vnkg:RoleHolding ; vnkg:official ?who ; vnkg:role ?role ;
        prov:wasDerivedFrom ?a ; vnkg:asOf ?d } GROUP BY ?who ?role""")
    assert len(held) > 20 and max(int(row.n) for row in held) >= 2
    for who, role, n, first, last in held:
        edge = edges[(str(who), str(role), "holdsRole")]
        assert (edge["weight"], edge["start"], edge["end"]) == (int(n), str(first), str(last))
    attended = g.query(SPARQL + """SELECT ?who ?c (COUNT(DISTINCT ?a) AS ?n) WHERE { ?p vnkg:official ?who ;
        vnkg:conference ?c ; vnkg:participationKind vnkg:Attendee ; prov:wasDerivedFrom ?a } GROUP BY ?who ?c""")
    assert len(attended) > 10
    for who, conference, n in attended:
        edge = edges[(str(who), str(conference), "attended")]
        assert (edge["weight"], edge["start"]) == (int(n), days[str(conference)])
    # the explorer's colours, and its sizes: PageRank scaled from 1 to 30
    page = page_data(select(entity_network(g, Selection(isolated=True)), Selection(isolated=True)))
    colour = {ID + node["id"]: node["color"] for node in page["nodes"]}
    assert len(colour) > 50 and all(nodes[n]["color"] == c for n, c in colour.items())
    rank = nx.pagerank(nx.Graph(net.to_undirected()), weight=None)  # as the explorer: links, not weights
    top = max(rank.values())
    assert all(abs(nodes[n]["size"] - (1 + 29 * rank[n] / top)) < 0.011 for n in nodes)
    trong = ID + "official/nguyen-phu-trong"
    assert nodes[trong]["type"] == "Official" and nodes[trong]["label"] == str(g.value(URIRef(trong), RDFS.label))


def planted(graph_file, tmp_path, how):
    """The seed graph with one of BROKEN's ways of breaking the shapes, as a Turtle file."""
    broken = tmp_path / f"{how.replace(' ', '-').replace(',', '')}.ttl"
    prefixes = ("@prefix vnkg: <https://w3id.org/vnkg/ontology#> . @prefix schema: <https://schema.org/> .\n"
                "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . "
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")
    broken.write_text(graph_file.read_text(encoding="utf-8") + prefixes + BROKEN[how].format(id=ID), encoding="utf-8")
    return broken


@pytest.mark.parametrize("how", sorted(BROKEN))
def test_the_turtle_report_is_the_shacl_report_pyshacl_writes(graph_file, tmp_path, how):
    """The report a SHACL tool reads: the same results as pySHACL's own report graph (node, property,
    constraint component, severity), read back with rdflib."""
    from pyshacl import validate as shacl
    from rdflib.namespace import RDF, SH

    broken = planted(graph_file, tmp_path, how)
    result = CliRunner().invoke(main, ["validate", str(broken), "--format", "turtle"])
    assert result.exit_code == 1 and result.stdout.startswith("@prefix")
    ours = Graph().parse(data=result.stdout, format="turtle")
    _, theirs, _ = shacl(Graph().parse(broken), shacl_graph=Graph().parse(ONTOLOGY / "shapes.ttl"),
                         ont_graph=Graph().parse(ONTOLOGY / "vnkg.ttl"), inference="none")

    def results(report):
        [node] = report.subjects(RDF.type, SH.ValidationReport)
        assert report.value(node, SH.conforms).toPython() is False
        return {(report.value(r, SH.focusNode), report.value(r, SH.resultPath), report.value(r, SH.resultSeverity),
                 report.value(r, SH.sourceConstraintComponent)) for r in report.objects(node, SH.result)}
    assert results(ours) == results(theirs) and results(ours)
    again = CliRunner().invoke(main, ["validate", str(broken), "--format", "turtle"])
    assert again.stdout == result.stdout  # the same bytes every time


def test_the_json_report_lists_each_violation(graph_file, tmp_path):
    import json

    from kg.validate import validate

    broken = planted(graph_file, tmp_path, "min and class")
    result = CliRunner().invoke(main, ["validate", str(broken), "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    reference = validate(broken, engine="shacl")
    assert {(v["focus"], v["path"], v["constraint"]) for v in report["violations"]} == \
        {(v.focus, v.path, v.constraint) for v in reference}
    holding = [v for v in report["violations"] if v["path"] == str(VNKG.official)]
    assert {v["constraint"] for v in holding} == {"class"} and holding[0]["severity"] == "Violation"
    assert holding[0]["focus"] == ID + "holding/x" and "Official" in holding[0]["message"]
    conforms = CliRunner().invoke(main, ["validate", str(graph_file), "--format", "json"])
    assert conforms.exit_code == 0 and json.loads(conforms.stdout) == {"conforms": True, "violations": []}


def test_a_named_graph_file_is_validated_as_the_graph_its_articles_merge_into(graph_file, tmp_path):
    """Each article names a conference in its own words; the merged graph, the Turtle build's, keeps
    one label: a TriG or N-Quads graph conforms exactly when its Turtle build does, and a violation
    planted in one article's named graph is found there too."""
    from kg.validate import validate

    graphs = {}
    for suffix in ("ttl", "trig", "nq"):
        folder = tmp_path / suffix
        run("build", SEEDS, "-o", folder / f"g.{suffix}", "-q")
        graphs[suffix] = folder / f"g.{suffix}"
    union = Dataset()
    union.parse(graphs["trig"], format="trig")
    labels = {}
    for node, _, label, _ in union.quads((None, RDFS.label, None, None)):
        labels.setdefault(node, set()).add(label)
    assert any(len(named) > 1 for named in labels.values())  # the union has labels the merge drops
    for suffix, graph in graphs.items():
        result = CliRunner().invoke(main, ["validate", str(graph)])
        assert result.exit_code == 0 and "conforms" in result.output, (suffix, result.output)
    article = ID + "article/000_d729f544271d1c8c.txt"
    bad = f"<{ID}holding/x> a <{VNKG.RoleHolding}> ; <{VNKG.official}> <{ID}role/bi-thu-tinh-uy> ."
    (tmp_path / "bad.ttl").write_text(graphs["ttl"].read_text(encoding="utf-8") + bad + "\n", encoding="utf-8")
    (tmp_path / "bad.trig").write_text(graphs["trig"].read_text(encoding="utf-8") + f"<{article}> {{ {bad} }}\n",
                                       encoding="utf-8")
    (tmp_path / "bad.nq").write_text(graphs["nq"].read_text(encoding="utf-8") + "".join(
        f"{line[:-1]} <{article}> .\n" for line in Graph().parse(data=bad).serialize(format="nt").splitlines()
        if line), encoding="utf-8")
    found = {suffix: {(v.focus, v.path, v.constraint) for v in validate(tmp_path / f"bad.{suffix}")}
             for suffix in ("ttl", "trig", "nq")}
    assert found["ttl"] == found["trig"] == found["nq"]
    assert (ID + "holding/x", str(VNKG.official), "class") in found["trig"]
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "bad.nq"), "--store", str(tmp_path / "store")])
    assert result.exit_code == 1 and f"{len(found['nq'])} violation(s)" in result.output


def test_a_network_export_of_a_file_whose_triples_are_shuffled_is_the_same(graph_file, tmp_path):
    """kg's writers keep a subject's triples together, and the export folds each fact as its triples end;
    a file written otherwise (here N-Triples in a shuffled order) must give the same network."""
    import random

    run("export", graph_file, "--format", "nt", "-o", tmp_path / "g.nt")
    lines = (tmp_path / "g.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    random.Random(7).shuffle(lines)
    (tmp_path / "shuffled.nt").write_text("".join(lines), encoding="utf-8")
    for fmt in ("graphml", "gexf"):
        run("export", tmp_path / "g.nt", "--format", fmt, "-o", tmp_path / f"g.{fmt}")
        run("export", tmp_path / "shuffled.nt", "--format", fmt, "-o", tmp_path / f"shuffled.{fmt}")
        assert (tmp_path / f"g.{fmt}").read_bytes() == (tmp_path / f"shuffled.{fmt}").read_bytes()
    weights = [d["weight"] for *_, d in nx.read_graphml(tmp_path / "g.graphml").edges(data=True)]
    assert max(weights) > 1  # the facts' articles were counted, not lost


def test_a_conferences_span_reports_and_places_reach_the_network_files(tmp_path):
    """A conference over three days (its end written before its start, as sorted predicates come), reported
    by two articles, held at a province's connection point."""
    graph = tmp_path / "g.ttl"
    graph.write_text(f"""@prefix vnkg: <{VNKG}> . @prefix rdfs: <{RDFS}> . @prefix schema: <https://schema.org/> .
@prefix xsd: <{XSD}> .
<{ID}conference/x> a vnkg:Conference ; rdfs:label "Hội nghị X" ; schema:endDate "2024-03-07"^^xsd:date ;
  schema:startDate "2024-03-05"^^xsd:date ; vnkg:organizedBy <{ID}organization/bo-y-te> ;
  vnkg:connectionPoint <{ID}province/ha-tinh> .
<{ID}organization/bo-y-te> a vnkg:Organization ; rdfs:label "Bộ Y tế" .
<{ID}province/ha-tinh> a vnkg:Province ; rdfs:label "Hà Tĩnh" .
<{ID}article/a1> vnkg:reports <{ID}conference/x> . <{ID}article/a2> vnkg:reports <{ID}conference/x> .
""", encoding="utf-8")
    run("export", graph, "--format", "graphml", "-o", tmp_path / "g.graphml")
    net = nx.read_graphml(tmp_path / "g.graphml")
    conference, province = net.nodes[f"{ID}conference/x"], net.nodes[f"{ID}province/ha-tinh"]
    assert (conference["start"], conference["end"], conference["province"]) == ("2024-03-05", "2024-03-07", "Hà Tĩnh")
    assert province["province"] == "Hà Tĩnh"  # a province is its own place
    for target in ("organization/bo-y-te", "province/ha-tinh"):
        link = net.edges[f"{ID}conference/x", f"{ID}{target}"]
        assert (link["weight"], link["start"], link["end"]) == (2, "2024-03-05", "2024-03-07")


def test_gexf_nodes_and_edges_hold_elements_only_and_a_province_only_where_there_is_one(graph_file, tmp_path):
    import xml.etree.ElementTree as ET

    run("export", graph_file, "--format", "gexf", "-o", tmp_path / "g.gexf")
    found = [n for n in ET.parse(tmp_path / "g.gexf").iter() if n.tag.endswith(("}node", "}edge"))]
    assert found and all(not (n.text or "").strip() and all(not (c.tail or "").strip() for c in n) for n in found)
    placed = {n.get("id") for n in found if n.tag.endswith("}node")
              and any(v.get("for") == "p" for v in n.iter() if v.tag.endswith("attvalue"))}
    assert f"{ID}province/hai-phong" in placed and f"{ID}role/thu-tuong" not in placed


def test_json_ld_nodes_are_written_in_their_shortest_form(graph_file, tmp_path):
    """What a JSON user reads: types and keys as bare vnkg names, links as relative IRIs, dates, plain
    strings and Vietnamese labels as bare strings (the context says what each is)."""
    run("export", graph_file, "--format", "jsonld", "-o", tmp_path / "g.jsonld")
    doc = json.loads((tmp_path / "g.jsonld").read_text(encoding="utf-8"))
    by_id = {n["@id"]: n for n in doc["@graph"]}
    official = by_id["official/bui-thanh-son"]
    assert official["@type"] == "Official" and official["label"] == "Bùi Thanh Sơn"
    assert "role/bo-truong-bo-ngoai-giao" in (official["holdsRole"] if isinstance(official["holdsRole"], list)
                                               else [official["holdsRole"]])
    article = next(n for n in doc["@graph"] if n["@type"] == "Article")
    assert isinstance(article["sourceFile"], str) and isinstance(article["datePublished"], str)
    holding = next(n for n in doc["@graph"] if n["@type"] == "RoleHolding")
    assert isinstance(holding["asOf"], str) and holding["asOf"][:2] == "20"


def test_graphml_and_rdf_xml_declare_their_namespaces_as_their_readers_expect(graph_file, tmp_path):
    import xml.etree.ElementTree as ET

    run("export", graph_file, "--format", "graphml", "-o", tmp_path / "g.graphml")
    root = ET.parse(tmp_path / "g.graphml").getroot()
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation", "").startswith(
        "http://graphml.graphdrawing.org/xmlns ")  # where validators (yEd, the GraphML schema) look
    run("build", SEEDS, "-o", tmp_path / "g.rdf", "-q")
    head = (tmp_path / "g.rdf").read_text(encoding="utf-8")[:2000]
    assert 'xmlns:vnkg="https://w3id.org/vnkg/ontology#"' in head and "<vnkg:Official" in \
        (tmp_path / "g.rdf").read_text(encoding="utf-8")  # the project's prefixes, not generated ones
