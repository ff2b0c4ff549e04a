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
from kg.document import KIND_ORDER, Document, Kind, Mention
from kg.gazetteer import WORD, Knowledge, OrgEntry, RoleEntry, expand_full, load, lower, word_hits
from kg.pipeline.names import standing_before, vietnamese_shaped
from kg.pipeline.orgshape import find_shaped
from kg.pipeline.placenames import in_longer_name, person_shaped_bare
from kg.pipeline.resolutions import find_resolutions
from kg.pipeline.titles import (DEPUTY_HEAD, PARENT_LINK, SUB_UNIT, UNIT_TAIL, country_after, department_name,
                               department_pattern, district_after, fitting, former_ends, home_country_end, name_follows,
                               only_committee, provincial_city, term_end)

REQUIRES = ("text", "surface", "sentences")
ASSIGNS = ("mentions", "home_province")

UNIT_WORD = re.compile(r"(?:tỉnh|thành phố|TP\.?)\s+", re.I)
CONNECTION = re.compile(r"[Đđ][Ii][Ểể][Mm] [Cc][Ầầ][Uu]\s+")  # "điểm cầu" in any case; a class first lets re skip ahead
CONNECTION_SKIP = re.compile(r"(?:tỉnh|thành phố|TP\.?|của)\s+", re.I)


@cache
def _country_cues() -> tuple[str, ...]:
    return tuple(load().country_cues)


def cue_before(before: str) -> bool:
    """A country cue ends `before`, then white space ("nước ", "Vương quốc "): `str.endswith` of
    the cues, as a pattern `(?:cues)\\s+$` would say (that one is tried at every position)."""
    stripped = before.rstrip()
    return len(stripped) < len(before) and stripped.endswith(_country_cues())


UNIT_DOT = re.compile(r"(?<=TP)\.\s*|\.?[ \t]*")


def province_at(doc: Document, pos: int, kb: Knowledge) -> tuple[str, int] | None:
    """A province named at `pos`, after an optional "tỉnh"/"thành phố": (name, end)."""
    # "UBND TP. Hà Nội": the abbreviation's dot, and the line break de-tokenised text puts after it
    space = UNIT_DOT.match(doc.text, pos)
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
        body = _body_named_at(doc, at)
        if body is not None:  # "điểm cầu UBND huyện Thanh Chương": a district's body read by the earlier stage
            return Kind.ORGANIZATION, body, at
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


def _body_named_at(doc: Document, pos: int) -> str | None:
    """The key of a district-level body whose mention starts at `pos` ("UBND huyện X", "Huyện ủy X")."""
    for m in doc.mentions:
        if m.start > pos:
            break
        if m.start == pos and m.kind is Kind.ORGANIZATION and DISTRICT_BODY.search(m.key):
            return m.key
    return None


DISTRICT_BODY = re.compile(r"\b(?:huyện|quận|thị xã|Huyện ủy|Quận ủy|Thị ủy)\b")


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


SENTENCE_PLACE = re.compile(r"\W*(?:Tại|Ở)\s+(?:tỉnh\s+|thành phố\s+|TP\.?\s*)?")


def _org_key(doc: Document, entry: OrgEntry, end: int, kb: Knowledge) -> str:
    if not entry.provincial:
        return entry.name
    province = province_at(doc, end, kb)
    if not province:  # "Tại Lâm Đồng, Ban chấp hành Đảng bộ tỉnh ...": the sentence says where
        index = doc.sentence_of(end)
        at = SENTENCE_PLACE.match(doc.text, doc.sentences[index].start) if index >= 0 else None
        found = kb.province_lexicon.match_at(doc.text, at.end()) if at else None
        if found and (not entry.unit or kb.provinces[found.entries[0].name].kind == entry.unit):
            return entry.name.replace("{province}", found.entries[0].name).strip()
    name = province[0] if province else scope_province(doc, end, entry.unit)
    return entry.name.replace("{province}", name or "").strip()


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


def _add(doc: Document, kind: Kind, start: int, end: int, key: str, **data) -> Mention:
    mention = Mention(kind, start, end, key, doc.surface[start:end], data)
    doc.mentions.append(mention)
    return mention


