"""The merge rules: which of the articles' values a node keeps.

Articles agree on IRIs but may disagree on single-valued facts: three outlets
name one conference three ways, one calls it online and another hybrid. The
merge (`kg.spool.StreamMerge`, the one engine of every build) keeps one value,
chosen from the articles' triples alone (so input order never matters), and
keeps the other names as `skos:altLabel`.
"""
from __future__ import annotations

FORMAT_ORDER = ["hybrid", "online", "in-person"]  # hybrid says most: online and in person


def label_rank(support: int, value: str) -> tuple[int, int, str]:
    """The label kept is the lowest rank: most support, then the shorter, then the first."""
    return -support, len(value), value


def format_rank(value: str) -> tuple[int, str]:
    return FORMAT_ORDER.index(value) if value in FORMAT_ORDER else len(FORMAT_ORDER), value
