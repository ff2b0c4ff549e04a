"""Role titles as the news writes them: the shapes around a title the tables cannot list.

The `mentions` stage finds each title of roles.tsv; these helpers read what is
written with it: a term ("khóa XIV"), a district or a city inside a province, a
foreign country, the one party committee an article is about, and whether a
former-word ("nguyên", "thôi giữ chức", title_links.tsv) stands before it.

>>> from kg.gazetteer import load
>>> district_after(" Huyện ủy Bố Trạch Lê Văn Bảo", 9, load())
('Bố Trạch', 18)
"""
from __future__ import annotations

import re
from functools import cache

from kg.document import Document, Kind
from kg.gazetteer import Knowledge, RoleEntry, load, lower
from kg.text import UPPER, occurrences

CAPITALISED_RUN = re.compile(rf"[ \t]+((?:{UPPER}[^\W\d_]*)(?:[ \t]+{UPPER}[^\W\d_]*)*)")


def district_after(text: str, end: int, kb: Knowledge) -> tuple[str, int] | None:
    """The district named after a district title: "Bí thư Huyện ủy Bố Trạch Lê Văn Bảo".

    The capitalised words after the title are the district and then, from the last
    family name that leaves two to four words, the person's name.
    """
    m = CAPITALISED_RUN.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    split = len(words)
    for i in range(len(words) - 1, 0, -1):
        if words[i] in kb.surnames and 2 <= len(words) - i <= 4:
            split = i
            break
    if split == len(words) and len(words) > 4:
        split = len(words) - 3
    if words[0] in kb.surnames and split == len(words) and len(words) <= 4:
        return None  # only a name follows
    district = " ".join(words[:split])
    return (district, m.start(1) + len(district)) if district else None


DISTRICT_WORD = re.compile(r"(?<![^\W_])(?:huyện|quận|thị xã|Huyện ủy|Quận ủy|Thị ủy)(?=[ \t]+[A-ZĐ])", re.I)


def district_before(doc: Document, pos: int) -> str | None:
    """The district a district title written without its name belongs to ("Phó Bí thư Huyện ủy"):
    the last district the article names before it ("huyện Hóc Môn", "Huyện ủy Bố Trạch")."""
    kb = load()
    found = None
    for m in DISTRICT_WORD.finditer(doc.text, 0, pos):
        after = district_after(doc.text, m.end(), kb)
        if after and after[1] <= pos and not kb.province_lexicon.match_at(doc.text, m.end() + 1):
            found = after[0]
    return found


SUB_UNIT = re.compile(r"[ \t]+(?:xã|phường|thị trấn|quận|huyện|thị xã|Q\.|P\.)(?![^\W_])", re.I)
TERM = re.compile(r"[ \t]+(?:khóa|nhiệm kỳ)[ \t]+(?:[IVXLC]+\b|\d+(?:[ \t]*[-–][ \t]*\d+)?)", re.I)
UNIT_TAIL = re.compile(r"(?:TP|thành phố|tỉnh)$", re.I)


def term_end(text: str, end: int) -> int:
    """Past a term written with a title ("Bí thư Tỉnh ủy khóa 19", "Trưởng Đoàn ĐBQH khóa XIV tỉnh X")."""
    m = TERM.match(text, end)
    return m.end() if m else end


HOME_COUNTRY = "Việt Nam"


def _country_at(doc: Document, end: int, kb: Knowledge):
    """The country written right after a title, not a province that starts with a country's name ("Lào Cai")."""
    if doc.text[end:end + 1] != " " or not doc.text[end + 1:end + 2].isupper():
        return None
    c = kb.country_lexicon.match_at(doc.text, end + 1)
    p = kb.province_lexicon.match_at(doc.text, end + 1) if c else None
    return None if not c or (p and p.end > c.end) else c


def country_after(doc: Document, end: int, kb: Knowledge) -> tuple[str, int] | None:
    """A foreign country written right after a title ("Thủ tướng Singapore")."""
    c = _country_at(doc, end, kb)
    return None if not c or c.entries[0].name == HOME_COUNTRY else (c.entries[0].name, c.end)


def home_country_end(doc: Document, end: int, kb: Knowledge) -> int | None:
    """Where "Việt Nam" written right after a title ends: foreign-affairs news names the country of
    our own offices too ("Thủ tướng Việt Nam A", "Bộ trưởng Quốc phòng Việt Nam B"), and the
    word belongs to the title, not between it and the name it leads."""
    c = _country_at(doc, end, kb)
    return c.end if c and c.entries[0].name == HOME_COUNTRY else None


CITY_UNIT = re.compile(r"[ \t]+(?:TP\.?|thành phố)(?=[ \t])")


