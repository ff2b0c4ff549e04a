"""vnkg: Vietnamese political and diplomatic news to an RDF knowledge graph.

>>> import kg
>>> graph, report = kg.build_graph([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

from kg.build import BuildReport, Corpus, Format, build_graph, extract, extract_corpus, load_corpus, write_corpus, write_graph
from kg.document import Document
from kg.errors import GoldError, GraphError, InputError, KgError, QueryError
from kg.pipeline import run

__version__ = "0.1.0"
__all__ = ["BuildReport", "Corpus", "Document", "Format", "extract_corpus", "load_corpus", "write_corpus", "GoldError", "GraphError", "InputError", "KgError", "QueryError", "__version__",
           "build_graph", "extract", "run", "write_graph"]
