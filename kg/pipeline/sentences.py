"""Stage: split the cleaned text into sentences.

A paragraph is a line; a line that stops without punctuation and whose next
line starts in lower case continues on it (captions broken over two lines).
Inside a line, a sentence ends at . ! ? … before a capital or an opening quote,
except after an abbreviation ("TS.", "TP.").
"""
from __future__ import annotations

import re

from kg.text import UPPER
from kg.document import Document, Sentence

REQUIRES = ("text", "asides")
ASSIGNS = ("sentences",)

ABBREVIATIONS = ("TS", "GS", "PGS", "ThS", "TP", "Th.S", "BS", "v.v", "Tp", "St", "Mr", "Mrs", "Dr", "Q")
# a full stop right after an abbreviation written as a word of its own ("TS.", "(GS.") ends nothing:
# looked behind for after the mark, in the one pattern (a search of the word before each mark cost a call)
_AFTER_ABBREVIATION = "".join(rf"(?<![\s(]{re.escape(a)}\.)(?<!\A{re.escape(a)}\.)" for a in ABBREVIATIONS)
# the end mark is matched, not looked behind for: re can then skip ahead to the next mark
BOUNDARY = re.compile(rf"[.!?…]{_AFTER_ABBREVIATION}([\"”’)]*)\s+(?=[\"“‘(]?(?:{UPPER}|[0-9]))")


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, begin = [], start
    for m in BOUNDARY.finditer(text, start, end):
        out.append((begin, m.end(1)))  # a closing quote stays with its sentence
        begin = m.end()
    out.append((begin, end))
    return [(a, b) for a, b in out if text[a:b].strip()]


def apply(doc: Document) -> Document:
    text = doc.text
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    paragraphs: list[tuple[int, int]] = []
    for a, b in spans:
        if not text[a:b].strip():
            continue
        if paragraphs:
            pa, pb = paragraphs[-1]
            prev, cur = text[pa:pb].rstrip(), text[a:b].lstrip()
            if prev and prev[-1] not in ".!?…:;\"”" and cur[:1].islower():
                paragraphs[-1] = (pa, b)
                continue
        paragraphs.append((a, b))
    doc.sentences = []
    for a, b in paragraphs:
        caption = text[a:b].rstrip()[-1:] not in ".!?…:;\"”"
        aside = any(x <= a < y for x, y in doc.asides)  # another article's teaser (clean)
        for s, e in _split_line(text, a, b):
            doc.sentences.append(Sentence(s, e, caption, aside))
    return doc
