"""Check a graph against the SHACL shapes of ontology/shapes.ttl."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SH

from kg.graphio import load_graph

ONTOLOGY = Path(__file__).parent / "ontology"


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


def validate(graph_file: Path) -> list[Violation]:
    """The shapes' violations in the graph (empty: it conforms)."""
    from pyshacl import validate as shacl

    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    ontology = Graph().parse(ONTOLOGY / "vnkg.ttl")
    _, report, _ = shacl(load_graph(graph_file), shacl_graph=shapes, ont_graph=ontology, inference="none")
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        out.append(Violation(str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath) or ""),
                             str(report.value(result, SH.resultMessage) or "")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))
