"""Stage: find provinces, countries, organisations, role titles and resolutions.

Everything here comes from the tables of kg/data/ and a few shapes of the
language; people are found by the next stage (`people`), which needs these.

A body or title written without its province ("UBND tỉnh", "Bí thư Tỉnh ủy")
belongs to, in order: the province written right after it, the province of the
sentence's connection point ("tại điểm cầu Thanh Hóa"), the article's home
province (the one it names most, connection points counting triple).
"""
from __future__ import annotations

import bisect
import itertools
import re
from functools import cache
from collections import Counter

from kg.text import UPPER
from kg.document import Document, Kind, Mention
from kg.gazetteer import WORD, Knowledge, OrgEntry, RoleEntry, expand_full, load, lower, word_hits
from kg.pipeline.orgshape import find_shaped
from kg.pipeline.resolutions import find_resolutions

REQUIRES = ("text", "sentences")
ASSIGNS = ("mentions", "home_province")

UNIT_WORD = re.compile(r"(?:tỉnh|thành phố|TP\.?)\s+", re.I)
CONNECTION = re.compile(r"điểm cầu\s+", re.I)
CONNECTION_SKIP = re.compile(r"(?:tỉnh|thành phố|TP\.?|của)\s+", re.I)


@cache
def _country_cues() -> re.Pattern[str]:
    cues = sorted(load().country_cues, key=len, reverse=True)
    return re.compile(r"(?:" + "|".join(re.escape(c) for c in cues) + r")\s+$")


def province_at(doc: Document, pos: int, kb: Knowledge) -> tuple[str, int] | None:
    """A province named at `pos`, after an optional "tỉnh"/"thành phố": (name, end)."""
    space = re.compile(r"\.?[ \t]*").match(doc.text, pos)  # "UBND TP. Hà Nội": the abbreviation's dot
    pos = space.end() if space else pos
    unit = UNIT_WORD.match(doc.text, pos)
    at = unit.end() if unit else pos
    m = kb.province_lexicon.match_at(doc.text, at) or (kb.province_lexicon.match_at(doc.text, pos) if unit else None)
    return (m.entries[0].name, m.end) if m else None  # the unit may be part of the name: "TP HCM"


def connection_point(doc: Document, start: int, end: int) -> tuple[Kind, str, int] | None:
    """The first 'điểm cầu X' in a span that names a province or an organisation."""
    kb = load()
    for m in CONNECTION.finditer(doc.text, start, end):
        at = m.end()
        found = province_at(doc, at, kb)
        if found:
            return Kind.PROVINCE, found[0], at
        org = _org_at(doc, at, kb)
        if org:
            entry, org_end = org
            if entry.provincial:
                found = province_at(doc, org_end, kb)
                province = found[0] if found else doc.home_province
                if province:
                    return Kind.PROVINCE, province, at
            else:
                return Kind.ORGANIZATION, _org_key(doc, entry, org_end, kb), at
    return None


def _org_at(doc: Document, pos: int, kb: Knowledge) -> tuple[OrgEntry, int] | None:
    wrapper = re.compile(r"(?:Đảng bộ|Đảng ủy|Ban cán sự đảng)\s+").match(doc.text, pos)
    for lex in (kb.acronym_lexicon, kb.org_lexicon):
        m = lex.match_at(doc.text, wrapper.end() if wrapper else pos)
        if m:
            entry = m.entries[0]
            if wrapper and not entry.provincial:
                return OrgEntry(f"{doc.text[pos:wrapper.end()].strip()} {entry.name}", "party", ()), m.end
            return entry, m.end
    return None


def _org_key(doc: Document, entry: OrgEntry, end: int, kb: Knowledge) -> str:
    if not entry.provincial:
        return entry.name
    province = scope_province(doc, end, entry.unit)
    return entry.name.replace("{province}", province or "").strip()


def _sentence_province(doc: Document, offset: int) -> str | None:
    index = doc.sentence_of(offset)
    if index < 0:
        return None
    memo = doc._memo.setdefault("sentence_province", {})
    if index not in memo:
        s = doc.sentences[index]
        cp = connection_point(doc, s.start, s.end)
        memo[index] = cp[1] if cp and cp[0] is Kind.PROVINCE else None
    return memo[index]


