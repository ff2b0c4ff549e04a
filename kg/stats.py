"""Figures about a graph: counts, the most central officials, communities, resolutions.

Counts come from SPARQL in Oxigraph, so a graph too big for rdflib still has
them. Centrality is measured on the network of officials, the conferences they
took part in and the roles they held: degree and PageRank over the whole
network (a sparse matrix); betweenness (networkx) on the part of it around the
1,000 officials of highest PageRank, exact up to 500 nodes and estimated beyond
from sampled sources (fixed seed): 500, or fewer on a network so big that 500
would cost more than 20 million edge visits (at least 10). Communities are groups of those
officials who meet at the same conferences (greedy modularity on the
co-attendance graph, weighted by shared conferences). A graph with at most
1,000 officials and 500 linked nodes gets exact figures for everyone.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import networkx as nx
from rdflib import Graph

from kg.rdf.namespace import VNKG


@dataclass
class Central:
    name: str
    degree: int
    betweenness: float
    pagerank: float


@dataclass
class Stats:
    counts: dict[str, int]
    central: list[Central]
    communities: list[list[str]]
    resolutions: list[tuple[str, int]]

    def as_dict(self) -> dict:
        return {"counts": self.counts, "central_officials": [asdict(c) for c in self.central],
                "communities": self.communities, "most_cited_resolutions": self.resolutions}

    def as_text(self) -> str:
        lines = ["Counts:"] + [f"  {k:16} {v}" for k, v in self.counts.items()]
        lines += ["Most central officials (degree, betweenness, PageRank):"]
        lines += [f"  {c.name:28} {c.degree:4} {c.betweenness:8.4f} {c.pagerank:8.4f}" for c in self.central]
        lines += ["Communities of officials who meet at the same conferences:"]
        lines += [f"  {i + 1}. {', '.join(group)}" for i, group in enumerate(self.communities)]
        lines += ["Most-cited resolutions (articles):"] + [f"  {n:4}  {r}" for r, n in self.resolutions]
        return "\n".join(lines)


Q = """PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
COUNTS = Q + "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
# A dataset's triples are those of the union of its graphs: DISTINCT holds every triple in memory
# (4.3 GB at 100,000 articles), so it runs only when the store has named graphs.
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
OFFICIALS = Q + "SELECT ?o ?label WHERE { ?o a vnkg:Official OPTIONAL { ?o rdfs:label ?label } }"
LINKS = Q + "SELECT DISTINCT ?o ?x WHERE { ?o a vnkg:Official { ?o vnkg:participatedIn ?x } UNION { ?o vnkg:holdsRole ?x } }"
ATTENDED = Q + "SELECT DISTINCT ?o ?c WHERE { ?o a vnkg:Official ; vnkg:participatedIn ?c }"
CITED = Q + """SELECT ?r (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a vnkg:mentions ?r . ?r a vnkg:Resolution OPTIONAL { ?r rdfs:label ?l } } GROUP BY ?r"""
CLASSES = {"officials": VNKG.Official, "roles": VNKG.Role, "role holdings": VNKG.RoleHolding,
           "conferences": VNKG.Conference, "participations": VNKG.Participation, "resolutions": VNKG.Resolution,
           "provinces": VNKG.Province, "organisations": VNKG.Organization, "countries": VNKG.Country,
           "articles": VNKG.Article}
LEADING = 1000  # betweenness and communities are measured among this many officials of highest PageRank
SOURCES = 500  # betweenness is exact on a network of up to this many nodes, estimated from at most this many sources beyond
VISITS = 20_000_000  # ... and from no more sources than this many edge visits allow (at least 10)


