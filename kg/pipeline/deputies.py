"""National Assembly deputies named by the word "đại biểu" before their name (part of the people stage).

"đại biểu" is a form of address (kg/data/prefixes.tsv): at a congress it only says a person
was a delegate there. Two shapes make it the office of a deputy of the National Assembly:
- a delegation or province after the name: "đại biểu Nguyễn Thị Lan (Đoàn ĐBQH tỉnh Thái
  Bình)", "đại biểu A (Bắc Giang)": a deputy of that province;
- news of the Assembly itself, where the Assembly is named more often than any council
  whose members are also "đại biểu" (HĐND): "Đại biểu Lò Văn Khiêm cho rằng ..." in a report
  of a debate is a deputy, of a province the article does not say (no scope is guessed).
The assembly and the councils are read from the deputy titles of kg/data/roles.tsv.
"""
from __future__ import annotations

import re
from functools import cache

from kg.document import Document, Kind, Mention
from kg.gazetteer import Knowledge, RoleEntry, spellings

DEPUTY = re.compile(r"(?:^|(?<=\s))[Đđ]ại biểu\s+$")
DEPUTY_WORD = "Đại biểu "
DELEGATION = re.compile(r"\s*([(,])\s*(?:(?i:đoàn (?:ĐBQH|đại biểu Quốc hội))\s+)?(?:(?:tỉnh|thành phố|TP\.?)\s+)?")
DELEGATION_END = {"(": ")", ",": ").,;"}  # "(Đoàn ĐBQH tỉnh X)" or ", đoàn ĐBQH tỉnh X."
ASSEMBLY_TITLE = "Đại biểu Quốc hội"


@cache
def _deputy_entries(kb: Knowledge) -> list[RoleEntry]:
    return [r for r in kb.roles if r.title == ASSEMBLY_TITLE]  # of a province and of a city


@cache
def _assembly_words(kb: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The ways the Assembly is written ("Quốc hội", "ĐBQH"), and those of the other bodies whose
    members are called "đại biểu" (the first word of their deputy title: "HĐND", "Hội đồng nhân dân")."""
    own = {ASSEMBLY_TITLE[len(DEPUTY_WORD):]} | {v for e in _deputy_entries(kb) for v in e.variants}
    others = {r.title[len(DEPUTY_WORD):].split()[0] for r in kb.roles
              if r.title.startswith(DEPUTY_WORD) and r.title != ASSEMBLY_TITLE}
    def pattern(words: set[str]) -> re.Pattern[str]:
        forms = sorted({s for w in words for s in spellings(w)}, key=len, reverse=True)
        return re.compile("|".join(re.escape(f) for f in forms))
    return pattern(own), pattern(others)


def _assembly_news(doc: Document, kb: Knowledge) -> bool:
    """The article reports on the Assembly: it names it, and more often than a people's council."""
    own, others = _assembly_words(kb)
    count = len(own.findall(doc.text))
    return count > 0 and count > len(others.findall(doc.text))


def _delegation(doc: Document, person: Mention, kb: Knowledge) -> str | None:
    """The province of the delegation written right after the name, if any."""
    opened = DELEGATION.match(doc.text, person.end)
    place = kb.province_lexicon.match_at(doc.text, opened.end()) if opened else None
    close = doc.text[place.end:place.end + 1] if place else ""
    if place is None or not close or close not in DELEGATION_END[opened.group(1)]:
        return None
    if opened.group(1) == "," and "đoàn" not in opened.group(0).lower():
        return None  # "đại biểu A, tỉnh X" says where A is from, not that A is a deputy
    return place.entries[0].name


def add(doc: Document, people: list[Mention], kb: Knowledge) -> None:
    """Give the deputy's office to each name after "đại biểu" that one of the two shapes makes a deputy."""
    entries = _deputy_entries(kb)
    found: list[tuple[Mention, int, str | None]] = []
    for person in people:
        word = DEPUTY.search(doc.text[max(0, person.start - 12):person.start])
        start = person.start - len(word.group(0)) if word else -1
        if word and not any(r.start <= start < r.end for r in person.data["roles"]):
            found.append((person, start, _delegation(doc, person, kb)))  # not "Ban Công tác đại biểu A"
    placed = {person.key for person, _, province in found if province}
    bare = _assembly_news(doc, kb) if any(not p for _, _, p in found) else False
    for person, start, province in found:
        if province:
            data = {"entries": entries, "former": False, "province": province}
        elif bare and person.key not in placed:
            placed.add(person.key)  # one office, given once
            data = {"entries": [RoleEntry(ASSEMBLY_TITLE, "none", "")], "former": False}
        else:
            continue
        role = Mention(Kind.ROLE, start, person.start, ASSEMBLY_TITLE, doc.surface[start:person.start].strip(), data)
        person.data["roles"].insert(0, role)