def scope_province(doc: Document, end: int, unit: str = "", start: int | None = None) -> str | None:
    """The province a provincial title or body ending at `end` belongs to.

    From context (not written after it), a "tỉnh" body only goes to a province and a
    "thành phố" body only to a centrally-run city. Given the title's `start`, the province
    named last before it in its sentence or the two before comes ahead of the article's
    home province: an article on several provinces names each before its officials.
    """
    kb = load()
    found = province_at(doc, end, kb)
    if found:
        return found[0]
    nearby = _nearby_provinces(doc, start) if start is not None else []
    for candidate in (_sentence_province(doc, end), *nearby, doc.home_province):
        if candidate and (not unit or kb.provinces[candidate].kind == unit):
            return candidate
    return None


NEARBY_SENTENCES = 2  # how many sentences before a title's own may name its province


def _nearby_provinces(doc: Document, start: int) -> list[str]:
    """The provinces named before `start`, nearest first, from its sentence and the two before
    (not those inside a person's name: "Nguyễn Thái Bình")."""
    index = doc.sentence_of(start)
    if index < 0:
        return []
    first = doc.sentences[max(0, index - NEARBY_SENTENCES)].start
    places = doc._memo.get("places")
    if places is None:  # once a document: the provinces outside names, in text order
        people = [(m.start, m.end) for m in doc.mentions if m.kind is Kind.OFFICIAL]
        places = [(m.start, m.key) for m in doc.mentions if m.kind is Kind.PROVINCE
                  and not any(a <= m.start < b for a, b in people)]
        doc._memo["places"] = places
    lo, hi = bisect.bisect_left(places, (first, "")), bisect.bisect_left(places, (start, ""))
    return [key for _, key in reversed(places[lo:hi])]


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


def _add(doc: Document, kind: Kind, start: int, end: int, key: str, **data) -> Mention:
    mention = Mention(kind, start, end, key, doc.surface[start:end], data)
    doc.mentions.append(mention)
    return mention


def _places(doc: Document, kb: Knowledge) -> None:
    counts: Counter[str] = Counter()
    headline_end = doc.sentences[0].end if doc.sentences else 0
    for m in kb.province_lexicon.find(doc.text):
        name = m.entries[0].name
        _add(doc, Kind.PROVINCE, m.start, m.end, name)
        counts[name] += _home_weight(doc.text[max(0, m.start - 25):m.start].lower(), m.start < headline_end)
    for m in kb.country_lexicon.find(doc.text):
        country = m.entries[0]
        if country.strict and not _country_context(doc.text, m.start, m.end):
            continue
        _add(doc, Kind.COUNTRY, m.start, m.end, country.name)
    doc.home_province = counts.most_common(1)[0][0] if counts else None
    if len(counts) > 1 and counts.most_common(2)[1][1] == counts.most_common(1)[0][1]:
        doc.home_province = sorted(k for k, v in counts.items() if v == counts.most_common(1)[0][1])[0]


HOME_CUES = re.compile(r"(?:tỉnh|thành phố|tỉnh ủy|thành ủy|ubnd|hđnd|ủy ban nhân dân|hội đồng nhân dân|"
                       r"đảng bộ|điểm cầu)\s+$")


def _home_weight(before: str, in_headline: bool) -> int:
    """How much one mention says "this article is about this province"."""
    weight = 2 if HOME_CUES.search(before) else 1
    return weight + (3 if in_headline else 0)


def _country_context(text: str, start: int, end: int) -> bool:
    """A strict country name (Anh, Đức, Nga) counts only after a country cue, outside names."""
    after = text[end:end + 2]
    before = text[max(0, start - 20):start]
    if re.match(rf"\s+{UPPER}{WORD}*", text[end:end + 12]) or re.search(rf"{UPPER}\S*\s+$", before[-12:]):
        return bool(_country_cues().search(before))
    return bool(_country_cues().search(before)) or after[:1] in (",", ".", ";", ")", "-", "–")