def _places(doc: Document, kb: Knowledge) -> None:
    counts: Counter[str] = Counter()
    headline_end = doc.sentences[0].end if doc.sentences else 0
    province_starts: set[int] = set()
    for m in kb.province_lexicon.find(doc.text):
        name = m.entries[0].name
        province_starts.add(m.start)
        if in_longer_name(doc.text, m.start, m.end, kb) or person_shaped_bare(doc.text, m.start, m.end, kb):
            continue
        _add(doc, Kind.PROVINCE, m.start, m.end, name)
        counts[name] += _home_weight(doc.text[max(0, m.start - 25):m.start].lower(), m.start < headline_end)
    for m in kb.country_lexicon.find(doc.text):
        country = m.entries[0]
        if country.strict and not _country_context(doc.text, m.start, m.end):
            continue
        if country.surnames and doc.text[m.start:m.end] in country.surnames and not (
                _country_context(doc.text, m.start, m.end) and _foreign_name_after(doc.text, m.end)):
            continue  # "Phó Thủ tướng Hàn Chính": a family name
        if m.start in province_starts:
            continue  # "Lào" of "Lào Cai"
        if in_longer_name(doc.text, m.start, m.end, kb, country=True) and not cue_before(
                doc.text[max(0, m.start - 20):m.start]):
            continue  # "Mỹ Đình", "Cẩm Mỹ", "Ấn Độ Dương"; not "Tổng thống Mỹ Trump"
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


def _foreign_name_after(text: str, end: int) -> bool:
    """A name follows with a word no Vietnamese syllable spells ("Hàn Moon Jae-in", not "Hàn Chính")."""
    run = re.match(rf"(?:[ \t]+{UPPER}{WORD}*(?:[ \t]*-[ \t]*{WORD}+)*)+", text[end:end + 40])
    return bool(run) and not all(vietnamese_shaped(w) for w in re.findall(rf"{WORD}+", run.group(0)))


def _country_context(text: str, start: int, end: int) -> bool:
    """A strict country name (Anh, Đức, Nga) counts only after a country cue, outside names."""
    after = text[end:end + 3]
    before = text[max(0, start - 20):start]
    if re.match(rf"\s+{UPPER}{WORD}*", text[end:end + 12]) or re.search(rf"{UPPER}{WORD}*[ \t]+$", before[-12:]):
        return cue_before(before)
    # "Đức - ông Guido Hildner": a list of countries and their envoys
    return cue_before(before) or after.lstrip()[:1] in (",", ".", ";", ")", "-", "–")


UNIT_IN = re.compile(r"(?i:tỉnh|thành|tp\b)")  # "tỉnh", "Thành ủy", "TP."
TERM_BEFORE_PLACE = re.compile(r"[ \t]*,?[ \t]*\(?[Kk]hóa[ \t]+(?:[IVXL]+|\d{1,2})\)?(?=[ \t])")
FOREIGN_BODY_KINDS = ("government", "assembly", "ministry", "foreign")
WRAPPER = re.compile(r"(?:Đảng bộ|Đảng ủy|Ban cán sự đảng|Ủy ban [Tt]hường vụ)\s+$")
# "sở" after "trụ" (seat) or "cơ" (base) is no department: "tại trụ sở Bộ Ngoại giao"
LOWER_HEAD = re.compile(rf" (?:(?:ban|đoàn|bộ|ủy ban|tỉnh ủy|thành ủy|văn phòng) {UPPER}|(?<![Tt]rụ )(?<![Cc]ơ )sở {UPPER}"
                        r"|ban (?<=rưởng ban ))")
COUNCIL_HEAD = re.compile("UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân|Huyện ủy|Quận ủy|Thị ủy")
COUNCIL_SHORT = {"Ủy ban nhân dân": "UBND", "Hội đồng nhân dân": "HĐND"}
COUNCIL_KIND = {"UBND": "government", "HĐND": "assembly"}
DISTRICT_UNIT = re.compile(rf"[ \t]+(huyện|quận|thị xã)(?=[ \t]+{UPPER})")


def _lower_case_heads(doc: Document, kb: Knowledge) -> list[tuple[int, int, OrgEntry]]:
    """Bodies whose head is written in lower case inside a title or a list: "Trưởng ban Tổ chức
    Trung ương", "đoàn Đại biểu Quốc hội tỉnh X", "Trưởng ban Nội chính tỉnh ủy Quảng Nam",
    "Giám đốc sở Tài chính"."""
    out = []
    for m in LOWER_HEAD.finditer(doc.text):
        hit = kb.org_lexicon.match_at(doc.text, m.start() + 1)
        if hit:
            out.append((hit.start, hit.end, hit.entries[0]))
    return out


