"""Stage: find officials, and which titles each one holds in the text.

A Vietnamese name is a family name (kg/data/surnames.txt) and one to four more
capitalised syllables; a foreign one is any capitalised run where the context says a
name follows: after a form of address ("Đức - ông Guido Hildner"), a foreign office
("Tổng thống Emmanuel Macron"), a country inside a title. Each place a name is written
gives evidence (kg/pipeline/names.py, kg/data/name_cues.tsv): strong when a title,
rank or "đồng chí"/"ông"/"bà" stands right before it; weak when a title head stands
earlier in the clause or a title follows; a place when "huyện", "đường" ... stands
before it. A name is a person when it has strong evidence somewhere, or weak and never
a place's; then every other place it is written counts too. One person keeps one key
in an article (kg/pipeline/namesakes.py: "Trump" after "Donald Trump", typos, aliases).

Titles attach to a name in these shapes (the links are data: kg/data/title_links.tsv):
- before it, as a comma list: "Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy Nguyễn Mạnh Cường";
- after it, behind a dash or comma: "Đỗ Minh Tuấn - Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh";
- given by a verb after it: "Lê Văn A được bầu làm Bí thư Tỉnh ủy";
- listed after a plural title: "các Phó Thủ tướng A, B", "các đại sứ của Úc - bà C".
A title followed by another name belongs to that name ("A, Bộ trưởng X B").
Ranks and academic titles (kg/data/prefixes.tsv) are neither name nor role.

>>> from kg.pipeline import run
>>> doc = run("t.txt", "Thượng tướng Hoàng Văn An - Thứ trưởng Bộ Quốc phòng phát biểu.")
>>> [(m.key, [r.key for r in m.data["roles"]]) for m in doc.of_kind(Kind.OFFICIAL)]
[('Hoàng Văn An', ['Thứ trưởng Bộ Quốc phòng'])]
"""
from __future__ import annotations

import bisect
import itertools
import re
from functools import cache
from typing import Iterator

from kg.text import UPPER, occurrences, space_back
from kg.document import KIND_ORDER, Document, Kind, Mention
from kg.gazetteer import Knowledge, load, lower, trie_pattern, word_hits
from kg.pipeline import deputies, names, namesakes

REQUIRES = ("text", "surface", "mentions")
ASSIGNS = ("mentions",)

TOKEN = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\S")


def _links(kind: str, kb: Knowledge) -> str:
    """The links of one kind of title_links.tsv as one alternation; "<space>" is an empty link."""
    links = sorted(load().title_links.get(kind, ()), key=len, reverse=True)
    special = {"<space>": "", "<number>": r"\d+"}
    patterns = [special.get(link, r"\s+".join(map(re.escape, link.split()))) for link in links]
    return "|".join(sorted(patterns, key=lambda p: not p))  # the empty link last: it always matches


def _gap(*kinds: str) -> re.Pattern[str]:
    """A whole gap between a name and a title, or two titles: one link of these kinds, and a word
    that marks the next title as former ("..., nguyên Bộ trưởng X") or new ("tân"), which the list goes through."""
    words = f"{_links('former', load())}|{_links('modifier', load())}"
    return re.compile(rf"^\s*(?:{'|'.join(_links(k, load()) for k in kinds)})\s*(?:(?:{words})\s+)?$")


CHAIN_SEP = _gap("between")
POST_SEP = _gap("after_name")
CHAIN_SEP_POST = _gap("between", "after_list")
# one title the tables do not know, in a list after a name: lower case or with an abbreviation
UNKNOWN_TITLE = re.compile(rf"^\s*(?:{_links('between', load())}|[-–—,(])\s*[^\W\d_][^,;.()\n]{{0,50}}?"
                           r"\s*(?:,|-|–|—)\s*$"
                           r"|^[ \t]+(?:[A-ZĐ&]{2,8}[ \t]*)+(?:,|-|–|—)\s*$")  # or an abbreviation left: " TU, "
