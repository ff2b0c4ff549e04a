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

from kg.build import Corpus, Format, atomic, load_corpus, record_path, write_corpus, write_graph
from kg.errors import KgError
from kg.graphio import load_graph
from kg.rdf.emit import iter_sorted, to_graph
from kg.rdf.namespace import VNKG


class ExportFormat(str, Enum):
    TTL = "ttl"
    NT = "nt"
    NQ = "nq"
    TRIG = "trig"
    JSONLD = "jsonld"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


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


def export(graph_file: Path, out: Path, fmt: ExportFormat) -> list[Path]:
    """Write the export; returns the files written."""
    if fmt in (ExportFormat.NQ, ExportFormat.TRIG):
        if Format.of(graph_file).per_article or record_path(graph_file).exists():
            corpus = load_corpus(graph_file)
        else:
            raise KgError(f"{graph_file}: no per-article record; rebuild with kg build to export named graphs")
        write_corpus(corpus, out, Format.NQUADS if fmt is ExportFormat.NQ else Format.TRIG, record=False)
        return [out]
    g = load_graph(graph_file)
    if fmt in (ExportFormat.TTL, ExportFormat.NT, ExportFormat.JSONLD):
        ordered = to_graph(iter_sorted(g))
        rdf_format = {ExportFormat.TTL: "turtle", ExportFormat.NT: "nt", ExportFormat.JSONLD: "json-ld"}[fmt]
        with atomic(out) as fh:
            if fmt is ExportFormat.NT:
                fh.write("".join(sorted(ordered.serialize(format="nt").splitlines(keepends=True))).encode("utf-8"))
            else:
                ordered.serialize(fh, format=rdf_format, encoding="utf-8")
        return [out]
    net = network(g)
    if fmt is ExportFormat.CSV:
        stem = out.with_suffix("")
        nodes, edges = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
        with atomic(nodes) as fh:
            fh.write(_csv([["id", "label", "type"]] + [[n, d["label"], d["type"]] for n, d in net.nodes(data=True)]))
        with atomic(edges) as fh:
            fh.write(_csv([["source", "target", "label"]] + [[s, o, d["label"]] for s, o, d in net.edges(data=True)]))
        return [nodes, edges]
    writer = nx.write_graphml if fmt is ExportFormat.GRAPHML else nx.write_gexf
    with atomic(out) as fh:
        writer(net, fh)
    return [out]


__all__ = ["Corpus", "ExportFormat", "export", "network", "write_graph"]