def _councils(doc: Document, kb: Knowledge) -> list[tuple[int, int, OrgEntry]]:
    """District bodies, added to the document ("UBND huyện Thanh Chương", "Huyện ủy Hóc Môn": the
    district read as for district titles, a person's name cut off), and a province's council
    written without its unit, returned ("UBND Đà Nẵng")."""
    text, out = doc.text, []
    for m in COUNCIL_HEAD.finditer(text):
        at, end, head = m.start(), m.end(), m.group(0)
        if at and text[at - 1].isalnum():
            continue
        short = COUNCIL_SHORT.get(head, head)
        unit = DISTRICT_UNIT.match(text, end) if short in COUNCIL_KIND else None
        if unit or short not in COUNCIL_KIND:
            _district_body(doc, at, unit.end() if unit else end, short, unit.group(1) if unit else "", kb)
        elif text[end:end + 1] == " " and (place := kb.province_lexicon.match_at(text, end + 1)):
            province = place.entries[0]
            out.append((at, place.end, OrgEntry(f"{short} {province.kind} {province.name}",
                                                COUNCIL_KIND[short], ())))
    return out


def _add_standing(doc: Document, start: int, end: int, key: str, kind: str) -> None:
    """The standing board of the body `key` written at `start`, when "Thường trực" names it."""
    at = standing_before(doc.text, start)
    if at is not None:
        _add(doc, Kind.ORGANIZATION, at, end, f"Thường trực {key}", body_kind=kind,
             full=f"Thường trực {expand_full(key)}")


def _district_body(doc: Document, start: int, end: int, short: str, unit: str, kb: Knowledge) -> None:
    if not re.match(rf"[ \t]+{UPPER}", doc.text[end:end + 3]) or kb.province_lexicon.match_at(doc.text, end + 1):
        return
    found = district_after(doc.text, end, kb)
    if not found:
        return
    district, stop = found
    key = f"{short} {unit} {district}" if unit else f"{short} {district}"
    _add(doc, Kind.ORGANIZATION, start, stop, key, body_kind=COUNCIL_KIND.get(short, "party"), full=expand_full(key))
    _add_standing(doc, start, stop, key, COUNCIL_KIND.get(short, "party"))


def _foreign(doc: Document, end: int, entry: OrgEntry, kb: Knowledge) -> tuple[OrgEntry, int] | None:
    """A state body followed by a foreign country is that country's: "Chính phủ Ấn Độ"."""
    if entry.provincial or entry.kind not in FOREIGN_BODY_KINDS or doc.text[end:end + 1] != " ":
        return None
    country = kb.country_lexicon.match_at(doc.text, end + 1)
    if not country or country.entries[0].iso == "VN":
        return None
    return OrgEntry(f"{entry.name} {country.entries[0].name}", entry.kind, ()), country.end


def _with_unit(name: str, kind: str, kb: Knowledge) -> str:
    """A mass organisation's name ending in a province without its unit, with it: "Hội Luật gia
    Bắc Ninh" is "Hội Luật gia tỉnh Bắc Ninh", one body however the article writes it."""
    if kind != "front":
        return name
    for i in (2, 3, 1):
        words = name.split()
        if len(words) > i + 1 and " ".join(words[-i:]) in kb.provinces and words[-i - 1].rstrip(".") not in ("tỉnh", "phố", "TP"):
            province = kb.provinces[" ".join(words[-i:])]
            return f"{' '.join(words[:-i])} {province.kind} {province.name}"
    return name


def _abroad(entry: OrgEntry, found: list[tuple[int, int, OrgEntry]]) -> OrgEntry:
    """A body only another country has, named without the country: the one the article names
    with its country ("Hội nghị Nhân dân Tối cao" ... "Hội nghị Nhân dân Tối cao Triều Tiên")."""
    if entry.kind != "foreign":
        return entry
    return next((e for _, _, e in found if e.name.startswith(entry.name + " ")), entry)


