"""Reading graph files, with a clear message when one does not parse."""
from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import GraphError
from kg.formats import Format

def load_graph(path: Path) -> Graph:
    fmt = Format.of(path)
    g = Graph()
    try:
        g.parse(path, format=fmt.rdflib)
    except FileNotFoundError:
        raise GraphError(f"{path}: no such file") from None
    except MemoryError:
        size = path.stat().st_size / 1e6
        raise GraphError(f"{path}: not enough memory to load {size:,.0f} MB in rdflib; query it with kg query "
                         f"(Oxigraph, --store DIR) or kg serve instead") from None
    except Exception as exc:  # rdflib raises many parser-specific types, with unreliable line numbers
        raise GraphError(f"{path}: not valid {fmt.rdflib}: {_where(path, fmt) or ' '.join(str(exc).split())[:160]} "
                         f"(fix the file, or rebuild it with kg build)") from None
    return g


def _where(path: Path, fmt: Format) -> str | None:
    """Oxigraph's account of a syntax error: line and columns."""
    import pyoxigraph as ox

    try:
        for _ in ox.parse(path=str(path), format=fmt.ox):
            pass
    except SyntaxError as exc:
        return " ".join(str(exc).split())[:200]
    except (OSError, ValueError):
        return None
    return None
