import datetime as dt
import json

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from kg.cli import main
from kg.errors import KgError
from kg.graphio import load_graph
from kg.stats import compute
from kg.viz import Selection, entity_network, select
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def graph_file(seed_graph_file):
    return seed_graph_file


def ids(graph_file, **options):
    g = load_graph(graph_file)
    sel = Selection(**options)
    return set(select(entity_network(g, sel), sel).nodes)


def test_focus_keeps_the_neighbourhood(graph_file):
    near = ids(graph_file, focus="Bui Thanh Son", depth=1)
    assert "official/bui-thanh-son" in near and "role/bo-truong-bo-ngoai-giao" in near
    assert "official/do-trong-hung" not in near
    assert "official/do-trong-hung" in ids(graph_file, focus="Bui Thanh Son", depth=4)  # Sơn, conference, Trọng, conference, Hưng


def test_types_and_period(graph_file):
    only = ids(graph_file, types={"official", "conference"})
    assert only and all(n.split("/")[0] in ("official", "conference") for n in only)
    in_2023 = ids(graph_file, since=dt.date(2023, 1, 1))
    assert "conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc" not in in_2023
    assert "official/bui-thanh-son" in in_2023 and "official/trinh-tuan-sinh" not in in_2023


def test_too_large_a_drawing_says_what_to_do(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(tmp_path / "p.html"), "--max-nodes", "10"])
    assert result.exit_code != 0 and "--focus" in result.output and "--types" in result.output
    assert not (tmp_path / "p.html").exists()


def test_unknown_focus_is_a_clear_error(graph_file, tmp_path):
    result = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(tmp_path / "p.html"), "--focus", "Zzz"])
    assert result.exit_code != 0 and "no node of the graph has that name" in result.output


@pytest.mark.parametrize("types, named", [("official,foo", "'foo'"), (",", "','")])
def test_an_unknown_type_is_refused_with_the_valid_ones(graph_file, tmp_path, types, named):
    page = tmp_path / "p.html"
    result = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page), "--types", types])
    assert result.exit_code != 0 and "Traceback" not in result.output
    message = result.output.strip().splitlines()[-1]
    assert named in message
    for key in ("official", "role", "conference", "resolution", "province", "organization", "country"):
        assert key in message
    assert not page.exists()


def test_a_focus_its_types_leave_out_says_so(graph_file, tmp_path):
    page = tmp_path / "p.html"
    result = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page), "--focus", "Bui Thanh Son",
                                       "--types", "conference,role"])
    assert result.exit_code != 0 and not page.exists()
    assert "'Bui Thanh Son' is an official, which --types leaves out" in result.output
    kept = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page), "--focus", "Bui Thanh Son",
                                     "--types", "official,role"])
    assert kept.exit_code == 0 and page.exists()
    nothing = CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page), "--focus", "Zzz", "--types", "role"])
    assert nothing.exit_code != 0 and "--focus 'Zzz': no node of the graph has that name" in nothing.output


def test_page_is_self_contained_and_escapes_markup(graph_file, tmp_path):
    page = tmp_path / "p.html"
    assert CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "cdn" not in html.lower()
    data = html.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in data and json.loads(data)["nodes"]