# a caption's note may stand first: "Ông A (phải) nhận quyết định về làm Phó Bí thư Tỉnh ủy"
# a form of address starts another person: ", ông Lê Văn A - Thành ủy viên" is no unknown title
ADDRESSES = [re.escape(p) for p, kind in load().prefixes.items() if kind == "address"]
ADDRESS = re.compile(rf"(?<![^\W_])(?:{'|'.join(ADDRESSES)})\s")
APPOINTED = re.compile(rf"^[\s,)\-–—]*(?:\([^()A-ZĐ]{{1,20}}\)\s*)?(?:[^\W\dA-ZĐ][^\W\d]*\s+){{0,4}}?"
                       rf"(?:{_links('cue', load())})\s+$")


@cache
def _prefix_pattern(kb: Knowledge) -> re.Pattern[str]:
    forms = {form for p in kb.prefixes for form in (p, p[:1].upper() + p[1:])}  # "đồng chí" opens a sentence too
    words = trie_pattern(sorted(forms))  # the longest form first, read a letter at a time
    return re.compile(rf"(?:(?<![^\W_])(?:{words})(?![^\W_])\s*)")


@cache
def _prefix_run(kb: Knowledge) -> re.Pattern[str]:
    return re.compile(rf"\s*{_prefix_pattern(kb).pattern}*")


@cache
def _prefix_ends(kb: Knowledge) -> dict[str, tuple[str, ...]]:
    """The prefixes by their last word, as written and capitalised ("chí" -> "đồng chí", "các đồng chí")."""
    by_last: dict[str, set[str]] = {}
    for p in kb.prefixes:
        for form in (p, p[:1].upper() + p[1:]):
            by_last.setdefault(form.split()[-1], set()).add(form)
    return {last: tuple(sorted(forms, key=len, reverse=True)) for last, forms in by_last.items()}


def _prefix_end(doc: Document, pos: int, kb: Knowledge) -> int:
    """Skip ranks, academic titles and forms of address starting at `pos`."""
    m = _prefix_run(kb).match(doc.text, pos)
    return m.end() if m else pos


def _prefixed(text: str, start: int, kb: Knowledge) -> bool:
    """A rank, academic title or form of address ends right before `start` (looked up by its last word)."""
    before = text[max(0, start - 40):start].rstrip()
    last = before.rsplit(None, 1)[-1] if before else ""
    for form in _prefix_ends(kb).get(last, ()):
        if before.endswith(form) and not before[-len(form) - 1:-len(form)].isalnum():
            return True
    return False


def _name_at(doc: Document, pos: int, kb: Knowledge, blocked: set[int], foreign: bool,
             soft: dict[int, Mention] | None = None) -> tuple[int, int] | None:
    """The name starting at `pos`: a family name and more capitalised words, or any run when `foreign`.

    A place, body or title starting inside the run ends it, except a province, country
    or shaped body (`soft`) held whole by a family-name run of at most four words:
    "Trương Hòa Bình", "Phan Thị Mỹ Thanh" are names that hold a place. A shaped body
    may start where a family name does ("Đoàn Văn Việt"); the caller asks for a title.
    """
    soft = soft or {}
    words = names.words(doc.text, pos)
    if not words:
        return None
    vietnamese = words[0][2] in kb.surnames
    if not vietnamese and not foreign:
        return None
    words = words[:5]  # "Y Thanh Hà Niê Kđăm": some names of the Central Highlands have five
    for i, (a, _, _) in enumerate(words):
        if i and a in blocked:
            inner = soft.get(a)
            if not (vietnamese and inner and len(words) <= 4 and (inner.end <= words[-1][1] or inner.data.get("shaped"))):
                words = words[:i]
                break
    first = soft.get(words[0][0])
    if words[0][0] in blocked and not (first and first.kind is Kind.ORGANIZATION):
        return None
    if len(words) < 2 and vietnamese:
        return None
    return words[0][0], words[-1][1]


LETTER = re.compile(r"[^\W\d_]")


@cache
def _surname_pattern(kb: Knowledge) -> re.Pattern[str]:
    """A family name as a whole word (`word_hits` checks the letter before it)."""
    return re.compile(rf"(?:{trie_pattern(sorted(kb.surnames))})(?![^\W\d_])")


def _surname_words(text: str, kb: Knowledge) -> Iterator[tuple[int, int]]:
    """Where each word that is a family name starts and ends (a word here is a run of letters)."""
    return (m.span() for m in word_hits(_surname_pattern(kb), text, is_word=_is_letter))


