"""Stage: Unicode NFC and one canonical tone-mark placement.

`surface` keeps the article's own spelling (for `skos:altLabel`), `text` the
canonical one (for matching, labels and IRIs). Both have the same length.
"""
from __future__ import annotations

from kg.document import Document
from kg.text import nfc, tones_placed

REQUIRES = ("raw",)
ASSIGNS = ("surface", "text")


def apply(doc: Document) -> Document:
    raw = doc.raw.replace("\r\n", "\n").replace("\r", "\n")
    doc.surface = nfc(raw)
    doc.text = tones_placed(doc.surface)
    return doc
