"""Loading a graph file into a persistent Oxigraph store in pieces, so that memory stays flat at any size.

Oxigraph's bulk loader holds about eight times what it is given (measured: a 2-million-triple
graph loaded whole peaked at 1.45 GB, the same graph given 64 MB at a time at 0.56 GB, in the
same time), so a graph is handed to it as N-Triples (or N-Quads) a piece at a time. Each piece is
a separate load, and a separate load names blank nodes afresh: a graph with blank nodes (kg's own
graphs have none) is loaded whole, as before.
"""
from __future__ import annotations

import mmap
from pathlib import Path

import pyoxigraph as ox

from kg.formats import Format

PIECE_BYTES = 64 << 20  # N-Triples handed to each bulk load (about 450,000 triples of kg's graphs)


def load_in_pieces(store: ox.Store, graph_file: Path, form: Format, scratch: Path) -> None:
    """Load `graph_file` (in format `form`) into `store`, a piece at a time; `scratch` is a folder on the
    store's disk for the N-Triples copy of a graph in another format. Raises SyntaxError as Oxigraph does."""
    lines = ox.RdfFormat.N_QUADS if form.per_article else ox.RdfFormat.N_TRIPLES
    to_graph = None if form.per_article else ox.DefaultGraph()
    source = graph_file
    try:
        if form.ox not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            source = scratch / f"vnkg-loading.{lines.file_extension}"
            ox.serialize(ox.parse(path=str(graph_file), format=form.ox), str(source), format=lines)
        if _has_blank_nodes(source):
            store.bulk_load(path=str(source), format=lines, to_graph=to_graph)
            return
        with source.open("rb") as fh:
            while piece := fh.readlines(PIECE_BYTES):
                store.bulk_load(input=b"".join(piece), format=lines, to_graph=to_graph)
    finally:
        if source != graph_file:
            source.unlink(missing_ok=True)


def _has_blank_nodes(path: Path) -> bool:
    """Whether a line-based RDF file may name a blank node (`_:` anywhere: a literal holding it is a false
    alarm that only costs memory)."""
    if path.stat().st_size == 0:
        return False
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        return data.find(b"_:") >= 0