def provincial_city(doc: Document, start: int, end: int, entries: list[RoleEntry],
                     kb: Knowledge) -> tuple[tuple[str, int], list[RoleEntry]] | None:
    """A city's title with the city written after its unit word and not a province ("Chủ tịch UBND
    TP Biên Hòa", "Bí thư Thành ủy thành phố Vinh"): the city's office, like a district's."""
    cities = [e for e in entries if e.scope == "province" and e.unit == "thành phố"]
    if not cities:
        return None
    unit = None if UNIT_TAIL.search(doc.text, start, end) else CITY_UNIT.match(doc.text, end)
    if unit is None and not UNIT_TAIL.search(doc.text, start, end):
        return None
    at = unit.end() if unit else end
    if doc.text[at:at + 1] == ".":
        at += 1
    found = district_after(doc.text, at, kb)
    if not found or found[0].split()[0] in kb.surnames:
        return None
    return found, [RoleEntry(e.title, "district", e.body.replace("{province}", "{district}"), e.unit) for e in cities]


LOWER_COMMITTEES = ("huyện ủy", "quận ủy", "thị ủy", "đảng ủy", "chi bộ", "đảng đoàn", "ban cán sự")


def only_committee(doc: Document, kb: Knowledge) -> str | None:
    """The province of the one provincial party committee an article names, when it names no
    other party body a bare "Bí thư" could lead ("Huyện ủy", "Đảng ủy", "chi bộ")."""
    memo = doc._memo.setdefault("only_committee", {})
    if "found" not in memo:
        committees = {m.key for m in doc.mentions if m.kind is Kind.ORGANIZATION
                      and m.key.split(" ", 2)[:2] in (["Tỉnh", "ủy"], ["Thành", "ủy"])}
        text = lower(doc.text)
        alone = len(committees) == 1 and not any(word in text for word in LOWER_COMMITTEES)
        province = next(iter(committees)).split(" ", 2)[2] if alone else None
        memo["found"] = province if province in kb.provinces else None
    return memo["found"]


def name_follows(doc: Document, end: int, kb: Knowledge) -> bool:
    """A capitalised family name right after a title: the title leads a name."""
    m = re.compile(r"[ \t]+([^\W\d_]+)").match(doc.text, end)
    return bool(m and m.group(1)[:1].isupper() and m.group(1) in kb.surnames)


def fitting(entries: list[RoleEntry], data: dict, kb: Knowledge) -> list[RoleEntry]:
    """The entries that fit what is written after the title: a spelling that needs a province or
    country keeps its entry only with one; a found province picks its unit's entry."""
    province = data.get("province")
    if not province and not any(e.needs for e in entries):
        return entries  # most titles: nothing to choose
    kept = [e for e in entries if not e.needs or e.needs in data]
    if province:
        unit = kb.provinces[province].kind
        kept = [e for e in kept if not e.unit or e.unit == unit] or kept
    return kept


@cache
def former_pattern(kb: Knowledge) -> re.Pattern[str]:
    """A word that makes the title after it one no longer held, alone ("nguyên Bộ trưởng") or
    before a verb that gives it ("thôi giữ chức", "từng làm"): title_links.tsv."""
    def words(kind: str) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(kb.title_links.get(kind, ()), key=len,
                                                                             reverse=True))
    return re.compile(rf"(?:{words('former')})\s+(?:(?:là|{words('cue')})\s+)?")


@cache
def _former_firsts(kb: Knowledge) -> tuple[str, ...]:
    return tuple(sorted({lower(w.split()[0]) for w in kb.title_links.get("former", ())}))


def former_ends(doc: Document, kb: Knowledge) -> set[int]:
    """Where a former-word (and its verb) ends: a title starting there is no longer held. Found
    once an article, from where its first words stand (`str.find` runs far ahead of a regex
    whose first letters "n", "t", "c" open half the syllables of the language)."""
    if "former_ends" not in doc._memo:
        low, pattern, ends = lower(doc.text), former_pattern(kb), set()
        for first in _former_firsts(kb):
            for at in occurrences(low, first):
                m = None if at and low[at - 1].isalnum() else pattern.match(low, at)
                if m:
                    ends.add(m.end())
        doc._memo["former_ends"] = ends
    return doc._memo["former_ends"]


@cache
def department_pattern(kb: Knowledge) -> re.Pattern[str]:
    """A department head, the department's noun and the words after it."""
    heads = "|".join(rf"{re.escape(lower(h))}[ \t]+{re.escape(lower(d))}"
                     for h, d in sorted(kb.department_heads.items(), key=lambda hd: -len(hd[0])))
    return re.compile(rf"({heads})((?:[ \t]+[^\W_]+)+)")  # matched on lower-cased text: literals, fast


DEPUTY_HEAD = re.compile(r"(?:^|(?<=\s))phó[ \t]+$")


PARENT_LINK = re.compile(r"\s*(?:,|-|–|—|\(|của|thuộc)?\s*")


def department_name(words: list[str]) -> list[str]:
    """The first word in any case, then the lower-case words: "Đào tạo bồi dưỡng cán bộ" of
    "Đào tạo bồi dưỡng cán bộ Bộ Nội vụ"."""
    kept = words[:1]
    for w in words[1:]:
        if not (w[:1].islower() or w.isdigit()):
            break
        kept.append(w)
    return kept
