"""Stage: turn each (official, title) the text states into a `RoleHolding`.

The holding's scope is what the title belongs to:
- a province title ("Bí thư Tỉnh ủy"): the province written after it, else the one
  written with another title of the same list ("Phó Bí thư Tỉnh ủy, Chủ tịch UBND
  tỉnh Hà Tĩnh"), else the sentence's connection point, else the province named
  last before it in its sentence or the two before, else the article's home province;
- a district title: the district written after it, else the one named last before it;
- a party post inside a body ("Bí thư Đảng ủy"): the body written after it, else
  the body of another title in the same list ("... Phó Viện trưởng VKSND tối cao"),
  else the sentence's connection point;
- a foreign office ("Tổng thống"): the country written after it, else the
  nearest other country in the sentence; a national title ("Tổng Bí thư") of someone
  the article gives a foreign office is a foreign office too;
- a national office: the body the role table names.
A former office ("nguyên Thứ trưởng", "thôi giữ chức") is not a holding.
"""
from __future__ import annotations

import re

from kg.document import Document, Kind, Mention, RoleHolding
from kg.gazetteer import UNITS, RoleEntry, expand_full, load
from kg.pipeline.mentions import connection_point, scope_province
from kg.pipeline.titles import district_before

REQUIRES = ("mentions", "sentences", "home_province", "text")
ASSIGNS = ("holdings", "mentions")  # a bare body inside a title takes the holding's province


def choose_entry(role: Mention, foreign: bool) -> RoleEntry:
    """One title can name a Vietnamese and a foreign office ("Thủ tướng"): the name decides."""
    entries = role.data["entries"]
    fitting = [e for e in entries if (e.scope == "country") == foreign] or entries
    return fitting[0]


def _body_of(doc: Document, role: Mention, chain: list[Mention], person: Mention) -> str | None:
    if role.data.get("organization"):
        return role.data["organization"]
    if choose_entry(role, False).body == "{organization}":
        return None  # a bare "Bộ trưởng": only the ministry written after it, not another title's body
    for other in chain:
        entry = choose_entry(other, False)
        if other is not role and entry.scope == "none" and entry.body and "Đảng" not in entry.body:
            return entry.body
    s = doc.sentences[doc.sentence_of(person.start)]
    cp = connection_point(doc, s.start, s.end)
    if cp and cp[0] is Kind.ORGANIZATION:
        return cp[1].removeprefix("Đảng bộ ").strip()
    return None


def _country_of(doc: Document, role: Mention, person: Mention) -> str | None:
    if role.data.get("country"):
        return role.data["country"]
    s = doc.sentences[doc.sentence_of(person.start)]
    countries = [m for m in doc.of_kind(Kind.COUNTRY) if s.start <= m.start < s.end and m.key != "Việt Nam"]
    countries.sort(key=lambda m: abs(m.start - role.start))
    return countries[0].key if countries else None


def _chain_province(role: Mention, chain: list[Mention]) -> str | None:
    """A province written with another title of the same list: "Phó Bí thư Tỉnh ủy, Chủ tịch UBND
    tỉnh Hà Tĩnh" are both Hà Tĩnh's, whatever else the article is about. The nearest after
    the title first, then the nearest before it."""
    at = next(i for i, r in enumerate(chain) if r is role)
    for other in [*chain[at + 1:], *reversed(chain[:at])]:
        if other.data.get("province") and any(e.scope == "province" for e in other.data["entries"]):
            return other.data["province"]
    return None


def _unit_entry(role: Mention, entry: RoleEntry, province: str | None) -> RoleEntry:
    """The entry of the province's unit, when the title fits both ("Chủ tịch UBND" of a
    province is "Chủ tịch UBND tỉnh", of a centrally-run city "Chủ tịch UBND thành phố")."""
    if not province or not entry.unit:
        return entry
    kind = load().provinces[province].kind
    if entry.unit == kind:
        return entry
    same = [e for e in role.data["entries"] if e.scope == "province" and e.unit == kind
            and _unitless(e.title) == _unitless(entry.title)]
    return same[0] if same else entry


UNIT_WORDS = re.compile("|".join(sorted((*UNITS, *UNITS.values()), key=len, reverse=True)))


def _unitless(title: str) -> str:
    return UNIT_WORDS.sub("{}", title)


