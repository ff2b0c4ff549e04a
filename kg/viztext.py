"""What the explorer page writes about a node or a link, kept short enough to read.

A label fits the canvas (a conference's name can run to 150 characters), and a
tooltip quotes a few sentences and counts the rest, and lists a few of the dates a
title was held on (a leader can be named in hundreds of articles).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from rdflib import Graph

from kg.rdf.namespace import PROV, VNKG

LABEL_WIDTH = 40  # characters a node's label may take on the canvas; the full name is in its tooltip
EVIDENCE_SHOWN = 3  # sentences a tooltip or the details box quotes; the others are counted


def short_label(text: str, width: int = LABEL_WIDTH) -> str:
    """A label the canvas can draw: a conference's name can run to 150 characters, which covers the
    graph. It is cut at a word near `width` with "…"; the tooltip and details keep the full name."""
    if len(text) <= width:
        return text
    cut = text[:width - 1]
    word = cut.rsplit(" ", 1)[0]
    return (word if len(word) >= width // 2 else cut).rstrip(" ,;:-–—") + "…"


def _source(g: Graph, fact) -> str:
    return ", ".join(sorted(str(g.value(a, VNKG.sourceFile) or a) for a in g.objects(fact, PROV.wasDerivedFrom)))


@dataclass(frozen=True, order=True)
class Said:
    """One article's word for a link: when, the sentence, where (sorted by date, newest last)."""

    day: str  # ISO date, "" when the article gives none
    sentence: str
    source: str


def said_by(g: Graph, fact, day: dt.date | None) -> Said:
    return Said(day.isoformat() if day else "", str(g.value(fact, VNKG.evidence) or ""), _source(g, fact))


def quoted(said: Iterable[Said]) -> list[str]:
    """The newest few sentences, each with its source, then how many more: quoting every article made
    one leader's tooltip 32,572 characters long."""
    latest = {(s.sentence, s.source): s for s in sorted(said)}  # one sentence, dated two ways: once
    newest = sorted(latest.values(), reverse=True)
    lines = [line for s in newest[:EVIDENCE_SHOWN]
             for line in (f"“{s.sentence}”", f"nguồn: {s.source}{', ' + s.day if s.day else ''}")]
    more = len(newest) - EVIDENCE_SHOWN
    return lines + ([f"… và {more} câu khác (and {more} more)"] if more > 0 else [])


def days_held(days: set[str]) -> str:
    """The dates a title was held on: a handful in full, many as first … last and how many."""
    ordered = sorted(days)
    if len(ordered) <= EVIDENCE_SHOWN:
        return ", ".join(ordered)
    return f"{ordered[0]} … {ordered[-1]}, {len(ordered)} ngày"
