"""The extraction pipeline: small stages, each `Callable[[Document], Document]`.

A stage declares the `Document` fields it needs and the ones it fills
(`REQUIRES` / `ASSIGNS` on its module); `tests/pipeline/test_runner.py` checks
that every need is filled by an earlier stage.

>>> from kg.pipeline import run
>>> doc = run("a.txt", "Sáng 10/1/2023, Bộ Ngoại giao tổ chức hội nghị ngoại giao.")
>>> [c.name for c in doc.conferences]
['Hội nghị ngoại giao']
"""
from __future__ import annotations

from types import ModuleType
from typing import Callable

from kg.document import Document
from kg.pipeline import clean, conferences, holdings, mentions, metadata, normalize, participation, people, sentences

Stage = Callable[[Document], Document]

STAGES: list[ModuleType] = [normalize, clean, metadata, sentences, mentions, people, holdings, conferences,
                            participation]


def run(source: str, raw: str) -> Document:
    """Run every stage on one article's text (already decoded)."""
    doc = Document(source=source, raw=raw)
    for stage in STAGES:
        doc = stage.apply(doc)
    return doc
