"""Export a graph to other RDF formats and to network formats for Gephi and Cytoscape.

RDF: Turtle, N-Triples, JSON-LD, and per-article datasets (N-Quads, TriG).
Network (GraphML, GEXF, CSV): the entities (officials, roles, conferences,
resolutions, provinces, organisations, countries) are the nodes, with their
label and type; the direct links between them (holds role, chaired, spoke at,
presented at, attended, organised by, implements, connection point, merged
into, issued by) are the edges (`kg.entities`). GraphML and GEXF also carry
province, dates (GEXF: a dynamic graph for Gephi's timeline), edge weights and
the explorer's colours and sizes. CSV writes `NAME.nodes.csv` and `NAME.edges.csv`.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from xml.sax.saxutils import escape

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.build import Corpus, atomic, work_folder, write_graph, writes_through
from kg.formats import BY_EXTENSION, EXPORT_NAMES, Format, Network
from kg.errors import KgError
from kg.entities import EDGE_PROPERTIES, NODE_CLASSES, Entities


NAMES = EXPORT_NAMES


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


_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    """Text for an XML attribute or element: escaped, and without the characters XML 1.0 cannot hold
    (a control character read from an article would make the file unreadable)."""
    return escape(_NOT_XML.sub("", text), {'"': "&quot;"})


def _colours() -> dict[str, str]:
    """The explorer's colour of each type (kg.viz.TYPES), by type name."""
    from kg.viz import TYPES

    return {cls.split("#")[-1]: colour for cls, (_, _, colour, _) in TYPES.items()}


GRAPHML_KEYS = [("node", "label", "string"), ("node", "type", "string"), ("node", "province", "string"),
                ("node", "start", "string"), ("node", "end", "string"), ("node", "color", "string"),
                ("node", "size", "double"), ("edge", "label", "string"), ("edge", "weight", "double"),
                ("edge", "start", "string"), ("edge", "end", "string"), ("edge", "province", "string")]


def _data(values: dict[str, object], keys: dict[str, str]) -> str:
    return "".join(f'<data key="{keys[k]}">{_x(str(v))}</data>' for k, v in values.items() if v not in (None, ""))


def _graphml(e: Entities, fh) -> None:
    """GraphML as Cytoscape and Gephi read it: every attribute declared once, dates as ISO text."""
    ids = {(kind, name): f"{kind[0]}{i}" for i, (kind, name, _) in enumerate(GRAPHML_KEYS)}
    keys = "".join(f'<key id="{ids[(kind, name)]}" for="{kind}" attr.name="{name}" attr.type="{kind_of}"/>\n'
                   for kind, name, kind_of in GRAPHML_KEYS)
    fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
             b"xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing"
             b".org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n" + keys.encode() +
             b"<graph edgedefault=\"directed\">\n")
    node_keys = {name: ids[("node", name)] for kind, name, _ in GRAPHML_KEYS if kind == "node"}
    edge_keys = {name: ids[("edge", name)] for kind, name, _ in GRAPHML_KEYS if kind == "edge"}
    colour = _colours()
    for n in e.nodes:
        start, end = e.spans.get(n, (None, None))
        values = {"label": e.label[n], "type": e.kind[n], "province": e.province.get(n), "start": start,
                  "end": end, "color": colour[e.kind[n]], "size": e.size[n]}
        fh.write(f'<node id="{_x(n)}">{_data(values, node_keys)}</node>\n'.encode("utf-8"))
    for i, edge in enumerate(e.edges_with_attributes()):
        values = {"label": edge.label, "weight": edge.weight, "start": edge.start, "end": edge.end,
                  "province": edge.province}
        fh.write(f'<edge id="e{i}" source="{_x(edge.source)}" target="{_x(edge.target)}">'
                 f'{_data(values, edge_keys)}</edge>\n'.encode("utf-8"))
    fh.write(b"</graph>\n</graphml>\n")


def _when(start: str | None, end: str | None) -> str:
    return (f' start="{start}"' if start else "") + (f' end="{end}"' if end else "")


def _province(value: str | None) -> str:
    return f'<attvalues><attvalue for="p" value="{_x(value)}"/></attvalues>' if value else ""


def _gexf(e: Entities, fh) -> None:
    """GEXF as Gephi reads it: a dynamic graph (its timeline from the dates of holdings and
    conferences), the explorer's colours and sizes, edge weights."""
    fh.write(b"<?xml version='1.0' encoding='utf-8'?>\n<gexf xmlns=\"http://www.gexf.net/1.2draft\" "
             b"xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n"
             b"<graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\">\n"
             b"<attributes class=\"node\" mode=\"static\"><attribute id=\"0\" title=\"type\" type=\"string\"/>"
             b"<attribute id=\"p\" title=\"province\" type=\"string\"/></attributes>\n"
             b"<attributes class=\"edge\" mode=\"static\"><attribute id=\"p\" title=\"province\" type=\"string\"/>"
             b"</attributes>\n<nodes>\n")
    colour = _colours()
    for n in e.nodes:
        r, g, b = (int(colour[e.kind[n]][i:i + 2], 16) for i in (1, 3, 5))
        province = f'<attvalue for="p" value="{_x(e.province[n])}"/>' if e.province.get(n) else ""
        fh.write(f'<node id="{_x(n)}" label="{_x(e.label[n])}"{_when(*e.spans.get(n, (None, None)))}>'
                 f'<attvalues><attvalue for="0" value="{e.kind[n]}"/>{province}</attvalues>'
                 f'<viz:color r="{r}" g="{g}" b="{b}"/><viz:size value="{e.size[n]}"/></node>\n'.encode("utf-8"))
    fh.write(b"</nodes>\n<edges>\n")
    for i, edge in enumerate(e.edges_with_attributes()):
        fh.write(f'<edge id="{i}" source="{_x(edge.source)}" target="{_x(edge.target)}" label="{edge.label}" '
                 f'weight="{edge.weight}"{_when(edge.start, edge.end)}>{_province(edge.province)}</edge>\n'
                 .encode("utf-8"))
    fh.write(b"</edges>\n</graph>\n</gexf>\n")


def export(graph_file: Path, out: Path, name: str, bom: bool = False) -> list[Path]:
    """Write the export in the format `name` (an RDF format or alias, or a network format); returns
    the files written. Nothing is held but the entities: a graph of any size streams through.
    `bom` starts each CSV file with a UTF-8 byte-order mark, by which Excel knows the encoding
    (without it, Excel reads Vietnamese as Windows-1252 mojibake)."""
    if name.lower() not in {n.value for n in Network}:
        return [_rdf(graph_file, out, Format.to_write(out, name))]
    fmt = Network(name.lower())
    if fmt is Network.CSV and writes_through(out):
        raise KgError(f"{out}: CSV is two files (NAME.nodes.csv, NAME.edges.csv); give -o NAME.csv")
    said = out.suffix.lower().lstrip(".")
    if said in BY_EXTENSION or said in {n.value for n in Network} - {fmt.value}:
        raise KgError(f"{out}: its extension says {said} and --format says {fmt.value}; name the file "
                      f"{out.with_suffix('.' + fmt.value).name}")
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
