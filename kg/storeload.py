"""Loading a graph file into a persistent Oxigraph store in pieces, so that memory stays flat at any size.

Oxigraph's bulk loader holds about eight times what it is given (measured: a 2-million-triple
graph loaded whole peaked at 1.45 GB, the same graph given 64 MB at a time at 0.56 GB, in the
same time; 20 million triples 2.0 GB whole, 0.63 GB in pieces), so a graph is handed to it as
N-Triples (or N-Quads) a piece at a time. Each piece is a separate load, and a separate load names
blank nodes afresh, so the lines that name a blank node (kg's own graphs have none) are set aside
and loaded together, last.
"""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.formats import Format

PIECE_BYTES = 64 << 20  # N-Triples handed to each bulk load (about 450,000 triples of kg's graphs)


def load_in_pieces(store: ox.Store, graph_file: Path, form: Format, scratch: Path) -> None:
    """Load `graph_file` (in format `form`) into `store`, a piece at a time; `scratch` is a folder on the
    store's disk for the N-Triples copy of a graph in another format. Raises SyntaxError as Oxigraph does."""
    lines = ox.RdfFormat.N_QUADS if form.per_article else ox.RdfFormat.N_TRIPLES
    to_graph = None if form.per_article else ox.DefaultGraph()
    source, blanks = graph_file, scratch / f"vnkg-loading-blank.{lines.file_extension}"
    try:
        if form.ox not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
            source = scratch / f"vnkg-loading.{lines.file_extension}"
            ox.serialize(ox.parse(path=str(graph_file), format=form.ox), str(source), format=lines)
        with source.open("rb") as fh, blanks.open("w+b") as aside:
            while piece := fh.readlines(PIECE_BYTES):
                data = b"".join(piece)
                if b"_:" in data:  # a line naming a blank node (or quoting "_:") waits for the last load
                    aside.writelines(line for line in piece if b"_:" in line)
                    data = b"".join(line for line in piece if b"_:" not in line)
                store.bulk_load(input=data, format=lines, to_graph=to_graph)
            if aside.tell():
                aside.seek(0)
                store.bulk_load(aside, format=lines, to_graph=to_graph)
    finally:
        blanks.unlink(missing_ok=True)
        if source != graph_file:
            source.unlink(missing_ok=True)