def _organizations(doc: Document, kb: Knowledge) -> None:
    found: list[tuple[int, int, OrgEntry]] = []
    for lex in (kb.acronym_lexicon, kb.org_lexicon):
        for m in lex.find_capitalised(doc.text):
            found.append((m.start, m.end, m.entries[0]))
            # a body named inside a longer one ("Ủy ban Luật pháp Quốc tế của Liên hợp quốc")
            for inner in lex.find_capitalised(doc.text, m.start + 1, m.end):
                found.append((inner.start, inner.end, inner.entries[0]))
    known = [(start, end) for start, end, _ in found]
    for start, end, name, kind in find_shaped(doc.text, kb):
        # skip it where a known body overlaps it, unless it holds that body whole ("... của Quốc hội")
        if not any(a < end and start < b and not (start < a and b <= end) for a, b in known):
            _add(doc, Kind.ORGANIZATION, start, end, name, body_kind=kind, full=expand_full(name), shaped=True)
    for start, end, entry in sorted(found, key=lambda f: (f[0], -f[1])):
        wrapper = re.search(r"(?:Đảng bộ|Đảng ủy|Ban cán sự đảng)\s+$", doc.text[max(0, start - 20):start])
        if wrapper and not entry.provincial:
            w_start = start - len(wrapper.group(0))
            _add(doc, Kind.ORGANIZATION, w_start, end, f"{wrapper.group(0).strip()} {entry.name}",
                 body_kind="party", full=f"{wrapper.group(0).strip()} {expand_full(entry.name)}")
        key = _org_key(doc, entry, end, kb)
        if entry.provincial and key == entry.name.replace("{province}", "").strip():
            continue  # a provincial body whose province is unknown
        found_province = province_at(doc, end, kb) if entry.provincial else None
        _add(doc, Kind.ORGANIZATION, start, found_province[1] if found_province else end, key, body_kind=entry.kind,
             full=expand_full(key))


SUB_UNIT = re.compile(r"[ \t]+(?:xã|phường|thị trấn|quận|huyện|thị xã|Q\.|P\.)(?![^\W_])", re.I)
TERM = re.compile(r"[ \t]+(?:khóa|nhiệm kỳ)[ \t]+(?:[IVXLC]+\b|\d+(?:[ \t]*[-–][ \t]*\d+)?)", re.I)
UNIT_TAIL = re.compile(r"(?:TP|thành phố|tỉnh)$", re.I)


def _term_end(text: str, end: int) -> int:
    """Past a term written with a title ("Bí thư Tỉnh ủy khóa 19", "Trưởng Đoàn ĐBQH khóa XIV tỉnh X")."""
    m = TERM.match(text, end)
    return m.end() if m else end


def _title_province(doc: Document, start: int, end: int, kb: Knowledge) -> tuple[str, int] | None:
    """The province written after a title, past a term; a title ending in its unit word may
    run into a province spelt with that word ("Chủ tịch Ủy ban MTTQ TP. HCM")."""
    tail = UNIT_TAIL.search(doc.text, start, end)
    if tail:
        m = kb.province_lexicon.match_at(doc.text, tail.start())
        if m and m.end > end:
            return m.entries[0].name, m.end
    return province_at(doc, _term_end(doc.text, end), kb)


def _country_after(doc: Document, end: int, kb: Knowledge) -> tuple[str, int] | None:
    """A foreign country written right after a title ("Thủ tướng Singapore"), not a province
    that starts with a country's name ("Lào Cai")."""
    if doc.text[end:end + 1] != " " or not doc.text[end + 1:end + 2].isupper():
        return None
    c = kb.country_lexicon.match_at(doc.text, end + 1)
    if not c or c.entries[0].name == "Việt Nam":
        return None
    p = kb.province_lexicon.match_at(doc.text, end + 1)
    return None if p and p.end > c.end else (c.entries[0].name, c.end)


CITY_UNIT = re.compile(r"[ \t]+(?:TP\.?|thành phố)(?=[ \t])")