def _organizations(doc: Document, kb: Knowledge) -> None:
    found: list[tuple[int, int, OrgEntry]] = []
    for lex in (kb.acronym_lexicon, kb.org_lexicon):
        for m in lex.find_capitalised(doc.text):
            found.append((m.start, m.end, m.entries[0]))
            # a body named inside a longer one ("Ủy ban Luật pháp Quốc tế của Liên hợp quốc")
            for inner in lex.find_capitalised(doc.text, m.start + 1, m.end):
                found.append((inner.start, inner.end, inner.entries[0]))
    found += _lower_case_heads(doc, kb) + _councils(doc, kb)
    for i, (start, end, entry) in enumerate(found):
        foreign = _foreign(doc, end, entry, kb)
        if foreign:
            found[i] = (start, foreign[1], foreign[0])
    found = [(a, b, _abroad(e, found)) for a, b, e in found]
    known = [(start, end) for start, end, _ in found]
    for start, end, name, kind in find_shaped(doc.text, kb):
        # skip it where a known body overlaps it, unless it holds that body whole ("... của Quốc hội")
        if not any(a < end and start < b and not (start < a and b <= end) for a, b in known):
            key = _with_unit(name, kind, kb)
            _add(doc, Kind.ORGANIZATION, start, end, key, body_kind=kind, full=expand_full(key), shaped=True)
    for start, end, entry in sorted(found, key=lambda f: (f[0], -f[1])):
        before = max(0, start - 20)  # every wrapper holds "Đảng"/"đảng" or "Ủy ban": looked for first
        wrapper = WRAPPER.search(doc.text, before, start) if (
            doc.text.find("ảng", before, start) >= 0 or doc.text.find("Ủy ban", before, start) >= 0) else None
        if entry.provincial and (term := TERM_BEFORE_PLACE.match(doc.text, end)) and province_at(doc, term.end(), kb):
            end = term.end()  # "Đoàn đại biểu Quốc hội khóa XIV tỉnh Hà Tĩnh": the term, then the province
        elif entry.unit and not UNIT_IN.search(doc.text, start, end) and not province_at(doc, end, kb):
            continue  # "thảo luận tại Đoàn đại biểu Quốc hội": no unit, no province, no one province's
        key = _org_key(doc, entry, end, kb)
        if wrapper and (not entry.provincial or key != entry.name.replace("{province}", "").strip()):
            w_start = start - len(wrapper.group(0))  # "Đảng ủy Công an thành phố": the body's own party committee
            _add(doc, Kind.ORGANIZATION, w_start, end, f"{wrapper.group(0).strip()} {key}",
                 body_kind="party" if "Đảng" in wrapper.group(0) or "đảng" in wrapper.group(0) else entry.kind,
                 full=f"{wrapper.group(0).strip()} {expand_full(key)}")
        if entry.provincial and key == entry.name.replace("{province}", "").strip():
            continue  # a provincial body whose province is unknown
        found_province = province_at(doc, end, kb) if entry.provincial else None
        # a province read from context is a guess the holding of a title around the body may correct
        guessed = {"template": entry.name, "unit": entry.unit} if entry.provincial and not found_province else {}
        _add(doc, Kind.ORGANIZATION, start, found_province[1] if found_province else end, key, body_kind=entry.kind,
             full=expand_full(key), **guessed)
        if entry.provincial:
            _add_standing(doc, start, found_province[1] if found_province else end, key, entry.kind)


def _title_province(doc: Document, start: int, end: int, kb: Knowledge) -> tuple[str, int] | None:
    """The province written after a title, past a term; a title ending in its unit word may
    run into a province spelt with that word ("Chủ tịch Ủy ban MTTQ TP. HCM")."""
    tail = UNIT_TAIL.search(doc.text, start, end)
    if tail:
        m = kb.province_lexicon.match_at(doc.text, tail.start())
        if m and m.end > end:
            return m.entries[0].name, m.end
    return province_at(doc, term_end(doc.text, end), kb)


