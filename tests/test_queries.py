"""Every query of queries/ with its expected answer on the seed graph."""
import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph

from kg.cli import main
from kg.query import QueryError, ResultFormat, bind_parameters, render, run_query
from kg.rdf.namespace import VNKG
from tests.conftest import ONTOLOGY, ROOT, SEEDS

QUERIES = ROOT / "queries"
C2021 = "<https://w3id.org/vnkg/id/conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc>"
C2023 = "<https://w3id.org/vnkg/id/conference/2023-12-19-hoi-nghi-ngoai-giao-lan-thu-32>"


@pytest.fixture(scope="module")
def graph_file(seed_graph_file):
    return seed_graph_file


def rows(graph_file, query_name, **params):
    result = run_query(graph_file, (QUERIES / f"{query_name}.rq").read_text(encoding="utf-8"), params)
    return [{k: (str(v) if v is not None else None) for k, v in row.items()} for row in result.rows]


def test_at_least_twelve_queries_each_with_question_parameters_and_example():
    files = sorted(QUERIES.glob("*.rq"))
    assert len(files) >= 12
    for f in files:
        head = f.read_text(encoding="utf-8").split("PREFIX", 1)[0]
        assert head.startswith("# ") and "?" in head.splitlines()[0], f.name
        assert "# Parameters:" in head and "# Example: kg query queries/" in head, f.name


def test_every_term_a_query_uses_exists_in_the_ontology():
    defined = {str(s) for s in Graph().parse(ONTOLOGY / "vnkg.ttl").subjects()}
    for f in QUERIES.glob("*.rq"):
        for term in re.findall(r"vnkg:(\w+)", f.read_text(encoding="utf-8")):
            assert str(VNKG._NS) + term in defined, (f.name, term)


def test_participants_by_kind(graph_file):
    got = {(r["name"], frozenset(r["kinds"].split(", ")), r["connectionPoint"])
           for r in rows(graph_file, "participants_by_kind", conference=C2023)}
    assert got == {("Nguyễn Phú Trọng", frozenset({"speaker", "attendee"}), None),
                   ("Bùi Thanh Sơn", frozenset({"speaker", "attendee"}), None),
                   ("Nguyễn Mạnh Cường", frozenset({"attendee"}), "Bình Phước")}


def test_official_timeline(graph_file):
    got = [(r["asOf"], r["role"], r["source"]) for r in rows(graph_file, "official_timeline", name="Bùi Thanh Sơn")]
    assert got == [("2023-01-10", "Bộ trưởng Bộ Ngoại giao", "003_31a8f32666ae666d.txt"),
                   ("2023-12-19", "Bộ trưởng Bộ Ngoại giao", "004_df49104e7df00e0f.txt")]


def test_role_holders_in_province_by_old_and_new_name_and_date(graph_file):
    assert [r["name"] for r in rows(graph_file, "role_holders_in_province", role="Bí thư Tỉnh ủy",
                                    province="Đồng Nai")] == ["Nguyễn Mạnh Cường"]
    assert [r["name"] for r in rows(graph_file, "role_holders_in_province", role="Phó Bí thư Tỉnh ủy",
                                    province="Thanh Hoá", onDate="2021-12-31")] == ["Trịnh Tuấn Sinh", "Đỗ Minh Tuấn"]
    assert rows(graph_file, "role_holders_in_province", role="Bí thư Tỉnh ủy", province="Thanh Hóa",
                onDate="2020-01-01") == []


def test_conferences_by_organizer(graph_file):
    got = [(r["date"], r["conferenceName"]) for r in rows(graph_file, "conferences_by_organizer",
                                                          organizer="Bộ Ngoại giao")]
    assert got == [("2023-01-10", "Hội nghị trực tuyến tổng kết ngành ngoại giao năm 2022 và triển khai phương "
                                  "hướng, nhiệm vụ năm 2023"), ("2023-12-19", "Hội nghị ngoại giao lần thứ 32")]


def test_conferences_implementing_resolution_found_by_a_short_name(graph_file):
    got = [r["date"] for r in rows(graph_file, "conferences_implementing_resolution",
                                   resolution="Nghị quyết Đại hội XIII")]
    assert got == ["2021-12-14", "2023-12-19"]


def test_officials_from_province(graph_file):
    assert {r["name"] for r in rows(graph_file, "officials_from_province", province="Thanh Hóa")} == {
        "Đỗ Trọng Hưng", "Đỗ Minh Tuấn", "Trịnh Tuấn Sinh"}


def test_connection_points(graph_file):
    got = {(r["point"], r["kind"]) for r in rows(graph_file, "connection_points", conference=C2021)}
    assert got == {("Thanh Hóa", "province"), ("Đảng bộ Viện Kiểm sát nhân dân tối cao", "organization")}


def test_co_attendance(graph_file):
    got = {r["other"]: int(r["together"]) for r in rows(graph_file, "co_attendance", name="Bùi Thanh Sơn")}
    assert got["Phạm Minh Chính"] == 1 and got["Nguyễn Phú Trọng"] == 1 and len(got) == 6