def _provincial_city(doc: Document, start: int, end: int, entries: list[RoleEntry],
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


def _only_committee(doc: Document, kb: Knowledge) -> str | None:
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


def _name_follows(doc: Document, end: int, kb: Knowledge) -> bool:
    """A capitalised family name right after a title: the title leads a name."""
    m = re.compile(r"[ \t]+([^\W\d_]+)").match(doc.text, end)
    return bool(m and m.group(1)[:1].isupper() and m.group(1) in kb.surnames)


def _fitting(entries: list[RoleEntry], data: dict, kb: Knowledge) -> list[RoleEntry]:
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
def _former(kb: Knowledge) -> re.Pattern[str]:
    """A word that makes the title after it one no longer held, alone ("nguyên Bộ trưởng") or
    before a verb that gives it ("thôi giữ chức", "từng làm"): title_links.tsv."""
    def words(kind: str) -> str:
        return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(kb.title_links.get(kind, ()), key=len,
                                                                             reverse=True))
    return re.compile(rf"(?:{words('former')})\s+(?:(?:là|{words('cue')})\s+)?")


def _former_ends(doc: Document, kb: Knowledge) -> set[int]:
    """Where a former-word (and its verb) ends: a title starting there is no longer held. One scan
    of the article, not one look-back a title."""
    if "former_ends" not in doc._memo:
        doc._memo["former_ends"] = {m.end() for m in word_hits(_former(kb), lower(doc.text))}
    return doc._memo["former_ends"]


def _roles(doc: Document, kb: Knowledge) -> None:
    orgs = sorted((m.start, m.end) for m in doc.mentions if m.kind is Kind.ORGANIZATION)
    starts, reach = [a for a, _ in orgs], list(itertools.accumulate((b for _, b in orgs), max))
    former = _former_ends(doc, kb)
    for m in kb.role_lexicon.find(doc.text):
        before = bisect.bisect_left(starts, m.start)  # the bodies that start before the title
        if before and reach[before - 1] > m.start:
            continue  # "Bí thư Trung ương Đảng" inside "Ban Bí thư Trung ương Đảng"
        entries = m.entries
        end = m.end
        data: dict = {"former": m.start in former}
        scopes = {e.scope for e in entries}
        if "province" in scopes:
            found = _title_province(doc, m.start, end, kb)
            if found:
                data["province"], end = found
            elif SUB_UNIT.match(doc.text, end):
                continue  # "Chủ tịch HĐND xã", "chủ tịch UBND Q. 12": not the province's
            else:
                city = _provincial_city(doc, m.start, end, entries, kb)
                if city:  # "Bí thư Thành ủy TP Biên Hòa": a city inside a province
                    (data["district"], end), entries = city
        elif "district" in scopes:
            district = district_after(doc.text, end, kb)
            if district:
                data["district"], end = district
        org = _org_at(doc, end + 1, kb) if "body" in scopes and doc.text[end:end + 1] == " " else None
        if org:
            data["organization"] = _org_key(doc, org[0], org[1], kb)
            end = org[1]
        elif not scopes & {"province", "district"} and doc.text[end + 1:end + 2].isupper():
            country = _country_after(doc, end, kb)
            if country:
                data["country"], end = country
                posted = re.compile(r" tại ").match(doc.text, end)  # "Đại sứ Nhật Bản tại Việt Nam"
                there = kb.country_lexicon.match_at(doc.text, posted.end()) if posted else None
                if there:
                    end = there.end
                # a title followed by a country is that country's office ("Chủ tịch Quốc hội Lào")
                entries = [e for e in entries if e.scope == "country"] or [RoleEntry(entries[0].title, "country", "")]
        if "province" not in data and all(e.needs == "province" for e in entries):
            committee = _only_committee(doc, kb)  # "Phó bí thư Võ Văn A" in an article on one committee
            if committee and _name_follows(doc, end, kb):
                data["province"] = committee
        if "province" in data or id(entries) in kb.role_lists_needing:
            entries = _fitting(entries, data, kb)
            if not entries:
                continue
        data["entries"] = entries
        termed = _term_end(doc.text, end)
        if termed > end:
            data["before_term"] = end  # the title as written without its term is a label too
        _add(doc, Kind.ROLE, m.start, termed, entries[0].title, **data)


@cache
def _department_pattern(kb: Knowledge) -> re.Pattern[str]:
    """A department head, the department's noun and the words after it."""
    heads = "|".join(rf"{re.escape(lower(h))}[ \t]+{re.escape(lower(d))}"
                     for h, d in sorted(kb.department_heads.items(), key=lambda hd: -len(hd[0])))
    return re.compile(rf"({heads})((?:[ \t]+[^\W_]+)+)")  # matched on lower-cased text: literals, fast


