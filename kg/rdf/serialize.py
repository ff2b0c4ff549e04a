"""Deterministic lines: an rdflib triple as the N-Triples line the emitter writes, and the record read back."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator

from rdflib import Dataset, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Literal, Node

from kg.errors import GraphError


def _term(node: Node) -> str:
    return _quoteLiteral(node) if isinstance(node, Literal) else node.n3()


def ntriple(s: Node, p: Node, o: Node) -> str:
    """One N-Triples line, written as `kg.rdf.emit` writes it (so the engine sorts it the same)."""
    return f"{_term(s)} {_term(p)} {_term(o)} .\n"


def read_nquads(path: Path) -> Iterator[tuple[Node, Node, Node, URIRef]]:
    """The quads of a per-article record (or N-Quads output), each with its article's graph."""
    try:
        ds = Dataset()
        ds.parse(path, format="nquads")
    except Exception as exc:  # rdflib raises parser-specific types
        raise GraphError(f"{path}: not valid N-Quads: {str(exc).splitlines()[0][:200]}") from None
    for s, p, o, graph in ds.quads():
        if graph is not None:
            yield s, p, o, graph