def _roles(doc: Document, kb: Knowledge) -> None:
    orgs = sorted((m.start, m.end) for m in doc.mentions if m.kind is Kind.ORGANIZATION)
    starts, reach = [a for a, _ in orgs], list(itertools.accumulate((b for _, b in orgs), max))
    former = former_ends(doc, kb)
    for m in kb.role_lexicon.find(doc.text):
        before = bisect.bisect_left(starts, m.start)  # the bodies that start before the title
        if before and reach[before - 1] > m.start:
            continue  # "Bí thư Trung ương Đảng" inside "Ban Bí thư Trung ương Đảng"
        entries = m.entries
        end = m.end
        data: dict = {"former": m.start in former}
        scopes = kb.role_list_scopes[id(entries)]
        if "province" in scopes:
            found = _title_province(doc, m.start, end, kb)
            if found:
                data["province"], end = found
            elif SUB_UNIT.match(doc.text, end):
                continue  # "Chủ tịch HĐND xã", "chủ tịch UBND Q. 12": not the province's
            else:
                city = provincial_city(doc, m.start, end, entries, kb)
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
            country = country_after(doc, end, kb)
            home = None if country else home_country_end(doc, end, kb)
            if home and any(e.scope != "country" for e in entries):
                entries, end = [e for e in entries if e.scope != "country"], home  # our own office
                data["home"] = True
            elif country:
                data["country"], end = country
                posted = re.compile(r" tại ").match(doc.text, end)  # "Đại sứ Nhật Bản tại Việt Nam"
                there = kb.country_lexicon.match_at(doc.text, posted.end()) if posted else None
                if there:
                    end = there.end
                # a title followed by a country is that country's office ("Chủ tịch Quốc hội Lào")
                entries = [e for e in entries if e.scope == "country"] or [RoleEntry(entries[0].title, "country", "")]
        if "province" not in data and (id(entries) in kb.role_lists_all_province if entries is m.entries
                                       else all(e.needs == "province" for e in entries)):
            committee = only_committee(doc, kb)  # "Phó bí thư Võ Văn A" in an article on one committee
            if committee and name_follows(doc, end, kb):
                data["province"] = committee
        if "province" in data or id(entries) in kb.role_lists_needing:
            entries = fitting(entries, data, kb)
            if not entries:
                continue
        data["entries"] = entries
        termed = term_end(doc.text, end)
        if termed > end:
            data["before_term"] = end  # the title as written without its term is a label too
        _add(doc, Kind.ROLE, m.start, termed, entries[0].title, **data)


def _department_roles(doc: Document, kb: Knowledge) -> None:
    """The head of a department inside a ministry or a central board: "Phó Vụ trưởng vụ Đào tạo bồi
    dưỡng cán bộ, ban Tổ chức Trung ương" holds "Phó Vụ trưởng Vụ Đào tạo bồi dưỡng cán bộ" of
    the board written after it (else of the department)."""
    text = lower(doc.text)
    if not any(lower(head) in text for head in kb.department_heads):
        return  # most articles name no department head: a substring test is cheaper than the pattern
    roles = [(m.start, m.end) for m in doc.mentions if m.kind is Kind.ROLE]
    canonical_heads = {lower(f"{h} {d}"): (h, d) for h, d in kb.department_heads.items()}
    for m in word_hits(department_pattern(kb), text):
        deputy = DEPUTY_HEAD.search(text, max(0, m.start() - 5), m.start())
        start = deputy.start() if deputy else m.start()
        if any(a < m.end() and start < b for a, b in roles):
            continue
        head, noun = canonical_heads[" ".join(m.group(1).split())]
        words = department_name(doc.text[m.start(2):m.end(2)].split())
        department = f"{noun} {' '.join(words)}"
        written = re.compile(r"[ \t]+" + r"[ \t]+".join(map(re.escape, words))).match(doc.text, m.start(2))
        end = written.end()
        link = PARENT_LINK.match(doc.text, end)
        parent = _org_at(doc, link.end(), kb) if link else None
        body = department
        if parent and not parent[0].provincial:
            body, end = parent[0].name, parent[1]
            end += 1 if link.group(0).strip() == "(" and doc.text[end:end + 1] == ")" else 0
        entry = RoleEntry(f"{'Phó ' if deputy else ''}{head} {department}", "none", body)
        _add(doc, Kind.ROLE, start, end, entry.title, entries=[entry], former=start in former_ends(doc, kb))


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
        _add(doc, Kind.ROLE, start, org.end, title, entries=[entry], former=start in former_ends(doc, kb))


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
    doc.mentions.sort(key=lambda m: (m.start, -m.end, KIND_ORDER[m.kind]))
    return doc