DEPUTY_HEAD = re.compile(r"(?:^|(?<=\s))phó[ \t]+$")


PARENT_LINK = re.compile(r"\s*(?:,|-|–|—|\(|của|thuộc)?\s*")


def _department_name(words: list[str]) -> list[str]:
    """The first word in any case, then the lower-case words: "Đào tạo bồi dưỡng cán bộ" of
    "Đào tạo bồi dưỡng cán bộ Bộ Nội vụ"."""
    kept = words[:1]
    for w in words[1:]:
        if not (w[:1].islower() or w.isdigit()):
            break
        kept.append(w)
    return kept


def _department_roles(doc: Document, kb: Knowledge) -> None:
    """The head of a department inside a ministry or a central board: "Phó Vụ trưởng vụ Đào tạo bồi
    dưỡng cán bộ, ban Tổ chức Trung ương" holds "Phó Vụ trưởng Vụ Đào tạo bồi dưỡng cán bộ" of
    the board written after it (else of the department)."""
    text = lower(doc.text)
    if not any(lower(head) in text for head in kb.department_heads):
        return  # most articles name no department head: a substring test is cheaper than the pattern
    roles = [(m.start, m.end) for m in doc.mentions if m.kind is Kind.ROLE]
    canonical_heads = {lower(f"{h} {d}"): (h, d) for h, d in kb.department_heads.items()}
    for m in word_hits(_department_pattern(kb), text):
        deputy = DEPUTY_HEAD.search(text, max(0, m.start() - 5), m.start())
        start = deputy.start() if deputy else m.start()
        if any(a < m.end() and start < b for a, b in roles):
            continue
        head, noun = canonical_heads[" ".join(m.group(1).split())]
        words = _department_name(doc.text[m.start(2):m.end(2)].split())
        department = f"{noun} {' '.join(words)}"
        end = m.start(2) + len(re.match(r"[ \t]+" + r"[ \t]+".join(map(re.escape, words)), doc.text[m.start(2):]).group(0))
        link = PARENT_LINK.match(doc.text, end)
        parent = _org_at(doc, link.end(), kb) if link else None
        body = department
        if parent and not parent[0].provincial:
            body, end = parent[0].name, parent[1]
            end += 1 if link.group(0).strip() == "(" and doc.text[end:end + 1] == ")" else 0
        entry = RoleEntry(f"{'Phó ' if deputy else ''}{head} {department}", "none", body)
        _add(doc, Kind.ROLE, start, end, entry.title, entries=[entry], former=start in _former_ends(doc, kb))


def _shaped_roles(doc: Document, kb: Knowledge) -> None:
    """A title the tables do not know: a head ("Chủ nhiệm") and an organisation read from its shape."""
    roles = [m for m in doc.mentions if m.kind is Kind.ROLE]
    for org in [m for m in doc.mentions if m.kind is Kind.ORGANIZATION and m.data.get("shaped")]:
        head = kb.role_head_before.search(doc.text[max(0, org.start - 30):org.start])
        if not head or "\n" in org.key:  # a body read across a line end is not a title's
            continue
        start = org.start - len(head.group(0))
        if any(r.start <= start < r.end or start <= r.start < org.end for r in roles):
            continue
        title = f"{' '.join(head.group(0).split())} {org.key}"
        entry = RoleEntry(title, "none", org.key)
        _add(doc, Kind.ROLE, start, org.end, title, entries=[entry], former=start in _former_ends(doc, kb))


def apply(doc: Document) -> Document:
    kb = load()
    doc.mentions = []
    doc._memo.pop("sentence_province", None)
    doc._memo.pop("places", None)
    doc._memo.pop("only_committee", None)
    doc._memo.pop("former_ends", None)
    _places(doc, kb)
    _organizations(doc, kb)
    _roles(doc, kb)
    _department_roles(doc, kb)
    _shaped_roles(doc, kb)
    for r in find_resolutions(doc, kb):
        doc.mentions.append(r)
    doc.mentions.sort(key=lambda m: (m.start, -m.end, m.kind.value))
    return doc