def test_articles_reporting_conference(graph_file):
    got = [(r["source"], r["published"]) for r in rows(graph_file, "articles_reporting_conference", conference=C2021)]
    assert got == [("000_d729f544271d1c8c.txt", "2021-12-14"), ("001_28a9e9b522995b71.txt", None),
                   ("002_6fdd0899aa43d587.txt", "2021-12-14")]


def test_most_cited_resolutions(graph_file):
    got = [(r["resolutionName"], r["articles"], r["conferences"]) for r in rows(graph_file, "most_cited_resolutions")]
    assert got[0] == ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", "4", "2")
    assert len(got) == 3


def test_most_mentioned_provinces(graph_file):
    got = [(r["province"], r["articles"]) for r in rows(graph_file, "most_mentioned_provinces")]
    assert got[0] == ("Hà Nội", "3") and len(got) == 6


def test_officials_with_several_roles(graph_file):
    got = {(r["name"], r["roles"]) for r in rows(graph_file, "officials_with_several_roles")}
    assert got == {("Nguyễn Huy Tiến", "3"), ("Đỗ Trọng Hưng", "3"), ("Nguyễn Mạnh Cường", "2"),
                   ("Phạm Bình Minh", "2"), ("Đỗ Minh Tuấn", "2")}


def test_merged_provinces(graph_file):
    assert rows(graph_file, "merged_provinces") == [{"province": "Đồng Nai", "old": "Bình Phước"}]


def test_engines_agree(graph_file):
    query = (QUERIES / "officials_with_several_roles.rq").read_text(encoding="utf-8")
    ox = run_query(graph_file, query, engine="oxigraph")
    rd = run_query(graph_file, query, engine="rdflib")
    key = lambda r: sorted((row["name"], row["roles"]) for row in r.rows)  # noqa: E731
    assert key(ox) == key(rd)