def _abroad(doc: Document) -> set[str]:
    """The officials the article gives a foreign country's office ("Thủ tướng Singapore Lý Hiển
    Long"): their other ambiguous titles ("Thủ tướng Lý Hiển Long") are that office too."""
    if not any(m.kind is Kind.COUNTRY for m in doc.mentions):
        return set()  # no country named: nobody holds a foreign office
    foreign = {p.key for p in doc.of_kind(Kind.OFFICIAL) if any(r.data.get("country") for r in p.data["roles"])}
    # a title written with "Việt Nam" after it ("Bộ trưởng Ngoại giao Việt Nam A") says whose A's titles are
    return foreign - {p.key for p in doc.of_kind(Kind.OFFICIAL) if any(r.data.get("home") for r in p.data["roles"])}


def _held_abroad(role: Mention, entry: RoleEntry) -> RoleEntry:
    """A national title given to someone the article gives a foreign office ("Tổng Bí thư, Chủ tịch
    nước Trung Quốc Tập Cận Bình"): that country's office, by the title as written, not Việt Nam's."""
    low = role.surface.lower()
    written = max((s for s in entry.spellings() if low.startswith(s.lower())), key=len, default=entry.title)
    return RoleEntry(written, "country", "")


def holdings_of(doc: Document, person: Mention, abroad: frozenset[str] = frozenset()) -> list[tuple[Mention, RoleHolding]]:
    """Each title of the person's list still held, with the holding it gives."""
    out = []
    chain = person.data["roles"]
    sentence = doc.sentence_of(person.start)
    for role in chain:
        if role.data.get("former"):
            continue
        entry = choose_entry(role, person.data.get("foreign", False) or person.key in abroad)
        if entry.scope == "none" and person.key in abroad:
            entry = _held_abroad(role, entry)
        province = organization = country = None
        if entry.scope == "province":
            province = role.data.get("province") or _chain_province(role, chain)
            entry = _unit_entry(role, entry, province)
            either = len({e.unit for e in role.data["entries"] if e.scope == "province"}) > 1  # "Đại biểu Quốc hội"
            province = province or scope_province(doc, role.end, "" if either else entry.unit, role.start)
            entry = _unit_entry(role, entry, province)
            organization = entry.body.replace("{province}", province) if province else None
        elif entry.scope == "district":
            district = role.data.get("district") or district_before(doc, role.start)
            organization = entry.body.replace("{district}", district) if district else None
            province = scope_province(doc, role.end)
        elif entry.scope == "body":
            body = _body_of(doc, role, chain, person)
            organization = entry.body.replace("{organization}", body) if body else None
        elif entry.scope == "country":
            country = _country_of(doc, role, person)
        else:
            organization = entry.body or None
        out.append((role, RoleHolding(person.key, entry.title, province, organization, country, sentence)))
    return out


def _place_guessed_bodies(doc: Document, guessed: list[Mention], role: Mention, holding: RoleHolding) -> None:
    """A provincial body written bare inside the title ("Tỉnh ủy" of "Phó Bí thư Tỉnh ủy") took the
    province of its context (the mentions stage: the article's home one, where no other is
    near); the holding read the title's list and the sentences before it, so the body is the
    holding's province's: "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh Lạng Sơn" names Lạng Sơn's bodies."""
    if not holding.province:
        return
    kind = load().provinces[holding.province].kind
    for m in guessed:
        if role.start <= m.start < role.end and (not m.data["unit"] or m.data["unit"] == kind):
            m.key = m.data["template"].replace("{province}", holding.province).strip()
            m.data["full"] = expand_full(m.key)


def apply(doc: Document) -> Document:
    seen: dict[tuple[str, str], RoleHolding] = {}
    abroad = frozenset(_abroad(doc))
    guessed = [m for m in doc.of_kind(Kind.ORGANIZATION) if "template" in m.data]
    for person in doc.of_kind(Kind.OFFICIAL):
        for role, h in holdings_of(doc, person, abroad):
            _place_guessed_bodies(doc, guessed, role, h)
            key = (h.official, h.role)
            if key not in seen or (not seen[key].province and h.province):
                seen[key] = h
    doc.holdings = sorted(seen.values(), key=lambda h: (h.sentence, h.official, h.role))
    return doc
