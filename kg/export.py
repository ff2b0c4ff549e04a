"""Export a graph to other RDF formats and to network formats for Gephi and Cytoscape.

RDF: Turtle, N-Triples, JSON-LD, and per-article datasets (N-Quads, TriG).
Network (GraphML, GEXF, CSV): the entities (officials, roles, conferences,
resolutions, provinces, organisations, countries) are the nodes, with their
label and type; the direct links between them (holds role, chaired, spoke at,
presented at, attended, organised by, implements, connection point, merged
into, issued by) are the edges. CSV writes `NAME.nodes.csv` and `NAME.edges.csv`.
"""
from __future__ import annotations

import csv
import io
from enum import Enum
from pathlib import Path

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.build import Corpus, atomic, write_graph
from kg.formats import NAMES as FORMAT_NAMES
from kg.formats import Format
from kg.errors import KgError
from kg.graphio import load_graph
from kg.rdf.emit import PREFIXES
from kg.rdf.namespace import VNKG


class Network(str, Enum):
    """The network formats, for Gephi and Cytoscape; the RDF ones are `kg.formats.Format`."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


NAMES = sorted([*FORMAT_NAMES, *(n.value for n in Network)])


NODE_CLASSES = [VNKG.Official, VNKG.Role, VNKG.Conference, VNKG.Resolution, VNKG.Province, VNKG.Organization,
                VNKG.Country]
EDGE_PROPERTIES = [VNKG.holdsRole, VNKG.chaired, VNKG.chairedConnectionPoint, VNKG.spokeAt, VNKG.presentedAt,
                   VNKG.attended, VNKG.organizedBy, VNKG.implements, VNKG.connectionPoint, VNKG.mergedInto, VNKG.issuedBy]


def network(g: Graph) -> nx.MultiDiGraph:
    """The entity network of a graph, nodes and edges in a fixed order."""
    net = nx.MultiDiGraph()
    for cls in NODE_CLASSES:
        for node in sorted(g.subjects(RDF.type, cls)):
            net.add_node(str(node), label=str(g.value(node, RDFS.label) or node), type=cls.split("#")[-1])
    for prop in EDGE_PROPERTIES:
        for s, o in sorted(g.subject_objects(prop)):
            if str(s) in net and str(o) in net:
                net.add_edge(str(s), str(o), key=prop.split("#")[-1], label=prop.split("#")[-1])
    return net


def _csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def export(graph_file: Path, out: Path, name: str) -> list[Path]:
    """Write the export in the format `name` (an RDF format or alias, or a network format); returns
    the files written."""
    if name.lower() not in {n.value for n in Network}:
        return [_rdf(graph_file, out, Format.named(name))]
    fmt = Network(name.lower())
    net = network(load_graph(graph_file))
    if fmt is Network.CSV:
        stem = out.with_suffix("")
        nodes, edges = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
        with atomic(nodes) as fh:
            fh.write(_csv([["id", "label", "type"]] + [[n, d["label"], d["type"]] for n, d in net.nodes(data=True)]))
        with atomic(edges) as fh:
            fh.write(_csv([["source", "target", "label"]] + [[s, o, d["label"]] for s, o, d in net.edges(data=True)]))
        return [nodes, edges]
    writer = nx.write_graphml if fmt is Network.GRAPHML else nx.write_gexf
    with atomic(out) as fh:
        writer(net, fh)
    return [out]


def _rdf(graph_file: Path, out: Path, fmt: Format) -> Path:
    """The graph in another RDF format. Named graphs (to or from TriG, N-Quads) come from the record,
    through the build engine; a merged graph is streamed through Oxigraph, never held in memory."""
    import pyoxigraph as ox

    from kg.stream import record_articles, write_articles

    source = Format.of(graph_file)
    if fmt.per_article or source.per_article:
        write_articles(record_articles(graph_file), out, fmt, record=False)
        return out
    with atomic(out) as fh:
        try:
            ox.serialize(ox.parse(path=str(graph_file), format=source.ox), fh, format=fmt.ox, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise KgError(f"{graph_file}: not valid {source.rdflib}: {' '.join(str(exc).split())[:200]}") from None
    return out


__all__ = ["Corpus", "Network", "export", "network", "write_graph"]