def test_persistent_store_is_reused(graph_file, tmp_path):
    import gc

    import pyoxigraph as ox

    store, graph_file = tmp_path / "store", shutil.copy(graph_file, tmp_path / "g.ttl")
    first = run_query(graph_file, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", store_dir=store)
    assert (store / "vnkg-source.txt").exists() and int(first.rows[0]["n"]) > 800
    gc.collect()  # the query's store is closed: mark the store on disk, which a reload would wipe
    marked = ox.Store(str(store))
    marked.add(ox.Quad(ox.NamedNode("urn:x:marker"), ox.NamedNode("urn:x:p"), ox.Literal("kept")))
    marked.flush()
    del marked
    gc.collect()
    again = run_query(graph_file, "SELECT ?o WHERE { <urn:x:marker> <urn:x:p> ?o }", store_dir=store)
    assert [str(r["o"]) for r in again.rows] == ["kept"]
    os.utime(graph_file, (graph_file.stat().st_atime, graph_file.stat().st_mtime + 5))  # a graph written since
    fresh = run_query(graph_file, "SELECT ?o WHERE { <urn:x:marker> <urn:x:p> ?o }", store_dir=store)
    assert fresh.rows == []


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig"])
def test_a_store_is_loaded_a_piece_at_a_time_and_holds_the_whole_graph(graph_file, tmp_path, monkeypatch, fmt):
    """Oxigraph's loader holds ~8x what it is given: a graph goes to disk in pieces (here of ~4 KB), and the
    store holds what a whole load holds, every piece no bigger than asked, no copy left behind."""
    import pyoxigraph as ox

    from kg import storeload
    from kg.formats import Format

    source = tmp_path / f"g.{fmt}"
    cli("build", SEEDS, "-o", source, "-q")
    whole = ox.Store()
    whole.bulk_load(path=str(source), format=Format.of(source).ox,
                    to_graph=None if fmt == "trig" else ox.DefaultGraph())
    pieces: list[int] = []

    class Counted:  # the store, with the size of each piece it is given written down
        def __init__(self, store):
            self.store = store

        def bulk_load(self, **kw):
            pieces.append(len(kw["input"]) if "input" in kw else -1)
            self.store.bulk_load(**kw)

    monkeypatch.setattr(storeload, "PIECE_BYTES", 4096)
    on_disk = ox.Store(str(tmp_path / "store"))
    storeload.load_in_pieces(Counted(on_disk), source, Format.of(source), tmp_path / "store")
    assert len(pieces) > 20 and all(0 <= n <= 4096 + 2000 for n in pieces), pieces[:5]
    assert set(on_disk) == set(whole) and len(on_disk) == len(whole)
    assert sorted(p.name for p in (tmp_path / "store").glob("vnkg-loading*")) == []


def test_a_blank_node_named_in_two_pieces_of_a_load_stays_one_node(tmp_path, monkeypatch):
    """A separate load names blank nodes afresh: one named at the start and used at the end stays one node."""
    from kg import storeload

    monkeypatch.setattr(storeload, "PIECE_BYTES", 64)
    graph_file = tmp_path / "g.ttl"
    filler = "".join(f"<urn:x:s{i}> <urn:x:p> \"{i}\" .\n" for i in range(50))
    graph_file.write_text(f"<urn:x:a> <urn:x:p> _:b .\n{filler}_:b <urn:x:q> \"joined\" .\n", encoding="utf-8")
    found = run_query(graph_file, "SELECT ?v WHERE { <urn:x:a> <urn:x:p> ?b . ?b <urn:x:q> ?v }",
                      store_dir=tmp_path / "store")
    assert [str(r["v"]) for r in found.rows] == ["joined"]


def test_a_graph_that_does_not_parse_leaves_no_loaded_store_and_no_copy(tmp_path):
    graph_file = tmp_path / "g.ttl"
    graph_file.write_text("<urn:x:a> <urn:x:p> <urn:x:b> .\n<urn:x:a> <urn:x:p> .\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"g.ttl: not valid turtle: .*line 2"):
        run_query(graph_file, "SELECT * WHERE { ?s ?p ?o }", store_dir=tmp_path / "store")
    assert not (tmp_path / "store" / "vnkg-source.txt").exists()
    assert list((tmp_path / "store").glob("vnkg-loading*")) == []


def test_syntax_error_has_its_position(graph_file):
    with pytest.raises(QueryError, match=r"error at 2:\d+"):
        run_query(graph_file, "SELECT ?x\nWHERE { ?x a }")


def test_results_formats(graph_file):
    result = run_query(graph_file, 'SELECT ?p WHERE { ?p a <https://w3id.org/vnkg/ontology#Province> ; '
                                   '<http://www.w3.org/2000/01/rdf-schema#label> "Hà Tĩnh"@vi }')
    doc = json.loads(render(result, ResultFormat.JSON))
    assert doc["head"]["vars"] == ["p"]
    assert doc["results"]["bindings"] == [{"p": {"type": "uri", "value": "https://w3id.org/vnkg/id/province/ha-tinh"}}]
    assert render(result, ResultFormat.CSV) == "p\r\nhttps://w3id.org/vnkg/id/province/ha-tinh\r\n"
    assert render(result, ResultFormat.TSV) == "?p\n<https://w3id.org/vnkg/id/province/ha-tinh>"


def test_parameters_are_bound_as_typed_terms():
    q = bind_parameters("SELECT * WHERE { ?s ?p ?o }", {"d": "2021-12-14", "n": "3", "x": "Thanh Hoá"})
    assert 'VALUES ?d { "2021-12-14"^^<http://www.w3.org/2001/XMLSchema#date> }' in q
    assert "VALUES ?n { 3 }" in q and 'VALUES ?x { "Thanh Hóa"@vi }' in q


def test_cli_query(graph_file):
    result = CliRunner().invoke(main, ["query", str(QUERIES / "merged_provinces.rq"), "--graph", str(graph_file),
                                       "--format", "csv"])
    assert result.exit_code == 0 and result.output.splitlines()[:2] == ["province,old", "Đồng Nai,Bình Phước"]
    bad = CliRunner().invoke(main, ["query", "SELECT ?x WHERE {", "--graph", str(graph_file)])
    assert bad.exit_code != 0 and "SPARQL syntax error at 1:" in bad.output and "Traceback" not in bad.output


ORACLE = """PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c ?label ?date ?n ?none ?plain WHERE {
  ?c a vnkg:Conference ; rdfs:label ?label . OPTIONAL { ?c <https://schema.org/startDate> ?date }
  BIND(CONCAT(STR(?label), "\\t\\"\\n") AS ?plain)
  OPTIONAL { ?c vnkg:nothing ?none } { SELECT ?c (COUNT(*) AS ?n) WHERE { ?c ?p ?o } GROUP BY ?c } } ORDER BY ?c"""


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
@pytest.mark.parametrize("fmt", [ResultFormat.JSON, ResultFormat.CSV, ResultFormat.TSV])
def test_results_are_written_as_oxigraph_writes_the_sparql_results_formats(graph_file, engine, fmt):
    """IRIs, language-tagged, dated, integer and simple literals (a tab, a quote and a line break in
    them) and an unbound variable, checked against pyoxigraph's own SPARQL 1.1 results writers."""
    import pyoxigraph as ox

    from kg.query import oxigraph_store

    ours = render(run_query(graph_file, ORACLE, engine=engine), fmt)
    oxf = {ResultFormat.JSON: ox.QueryResultsFormat.JSON, ResultFormat.CSV: ox.QueryResultsFormat.CSV,
           ResultFormat.TSV: ox.QueryResultsFormat.TSV}[fmt]
    theirs = oxigraph_store(graph_file).query(ORACLE).serialize(format=oxf).decode("utf-8")
    if fmt is ResultFormat.JSON:
        assert json.loads(ours) == json.loads(theirs)
    else:
        assert ours.rstrip("\r\n") == theirs.rstrip("\r\n")
    assert "Hội nghị" in ours and "2021-12-14" in ours and len(ours.splitlines()) > 3


@pytest.mark.parametrize("fmt, shape", [(ResultFormat.CSV, r"\r\n_:\w+\r\n$"), (ResultFormat.TSV, r"\n_:\w+$"),
                                        (ResultFormat.JSON, r'"type": "bnode"')])
def test_a_blank_node_is_written_as_the_formats_say(graph_file, fmt, shape):
    out = render(run_query(graph_file, "SELECT ?b WHERE { BIND(BNODE() AS ?b) }"), fmt)
    assert re.search(shape, out), out
    if fmt is ResultFormat.JSON:
        [binding] = json.loads(out)["results"]["bindings"]
        assert set(binding["b"]) == {"type", "value"} and re.fullmatch(r"\w+", binding["b"]["value"])


@pytest.mark.parametrize("value, bound", [
    ('"Thanh Hoá"', '"Thanh Hóa"@vi'),  # quoted: the quotes go, the tone marks are canonical
    ("Thanh Hoá", '"Thanh Hóa"@vi'),
    ("<http://x/y>", "<http://x/y>"),  # an IRI only in angle brackets at both ends
    ("abc>", '"abc>"@vi'), ("<abc", '"<abc"@vi'),
    ('"abc', '"\\"abc"@vi'), ('abc"', '"abc\\""@vi'),  # a quote at one end only is part of the text
    ("2021-12-14", '"2021-12-14"^^<http://www.w3.org/2001/XMLSchema#date>'), ("42", "42"), (" 42 ", "42"),
])
def test_a_parameter_is_bound_as_what_it_looks_like(value, bound):
    assert bind_parameters("SELECT * WHERE { ?s ?p ?x }", {"x": value}) == \
        f"SELECT * WHERE {{ VALUES ?x {{ {bound} }} ?s ?p ?x }}"


KG = str(Path(sys.executable).parent / "kg")  # the kg installed beside the Python running the tests
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def kg_query(graph_file, store, **run):
    import subprocess

    return subprocess.run([KG, "query", "--graph", str(graph_file), "--store", str(store), COUNT],
                          capture_output=True, text=True, timeout=120, **run)


@pytest.fixture
def loaded_store(graph_file):
    """A graph and its loaded store in a folder any user can read (removed afterwards)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="vnkg-test-store-"))
    os.chmod(folder, 0o755)
    graph = Path(shutil.copy(graph_file, folder / "g.ttl"))
    os.chmod(graph, 0o644)
    assert kg_query(graph, folder / "store").returncode == 0
    yield graph, folder / "store"
    shutil.rmtree(folder, ignore_errors=True)


def test_a_store_in_use_by_another_process(loaded_store):
    import subprocess

    graph, store = loaded_store
    holder = subprocess.Popen([sys.executable, "-c", "import sys, pyoxigraph as ox; s = ox.Store(sys.argv[1]); "
                               "print('open', flush=True); sys.stdin.read()", str(store)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        shared = kg_query(graph, store)  # the store holds this graph: read beside the other process
        assert shared.returncode == 0 and re.search(r"\b\d{3,}\b", shared.stdout), shared.stderr
        os.utime(graph, (graph.stat().st_atime, graph.stat().st_mtime + 5))  # the graph changed: a reload is due
        busy = kg_query(graph, store)
        assert busy.returncode == 1 and "Traceback" not in busy.stderr
        assert "the store is in use by another process" in busy.stderr
    finally:
        holder.communicate("", timeout=30)


def test_a_damaged_store_says_to_remove_it(loaded_store):
    graph, store = loaded_store
    (store / "CURRENT").write_bytes(b"garbage")
    damaged = kg_query(graph, store)
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "not a store that can be opened" in damaged.stderr and "remove the folder" in damaged.stderr
    shutil.rmtree(store)
    assert kg_query(graph, store).returncode == 0


def _read_only(paths, on: bool) -> None:
    """Make the store unwritable: by permissions for a user, by the immutable attribute for root
    (whom permissions do not stop)."""
    import subprocess

    if os.geteuid() != 0:
        for path in paths:
            os.chmod(path, (0o555 if path.is_dir() else 0o444) if on else (0o755 if path.is_dir() else 0o644))
        return
    done = subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)], capture_output=True)
    if done.returncode and on:
        pytest.skip(f"root, and chattr cannot make the store read-only here: {done.stderr.decode()[:100]}")


def test_a_store_in_a_folder_the_user_cannot_write(loaded_store):
    graph, store = loaded_store
    paths = [*store.iterdir(), store]
    _read_only(paths, True)
    try:
        with pytest.raises(OSError):
            (store / "probe").write_text("x")
        reader = kg_query(graph, store)
        assert reader.returncode == 0 and "Traceback" not in reader.stderr, reader.stderr
        os.utime(graph, (graph.stat().st_atime, graph.stat().st_mtime + 5))
        stale = kg_query(graph, store)
        assert stale.returncode == 1 and "Traceback" not in stale.stderr
        assert "cannot write the store" in stale.stderr
    finally:
        _read_only(paths, False)


# ---------------------------------------------------------------- everyday use (issue 16)
def cli(*args, **kwargs):
    return CliRunner().invoke(main, [str(a) for a in args], **kwargs)


def test_a_query_is_read_from_standard_input(graph_file):
    text = (QUERIES / "merged_provinces.rq").read_text(encoding="utf-8")
    piped = cli("query", "-", "--graph", graph_file, "--format", "csv", input=text)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout.splitlines()[:2] == ["province,old", "Đồng Nai,Bình Phước"]
    empty = cli("query", "-", "--graph", graph_file, input="  \n")
    assert empty.exit_code == 1 and "no query on standard input" in empty.stderr


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_projects_prefixes_are_predeclared_and_a_querys_own_win(graph_file, engine):
    from rdflib.namespace import RDF, RDFS

    from kg.rdf.prefixes import PREFIXES

    g = Graph().parse(graph_file)
    expected = sorted(str(g.value(p, RDFS.label)) for p in g.subjects(RDF.type, VNKG.Province))
    got = run_query(graph_file, "SELECT ?l WHERE { ?p a vnkg:Province ; rdfs:label ?l } ORDER BY ?l", engine=engine)
    assert [str(r["l"]) for r in got.rows] == expected and "Hà Tĩnh" in expected
    for prefix, namespace in PREFIXES.items():  # every prefix of the project's one list, as it says
        assert run_query(graph_file, f'ASK {{ FILTER(STR({prefix}:x) = "{namespace}x") }}', engine=engine).boolean
    own = "PREFIX vnkg: <http://example.org/other#>\nASK { ?p a vnkg:Province }"
    assert run_query(graph_file, own, engine=engine).boolean is False


@pytest.mark.parametrize("query, where, near, reason", [
    ("SELECT ?x WHERE { ?x foo:bar ?y }", "1:22", "near 'foo:bar'", "unknown prefix 'foo:'"),
    ("PREFIX x: <http://x/>\nSELECT * WHERE {\n ?s x:p ?o ;\n  ex:q ?o }", "4:3", "near 'ex:q'", "unknown prefix 'ex:'"),
    ("SELECT ?x WHERE {", "1:18", "at the end of the query", "expected a variable or term"),
    ("SELECT ?x\nWHERE { ?x a }", "2:15", "at the end of the query", "expected"),
    ('SELECT ?x WHERE { ?x ?p "abc }', "1:31", "at the end of the query", "a string is not closed"),
    ("SELECT ?x WHERE { ?x <http://a b> ?o }", "1:34", "near '?o'", "not a valid IRI"),
    ("# a comment\nSELEC ?x WHERE { ?x ?p ?o }", "2:1", "near 'SELEC'", "a query starts with SELECT, CONSTRUCT"),
])
def test_a_syntax_error_is_one_line_in_words(graph_file, query, where, near, reason):
    result = cli("query", query, "--graph", graph_file)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    line = result.stderr.strip()
    assert "\n" not in line and line.startswith(f"Error: SPARQL syntax error at {where} {near}: ")
    assert reason in line and "\\u{" not in line and "['" not in line and "..=" not in line


def test_the_syntax_error_words_read_any_oxigraph_message():
    """The function the endpoint's page reuses: the message and the query, nothing else."""
    import pyoxigraph as ox

    from kg.query import syntax_error_in_words

    query = "SELECT * WHERE { ?s ?p ?o } GROUP BY"
    with pytest.raises(SyntaxError) as raised:
        ox.Store().query(query)
    assert "\\u{" in str(raised.value)  # Oxigraph's own message lists character ranges...
    words = syntax_error_in_words(str(raised.value), query)
    assert words == "SPARQL syntax error at 1:37 at the end of the query: expected a variable or term"  # ...ours not
    assert syntax_error_in_words("no position here", "SELECT") == "SPARQL syntax error: no position here"


PROVINCES = "CONSTRUCT WHERE { ?p a vnkg:Province ; rdfs:label ?l }"


@pytest.mark.parametrize("fmt, parse", [(None, "turtle"), ("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"),
                                        ("json", "json-ld"), ("rdfxml", "xml"), ("trig", "trig"), ("nq", "nquads")])
def test_construct_answers_rdf_in_the_format_asked(graph_file, fmt, parse):
    from rdflib.namespace import RDF, RDFS

    built = Graph().parse(graph_file)
    expected = {(p, RDF.type, VNKG.Province) for p in built.subjects(RDF.type, VNKG.Province)}
    expected |= {(p, RDFS.label, built.value(p, RDFS.label)) for p, _, _ in expected}
    result = cli("query", PROVINCES, "--graph", graph_file, *(["--format", fmt] if fmt else []))
    assert result.exit_code == 0, result.stderr
    got = Graph().parse(data=result.stdout, format=parse)
    assert set(got) == expected and len(expected) > 10
    if fmt is None:
        assert result.stdout.startswith("@prefix ") and "vnkg:Province" in result.stdout  # readable Turtle


def test_describe_answers_the_triples_of_a_node(graph_file):
    from rdflib import URIRef

    node = URIRef("https://w3id.org/vnkg/id/province/ha-tinh")
    built = Graph().parse(graph_file)
    result = cli("query", f"DESCRIBE <{node}>", "--graph", graph_file, "--format", "nt")
    assert result.exit_code == 0, result.stderr
    assert set(Graph().parse(data=result.stdout, format="nt")) == set(built.triples((node, None, None)))


def test_construct_is_written_the_same_by_both_engines_and_every_time(graph_file):
    """Blank nodes too: named by their place in the graph, not by the run."""
    from rdflib.compare import isomorphic

    query = "CONSTRUCT { ?p vnkg:named [ rdfs:label ?l ] } WHERE { ?p a vnkg:Province ; rdfs:label ?l }"
    answers = [cli("query", query, "--graph", graph_file, "--engine", engine).stdout
               for engine in ("oxigraph", "rdflib", "oxigraph")]
    assert answers[0] == answers[1] == answers[2] and "_:" in answers[0]
    from rdflib.namespace import RDFS

    shape = Graph()
    for p, label in Graph().parse(graph_file).query(
            "SELECT ?p ?l WHERE { ?p a <https://w3id.org/vnkg/ontology#Province> ; "
            "<http://www.w3.org/2000/01/rdf-schema#label> ?l }"):
        b = BNode()
        shape.add((p, VNKG._NS["named"], b))
        shape.add((b, RDFS.label, label))
    assert isomorphic(Graph().parse(data=answers[0], format="turtle"), shape)


def test_a_format_that_does_not_fit_the_answer_is_refused(graph_file):
    rows = cli("query", "ASK { ?s ?p ?o }", "--graph", graph_file, "--format", "nt")
    assert rows.exit_code == 1 and "a SELECT or ASK answers rows: use table, csv, tsv or json" in rows.stderr
    rdf = cli("query", PROVINCES, "--graph", graph_file, "--format", "csv")
    assert rdf.exit_code == 1 and "a CONSTRUCT or DESCRIBE answers RDF: use turtle" in rdf.stderr


def test_an_unknown_parameter_is_an_error_listing_the_querys_variables(graph_file):
    with pytest.raises(QueryError, match=r"--param nam: not a variable of the query \(its variables: \?name, "):
        rows(graph_file, "official_timeline", nam="Bùi Thanh Sơn")
    result = cli("query", QUERIES / "official_timeline.rq", "--graph", graph_file, "--param", "nam=Bùi Thanh Sơn")
    assert result.exit_code == 1 and "?asOf" in result.stderr and result.stdout == ""


def test_a_label_parameter_matches_without_tone_marks_and_says_so(graph_file):
    toned = rows(graph_file, "official_timeline", name="Bùi Thanh Sơn")
    assert len(toned) == 2
    for written in ("Bui Thanh Son", "bui thanh son"):
        assert rows(graph_file, "official_timeline", name=written) == toned
    result = cli("query", QUERIES / "official_timeline.rq", "--graph", graph_file, "--param", "name=Bui Thanh Son",
                 "--format", "csv")
    assert result.exit_code == 0 and result.stdout.count("Bùi Thanh Sơn") == 2
    assert 'matched without tone marks: "Bùi Thanh Sơn"' in result.stderr
    assert rows(graph_file, "official_timeline", name="Bui Thanh Sonn") == []


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_an_exact_label_stays_exact_and_every_folded_match_is_named(tmp_path, engine):
    graph = tmp_path / "g.ttl"
    graph.write_text('@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n'
                     '<http://e/a> rdfs:label "Bùi Thanh Sơn"@vi . <http://e/b> rdfs:label "Bui Thanh Son"@vi .\n'
                     '<http://e/c> rdfs:label "Bùi Thành Sơn"@vi .\n', encoding="utf-8")
    query = "SELECT ?x WHERE { ?x rdfs:label ?name } ORDER BY ?x"
    exact = run_query(graph, query, {"name": "Bui Thanh Son"}, engine=engine)
    assert [str(r["x"]) for r in exact.rows] == ["http://e/b"] and exact.notes == []
    folded = run_query(graph, query, {"name": "BUI THANH SƠN"}, engine=engine)
    assert [str(r["x"]) for r in folded.rows] == ["http://e/a", "http://e/b", "http://e/c"]
    assert all(f'"{n}"' in folded.notes[0] for n in ("Bùi Thanh Sơn", "Bui Thanh Son", "Bùi Thành Sơn"))


def test_a_loaded_store_is_asked_without_the_graph(graph_file, tmp_path):
    built, store = tmp_path / "g.ttl", tmp_path / "store"
    assert cli("build", SEEDS, "-o", built, "--store", store, "-q").exit_code == 0
    with_graph = cli("query", COUNT, "--graph", built, "--format", "csv")
    alone = cli("query", COUNT, "--store", store, "--format", "csv")
    assert alone.exit_code == 0 and alone.stdout == with_graph.stdout and int(alone.stdout.split()[1]) > 800
    shutil.rmtree(store)
    assert cli("query", COUNT, "--graph", graph_file, "--store", store).exit_code == 0  # loaded by a query
    assert cli("query", COUNT, "--store", store, "--format", "csv").stdout == with_graph.stdout
    (tmp_path / "empty").mkdir()
    for args in (["--store", tmp_path / "empty"], ["--store", tmp_path / "none"]):
        result = cli("query", COUNT, *args)
        assert result.exit_code == 1 and "holds no loaded graph; give --graph FILE" in result.stderr
        assert not (tmp_path / "none").exists()
    neither = cli("query", COUNT)
    assert neither.exit_code == 1 and "give the graph to ask: --graph FILE" in neither.stderr


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/p> 1 }", "DELETE WHERE { ?s ?p ?o }", "LOAD <http://10.0.0.1/g.ttl>",
    "clear all", "PREFIX e: <http://e/>\n# a comment\nDELETE { ?s e:p ?o } INSERT { ?s e:q ?o } WHERE { ?s e:p ?o }",
    "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "DROP GRAPH <http://e/g>",
])
def test_an_update_is_refused_as_read_only(graph_file, update):
    result = cli("query", update, "--graph", graph_file)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("Error: kg query is read-only: ") and "rebuild the graph with kg build" in result.stderr
    assert "\n" not in result.stderr.strip()


