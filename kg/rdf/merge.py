"""Merge the triples of many articles into one consistent graph.

Articles agree on IRIs but may disagree on single-valued facts: three outlets
name one conference three ways, one calls it online and another hybrid. The
merge keeps one value, chosen from the articles' triples alone (so input order
never matters), and keeps the other names as `skos:altLabel`.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Iterable

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from kg.rdf.emit import Triple
from kg.rdf.namespace import VNKG

FORMAT_ORDER = ["hybrid", "online", "in-person"]  # hybrid says most: online and in person


def label_rank(support: int, value: str) -> tuple[int, int, str]:
    """The label kept is the lowest rank: most support, then the shorter, then the first."""
    return -support, len(value), value


def format_rank(value: str) -> tuple[int, str]:
    return FORMAT_ORDER.index(value) if value in FORMAT_ORDER else len(FORMAT_ORDER), value


def merge(articles: Iterable[set[Triple]]) -> set[Triple]:
    """The union of the articles' triples, with one label and one format per node,
    and each entity's `vnkg:articleCount` (how many articles mention it).

    The label kept is the one most articles give; ties go to the shorter, then
    the alphabetically first.
    """
    out: set[Triple] = set()
    support: Counter = Counter()
    mentioned: Counter = Counter()
    for triples in articles:
        out |= triples
        support.update((s, o) for s, p, o in triples if p == RDFS.label)
        mentioned.update({o for s, p, o in triples if p in (VNKG.mentions, VNKG.reports)})
    out |= {(node, VNKG.articleCount, Literal(n)) for node, n in mentioned.items()}
    labels: dict = defaultdict(list)
    formats: dict = defaultdict(list)
    for s, p, o in out:
        if p == RDFS.label:
            labels[s].append(o)
        elif p == VNKG.format:
            formats[s].append(o)
    for subject, values in labels.items():
        if len(values) < 2:
            continue
        keep = min(values, key=lambda lab: label_rank(support[(subject, lab)], str(lab)))
        for lab in values:
            if lab != keep:
                out.discard((subject, RDFS.label, lab))
                out.add((subject, SKOS.altLabel, lab))
        out.discard((subject, SKOS.altLabel, keep))
    for subject, values in formats.items():
        if len(values) > 1:
            keep = min(values, key=lambda v: format_rank(str(v)))
            out -= {(subject, VNKG.format, v) for v in values if v != keep}
    return out
