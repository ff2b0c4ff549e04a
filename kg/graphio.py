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
    except MemoryError:
        size = path.stat().st_size / 1e6
        raise GraphError(f"{path}: not enough memory to load {size:,.0f} MB in rdflib; query it with kg query "
                         f"(Oxigraph, --store DIR) or kg serve instead") from None
    except Exception as exc:  # rdflib raises many parser-specific types, with unreliable line numbers
        raise GraphError(f"{path}: not valid {fmt}: {_where(path, fmt) or ' '.join(str(exc).split())[:160]} "
                         f"(fix the file, or rebuild it with kg build)") from None
    return g


def _where(path: Path, fmt: str) -> str | None:
    """Oxigraph's account of a syntax error: line and columns."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
               "trig": ox.RdfFormat.TRIG}
    if fmt not in formats:
        return None
    try:
        for _ in ox.parse(path=str(path), format=formats[fmt]):
            pass
    except SyntaxError as exc:
        return " ".join(str(exc).split())[:200]
    except (OSError, ValueError):
        return None
    return None