def _is_letter(ch: str) -> bool:
    """`LETTER.match(ch)` without a regex call: re's \\w is `str.isalnum` (and "_"), its \\d `str.isdecimal`."""
    return ch.isalnum() and not ch.isdecimal()


NONE, WEAK, STRONG, PLACE = 0, 1, 2, -1  # what one place a name is written at says of it


def _candidates(doc: Document, kb: Knowledge, blocked: set[int], soft: dict[int, Mention]) -> dict[tuple[int, int], int]:
    """Every capitalised run that may be a name: span -> the evidence its context gives.

    STRONG: a form of address, a rank or a (non-district) title right before it. WEAK: a
    district title before it (the district may follow: "Bí thư Huyện ủy Lý Nhân"), a title
    head earlier in the clause, a title after it. PLACE: a place word before it, a province
    after it. A name is a person if it has STRONG evidence somewhere, or WEAK and no PLACE.
    """
    found = _family_runs(doc, kb, blocked, soft)
    _foreign_runs(doc, kb, blocked, found)
    return found


def _family_runs(doc: Document, kb: Knowledge, blocked: set[int], soft: dict[int, Mention]) -> dict[tuple[int, int], int]:
    """Runs that start with a family name, and what their context says."""
    found: dict[tuple[int, int], int] = {}
    roles = _titles(doc)
    role_ends = {m.end: m for m in roles}
    # a name does not start inside a place or a title: "Thái Lan" in "Vương quốc Thái Lan", "Sơn" in
    # "Bí thư Huyện ủy Thanh Sơn" (bodies and titles read from a body's shape may: a shape can
    # swallow the name after it)
    inside = [(m.start, m.end) for m in doc.mentions if m.kind in (Kind.PROVINCE, Kind.COUNTRY)
              or (m.kind is Kind.ROLE and m.data["entries"][0].scope != "none")]
    reach = list(itertools.accumulate((b for _, b in inside), max))
    inside_starts = [a for a, _ in inside]
    last_end = 0  # spans are found left to right and never overlap
    text = doc.text
    for at, end in _surname_words(text, kb):
        if at < last_end:
            continue
        if not ((text[end:end + 1] == " " and text[end + 1:end + 2].isupper()) or text[end:end + 3] == " - "):
            continue  # a family name and no capitalised word after it: one word, no Vietnamese name
        i = bisect.bisect_left(inside_starts, at) - 1
        if i >= 0 and reach[i] > at:
            continue
        span = _name_at(doc, at, kb, blocked, foreign=False, soft=soft)
        if not span:
            continue
        last_end = span[1]
        found[span] = _evidence(doc, span, roles, role_ends, kb)
        if span[0] in blocked and (found[span] < STRONG or len(doc.text[span[0]:span[1]].split()) < 3):
            found[span] = NONE  # "Đoàn Văn Việt" after "ông", not "Đoàn Thanh niên"
    return found


NEXT_CAPITAL = re.compile(rf"[ \t]*{UPPER}")
NEXT_WORD = re.compile(rf"[ \t]+{UPPER}")  # a capital after the title (a rank may come first: "Đại tướng")


def _foreign_runs(doc: Document, kb: Knowledge, blocked: set[int], found: dict[tuple[int, int], int]) -> None:
    """Runs of any capitalised words where the context says a name follows.

    After a foreign office ("Tổng thống Mỹ Donald Trump"), after a form of address
    ("Đức - ông Guido Hildner"), after a country inside a title ("Chủ tịch ... Triều
    Tiên Choe Ryong Hae").
    """
    starts = {a for a, _ in found}
    for role in _titles(doc):
        if not NEXT_WORD.match(doc.text, role.end):
            continue  # most titles end a clause or lead to a body, a place or a family name found before
        start = _prefix_end(doc, role.end, kb)
        if start == role.end or "\n" in doc.text[role.end:start]:  # a name stays on the title's line
            continue
        if any(e.scope == "country" for e in role.data["entries"]):
            _add_foreign(doc, start, kb, blocked, found)
        elif start not in starts and start not in blocked:  # "Tổng thư ký LHQ Antonio Guterres", not
            _add_foreign(doc, start, kb, blocked, found, foreign_word=True)  # "Bí thư Thành ủy Móng Cái"
    for m in _addresses(doc):
        if m.end() not in starts and m.start() not in blocked and not names.place_before(doc.text, m.start()):
            _add_foreign(doc, m.end(), kb, blocked, found)
    for c in (m for m in doc.mentions if m.kind is Kind.COUNTRY):
        if (c.end + 1 not in starts and NEXT_CAPITAL.match(doc.text, c.end) and doc.text[c.end:c.end + 1] == " "
                and names.head_before(doc.text, _lower(doc), c.start, _covered(doc), loose=8)):
            _add_foreign(doc, c.end + 1, kb, blocked, found)


