"""Stage: find officials, and which titles each one holds in the text.

A Vietnamese name is a family name (kg/data/surnames.txt) and one to three more
capitalised syllables. A name counts when the text treats it as a person: a
title, rank or "đồng chí"/"ông"/"bà" stands before it, or a dash or comma and a
title after it; then every other place it is written counts too. A foreign name
(capitalised words, first not a Vietnamese family name) counts after a foreign
office ("Tổng thống Emmanuel Macron").

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
import re
from functools import cache
from typing import Iterator

from kg.text import UPPER
from kg.document import Document, Kind, Mention
from kg.gazetteer import Knowledge, load, trie_pattern, word_hits

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


def _is_title_word(word: str) -> bool:
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower() or "-" in word)


def _words(text: str, start: int) -> list[tuple[int, int, str]]:
    """Capitalised words from `start` joined by single spaces."""
    out = []
    pos = start
    for m in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text[start:start + 80]):
        a, b = start + m.start(), start + m.end()
        if a != pos or not _is_title_word(m.group(0)):
            break
        out.append((a, b, m.group(0)))
        pos = b + 1
        if text[b:b + 1] != " ":
            break
    return out


@cache
def _prefix_pattern(kb: Knowledge) -> re.Pattern[str]:
    forms = {form for p in kb.prefixes for form in (p, p[:1].upper() + p[1:])}  # "đồng chí" opens a sentence too
    words = "|".join(re.escape(p) for p in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?:(?<![^\W_])(?:{words})(?![^\W_])\s*)")


def _prefix_end(doc: Document, pos: int, kb: Knowledge) -> int:
    """Skip ranks, academic titles and forms of address starting at `pos`."""
    m = re.compile(rf"\s*{_prefix_pattern(kb).pattern}*").match(doc.text, pos)
    return m.end() if m else pos


def _name_at(doc: Document, pos: int, kb: Knowledge, blocked: set[int], foreign: bool) -> tuple[int, int] | None:
    words = _words(doc.text, pos)
    if not words:
        return None
    vietnamese = words[0][2] in kb.surnames
    if not vietnamese and not foreign:
        return None
    words = words[:5]  # "Y Thanh Hà Niê Kđăm": some names of the Central Highlands have five
    for i, (a, _, _) in enumerate(words):
        if i and a in blocked:
            words = words[:i]
            break
    if words[0][0] in blocked:
        return None
    if len(words) < 2 and vietnamese:
        return None
    return words[0][0], words[-1][1]


LETTER = re.compile(r"[^\W\d_]")


@cache
def _surname_pattern(kb: Knowledge) -> re.Pattern[str]:
    """A family name as a whole word (`word_hits` checks the letter before it)."""
    return re.compile(rf"(?:{trie_pattern(sorted(kb.surnames))})(?![^\W\d_])")


def _surname_words(text: str, kb: Knowledge) -> Iterator[int]:
    """Where each word that is a family name starts (a word here is a run of letters)."""
    return (m.start() for m in word_hits(_surname_pattern(kb), text, is_word=lambda ch: bool(LETTER.match(ch))))


def _candidates(doc: Document, kb: Knowledge, blocked: set[int]) -> dict[tuple[int, int], bool]:
    """Every surname-led capitalised run: span -> whether its context proves a person."""
    found: dict[tuple[int, int], bool] = {}
    roles = [m for m in doc.mentions if m.kind is Kind.ROLE]
    role_ends = {m.end: m for m in roles}
    last_end = 0  # spans are found left to right and never overlap
    for at in _surname_words(doc.text, kb):
        if at < last_end:
            continue
        span = _name_at(doc, at, kb, blocked, foreign=False)
        if not span:
            continue
        last_end = span[1]
        after = doc.text[span[1]:span[1] + 6]
        proven = bool(re.match(r"\s*[-–,(]\s*", after) and _role_after(doc, span[1], roles))
        proven = proven or _titled(doc, span[0], role_ends, kb)
        found[span] = proven
    for role in roles:
        if any(e.scope == "country" for e in role.data["entries"]):
            start = _prefix_end(doc, role.end, kb)
            if start > role.end and "\n" not in doc.text[role.end:start]:  # a name stays on the title's line
                span = _name_at(doc, start, kb, blocked, foreign=True)
                if span and span not in found:
                    found[span] = True
    return found


def _titled(doc: Document, start: int, role_ends: dict[int, Mention], kb: Knowledge) -> bool:
    """A role, a rank or a form of address stands right before `start`."""
    before = doc.text[max(0, start - 60):start]
    if re.search(rf"{_prefix_pattern(kb).pattern}$", before):
        return True
    return len(doc.text[:start].rstrip()) in role_ends


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
    for r in reversed([r for r in roles[:_from(roles, person.start)] if r.end <= person.start]):
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
    for r in roles[_from(roles, person.end):]:
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
LIST_SEP = re.compile(r"\s*(?:,|và)\s*")


def _listed(doc: Document, kb: Knowledge, blocked: set[int]) -> dict[tuple[int, int], Mention]:
    """Names listed after a plural title: "các Phó Thủ tướng: Trần Hồng Hà, Lê Thành Long và ..."."""
    out: dict[tuple[int, int], Mention] = {}
    for role in (m for m in doc.mentions if m.kind is Kind.ROLE):
        if not LIST_BEFORE.search(doc.text[max(0, role.start - 8):role.start]):
            continue
        opener = LIST_OPENER.match(doc.text, role.end)
        pos = opener.end() if opener else -1
        while pos > 0:
            span = _name_at(doc, _prefix_end(doc, pos, kb), kb, blocked, foreign=False)
            if not span:
                break
            out[span] = role
            sep = LIST_SEP.match(doc.text, span[1])
            pos = sep.end() if sep else -1
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
    for role in (m for m in doc.mentions if m.kind is Kind.ROLE):
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


DEPUTY = re.compile(r"(?:^|(?<=\s))[Đđ]ại biểu\s+$")
DELEGATION = re.compile(r"\s*([(,])\s*(?:(?i:đoàn (?:ĐBQH|đại biểu Quốc hội))\s+)?(?:(?:tỉnh|thành phố|TP\.?)\s+)?")
DELEGATION_END = {"(": ")", ",": ").,;"}  # "(Đoàn ĐBQH tỉnh X)" or ", đoàn ĐBQH tỉnh X."


@cache
def _deputy_entries(kb: Knowledge) -> list:
    return [r for r in kb.roles if r.title == "Đại biểu Quốc hội"]  # of a province and of a city


def _deputies(doc: Document, people: list[Mention], kb: Knowledge) -> None:
    """"đại biểu Nguyễn Thị Lan (Đoàn ĐBQH tỉnh Thái Bình)": a National Assembly deputy of that province."""
    entries = _deputy_entries(kb)
    for person in people:
        if not DEPUTY.search(doc.text[max(0, person.start - 12):person.start]):
            continue
        opened = DELEGATION.match(doc.text, person.end)
        place = kb.province_lexicon.match_at(doc.text, opened.end()) if opened else None
        if place is None or not doc.text[place.end:place.end + 1] or \
                doc.text[place.end:place.end + 1] not in DELEGATION_END[opened.group(1)]:
            continue
        if opened.group(1) == "," and "đoàn" not in opened.group(0).lower():
            continue  # "đại biểu A, tỉnh X" says where A is from, not that A is a deputy
        start = person.start - len(DEPUTY.search(doc.text[max(0, person.start - 12):person.start]).group(0))
        role = Mention(Kind.ROLE, start, person.start, entries[0].title, doc.surface[start:person.start].strip(),
                       {"entries": entries, "former": False, "province": place.entries[0].name})
        person.data["roles"].insert(0, role)


def apply(doc: Document) -> Document:
    kb = load()
    # where a place, body or title starts, a name cannot go on
    blocked = {m.start for m in doc.mentions if m.kind in (Kind.PROVINCE, Kind.COUNTRY, Kind.ORGANIZATION, Kind.ROLE)}
    found = _candidates(doc, kb, blocked)
    listed = _listed(doc, kb, blocked)
    listed.update(_envoys(doc, kb, blocked))
    found.update({span: True for span in listed})
    proven_names = {doc.text[a:b] for (a, b), ok in found.items() if ok}
    people = [Mention(Kind.OFFICIAL, a, b, doc.text[a:b], doc.surface[a:b], {"roles": []})
              for (a, b) in sorted(found) if doc.text[a:b] in proven_names]
    roles = [m for m in doc.mentions if m.kind is Kind.ROLE]
    pre = [_pre_roles(doc, person, roles, kb) for person in people]
    claimed = {id(r) for chain in pre for r in chain}
    starts = tuple(p.start for p in people)
    for person, chain in zip(people, pre):
        post = _post_roles(doc, person, roles, claimed, starts)
        person.data["roles"] = chain + post
        person.data["chain_end"] = post[-1].end if post else person.end
        if (person.start, person.end) in listed:
            person.data["roles"].insert(0, listed[(person.start, person.end)])
        person.data["foreign"] = doc.text[person.start:person.end].split()[0] not in kb.surnames
    for i, person in enumerate(people):
        person.data["roles"] += _appointed(doc, person, person.data["chain_end"], roles, claimed, people, i)
    _deputies(doc, people, kb)
    doc.mentions.extend(people)
    doc.mentions.sort(key=lambda m: (m.start, -m.end, m.kind.value))
    return doc
