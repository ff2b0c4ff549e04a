"""vnkg: Vietnamese political and diplomatic news to an RDF knowledge graph.

>>> import kg
>>> graph, report = kg.build_graph([Path("seeds")])  # doctest: +SKIP

The names below are imported when first used (PEP 562), so that `kg query` and the other
commands that never build start without loading the extraction pipeline.
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"
_WHERE = {
    **dict.fromkeys(["BuildReport", "Corpus", "Format", "build_graph", "extract", "extract_corpus", "load_corpus",
                     "write_corpus", "write_graph"], "kg.build"),
    "Document": "kg.document",
    **dict.fromkeys(["GoldError", "GraphError", "InputError", "KgError", "QueryError"], "kg.errors"),
    "run": "kg.pipeline",
}
__all__ = ["BuildReport", "Corpus", "Document", "Format", "extract_corpus", "load_corpus", "write_corpus",
           "GoldError", "GraphError", "InputError", "KgError", "QueryError", "__version__", "build_graph", "extract",
           "run", "write_graph"]


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
