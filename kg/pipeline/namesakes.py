"""One person, one key within an article: nested spans, short forms, typos, aliases.

Helpers of the `people` stage, run once its names are found: "Nghị" inside "Vương
Nghị" is no name of its own, "Tổng thống Trump" is "Donald Trump" where the article
writes both, "Lê Tấn Tài" once among "Lê Tuấn Tài" is a typo, and "Sáu Dân (Cố Thủ
tướng Võ Văn Kiệt)" is one man.

>>> one_typo_apart("Lê Tuấn Tài", "Lê Tấn Tài"), one_typo_apart("Lê Văn Hải", "Lê Văn Hà")
(True, False)
"""
from __future__ import annotations

import re

from kg.document import Document, Kind, Mention
from kg.pipeline.names import bare, head_before


def outermost(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Drop a span inside another ("Nghị" in "Vương Nghị"); `spans` is sorted."""
    out: list[tuple[int, int]] = []
    for span in sorted(spans, key=lambda s: (s[0], -s[1])):
        if not out or span[1] > out[-1][1]:
            out.append(span)  # spans that only overlap are kept: neither holds the other
    return out


def full_names(people: list[Mention]) -> None:
    """A name written short takes the one full name of the article it starts or ends.

    "Tổng thống Trump" after "Donald Trump", "ông Tuấn Anh" after "Trần Tuấn Anh": only names
    that do not start with a family name (`foreign`) are short forms.
    """
    full = {tuple(p.key.split()) for p in people if not p.data["foreign"] or " " in p.key}
    for person in people:
        if not person.data["foreign"]:
            continue
        short = tuple(person.key.split())
        n = len(short)
        longer = {k for k in full if len(k) > n and (k[:n] == short or k[-n:] == short)}
        if len(longer) == 1:
            person.key = " ".join(longer.pop())


def misspelt(people: list[Mention]) -> None:
    """ "Lê Tuấn Tài" and, once, "Lê Tấn Tài": one middle syllable a letter apart is a typo.

    The name written more often (else first) is the key; the family and given names must match.
    """
    counts: dict[str, int] = {}
    for person in people:
        if not person.data["foreign"]:
            counts[person.key] = counts.get(person.key, 0) + 1
    blocks: dict[tuple[str, str, int], list[str]] = {}  # only names of one family, given name and length can match
    for key in counts:
        words = key.split()
        if len(words) >= 3:  # a typo is in a middle syllable
            blocks.setdefault((words[0], words[-1], len(words)), []).append(key)
    for keys in blocks.values():
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                if one_typo_apart(a, b):
                    short, main = (a, b) if counts[a] < counts[b] else (b, a)
                    for person in people:
                        if person.key == short:
                            person.key = main


ALIAS_GAP = re.compile(r"[ \t]*[(][ \t]*(?:tức|bí danh|còn gọi là)?[ \t]*(?:ông|bà)?[ \t]*[\"“]?[ \t]*$"
                       r"|[ \t]*[(](?P<title>[^()\n]{3,60}?)$")
ALIAS_CLOSE = re.compile(r"[ \t]*[\"”]?[ \t]*[)]")


def aliases(doc: Document, people: list[Mention], low: str, covered: list[tuple[int, int]]) -> None:
    """A name in parentheses right after another is the same person: one key for both.

    "Lê Văn An (tức Sáu An)": the second is an alias. "ông Sáu An (nguyên Bộ trưởng
    Lê Văn An)": a title in the parentheses says the second is the name, the first the alias.
    """
    same: dict[str, str] = {}  # alias -> name
    for first, second in zip(people, people[1:]):
        gap = ALIAS_GAP.match(doc.text[first.end:second.start])
        if not gap or not ALIAS_CLOSE.match(doc.text, second.end) or first.key == second.key:
            continue
        if gap.group("title") is None:
            same[second.key] = first.key
        elif head_before(doc.text, low, second.start, covered):
            same[first.key] = second.key
    for person in people:
        person.key = same.get(person.key, person.key)


def drop_inside(doc: Document, people: list[Mention], soft: dict[int, Mention]) -> None:
    """A place or body written inside a name is part of the name ("Trương Hòa Bình").

    Only a province, country or shaped body (`soft`) can be inside a name: any other
    mention ends it.
    """
    inner = {id(soft[pos]) for p in people for pos in range(p.start, p.end) if pos in soft
             and (pos > p.start or soft[pos].kind is Kind.ORGANIZATION)}
    if inner:
        doc.mentions = [m for m in doc.mentions if id(m) not in inner]


def one_typo_apart(a: str, b: str) -> bool:
    """Two Vietnamese names alike but for one middle syllable, a letter apart without marks."""
    x, y = a.split(), b.split()
    if len(x) != len(y) or len(x) < 3 or x[0] != y[0] or x[-1] != y[-1]:
        return False
    differ = [(p, q) for p, q in zip(x[1:-1], y[1:-1]) if p != q]
    return len(differ) == 1 and one_edit(bare(differ[0][0]), bare(differ[0][1]))


def one_edit(p: str, q: str) -> bool:
    """At most one letter added, dropped or changed."""
    if abs(len(p) - len(q)) > 1:
        return False
    if len(p) == len(q):
        return sum(c != d for c, d in zip(p, q)) <= 1
    short, long_ = (p, q) if len(p) < len(q) else (q, p)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))