def test_a_query_naming_update_words_is_still_a_query(graph_file):
    query = 'SELECT ?insert WHERE { ?insert ?p "DELETE" } # INSERT'
    assert run_query(graph_file, query).rows == []


def test_escaped_keywords_are_read_as_the_grammar_reads_them(graph_file):
    """SPARQL decodes \\u escapes before it parses: an escaped SERVICE still calls out, an escaped INSERT
    is still an update."""
    service = "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }"
    result = CliRunner().invoke(main, ["query", service, "--graph", str(graph_file)])
    assert result.exit_code == 1 and "SERVICE" in result.output and "--allow-service" in result.output
    update = "\\U00000049NSERT DATA { <http://e/a> <http://e/b> <http://e/c> }"
    result = CliRunner().invoke(main, ["query", update, "--graph", str(graph_file)])
    assert result.exit_code == 1 and "kg query is read-only: INSERT would change the graph" in result.output


def test_a_syntax_error_is_placed_and_worded_exactly():
    from kg.query import syntax_error_in_words

    # a query that starts with a newline: columns count from that line's start
    assert syntax_error_in_words("error at 2:15: expected one of Prefix not found", "\nSELECT * { ?s foo:bar ?o }") \
        == "SPARQL syntax error at 2:15 near 'foo:bar': unknown prefix 'foo:' (declare it: PREFIX foo: <...>)"
    # a message that is not a list of what was expected: its words, single-spaced
    assert syntax_error_in_words("error at 1:3: something  odd\n here", "SELECT") == \
        "SPARQL syntax error at 1:3 near 'LECT': something odd here"
    # two of the parser's own sentences: both said
    assert syntax_error_in_words("error at 1:8: expected one of Prefix not found, IRI parsing failed",
                                 "SELECT ?x") == \
        "SPARQL syntax error at 1:8 near '?x': unknown prefix; not a valid IRI"


