"""The lexicons' fast paths find exactly what their trie regexes find.

A lexicon served by a shared Aho-Corasick scan (`SharedScan`) must give, for any text and
span, the matches the regex gives (`Lexicon._search`: leftmost, longest at a start, on word
boundaries, none overlapping): the graph may not change by a byte when the scan does.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.gazetteer import Lexicon, SharedScan, load
from kg.pipeline.read import read_article
from kg.text import canonical

ARTICLES = Path(__file__).parent / "articles"

EDGES = [
    "Hà Nội, Hà Nam và Nam Định",  # a shorter name starts a longer one; one name ends a word before the next
    "Thành phố Hà Nộix và xHà Nội, HàNội",  # inside a word, either end: no hit
    "Hà Nội.Hà Nội-Hà Nội_Hà Nội",  # punctuation is a boundary, "_" is not a letter either
    "",
]


@pytest.fixture(scope="module")
def texts() -> list[str]:
    return EDGES + [canonical(read_article(p).text) for p in sorted(ARTICLES.glob("*.txt"))]


def _spans(text: str) -> list[tuple[int, int]]:
    """The whole text, and cuts that fall inside words and names as well as between them."""
    n = len(text)
    return [(0, n), (1, n), (0, max(0, n - 1)), (n // 3, n // 2), (5, 7), (n // 2, n)]


def test_a_case_sensitive_lexicon_on_a_shared_scan_finds_what_its_regex_finds():
    lexicon = Lexicon({"Hà Nội": ["city"], "Hà": ["word"], "Nam Định": ["province"], "Hà Nam": ["province"]},
                      case_sensitive=True)
    SharedScan([lexicon])
    assert lexicon.shared is not None
    found = [(m.start, m.end, m.entries) for m in lexicon.find(EDGES[0])]
    assert found == [(0, 6, ["city"]), (8, 14, ["province"]), (18, 26, ["province"])]
    # "Hà Nộix": the longer phrase runs into a word, the shorter one ends on a boundary; "xHà", "HàNội": none
    assert [(m.start, m.end) for m in lexicon.find(EDGES[1])] == [(10, 12)]
    assert [(m.start, m.end) for m in lexicon.find(EDGES[0], 1, 20)] == [(8, 14)]  # a span cut inside names
    # a span's end is a boundary, as re's endpos is: "Hà Nộix" read up to "x" holds "Hà Nội"
    assert [(m.start, m.end) for m in lexicon.find("Hà Nộix", 0, 6)] == [(0, 6)]


def test_names_written_with_capitals_share_one_scan(texts):
    kb = load()
    cased = [kb.province_lexicon, kb.country_lexicon, kb.acronym_lexicon, kb.head_lexicon]
    assert {lexicon.shared[0] for lexicon in cased if lexicon.shared} == {kb.cased_scan}
    assert all(lexicon.shared is not None for lexicon in cased)
    for lexicon in cased:
        for text in texts:
            for start, end in _spans(text):
                regex = list(lexicon._search(text, start, end))
                assert list(lexicon.find(text, start, end)) == regex
                assert list(lexicon.find_capitalised(text, start, end)) == regex


def test_lower_case_lexicons_on_the_shared_scan_find_what_their_regexes_find(texts):
    """Titles, bodies, verbs, event nouns: the whole text, sentence-like spans, and the inside of
    each body found (where `_organizations` looks for a body named inside a longer one)."""
    kb = load()
    for lexicon in (kb.org_lexicon, kb.role_lexicon, kb.verb_lexicon, kb.event_lexicon):
        assert lexicon.shared[0] is kb.shared_scan
        for text in texts:
            lowered = text.lower()
            for start, end in _spans(text):
                assert list(lexicon.find(text, start, end)) == list(lexicon._search(lowered, start, end))
                capitalised = list(lexicon.find_capitalised(text, start, end))
                assert capitalised == [m for m in lexicon._search(lowered, start, end) if text[m.start].isupper()]
            for m in lexicon.find_capitalised(text):
                inner = list(lexicon.find_capitalised(text, m.start + 1, m.end))
                assert inner == [i for i in lexicon._search(lowered, m.start + 1, m.end) if text[i.start].isupper()]
