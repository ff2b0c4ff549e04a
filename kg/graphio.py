"""Reading graph files, with a clear message when one does not parse."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import GraphError

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".jsonld": "json-ld", ".rdf": "xml"}


def load_graph(path: Path) -> Graph:
    fmt = FORMATS.get(path.suffix.lower(), "turtle")
    g = Graph()
    try:
        g.parse(path, format=fmt)
    except FileNotFoundError:
        raise GraphError(f"{path}: no such file") from None
    except Exception as exc:  # rdflib raises many parser-specific types
        raise GraphError(f"{path}: not valid {fmt}: {str(exc).splitlines()[0][:200]}") from None
    return g