def test_the_rdflib_engine_without_a_graph_file_says_what_to_give(tmp_path):
    with pytest.raises(QueryError) as caught:
        run_query(None, "ASK {}", engine="rdflib")
    assert str(caught.value) == "--engine rdflib reads a graph file: give --graph FILE"


def test_an_ask_answers_true_or_false_in_each_format(graph_file):
    for query, said in (("ASK { ?s a vnkg:Official }", True), ("ASK { ?s a vnkg:Nothing }", False)):
        table = CliRunner().invoke(main, ["query", query, "--graph", str(graph_file)])
        assert table.exit_code == 0 and table.output == f"{str(said).lower()}\n"
        answer = CliRunner().invoke(main, ["query", query, "--graph", str(graph_file), "--format", "json"])
        assert json.loads(answer.output) == {"head": {}, "boolean": said}


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_a_construct_answer_is_whole_with_its_plain_literals_and_one_final_newline(graph_file, engine):
    query = 'CONSTRUCT { ?s <http://example.org/p> "chữ" } WHERE { ?s a vnkg:Official } ORDER BY ?s LIMIT 1'
    result = CliRunner().invoke(main, ["query", query, "--graph", str(graph_file), "--engine", engine])
    assert result.exit_code == 0, result.output
    assert result.output.endswith(' "chữ" .\n') and not result.output.endswith("\n\n")
    assert len(Graph().parse(data=result.output, format="turtle")) == 1


