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

from kg.gazetteer import Knowledge, Lexicon, load
from kg.tables import rows
from kg.text import LOWER, UPPER, canonical

STOP = frozenset("về của tổ chức đã đang sẽ được là có với tại cho để trong theo nhằm do từ đến khi thì mà "
                 "này đó họp làm triển khai thực hiện phát biểu chủ trì dự tham lần thứ nhiệm khóa năm ngày sáng chiều "
                 # words that go on with the sentence, never with a name ("Tập đoàn X cũng ...")
                 "và các ở cũng vừa vẫn đều nói nhận cho biết một những sau trước".split())
LINKS = frozenset(("và", "các", "của"))
JOINS = (",", "-", "–")
LISTING_HEADS = ("Ủy ban", "Ban", "Hội đồng")  # "Ủy ban Tài chính, Ngân sách": a committee's fields
NOT_JOINED = frozenset(("Ảnh", "Tổ", "Ông", "Bà", "Theo"))  # a caption, a new group, a person
# "Ủy ban Văn hóa, giáo dục, thanh niên, thiếu niên và nhi đồng của Quốc hội": a list in lower
# case that ends with the body the name belongs to
LISTED_TO_OWNER = re.compile(rf",\s+(?:{LOWER}+(?:\s+{LOWER}+)?\s*,\s+){{0,6}}{LOWER}+(?:\s+{LOWER}+)?"
                             rf"\s+và\s+{LOWER}+(?:\s+{LOWER}+)?\s+của\s+(?={UPPER})")
UNITS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận")
UNIT_FIRST = frozenset(u.split()[0] for u in UNITS)
WORD = re.compile(r"[^\W\d_]+")


def _rows() -> list[list[str]]:
    return rows("org_heads.tsv")


@cache
def _name_heads() -> frozenset[str]:
    """Heads that are also syllables of people's or places' names ("Đoàn", "Trường")."""
    return frozenset(canonical(r[0]) for r in _rows() if len(r) > 2 and r[2] == "name")


def _head_lexicon() -> Lexicon:
    """The head nouns of org_heads.tsv (built with the other lexicons: it shares their scan of the text)."""
    return load().head_lexicon


def _unit_at(words: list[tuple[int, int, str]], i: int) -> int:
    """How many words of an administrative unit ("thành phố") start at word i (0 if none)."""
    for unit in UNITS:
        parts = unit.split()
        if [w for _, _, w in words[i:i + len(parts)]] == parts:
            return len(parts)
    return 0


@cache
def _title_words(kb: Knowledge) -> frozenset[str]:
    """First words of role titles ("Phó", "Bí thư", "Chủ tịch"): after a comma they begin a title."""
    return frozenset(r.title.split()[0] for r in kb.roles)


def _joins(text: str, pos: int, kb: Knowledge) -> bool:
    """A capitalised word after a comma or a dash goes on with the name, not a new name:
    not a head ("Bộ Tài chính, Bộ Công an"), a title, a family name or a place."""
    words = text[pos:pos + 30].split()
    word = words[0] if words else ""
    if not word[:1].isupper() or word.isupper() or word in NOT_JOINED or len(words) < 2 or not words[1][:1].islower():
        return False  # a part of a name is a capitalised word and a lower-case one: "Ngân sách"
    return not (_head_lexicon().match_at(text, pos) or word in _title_words(kb)
                or kb.prefix_lexicon.match_at(text, pos) or word in kb.surnames
                or kb.province_lexicon.match_at(text, pos) or kb.country_lexicon.match_at(text, pos))


@cache
def _place_last_words(kb: Knowledge) -> frozenset[str]:
    """Last words of the provinces' and countries' names of two words or more ("Nội", "Nam")."""
    names = [*kb.province_lexicon.entries, *kb.country_lexicon.entries]
    return frozenset(n.split()[-1] for n in names if " " in n)


def _after_a_place(text: str, words: list[tuple[int, int, str]], i: int, kb: Knowledge) -> bool:
    """Word i follows a province or country, which ends a body's name ("... Hà Nội gây")."""
    if i < 2 or words[i - 1][2] not in _place_last_words(kb):
        return False
    for k in (2, 3):
        if i - k < 0:
            break
        for lex in (kb.province_lexicon, kb.country_lexicon):
            m = lex.match_at(text, words[i - k][0])
            if m and m.end == words[i - 1][1] and " " in text[m.start:m.end]:  # not "Pháp" of "Pháp luật"
                return True
    return False