def compute(graph: "Path | Graph", top: int = 10, store_dir: "Path | None" = None,
            progress: "Callable[[str, int, int], None] | None" = None) -> Stats:
    """The figures of a graph file (queried in Oxigraph: in memory, or in `store_dir` for graphs
    too big for memory) or of an rdflib graph. PageRank runs on a sparse matrix of the whole
    entity network; betweenness and communities on the part around the `LEADING` officials of
    highest PageRank (all of them, in a graph with fewer). `progress(stage, 0, 0)` is told as each
    stage starts."""
    tell = progress or (lambda stage, done, total: None)
    tell("loading the graph", 0, 0)
    store = _store(graph, store_dir)

    def rows(query: str) -> Iterator[tuple[str, ...]]:  # streamed: a big graph's links are never all in a list
        answer = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        return (tuple(None if sol[n] is None else sol[n].value for n in names) for sol in answer)

    tell("counting", 0, 0)
    per_class = {cls: int(n) for cls, n in rows(COUNTS)}
    counts = {name: per_class.get(str(cls), 0) for name, cls in CLASSES.items()} | {
        "triples": int(next(rows(TRIPLES))[0]) if next(iter(store.named_graphs()), None) else len(store)}
    label = {o: name or o for o, name in rows(OFFICIALS)}
    officials = sorted(label)
    tell("ranking officials", 0, 0)
    rank, degree = _pagerank(officials, rows(LINKS))
    leading = set(sorted(officials, key=lambda o: (-rank[o], o))[:LEADING])
    net = nx.Graph()
    net.add_nodes_from(sorted(leading))
    net.add_edges_from((o, x) for o, x in rows(LINKS) if o in leading)
    # beyond SOURCES nodes, estimated from sampled sources (fixed seed), as many as a budget of edge visits allows
    sources = None if len(net) <= SOURCES else max(10, min(SOURCES, VISITS // max(1, net.number_of_edges())))
    between = nx.betweenness_centrality(net, k=sources, seed=0) if len(net) > 2 else {n: 0.0 for n in net}
    central = sorted((Central(label[o], degree[o], round(between.get(o, 0.0), 4), round(rank[o], 4))
                      for o in officials), key=lambda c: (-c.pagerank, -c.degree, c.name))[:top]
    tell("finding communities", 0, 0)
    met = nx.Graph()
    by_conference: dict[str, set[str]] = {}
    for o, c in rows(ATTENDED):
        if o in leading:
            by_conference.setdefault(c, set()).add(o)
    for people in by_conference.values():
        ordered = sorted(people)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                met.add_edge(a, b, weight=met.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    groups = nx.algorithms.community.greedy_modularity_communities(met, weight="weight") if len(met) else []
    communities = sorted((sorted(label[o] for o in group) for group in groups), key=lambda c: (-len(c), c))
    cited = sorted(((name or r, int(n)) for r, name, n in rows(CITED)), key=lambda x: (-x[1], x[0]))
    return Stats(counts, central, communities, cited[:top])


def _pagerank(officials: list[str], links: Iterable[tuple[str, str]], alpha: float = 0.85,
              tol: float = 1e-6, rounds: int = 100) -> tuple[dict[str, float], dict[str, int]]:
    """PageRank and degree of every official in the undirected entity network, computed on a
    sparse matrix as networkx computes it (same node order, same iteration), without a networkx
    graph of the whole network in memory."""
    import numpy as np
    from scipy import sparse

    index = {o: i for i, o in enumerate(officials)}
    pairs = set()
    for o, x in links:
        if o != x:
            a, b = index.setdefault(o, len(index)), index.setdefault(x, len(index))
            pairs.add((min(a, b), max(a, b)))
    n = len(index)
    if n == 0:
        return {}, {}
    rows_, cols = (np.array(c, dtype=np.int64) for c in zip(*sorted(pairs))) if pairs else (np.array([], int),) * 2
    a = sparse.csr_array((np.ones(2 * len(rows_)), (np.concatenate([rows_, cols]), np.concatenate([cols, rows_]))),
                         shape=(n, n))
    out_degree = a.sum(axis=1)
    degree = {o: int(out_degree[index[o]]) for o in officials}
    if not pairs:
        return {o: 0.0 for o in officials}, degree
    scale = np.divide(1.0, out_degree, out=np.zeros(n), where=out_degree != 0)
    a = sparse.csr_array(sparse.diags(scale) @ a)
    x = np.repeat(1.0 / n, n)
    dangling = np.where(out_degree == 0)[0]
    for _ in range(rounds):
        last = x
        x = alpha * (x @ a + x[dangling].sum() / n) + (1 - alpha) / n
        if np.absolute(x - last).sum() < n * tol:
            break
    return {o: float(x[index[o]]) for o in officials}, degree


def _store(graph: "Path | Graph", store_dir: "Path | None"):
    import pyoxigraph as ox

    from kg.query import oxigraph_store

    if isinstance(graph, Graph):
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    return oxigraph_store(graph, store_dir)
