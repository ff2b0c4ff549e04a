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
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Iterator
from xml.sax.saxutils import escape

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.build import Corpus, atomic, work_folder, write_graph
from kg.formats import NAMES as FORMAT_NAMES
from kg.formats import Format
from kg.errors import KgError
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


@dataclass
class Entities:
    """The entity network read from a graph file as it streams (two passes of Oxigraph's parser):
    nodes (few: held with their label and type, in `network`'s order) and, per link property,
    edges as integer pairs (many: sorted, never as a graph object)."""

    nodes: list[str]
    label: dict[str, str]
    kind: dict[str, str]
    edges: list[tuple[str, list[int]]]  # (link name, [source, target, source, target, ...] as indices)
    by_index: list[str]  # the node of each index

    @classmethod
    def read(cls, graph_file: Path) -> "Entities":
        import pyoxigraph as ox

        fmt = Format.of(graph_file)
        classes = {str(c): i for i, c in enumerate(NODE_CLASSES)}
        props = {str(p): i for i, p in enumerate(EDGE_PROPERTIES)}
        rdf_type, label_iri = str(RDF.type), str(RDFS.label)

        def quads():
            try:
                yield from ox.parse(path=str(graph_file), format=fmt.ox)
            except SyntaxError as exc:
                raise KgError(f"{graph_file}: not valid {fmt.rdflib}: {' '.join(str(exc).split())[:200]}") from None

        first: dict[str, tuple[int, int]] = {}  # node: (class rank it was first met in, last class rank)
        for q in quads():
            if q.predicate.value == rdf_type and isinstance(q.subject, ox.NamedNode) and q.object.value in classes:
                rank = classes[q.object.value]
                first_rank, last = first.get(q.subject.value, (rank, rank))
                first[q.subject.value] = (min(first_rank, rank), max(last, rank))
        nodes = sorted(first, key=lambda n: (first[n][0], n))  # class by class, sorted within: as `network`
        index = {n: i for i, n in enumerate(sorted(nodes))}  # sorted order: integer pairs sort as IRI pairs
        label: dict[str, str] = {}
        pairs: list[set[int]] = [set() for _ in EDGE_PROPERTIES]
        width = len(index) + 1
        for q in quads():
            p, s = q.predicate.value, q.subject.value
            if p == label_iri and s in index:
                label[s] = min(label.get(s, q.object.value), q.object.value)  # one label, the same every time
            elif p in props and s in index and q.object.value in index:
                pairs[props[p]].add(index[s] * width + index[q.object.value])
        by_index = sorted(index)
        edges = []
        for prop, found in zip(EDGE_PROPERTIES, pairs):
            ordered = sorted(found)
            edges.append((prop.split("#")[-1], [x for n in ordered for x in divmod(n, width)]))
        kind = {n: NODE_CLASSES[first[n][1]].split("#")[-1] for n in nodes}
        return cls(nodes, {n: label.get(n, n) for n in nodes}, kind, edges, by_index)

    def links(self) -> Iterator[tuple[str, str, str]]:
        """(source, target, link name), in `network`'s order."""
        for name, flat in self.edges:
            for i in range(0, len(flat), 2):
                yield self.by_index[flat[i]], self.by_index[flat[i + 1]], name


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    """Text for an XML attribute or element: escaped, and without the characters XML 1.0 cannot hold
    (a control character read from an article would make the file unreadable)."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _graphml(e: Entities, fh) -> None:
    fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
             b"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing"
             b".org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
             b"<key id=\"d0\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
             b"<key id=\"d1\" for=\"node\" attr.name=\"type\" attr.type=\"string\"/>\n"
             b"<key id=\"d2\" for=\"edge\" attr.name=\"label\" attr.type=\"string\"/>\n"
             b"<graph edgedefault=\"directed\">\n")
    for n in e.nodes:
        fh.write(f'<node id="{_x(n)}"><data key="d0">{_x(e.label[n])}</data><data key="d1">{e.kind[n]}</data>'
                 f'</node>\n'.encode("utf-8"))
    for s, o, name in e.links():
        fh.write(f'<edge source="{_x(s)}" target="{_x(o)}" id="{name}"><data key="d2">{name}</data></edge>\n'
                 .encode("utf-8"))
    fh.write(b"</graph>\n</graphml>\n")


def _gexf(e: Entities, fh) -> None:
    fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
             b"<graph defaultedgetype=\"directed\" mode=\"static\">\n"
             b"<attributes class=\"node\" mode=\"static\"><attribute id=\"0\" title=\"type\" type=\"string\"/>"
             b"</attributes>\n<nodes>\n")
    for n in e.nodes:
        fh.write(f'<node id="{_x(n)}" label="{_x(e.label[n])}"><attvalues><attvalue for="0" value="{e.kind[n]}"/>'
                 f'</attvalues></node>\n'.encode("utf-8"))
    fh.write(b"</nodes>\n<edges>\n")
    for i, (s, o, name) in enumerate(e.links()):
        fh.write(f'<edge id="{i}" source="{_x(s)}" target="{_x(o)}" label="{name}"/>\n'.encode("utf-8"))
    fh.write(b"</edges>\n</graph>\n</gexf>\n")


def export(graph_file: Path, out: Path, name: str, bom: bool = False) -> list[Path]:
    """Write the export in the format `name` (an RDF format or alias, or a network format); returns
    the files written. Nothing is held but the entities: a graph of any size streams through.
    `bom` starts each CSV file with a UTF-8 byte-order mark, by which Excel knows the encoding
    (without it, Excel reads Vietnamese as Windows-1252 mojibake)."""
    if name.lower() not in {n.value for n in Network}:
        return [_rdf(graph_file, out, Format.named(name))]
    fmt = Network(name.lower())
    with work_folder("export") as tmp:
        entities = Entities.read(_merged(graph_file, Path(tmp)))
    if fmt is Network.CSV:
        return _csv_pair(entities, out, bom)
    with atomic(out) as fh:
        (_graphml if fmt is Network.GRAPHML else _gexf)(entities, fh)
    return [out]


def _merged(graph_file: Path, tmp: Path) -> Path:
    """The merged graph of a file: itself, or for one graph per article (TriG, N-Quads) the graph the
    build engine merges from it (read as it is, every article's own name of a node would be there)."""
    if not Format.of(graph_file).per_article:
        return graph_file
    from kg.stream import record_articles, write_articles

    merged = tmp / "merged.nt"
    write_articles(record_articles(graph_file), merged, Format.NTRIPLES, record=False)
    return merged


def _csv_pair(entities: Entities, out: Path, bom: bool) -> list[Path]:
    """`NAME.nodes.csv` and `NAME.edges.csv`, both or neither (edges renamed first)."""
    stem = out.with_suffix("")
    nodes, edges = Path(f"{stem}.nodes.csv"), Path(f"{stem}.edges.csv")
    start = "\ufeff".encode("utf-8") if bom else b""
    with atomic(nodes) as node_fh, atomic(edges) as fh:
        node_fh.write(start + _csv([["id", "label", "type"]] + [[n, entities.label[n], entities.kind[n]]
                                                                for n in entities.nodes]))
        fh.write(start + _csv([["source", "target", "label"]]))
        batch = []
        for link in entities.links():
            batch.append(list(link))
            if len(batch) == 10_000:
                fh.write(_csv(batch))
                batch = []
        fh.write(_csv(batch))
    return [nodes, edges]


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
            fmt.serialize(ox.parse(path=str(graph_file), format=source.ox), fh)
        except SyntaxError as exc:
            raise KgError(f"{graph_file}: not valid {source.rdflib}: {' '.join(str(exc).split())[:200]}") from None
    return out


__all__ = ["Corpus", "Network", "export", "network", "write_graph"]