def _add_foreign(doc: Document, start: int, kb: Knowledge, blocked: set[int],
                 found: dict[tuple[int, int], int], foreign_word: bool = False) -> None:
    """A run right after a foreign title or a form of address is a name, whatever its first word.

    With `foreign_word`, only a run of two words or more with one that no Vietnamese
    syllable spells: after a Vietnamese title, a run of Vietnamese syllables is a place.
    """
    at = _prefix_end(doc, start, kb)  # "Ấn Độ H.E. Mr. M. Venkaiah Naidu"
    if "\n" in doc.text[start:at] or names.starts_with_head(_lower(doc), at):
        return  # a name stays on the title's line; "ông Phó Chủ tịch ...": a title, not a name
    span = _name_at(doc, at, kb, blocked, foreign=True)
    if span:  # "bà Cecilia Malmström Cao ủy ...": a title ends the name
        cut = next((w for w in _word_starts(doc.text, *span) if names.starts_with_head(_lower(doc), w)), None)
        span = (span[0], cut - 1) if cut else span
    if not span or found.get(span, NONE) >= STRONG:
        return
    words = doc.text[span[0]:span[1]].split()
    if foreign_word and (len(words) < 2 or all(names.vietnamese_shaped(w) for w in words)):
        return
    found[span] = STRONG


def _word_starts(text: str, start: int, end: int) -> Iterator[int]:
    """Where a word after a space starts in `text[start:end]` (not at `start`): `(?<= )\\S`."""
    return (at + 1 for at in occurrences(text, " ", start, end) if at + 1 < end and not text[at + 1].isspace())


def _evidence(doc: Document, span: tuple[int, int], roles: list[Mention], role_ends: dict[int, Mention],
              kb: Knowledge) -> int:
    """What the words around one written name say: STRONG, WEAK, PLACE or NONE."""
    start, end = span
    role = role_ends.get(space_back(doc.text, start))
    unit = None if role else UNIT_BEFORE.search(doc.text, max(0, start - 14), start)
    if unit:  # "Bí thư Thành ủy TP Trần Văn An": the city of the title, not a place named "Trần Văn An"
        role = role_ends.get(space_back(doc.text, unit.start()))
    if role:
        return WEAK if any(e.scope == "district" for e in role.data["entries"]) else STRONG
    if _prefixed(doc.text, start, kb):
        return STRONG
    if names.place_before(doc.text, start) or _province_after(doc, end):
        return PLACE
    after = doc.text[end:end + 6]
    if re.match(r"\s*[-–,(]\s*", after) and _role_after(doc, end, roles) or names.head_after(doc.text, end):
        return WEAK  # "Trung tâm giống cây trồng Thạch Hà, Chủ tịch UBND huyện ...": a place may stand there
    if names.middle_marked(doc.text[start:end]):
        return WEAK  # "Nguyễn Thị Lan" after a title no table knows, or after no title at all
    return WEAK if names.head_before(doc.text, _lower(doc), start, _covered(doc)) else NONE


UNIT_BEFORE = re.compile(r"(?<![^\W_])(?:tỉnh|thành phố|TP\.?)[ \t]+$")
PROVINCE_AFTER = re.compile(r",[ \t]*(?:tỉnh[ \t]+|thành phố[ \t]+)?")


def _province_after(doc: Document, end: int) -> bool:
    """ "(Hoàng Su Phì, Hà Giang)", "Lý Nhân, tỉnh Hà Nam": a district followed by its province."""
    m = PROVINCE_AFTER.match(doc.text, end)
    return bool(m) and m.end() in _memo(doc)["province_starts"]


