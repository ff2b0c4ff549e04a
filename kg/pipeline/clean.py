"""Stage: drop site furniture that is not the article.

Saved pages end with "Tin mới nhất" lists, ratings, visit counters and app
links, and carry slugs and image file names between paragraphs. Those lines go
(kg/data/furniture.tsv says which); photo captions stay, since they carry facts.
"""
from __future__ import annotations

import re
from functools import cache

from kg.document import Document
from kg.gazetteer import cell, lower, rows

REQUIRES = ("surface", "text")
ASSIGNS = ("surface", "text", "asides")

DATE = re.compile(r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{4}")
LETTER = re.compile(r"[^\W\d_]")
NOISE = re.compile(  # whole-line shapes
    r"[a-z0-9]+(?:-[a-z0-9]+)+"  # a URL slug
    r"|\S+\s+\d{8,}"  # an image file name: "2222 15424319122023"
    r"|\S{1,3}")  # author initials, stray marks: "TL"


@cache
def _furniture() -> tuple[dict[str, str], list[tuple[str, str]], tuple[str, ...], tuple[str, ...]]:
    """Whole-line phrases (phrase -> action), prefixes in table order (with a tuple for a quick
    test), and phrases that drop any line holding them."""
    whole, prefixes, inside = {}, [], []
    for row in rows("furniture.tsv"):
        phrase, action = lower(row[0]).rstrip(":"), row[1]
        if action.startswith("prefix-"):
            prefixes.append((phrase, action.removeprefix("prefix-")))
        elif action == "contains-drop":
            inside.append(phrase)
        elif action == "teaser-tag":
            continue  # read by _teaser()
        else:
            whole.setdefault(phrase, action)
    return whole, prefixes, tuple(p for p, _ in prefixes), tuple(inside)


@cache
def _teaser_tags() -> tuple[str, ...]:
    return tuple(r[0] for r in rows("furniture.tsv") if cell(r, 1) == "teaser-tag")


@cache
def _teaser() -> re.Pattern[str]:
    """An outlet's tag inside a line, between a headline and a lead: "... của Đảng TTO - Các vụ án ..."."""
    tags = _teaser_tags()
    alternatives = "|".join(re.escape(t) for t in sorted(tags, key=len, reverse=True)) or "(?!x)x"
    return re.compile(rf"(?:{alternatives})\s*[-–]\s+\S")  # the text before it is checked after: fast


def line_action(line: str) -> str | None:
    """What to do with one line: "cut", "drop", "aside" (keep, but it is another article's teaser) or None (keep).

    A line that is a whole-line phrase of the table gets its action; otherwise the
    first prefix it starts with does.

    >>> line_action("Tin mới nhất"), line_action("Cỡ chữ:   Tương phản"), line_action("Hà Nội.")
    ('cut', 'drop', None)
    """
    stripped = line.strip()
    if not LETTER.search(stripped) and not DATE.search(stripped):  # no letters, no date: "100%", "<"
        return "drop"
    if NOISE.fullmatch(stripped):
        return "drop"
    # most lines hold no tag: a substring test each is far quicker than the pattern over a long line
    tag = _teaser().search(stripped) if any(t in stripped for t in _teaser_tags()) else None
    if tag and tag.start() > 1 and stripped[tag.start() - 1].isspace():  # a headline before it: a teaser
        return "aside"
    key = stripped.lower()
    whole, prefixes, starts, inside = _furniture()
    for phrase in inside:
        if phrase in key:
            return "drop"
    key = key.rstrip(" :.")
    if key in whole:
        return whole[key]
    if key.startswith(starts):
        return next(action for phrase, action in prefixes if key.startswith(phrase))
    return None


def apply(doc: Document) -> Document:
    keep_surface, keep_text, asides = [], [], []
    offset = 0
    for surface_line, text_line in zip(doc.surface.split("\n"), doc.text.split("\n")):
        action = line_action(text_line)
        if action == "cut" and keep_text:
            break
        if action in (None, "aside"):
            kept = text_line.rstrip()
            if action == "aside":  # kept, for the people it names, and marked: it reports no event here
                asides.append((offset, offset + len(kept)))
            keep_surface.append(surface_line.rstrip())
            keep_text.append(kept)
            offset += len(kept) + 1
    doc.surface, doc.text = "\n".join(keep_surface), "\n".join(keep_text)
    doc.asides = asides
    return doc
