"""Organisations no table names, read from the shape of their name.

A head noun of kg/data/org_heads.tsv, capitalised, then the name: capitalised
syllables, each followed by at most two lower-case ones ("Ban Chỉ đạo Trung
ương", "Hội Liên hiệp Phụ nữ"), joined by "và"/"các" only before another
capital, and optionally "tỉnh X". The name stops at a word that is not part of
a name (về, của, tổ chức ...).

>>> from kg.gazetteer import load
>>> [n for _, _, n, _ in find_shaped("Sáng nay, Ban Chỉ đạo Trung ương về phòng, chống tham nhũng họp.", load())]
['Ban Chỉ đạo Trung ương']
"""
from __future__ import annotations

import re
from functools import cache
from importlib import resources

from kg.gazetteer import Knowledge, Lexicon
from kg.text import canonical

STOP = frozenset("về của tổ chức đã đang sẽ được là có với tại cho để trong theo nhằm do từ đến khi thì mà "
                 "này đó họp làm triển khai thực hiện phát biểu chủ trì dự tham lần thứ nhiệm khóa năm ngày sáng chiều".split())
LINKS = frozenset(("và", "các", "của"))
UNITS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận")
WORD = re.compile(r"[^\W\d_]+")


@cache
def _heads() -> dict[str, str]:
    text = resources.files("kg.data").joinpath("org_heads.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {canonical(r[0].strip()): r[1].strip() for r in rows}


@cache
def _head_lexicon() -> Lexicon:
    return Lexicon({head: [kind] for head, kind in _heads().items()}, case_sensitive=True)


def _unit_at(words: list[tuple[int, int, str]], i: int) -> int:
    """How many words of an administrative unit ("thành phố") start at word i (0 if none)."""
    for unit in UNITS:
        parts = unit.split()
        if [w for _, _, w in words[i:i + len(parts)]] == parts:
            return len(parts)
    return 0


def _name_end(text: str, pos: int) -> int:
    """Where the name that follows a head noun ending at `pos` stops (`pos` if there is none)."""
    found = WORD.finditer(text, pos, min(len(text), pos + 160))
    words: list[tuple[int, int, str]] = []  # read as far as needed: a name ends within a few words
    end = cursor = pos
    lower_run = capitals = i = 0
    while True:
        while len(words) < i + 3 and (m := next(found, None)):
            words.append((m.start(), m.end(), m.group(0)))
        if i >= len(words):
            break
        start, stop, word = words[i]
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        if text[cursor:start].strip():  # punctuation ends the name
            break
        unit = _unit_at(words, i) if capitals else 0
        if word[0].isupper():
            end = cursor = stop
            lower_run, capitals = 0, capitals + 1
        elif word in LINKS and nxt[:1].isupper() and (capitals or word != "của"):
            cursor = stop
        elif unit and i + unit < len(words) and words[i + unit][2][0].isupper():
            cursor = words[i + unit - 1][1]
            i += unit
            continue
        elif capitals and lower_run < 1 and word not in STOP:
            end = cursor = stop
            lower_run += 1
        else:
            break
        i += 1
    return end if capitals else pos


def _before_a_name(text: str, name_start: int, end: int, kb: Knowledge) -> int:
    """Cut a person's name off the end: "Ủy ban Đối ngoại Vũ Hải Hà" is a body, then a name."""
    words = [(m.start(), m.group(0)) for m in WORD.finditer(text, name_start, end)]
    for i in range(1, len(words)):
        rest = words[i:]
        if (rest[0][1] in kb.surnames and 2 <= len(rest) <= 5 and all(w[0].isupper() for _, w in rest)
                and not kb.province_lexicon.match_at(text, rest[0][0])
                and not kb.country_lexicon.match_at(text, rest[0][0])):
            return text.rindex(words[i - 1][1], 0, rest[0][0]) + len(words[i - 1][1])
    return end


def find_shaped(text: str, kb: Knowledge) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of each organisation read from its shape."""
    out: list[tuple[int, int, str, str]] = []
    for m in _head_lexicon().find(text):
        if out and m.start < out[-1][1]:
            continue  # "Đại học" inside "Trường Đại học ..."
        end = _name_end(text, m.end)
        end = _before_a_name(text, m.end, end, kb)
        if end > m.end:
            out.append((m.start, end, text[m.start:end], m.entries[0]))
    return out
