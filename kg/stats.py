"""Figures about a graph: counts, the most central officials, communities, resolutions.

Centrality is measured on the network of officials and the conferences they
took part in (degree, betweenness, PageRank through networkx); communities are
groups of officials who meet at the same conferences (greedy modularity on the
co-attendance graph, weighted by shared conferences).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

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


def _label(g: Graph, node) -> str:
    return str(g.value(node, RDFS.label) or node)


def compute(g: Graph, top: int = 10) -> Stats:
    classes = {"officials": VNKG.Official, "roles": VNKG.Role, "role holdings": VNKG.RoleHolding,
               "conferences": VNKG.Conference, "participations": VNKG.Participation, "resolutions": VNKG.Resolution,
               "provinces": VNKG.Province, "organisations": VNKG.Organization, "countries": VNKG.Country,
               "articles": VNKG.Article}
    counts = {name: len(set(g.subjects(RDF.type, cls))) for name, cls in classes.items()} | {"triples": len(g)}
    net = nx.Graph()
    officials = sorted(g.subjects(RDF.type, VNKG.Official))
    net.add_nodes_from(officials)
    net.add_edges_from((o, c) for o, c in g.subject_objects(VNKG.participatedIn))
    net.add_edges_from((o, r) for o, r in g.subject_objects(VNKG.holdsRole))
    rank = nx.pagerank(net) if net.number_of_edges() else {n: 0.0 for n in net}
    between = nx.betweenness_centrality(net) if net.number_of_nodes() > 2 else {n: 0.0 for n in net}
    central = sorted((Central(_label(g, o), net.degree(o), round(between[o], 4), round(rank[o], 4))
                      for o in officials), key=lambda c: (-c.pagerank, -c.degree, c.name))[:top]
    met = nx.Graph()
    met.add_nodes_from(officials)
    by_conference: dict = {}
    for o, c in g.subject_objects(VNKG.participatedIn):
        by_conference.setdefault(c, set()).add(o)
    for people in by_conference.values():
        for a in people:
            for b in people:
                if str(a) < str(b):
                    met.add_edge(a, b, weight=met.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    met.remove_nodes_from([n for n in list(met) if met.degree(n) == 0])
    groups = nx.algorithms.community.greedy_modularity_communities(met, weight="weight") if len(met) else []
    communities = sorted((sorted(_label(g, o) for o in group) for group in groups), key=lambda c: (-len(c), c))
    cited = Counter(_label(g, r) for _, r in g.subject_objects(VNKG.mentions) if (r, RDF.type, VNKG.Resolution) in g)
    return Stats(counts, central, communities, sorted(cited.items(), key=lambda x: (-x[1], x[0]))[:top])