def test_the_page_data_is_lean_each_text_of_the_panels_written_once(graph_file, tmp_path):
    from rdflib.namespace import RDF

    from kg.rdf.namespace import VNKG

    page = tmp_path / "p.html"
    assert CliRunner().invoke(main, ["viz", str(graph_file), "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    data = json.loads(html.split('<script id="data" type="application/json">', 1)[1].split("</script>", 1)[0])
    assert data["edges"] and all(not {"font", "color", "arrows"} & set(e) for e in data["edges"])  # the options'
    g = Graph().parse(graph_file)
    sentences = {str(g.value(h, VNKG.evidence)) for h in g.subjects(RDF.type, VNKG.RoleHolding)}
    assert len(sentences) > 1 and sentences <= set(data["texts"]) and len(data["texts"]) == len(set(data["texts"]))
    holdings = sum(1 for _ in g.subjects(RDF.type, VNKG.RoleHolding))
    assert sum(len(items) for items in data["timelines"].values()) == holdings  # each by number, not by text


def test_stats(graph_file):
    figures = compute(load_graph(graph_file))
    assert figures.counts["officials"] == 15 and figures.counts["conferences"] == 3
    assert len(figures.central) == 10 and figures.central[0].pagerank >= figures.central[-1].pagerank
    assert sum(len(c) for c in figures.communities) == 14  # every participant (all but Macron) in one community
    assert figures.resolutions[0] == ("Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng", 4)
    out = CliRunner().invoke(main, ["stats", str(graph_file), "--format", "json"])
    assert json.loads(out.output)["counts"]["role holdings"] == 29


def test_stats_of_a_file_a_named_graph_file_and_a_store_agree(graph_file, tmp_path):
    trig = tmp_path / "g.trig"
    assert CliRunner().invoke(main, ["build", str(SEEDS), "-o", str(trig), "-q"]).exit_code == 0
    from_graph = compute(load_graph(graph_file)).as_dict()
    assert compute(graph_file).as_dict() == from_graph
    from_trig = compute(trig).as_dict()  # the union of the articles' graphs: the same nodes, fewer merged triples
    assert {k: v for k, v in from_trig["counts"].items() if k != "triples"} == \
        {k: v for k, v in from_graph["counts"].items() if k != "triples"}
    assert from_trig["most_cited_resolutions"] == from_graph["most_cited_resolutions"]
    assert from_graph["counts"]["triples"] == len(Graph().parse(graph_file))  # counted without DISTINCT
    quads = Dataset()
    quads.parse(trig, format="trig")
    union = {(s, p, o) for s, p, o, _ in quads.quads((None, None, None, None))}
    assert from_trig["counts"]["triples"] == len(union) < sum(1 for _ in quads.quads())  # each triple once
    out = CliRunner().invoke(main, ["stats", str(graph_file), "--store", str(tmp_path / "store"), "--format", "json"])
    assert json.loads(out.output) == json.loads(json.dumps(from_graph))
    assert (tmp_path / "store" / "vnkg-source.txt").exists()


@pytest.mark.parametrize("focus, depth, types, since", [
    ("Nguyen Phu Trong", 2, None, None), ("Thanh Hoa", 1, None, None), ("Pham Minh Chinh", 3, None, None),
    ("Bo Ngoai giao", 2, {"official", "conference", "organization"}, None),
    ("Nguyen Phu Trong", 2, None, dt.date(2023, 1, 1)),
    ("Binh Phuoc", 1, None, None),  # and Đồng Nai, which it was merged into
])
def test_a_focused_page_reads_only_the_neighbourhood_and_draws_what_the_whole_graph_draws(
        graph_file, tmp_path, focus, depth, types, since):
    from kg.viz import load, write_page

    sel = Selection(focus, depth, types, since)
    part = load(graph_file, sel)
    whole = load_graph(graph_file)
    assert len(part) < len(whole)  # what came into memory: the neighbourhood, without the articles' mentions
    write_page(part, tmp_path / "part.html", sel)
    write_page(whole, tmp_path / "whole.html", sel)
    assert (tmp_path / "part.html").read_bytes() == (tmp_path / "whole.html").read_bytes()


def test_a_graph_too_big_to_draw_is_refused_before_it_is_loaded(graph_file, tmp_path, monkeypatch):
    import kg.viz as viz

    monkeypatch.setattr(viz, "_construct", lambda *a: pytest.fail("the graph was loaded"))
    with pytest.raises(KgError, match="46 nodes are too many"):  # the count the page would draw (with Đồng Nai,
        viz.load(graph_file, Selection(max_nodes=40))                # which Bình Phước was merged into)
    monkeypatch.undo()
    assert write_page_of(viz, graph_file, tmp_path, Selection(max_nodes=46)) == 46


def write_page_of(viz, graph_file, tmp_path, sel):
    return viz.write_page(viz.load(graph_file, sel), tmp_path / "p.html", sel)[0]


def test_pagerank_on_the_sparse_matrix_is_networkx_pagerank():
    import random

    import networkx as nx

    from kg.stats import _pagerank

    rng = random.Random(7)
    officials = [f"o{i}" for i in range(40)]
    links = [(rng.choice(officials), f"c{rng.randrange(25)}") for _ in range(120)] + [("o1", "o1")]
    rank, degree = _pagerank(officials, links)
    net = nx.Graph()
    net.add_nodes_from(officials)
    net.add_edges_from((o, x) for o, x in links if o != x)
    expected = nx.pagerank(net)
    assert all(abs(rank[o] - expected[o]) < 1e-9 for o in officials) and degree == {o: net.degree(o) for o in officials}
    assert any(degree[o] == 0 for o in officials)  # an official with no link: a dangling node