# ---------------------------------------------------------------- pages (issue 17: a big answer a page at a time)
PAGED = {"co_attendance": {"name": "Bùi Thanh Sơn"}, "conferences_by_organizer": {},
         "conferences_implementing_resolution": {}, "officials_from_province": {},
         "role_holders_in_province": {"role": "Phó Bí thư Tỉnh ủy"}, "official_timeline": {}}


def _table(result) -> list[tuple]:
    return [tuple(None if row[v] is None else row[v].value for v in result.variables) for row in result.solutions]


@pytest.mark.parametrize("name", sorted(PAGED))
def test_pages_are_disjoint_and_together_the_whole_answer(graph_file, name):
    """Each paged ready query, its page made one row: page after page until one comes back empty, the
    pages share no row and together are the rows of the query with a page bigger than the answer."""
    text = (QUERIES / f"{name}.rq").read_text(encoding="utf-8")
    assert text.count("LIMIT 100") == 1 and "page (1, 2, ...; 100 rows a page" in text
    whole = _table(run_query(graph_file, text.replace("LIMIT 100", "LIMIT 100000"), PAGED[name]))
    assert len(whole) >= 2, whole  # several pages
    small, pages = text.replace("LIMIT 100", "LIMIT 1"), []
    for page in range(1, 100):
        rows = _table(run_query(graph_file, small, {**PAGED[name], "page": str(page)}))
        pages.append(rows)
        if not rows:
            break
    seen = [row for rows in pages for row in rows]
    assert len(seen) == len(set(seen)) and sorted(seen, key=repr) == sorted(whole, key=repr)
    everything = run_query(graph_file, small, {**PAGED[name], "page": "all"})  # no page: the whole answer
    joined = lambda rows: [tuple("; ".join(sorted(str(v).split("; "))) for v in row) for row in rows]  # noqa: E731
    assert joined(_table(everything)) == joined(whole) and everything.notes == []  # (GROUP_CONCAT has no order)