COVERING = (Kind.ORGANIZATION, Kind.PROVINCE, Kind.COUNTRY, Kind.ROLE)  # a tuple: an Enum hashes in Python


def _memo(doc: Document) -> dict:
    """What this stage reads many times, computed once per document (see `_lower`, `_covered`)."""
    memo = doc._memo.get("people")
    if memo is None:
        memo = doc._memo["people"] = {"province_starts": {m.start for m in doc.mentions if m.kind is Kind.PROVINCE}}
    return memo


def _titles(doc: Document) -> list[Mention]:
    """The titles of the text, in text order (the other stages' mentions do not change here)."""
    memo = _memo(doc)
    if "titles" not in memo:
        memo["titles"] = [m for m in doc.mentions if m.kind is Kind.ROLE]
    return memo["titles"]


def _lower(doc: Document) -> str:
    """The text in lower case, offsets kept."""
    memo = _memo(doc)
    if "lower" not in memo:
        memo["lower"] = lower(doc.text)
    return memo["lower"]


def _covered(doc: Document) -> list[tuple[int, int]]:
    """Where bodies, places and titles are written (sorted, as `doc.mentions` is)."""
    memo = _memo(doc)
    if "covered" not in memo:
        memo["covered"] = [(m.start, m.end) for m in doc.mentions if m.kind in COVERING]
    return memo["covered"]


def _role_after(doc: Document, end: int, roles: list[Mention]) -> Mention | None:
    m = re.match(r"\s*(?:[-–—,(]|,\s*đồng chí)\s*", doc.text[end:end + 20])
    if not m:
        return None
    at = end + m.end()
    return next((r for r in roles if r.start == at), None)


@cache
def _before_name(kb: Knowledge) -> re.Pattern[str]:
    """The whole gap between a title and the name after it: ranks and forms of address, and a
    dash before a form of address ("Chủ nhiệm Ủy ban X - ông Lê Văn A")."""
    address = _prefix_pattern(kb).pattern
    return re.compile(rf"^\s*(?:(?:{_links('before_name', kb)})\s*(?={address}))?{address}*$")


def _from(roles: list[Mention], pos: int) -> int:
    """The index of the first title starting at or after `pos` (titles are in text order)."""
    return bisect.bisect_left(roles, pos, key=lambda r: r.start)


def _pre_roles(doc: Document, person: Mention, roles: list[Mention], kb: Knowledge) -> list[Mention]:
    """The comma list of titles right before a name (ranks and "đồng chí" may stand between)."""
    chain: list[Mention] = []
    pos = person.start
    prefixes = _before_name(kb)
    for i in range(_from(roles, person.start) - 1, -1, -1):  # backwards from the name, no list built
        r = roles[i]
        if r.end > person.start:
            continue  # a title that runs over the name
        gap = doc.text[r.end:pos]
        if r.end > pos or not (CHAIN_SEP.match(gap) if chain else prefixes.match(gap)):
            break
        chain.insert(0, r)
        pos = r.start
    return chain


def _post_roles(doc: Document, person: Mention, roles: list[Mention], claimed: set[int],
                names: tuple[int, ...] = ()) -> list[Mention]:
    """Titles after a name behind a dash or comma, until a title that leads another name.

    `names` are where the other names start: a title the tables do not know never holds one.
    """
    chain: list[Mention] = []
    pos, sep = person.end, POST_SEP
    for i in range(_from(roles, person.end), len(roles)):  # no copy of the rest of the list
        r = roles[i]
        gap = doc.text[pos:r.start]
        if r.start < pos or id(r) in claimed:
            break
        if not sep.match(gap):
            # one title the tables do not know may stand in the list: ", Ủy viên X, Trưởng Ban Y"
            if not UNKNOWN_TITLE.match(gap) or any(pos <= n < r.start for n in names) or ADDRESS.search(gap):
                break
        if _leads_name(doc, r.end):
            break  # "A, Phó Thủ tướng Trương B": the title is B's, even when B was not read as a name
        chain.append(r)
        pos, sep = r.end, CHAIN_SEP_POST
    return chain


