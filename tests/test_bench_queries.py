"""bench/run.py's queries table: each query's busiest parameters are chosen from the graph by the query."""
from collections import Counter

import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from kg.query import run_query
from kg.rdf.namespace import VNKG
from tests.conftest import ROOT

QUERIES = sorted((ROOT / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def store(seed_graph_file, tmp_path_factory):
    import pyoxigraph as ox

    folder = tmp_path_factory.mktemp("bench") / "store"
    run_query(seed_graph_file, "ASK {}", store_dir=folder)
    return ox.Store.read_only(str(folder))


@pytest.mark.parametrize("query", [f for f in QUERIES if "# Parameters: none" not in f.read_text(encoding="utf-8")],
                         ids=lambda f: f.stem)
def test_the_busiest_parameters_of_each_query_give_it_rows(store, seed_graph_file, query):
    from bench.run import busiest_params, example_params

    params = busiest_params(store, query.stem, example_params(query))
    assert params and set(params) >= set(example_params(query))
    if query.stem != "officials_with_several_roles":  # the official with most holdings: most to read, maybe no row
        assert run_query(seed_graph_file, query.read_text(encoding="utf-8"), params).solutions, params


def test_the_timelines_busiest_official_holds_most_roles_and_the_role_and_province_go_together(store, seed_graph_file):
    """Chosen by the query, not by the parameter's name: the timeline's official is the one with most
    holdings (counted here in rdflib), and the role holders' role and province are held together."""
    from bench.run import busiest_params

    g = Graph().parse(seed_graph_file)
    holdings = Counter(str(g.value(g.value(h, VNKG.official), RDFS.label)) for h in g.subjects(VNKG.role, None))
    most = max(holdings.values())
    assert busiest_params(store, "official_timeline", {"name": "x"})["name"] in \
        {name for name, n in holdings.items() if n == most}
    pair = busiest_params(store, "role_holders_in_province", {"role": "x", "province": "y"})
    held = Counter((str(g.value(g.value(h, VNKG.role), RDFS.label)), str(g.value(p, RDFS.label)))
                   for h in g.subjects(VNKG.role, None) for p in g.objects(h, VNKG.province))
    assert held[(pair["role"], pair["province"])] == max(held.values())


def test_a_section_of_the_results_is_written_in_place(tmp_path):
    from bench.run import write_section

    out = tmp_path / "results.md"
    out.write_text("# Benchmark results\n\n## Build\n\nold build\n\n## Queries on A\n\nold A\n\n## Other\n\nkept\n",
                   encoding="utf-8")
    write_section(out, "## Queries on A", ["## Queries on A", "", "new A", ""])
    write_section(out, "## Queries on B", ["## Queries on B", "", "new B", ""])
    assert out.read_text(encoding="utf-8") == ("# Benchmark results\n\n## Build\n\nold build\n\n## Queries on A\n\n"
                                               "new A\n\n## Other\n\nkept\n\n## Queries on B\n\nnew B\n")