def _name_end(text: str, pos: int, kb: Knowledge, head: str = "") -> int:
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
        gap = text[cursor:start].strip()
        if "\n" in text[cursor:start]:
            break  # a line ends a name: "Hội đồng Liên bang Nga\nChủ tịch ..." is a body, then a new line
        if gap:  # punctuation ends the name, unless it joins its parts ("Tài chính - Ngân sách")
            listed = LISTED_TO_OWNER.match(text, cursor) if capitals and gap == "," else None
            owner = kb.org_lexicon.match_at(text, listed.end()) if listed else None
            if owner:
                return owner.end
            if not (capitals and gap in JOINS and (gap != "," or head in LISTING_HEADS) and _joins(text, start, kb)):
                break
        unit = _unit_at(words, i) if capitals and word in UNIT_FIRST else 0
        if word == "TP" and capitals and nxt[:1].isupper():
            cursor = stop + (text[stop:stop + 1] == ".")  # "... Việt Nam TP. HCM": the city's branch
            i += 1
            continue
        if word[0].isupper() and nxt[:1].isupper() and capitals and _after_a_place(text, words, i, kb):
            break  # a place ends a body's name: "Nội các Triều Tiên Kim Jae Ryong" is a body, then a man
        if word[0].isupper():
            end = cursor = stop
            lower_run, capitals = 0, capitals + 1
        elif word == "và" and nxt[:1].isupper() and (_head_lexicon().match_at(text, words[i + 1][0])
                                                     or nxt in _title_words(kb)):
            break  # "... và Đoàn Thanh niên", "... và Bí thư ...": something new
        elif word in LINKS and nxt[:1].isupper() and (capitals or word != "của"):
            cursor = stop
        elif unit and i + unit < len(words) and words[i + unit][2][0].isupper():
            cursor = words[i + unit - 1][1]
            i += unit
            continue
        elif capitals and lower_run < 1 and word not in STOP and not _after_a_place(text, words, i, kb):
            end = cursor = stop  # "Hội Liên hiệp", not "Cục Đăng kiểm Việt Nam quyết"
            lower_run += 1
        else:
            break
        i += 1
    return end if capitals else pos


def _before_a_name(text: str, name_start: int, end: int, kb: Knowledge) -> int:
    """Cut a person's name off the end: "Ủy ban Đối ngoại Vũ Hải Hà" is a body, then a name,
    and so is "... Vũ Hải Hà trình" (a verb after the name). Only a name: `name_start`."""
    words = [(m.start(), m.group(0)) for m in WORD.finditer(text, name_start, end)]
    if len(words) > 3 and words[-1][1][0].islower() and all(w[0].isupper() for _, w in words[-4:-1]):
        words = words[:-1]  # a verb after a three-word name; not "niên" of "Đoàn Thanh niên"
    for i in range(0, len(words)):
        rest = words[i:]
        if (rest[0][1] in kb.surnames and 2 <= len(rest) <= 5 and all(w[0].isupper() for _, w in rest)
                and not kb.province_lexicon.match_at(text, rest[0][0])
                and not kb.country_lexicon.match_at(text, rest[0][0])):
            kept = [w for w in words[:i]]
            while kept and kept[-1][1] in LINKS:
                kept.pop()
            return text.rindex(kept[-1][1], 0, rest[0][0]) + len(kept[-1][1]) if kept else name_start
    return end


def _inside_a_place(text: str, pos: int, kb: Knowledge) -> bool:
    """A head right after a capitalised word that starts a place name holding it ("Tây Ban Nha")."""
    if pos < 2 or text[pos - 1] != " " or not text[pos - 2].isalpha():
        return False
    start = pos - 2
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    if not text[start:start + 1].isupper():
        return False
    return any((m := lex.match_at(text, start)) and m.end > pos for lex in (kb.country_lexicon, kb.province_lexicon))


def _only_capitals(text: str, start: int, end: int) -> bool:
    """The name is capitalised words only, up to a link ("Trường Sa của Việt Nam"): a name, not a body's."""
    words = WORD.findall(text, start, end)
    lower = next((i for i, w in enumerate(words) if not w[0].isupper()), len(words))
    head = words[:lower]
    return (0 < len(head) <= 3 and all(not w.isupper() for w in head)
            and (lower == len(words) or words[lower] in LINKS))


def find_shaped(text: str, kb: Knowledge) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of each organisation read from its shape."""
    out: list[tuple[int, int, str, str]] = []
    for m in _head_lexicon().find(text):
        if out and m.start < out[-1][1]:
            continue  # "Đại học" inside "Trường Đại học ..."
        if _inside_a_place(text, m.start, kb):
            continue  # "Ban" of "Tây Ban Nha"
        end = _name_end(text, m.end, kb, text[m.start:m.end])
        end = _before_a_name(text, m.end, end, kb)
        if m.entries[0] and text[m.start:m.end] in _name_heads() and _only_capitals(text, m.end, end):
            continue  # "Đoàn Hồng Phong" is a man, "Trường Sa" islands
        if end > m.end:
            out.append((m.start, end, text[m.start:end], m.entries[0]))
    return out