def test_the_first_page_is_the_default_and_a_full_page_says_how_to_get_the_next(graph_file):
    text = (QUERIES / "co_attendance.rq").read_text(encoding="utf-8").replace("LIMIT 100", "LIMIT 2")
    first = run_query(graph_file, text, {"name": "Bùi Thanh Sơn"})
    assert _table(first) == _table(run_query(graph_file, text, {"name": "Bùi Thanh Sơn", "page": "1"}))
    assert first.notes == ["page 1 is full (2 rows): --param page=2 gives the next"]
    third = run_query(graph_file, text, {"name": "Bùi Thanh Sơn", "page": "3"})
    assert len(third.solutions) == 2 and third.notes == ["page 3 is full (2 rows): --param page=4 gives the next"]
    last = run_query(graph_file, text, {"name": "Bùi Thanh Sơn", "page": "9"})
    assert last.solutions == [] and last.notes == []


@pytest.mark.parametrize("query, page, said", [
    ("queries/co_attendance.rq", "0", "--param page=0: a page number is 1, 2, 3, ..."),
    ("queries/co_attendance.rq", "two", "--param page=two: a page number is 1, 2, 3, ..."),
    ("queries/merged_provinces.rq", "2", "--param page: the query has no one LIMIT to page"),
    ("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 5 } } LIMIT 3", "2",
     "--param page: the query has no one LIMIT to page"),
])
def test_a_page_that_cannot_be_is_one_line(graph_file, query, page, said):
    result = cli("query", ROOT / query if query.endswith(".rq") else query, "--graph", graph_file,
                 "--param", f"page={page}")
    assert result.exit_code == 1 and "Traceback" not in result.stderr and result.stdout == ""
    assert result.stderr.startswith(f"Error: {said}") and result.stderr.count("\n") == 1


def test_a_page_on_the_command_line_and_a_variable_named_page(graph_file):
    second = cli("query", QUERIES / "co_attendance.rq", "--graph", graph_file, "--param", "name=Bùi Thanh Sơn",
                 "--param", "page=2", "--format", "csv")
    assert second.exit_code == 0 and second.stdout.split() == ["name,other,together"] and second.stderr == ""
    first = cli("query", QUERIES / "co_attendance.rq", "--graph", graph_file, "--param", "name=Bùi Thanh Sơn",
                "--param", "page=1", "--format", "csv")
    assert len(first.stdout.splitlines()) == 7 + 1 and "Phạm Minh Chính" in first.stdout and first.stderr == ""
    own = "SELECT ?page WHERE { ?page a vnkg:Province } LIMIT 1"  # a query's own ?page is bound as a value
    bound = run_query(graph_file, own, {"page": "<https://w3id.org/vnkg/id/province/ha-tinh>"})
    assert _table(bound) == [("https://w3id.org/vnkg/id/province/ha-tinh",)]


def test_the_query_help_says_how_to_read_a_page():
    said = " ".join(cli("query", "--help").output.split())
    assert "page=N: page N of a query with one LIMIT" in said and "--param page=2" in said