def _appointed(doc: Document, person: Mention, after: int, roles: list[Mention], claimed: set[int],
               people: list[Mention], index: int) -> list[Mention]:
    """Titles a verb gives the person: "A được bầu làm Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh".

    `after` is where the person's own list of titles ends; the names listed after the person
    (`people` from `index` on: "Các ông A, B được bầu giữ chức ...") are stepped over, each with its titles.
    """
    pos = after
    for other in range(index + 1, len(people)):  # the names listed with this one
        if people[other].start < pos or not _list_join(doc, pos, people[other].start):
            break
        pos = people[other].data["chain_end"]
    if NOT_YET.search(doc.text, max(0, person.start - 25), person.start):
        return []  # "giới thiệu ông A làm Bí thư": proposed, not held
    chain: list[Mention] = []
    for i in range(_from(roles, pos), len(roles)):
        r = roles[i]
        gap = doc.text[pos:r.start]
        if id(r) in claimed or len(gap) > 80 or NOT_YET.search(gap):
            break
        if not (APPOINTED.match(gap) or (chain and CHAIN_SEP_POST.match(gap))):
            break
        if chain and chain[-1].data.get("former") and AND.match(gap):
            r.data["former"] = True  # "thôi giữ chức A và B": B is left too
        chain.append(r)
        pos = r.end
    return chain


AND = re.compile(r"^\s*và\s*$")
NOT_YET = re.compile(rf"(?i:{_links('not_yet', load())})")


@cache
def _list_join_pattern(kb: Knowledge) -> re.Pattern[str]:
    return re.compile(rf"^[\s)\-–—]*(?:,|và)\s*{_prefix_pattern(kb).pattern}*$")


def _list_join(doc: Document, end: int, start: int) -> bool:
    """Only a comma or "và" (and a form of address) stands between two listed names."""
    return bool(_list_join_pattern(load()).match(doc.text[end:start]))


NEXT_WORD = re.compile(r"[ \t]+([^\W\d_]+)[ \t]+[^\W\d_]")


def _leads_name(doc: Document, end: int) -> bool:
    """A capitalised family name and another word right after a title: it leads that name."""
    m = NEXT_WORD.match(doc.text, end)
    return bool(m and m.group(1)[:1].isupper() and m.group(1) in load().surnames)


LIST_BEFORE = re.compile(rf"(?:^|\s)(?:{_links('list_before', load())})\s+$")
LIST_OPENER = re.compile(rf"\s*(?:{_links('list_opener', load())})\s*")
LIST_SEP = re.compile(r"[ \t]*(?:,|;|và|,[ \t]*và)[ \t]*")


def _list_at(doc: Document, pos: int, kb: Knowledge, blocked: set[int], soft: dict[int, Mention]) -> list[tuple[int, int]]:
    """The names of a list starting at `pos`, separated by commas, semicolons or "và"."""
    spans = []
    while pos >= 0:
        span = _name_at(doc, _prefix_end(doc, pos, kb), kb, blocked, foreign=False, soft=soft)
        if not span:
            break
        spans.append(span)
        sep = LIST_SEP.match(doc.text, span[1])
        pos = sep.end() if sep else -1
    return spans


def _listed(doc: Document, kb: Knowledge, blocked: set[int],
            soft: dict[int, Mention] | None = None) -> dict[tuple[int, int], Mention]:
    """Names listed after a plural title: "các Phó Thủ tướng: Trần Hồng Hà, Lê Thành Long và ..."."""
    out: dict[tuple[int, int], Mention] = {}
    for role in _titles(doc):
        if not LIST_BEFORE.search(doc.text[max(0, role.start - 8):role.start]):
            continue
        opener = LIST_OPENER.match(doc.text, role.end)
        if not opener:
            continue
        for span in _list_at(doc, opener.end(), kb, blocked, soft or {}):
            out[span] = role
    return out


ENVOY_OPENER = re.compile(rf"\s*(?:{_links('envoy_opener', load())})\s*")
# "Morocco (Marốc) - ông A": a note in brackets may follow the country
ENVOY_SEP = re.compile(rf"\s*(?:\([^()]{{1,30}}\)\s*)?(?:{_links('envoy_sep', load())})\s*")
ENVOY_NEXT = re.compile(rf"\s*(?:{_links('envoy_next', load())})\s*(?:và\s+)?")
CUT_SHORT = re.compile(r"\.\S")
ENVOY_RESUME = re.compile(r"\.[^;,]{1,30}?;\s*")
ENVOY_SKIP = re.compile(rf"{UPPER}[^;,.]{{0,40}}?\s-\s[^;,]{{1,40}};\s*")  # "Armenia - ông A; "


