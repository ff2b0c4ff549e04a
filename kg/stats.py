"""Figures about a graph: counts, the most central officials, communities, resolutions.

Counts come from SPARQL in Oxigraph, so a graph too big for rdflib still has
them. Centrality is measured on the network of officials, the conferences they
took part in and the roles they held (degree, betweenness, PageRank through
networkx; betweenness estimated from 1,000 sources, with a fixed seed, when
there are more nodes); communities are groups of officials who meet at the same
conferences (greedy modularity on the co-attendance graph, weighted by shared
conferences).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

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
SOURCES = 1000  # betweenness is exact up to this many nodes, estimated from this many sources beyond


def compute(graph: "Path | Graph", top: int = 10, store_dir: "Path | None" = None) -> Stats:
    """The figures of a graph file (queried in Oxigraph: in memory, or in `store_dir` for graphs
    too big for memory) or of an rdflib graph. Only the entity network comes into Python."""
    store = _store(graph, store_dir)

    def rows(query: str) -> list[tuple[str, ...]]:
        answer = store.query(query, use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        return [tuple(None if sol[n] is None else sol[n].value for n in names) for sol in answer]

    per_class = {cls: int(n) for cls, n in rows(COUNTS)}
    counts = {name: per_class.get(str(cls), 0) for name, cls in CLASSES.items()} | {
        "triples": int(rows(TRIPLES)[0][0])}
    label = {o: name or o for o, name in rows(OFFICIALS)}
    officials = sorted(label)
    net = nx.Graph()
    net.add_nodes_from(officials)
    net.add_edges_from(rows(LINKS))
    rank = nx.pagerank(net) if net.number_of_edges() else {n: 0.0 for n in net}
    between = nx.betweenness_centrality(net, k=min(SOURCES, len(net)), seed=0) if len(net) > 2 else \
        {n: 0.0 for n in net}
    central = sorted((Central(label[o], net.degree(o), round(between[o], 4), round(rank[o], 4))
                      for o in officials), key=lambda c: (-c.pagerank, -c.degree, c.name))[:top]
    met = nx.Graph()
    by_conference: dict[str, set[str]] = {}
    for o, c in rows(ATTENDED):
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


def _store(graph: "Path | Graph", store_dir: "Path | None"):
    import pyoxigraph as ox

    from kg.query import oxigraph_store

    if isinstance(graph, Graph):
        store = ox.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        return store
    return oxigraph_store(graph, store_dir)
