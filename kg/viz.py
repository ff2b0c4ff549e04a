"""A first explorer page: the graph's officials, roles, conferences and places in pyvis.

The page is self-contained: pyvis's vis-network script is inlined, and the
Bootstrap links pyvis adds even in "in_line" mode are removed, so it opens offline.
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from kg.rdf.namespace import VNKG

STYLE = {VNKG.Official: ("#e15759", "dot"), VNKG.Role: ("#f28e2b", "diamond"), VNKG.Conference: ("#4e79a7", "star"),
         VNKG.Province: ("#59a14f", "triangle"), VNKG.Organization: ("#76b7b2", "square"),
         VNKG.Resolution: ("#b07aa1", "box"), VNKG.Country: ("#edc948", "triangleDown")}
EDGES = {VNKG.holdsRole: "giữ chức vụ", VNKG.chaired: "chủ trì", VNKG.spokeAt: "phát biểu",
         VNKG.presentedAt: "trình bày", VNKG.attended: "dự", VNKG.organizedBy: "tổ chức bởi",
         VNKG.implements: "triển khai", VNKG.connectionPoint: "điểm cầu"}


def _node_id(node) -> str:
    """A short id (no http address in the page): the IRI's last two path parts."""
    return "/".join(str(node).rsplit("/", 2)[-2:])


def _label(g: Graph, node) -> str:
    return str(next(iter(sorted(g.objects(node, RDFS.label))), node))


def write_page(g: Graph, out: Path) -> int:
    """Write the page; returns the number of nodes drawn."""
    from pyvis.network import Network

    net = Network(height="800px", width="100%", directed=True, cdn_resources="in_line")
    nodes = {}
    for cls, (colour, shape) in STYLE.items():
        for node in sorted(set(g.subjects(RDF.type, cls))):
            nodes[node] = True
            net.add_node(_node_id(node), label=html.escape(_label(g, node)), color=colour, shape=shape,
                         title=html.escape(f"{cls.split('#')[-1]}: {_label(g, node)}"))
    for prop, label in EDGES.items():
        for s, o in sorted(g.subject_objects(prop)):
            if s in nodes and o in nodes:
                net.add_edge(_node_id(s), _node_id(o), label=label, title=label)
    page = net.generate_html()
    page = re.sub(r'<link[^>]+(?:bootstrap|cdn)[^>]*>', "", page)
    page = re.sub(r'<script[^>]+src="http[^"]*"[^>]*>\s*</script>', "", page)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(page, encoding="utf-8")
    return len(nodes)