def _envoys(doc: Document, kb: Knowledge, blocked: set[int]) -> dict[tuple[int, int], Mention]:
    """Envoys listed each after a country: "các đại sứ của Thái Lan - ông A; Úc - bà B": each name
    gets its own title of its country."""
    out: dict[tuple[int, int], Mention] = {}
    for role in _titles(doc):
        if "country" in role.data or not (any(e.scope == "country" for e in role.data["entries"])
                                          and LIST_BEFORE.search(doc.text[max(0, role.start - 8):role.start])):
            continue
        opener = ENVOY_OPENER.match(doc.text, role.end)
        pos = opener.end() if opener else -1
        while pos > 0:
            country = kb.country_lexicon.match_at(doc.text, pos)
            sep = ENVOY_SEP.match(doc.text, country.end) if country else None
            span = _name_at(doc, _prefix_end(doc, sep.end(), kb), kb, blocked, foreign=True) if sep else None
            if not span:  # a country the table does not know, a name not read: on to the next envoy
                skip = ENVOY_SKIP.match(doc.text, pos)
                pos = skip.end() if skip else -1
                continue
            after = ENVOY_NEXT.match(doc.text, span[1])
            if CUT_SHORT.match(doc.text, span[1]):  # a name cut short ("Saud F.M. Alsuwelim"): on to the next
                after = ENVOY_RESUME.match(doc.text, span[1])
            else:
                entry = next(e for e in role.data["entries"] if e.scope == "country")
                out[span] = Mention(Kind.ROLE, role.start, role.end, entry.title, role.surface,
                                    {"entries": [entry], "former": False, "country": country.entries[0].name})
            pos = after.end() if after else -1
    return out


def _addressed(doc: Document, kb: Knowledge, blocked: set[int], soft: dict[int, Mention]) -> list[tuple[int, int]]:
    """Names listed after a plural form of address: "Các ông Lê Văn An, Phạm Minh Tú được bầu"."""
    return [span for m in _addresses(doc) if names.plural(doc.text, m)
            for span in _list_at(doc, m.end(), kb, blocked, soft)]


def _addresses(doc: Document) -> list[re.Match[str]]:
    """The forms of address of the text, found once (cached on the document)."""
    memo = doc._memo.setdefault("people_addresses", {})
    if "hits" not in memo:
        memo["hits"] = names.addresses(doc.text)
    return memo["hits"]


def _person_keys(doc: Document, found: dict[tuple[int, int], int]) -> set[str]:
    """The names the article treats as people: strong evidence somewhere, or weak and never a place."""
    best: dict[str, int] = {}
    places = set()
    for (a, b), evidence in found.items():
        key = names.key(doc.text, a, b)
        best[key] = max(best.get(key, NONE), evidence)
        if evidence == PLACE:
            places.add(key)
    return {k for k, e in best.items()
            if (e == STRONG or (e == WEAK and k not in places)) and not names.is_fragment(k)}


def _ends_in_title(doc: Document, span: tuple[int, int]) -> bool:
    """A run whose last word begins a title ("Lăng Chủ tịch Hồ Chí Minh": "Lăng Chủ" is no name)."""
    last = doc.text.rfind(" ", span[0], span[1]) + 1
    head = names.cues().head_start.match(_lower(doc), last) if last > span[0] else None
    return bool(head and head.end() > span[1])  # the title goes on past the run: its word is the title's


def _in_body_name(doc: Document, span: tuple[int, int]) -> bool:
    """A name inside the name of a body the tables know ("Đoàn TNCS Hồ Chí Minh", "Học viện Chính trị
    quốc gia Hồ Chí Minh") is the body's name, not the person standing there."""
    starts, reach = _body_reach(doc)
    i = bisect.bisect_left(starts, span[0])  # the bodies that start before the name
    return i > 0 and reach[i - 1] >= span[1]


