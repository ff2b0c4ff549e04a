"""Stage: drop site furniture that is not the article.

Saved pages end with "Tin mới nhất" lists, ratings, visit counters and app
links, and carry slugs and image file names between paragraphs. Those lines go
(kg/data/furniture.tsv says which); photo captions stay, since they carry facts.
"""
from __future__ import annotations

import re
from functools import cache

from kg.document import Document
from kg.gazetteer import rows, lower

REQUIRES = ("surface", "text")
ASSIGNS = ("surface", "text")

NOISE = [
    re.compile(r"^(?!.*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4})[\W\d_]*$"),  # no letters, no date: "100%", "<"
    re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$"),  # a URL slug
    re.compile(r"^\S+\s+\d{8,}$"),  # an image file name: "2222 15424319122023"
    re.compile(r"^\S{1,3}$"),  # author initials, stray marks: "TL"
    re.compile(r"(người đã bình chọn|người đang online|lượt truy cập|đang truy cập)", re.I),
]


@cache
def _furniture() -> list[tuple[str, str]]:
    return [(lower(r[0]).rstrip(":"), r[1]) for r in rows("furniture.tsv")]


def line_action(line: str) -> str | None:
    """What to do with one line: "cut", "drop" or None (keep).

    >>> line_action("Tin mới nhất"), line_action("Cỡ chữ:   Tương phản"), line_action("Hà Nội.")
    ('cut', 'drop', None)
    """
    stripped = line.strip()
    if any(p.search(stripped) for p in NOISE):
        return "drop"
    key = lower(stripped).rstrip(" :.")
    for phrase, action in _furniture():
        if action in ("cut", "drop") and key == phrase:
            return action
        if action.startswith("prefix-") and key.startswith(phrase):
            return action.removeprefix("prefix-")
    return None


def apply(doc: Document) -> Document:
    keep_surface, keep_text = [], []
    for surface_line, text_line in zip(doc.surface.split("\n"), doc.text.split("\n")):
        action = line_action(text_line)
        if action == "cut" and keep_text:
            break
        if action is None:
            keep_surface.append(surface_line.rstrip())
            keep_text.append(text_line.rstrip())
    doc.surface, doc.text = "\n".join(keep_surface), "\n".join(keep_text)
    return doc