def _body_reach(doc: Document) -> tuple[list[int], list[int]]:
    """The starts of the bodies the tables know, sorted, and the furthest end reached by each
    prefix of them: `_in_body_name` asks for every candidate, this bisects instead of a scan."""
    memo = doc._memo.get("people_body_reach")
    if memo is None:
        bodies = sorted((m.start, m.end) for m in doc.mentions
                        if m.kind is Kind.ORGANIZATION and not m.data.get("shaped"))
        memo = doc._memo["people_body_reach"] = ([a for a, _ in bodies],
                                                 list(itertools.accumulate((b for _, b in bodies), max)))
    return memo


def _stops(doc: Document) -> tuple[set[int], dict[int, Mention]]:
    """Where a place, body or title starts (a name cannot go on there), and which of them a
    family-name run may hold (`soft`: provinces, countries, bodies read from their shape)."""
    blocked: set[int] = set()
    soft: dict[int, Mention] = {}
    for m in doc.mentions:
        kind = m.kind
        if kind is Kind.PROVINCE or kind is Kind.COUNTRY:
            blocked.add(m.start)
            soft[m.start] = m
        elif kind is Kind.ORGANIZATION:
            blocked.add(m.start)
            if m.data.get("shaped"):
                soft[m.start] = m
        elif kind is Kind.ROLE:
            blocked.add(m.start)
    return blocked, soft


def _out_of_titles(doc: Document, kb, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A name that starts on a title's last word starts after it: "Bí thư thứ nhất Trung ương Đoàn
    Lê Quốc Phong" names Lê Quốc Phong, not "Đoàn Lê Quốc Phong" ("Đoàn" is a surname too)."""
    ends = {m.end: m for m in _titles(doc)}
    if not ends:
        return spans
    out = []
    for a, b in spans:
        for end in range(a + 1, min(b, a + 12)):
            role = ends.get(end)
            if role is None or role.start >= a:
                continue
            rest = doc.text[end:b].split()
            if len(rest) >= 2 and rest[0] in kb.surnames:
                a = b - len(doc.text[end:b].lstrip())
            break
        out.append((a, b))
    return out


def apply(doc: Document) -> Document:
    kb = load()
    doc._memo.pop("people", None)
    doc._memo.pop("people_body_reach", None)  # read from the mentions as this stage finds them
    blocked, soft = _stops(doc)
    found = _candidates(doc, kb, blocked, soft)
    listed = _listed(doc, kb, blocked, soft)
    listed.update(_envoys(doc, kb, blocked))
    found.update({span: STRONG for span in [*listed, *_addressed(doc, kb, blocked, soft)]})
    keys = _person_keys(doc, found)
    spans = namesakes.outermost(sorted(span for span in found if names.key(doc.text, *span) in keys))
    spans = [span for span in spans if not _in_body_name(doc, span) and not _ends_in_title(doc, span)]
    spans = _out_of_titles(doc, kb, spans)
    people = [Mention(Kind.OFFICIAL, a, b, names.key(doc.text, a, b), doc.surface[a:b], {"roles": []}) for (a, b) in spans]
    for person in people:
        person.data["foreign"] = person.key.split()[0] not in kb.surnames
    namesakes.aliases(doc, people, _lower(doc), _covered(doc))
    namesakes.misspelt(people)
    namesakes.full_names(people)
    roles = _titles(doc)
    pre = [_pre_roles(doc, person, roles, kb) for person in people]
    claimed = {id(r) for chain in pre for r in chain}
    starts = tuple(p.start for p in people)
    for person, chain in zip(people, pre):
        post = _post_roles(doc, person, roles, claimed, starts)
        person.data["roles"] = chain + post
        person.data["chain_end"] = post[-1].end if post else person.end
        if (person.start, person.end) in listed:
            person.data["roles"].insert(0, listed[(person.start, person.end)])
    for i, person in enumerate(people):
        person.data["roles"] += _appointed(doc, person, person.data["chain_end"], roles, claimed, people, i)
    deputies.add(doc, people, kb)
    namesakes.drop_inside(doc, people, soft)
    # a family name alone ("Tổng thống Trump" where the article never gives the whole name) names
    # nobody for sure: the titles it took go with it, and no official is one word
    people = [p for p in people if " " in p.key]
    doc.mentions.extend(people)
    doc.mentions.sort(key=lambda m: (m.start, -m.end, KIND_ORDER[m.kind]))
    return doc
