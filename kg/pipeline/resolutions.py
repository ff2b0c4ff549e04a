"""Party and state resolutions ("Nghị quyết ..."), one canonical key each.

Shapes read (issuer and term where the text states them; a term written in
Arabic figures is the same term in Roman ones: "khóa 12" is "khóa XII"):
- a Party congress: "Nghị quyết Đại hội XIII", "Nghị quyết đại hội khóa XII của Đảng",
  "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng"
  -> "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng";
- a provincial congress: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX" (the
  province from the text, else the article's home province);
- another body's congress: "Nghị quyết đại hội Đoàn toàn quốc lần thứ XI",
  "Nghị quyết Đại hội đại biểu Hội Luật gia Việt Nam khóa XII";
- a plenum, or several: "Nghị quyết Trung ương 4 khóa XII", "Nghị quyết Hội nghị lần
  thứ 8 Ban Chấp hành Trung ương Đảng khóa XII", "Nghị quyết Trung ương 6, 7 khóa XII";
- a number, or several sharing an issuer: "Nghị quyết số 58 của Bộ Chính trị (khóa XII)",
  "Nghị quyết 36-NQ/TW", "Nghị quyết số 100/2015 / QH 13", "Nghị quyết 01, 02 của Chính
  phủ". A number met once with its issuer and once without is one resolution;
- a title: 'Nghị quyết về "công tác dân số trong tình hình mới"', "Nghị quyết của Quốc
  hội về kế hoạch ...", and after a cue ("giới thiệu nghị quyết tăng cường ...").

A title has no clear end in running text, so its labels are also its cuts at each
comma and "và": a reader citing it short writes one of them.
"""
from __future__ import annotations

import re
from functools import cache

from kg.document import Document, Kind, Mention
from kg.gazetteer import Knowledge, cell, rows, trie_pattern
from kg.text import UPPER, find_literals

ROMAN = r"[IVXL]+"
TERM = rf"(?:{ROMAN}|\d{{1,2}})(?![\w/])"
NQ = r"[Nn]ghị quyết"
KHOA = r"[Kk]hóa"
TU = r"(?:Trung ương|trung ương|TƯ|T\.Ư\.?|TW)"
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
                "mười": 10, "mười một": 11, "mười hai": 12}
ORDINAL = r"(?:\d{1,2}|mười một|mười hai|" + "|".join(NUMBER_WORDS) + ")"
CONGRESS = re.compile(
    rf"{NQ}\s+(?:của\s+)?(?:[Đđ]ại hội|ĐH)(?P<delegates>\s+đại biểu)?(?:\s+toàn quốc)?"
    rf"(?:\s+(?P<body>{UPPER}[^\W\d]*(?:\s+[^\W\d]+){{0,6}}?))??"
    rf"\s*,?\s+(?:(?P<word>lần thứ|{KHOA})\s+)?(?P<term>{TERM})"
    rf"(?:\s+(?P<after>Đảng bộ\s+(?:tỉnh|thành phố|Tỉnh|Thành phố)(?:\s+{UPPER}[^\W\d]*)*))?"
    rf"(?:\s+của\s+(?P<owner>{UPPER}[^\W\d]*(?:\s+(?:[^\W\d]+\s+)?{UPPER}[^\W\d]*)*))?"
    rf"(?P<tenure>,?\s*nhiệm kỳ\s+\d{{4}}\s*[-–]\s*\d{{4}})?")
PROVINCIAL_BODY = re.compile(r"Đảng bộ\s+(tỉnh|thành phố)\s*(.*)$", re.I)
PLENUM = re.compile(
    rf"{NQ}\s+(?:của\s+)?(?:(?:[Hh]ội nghị\s+(?:lần thứ\s+)?|lần thứ\s+)(?P<n1>{ORDINAL}),?\s+"
    rf"(?:(?:Ban [Cc]hấp hành|BCH)\s+)?{TU}(?:\s+Đảng)?"
    rf"|(?:[Hh]ội nghị\s+)?(?:(?:Ban [Cc]hấp hành|BCH)\s+)?{TU}(?:\s+Đảng)?\s+(?:lần thứ\s+)?"
    rf"(?P<n2>{ORDINAL}(?:\s*(?:,|và)\s*(?:{TU}\s+)?{ORDINAL})*))"
    rf"(?:\s*,?\s*\(?\s*{KHOA}\s+(?P<term>{TERM})\s*\)?)?(?![\w/])(?:\s+của\s+Đảng)?")
ONE = r"\d{1,4}(?:\s*[-/]\s*(?:\d{4}|[A-ZĐ]{2,}(?:\s?\d{1,2}(?!\d))?))*"
NUMBERED = re.compile(rf"{NQ}(?:\s+số)?\s+(?P<first>{ONE})(?P<more>(?:\s*(?:,|và)\s*(?:số\s+)?\d{{2,4}}(?![\d,.]\d))*)"
                      r"(?:\s+ngày\s+\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*(?P<year>\d{4}))?")
LISTED = re.compile(r"\d{2,4}")
ISSUER = re.compile(r"\s+(?:của|do)\s+")
TERM_AFTER = re.compile(rf"\s*,?\s*\(?\s*{KHOA}\s+({TERM})\s*\)?")
ABOUT = re.compile(r"\s+(?:về\s+(?:việc\s+)?)?(?=[\"“'])|\s+về\s+(?:việc\s+)?")
QUOTED = re.compile(r"[\"“']\s*([^\"“”'\n]{8,250}?)\s*[\"”']")
CUT = re.compile(r",\s|\s+và\s")
COLLECTIVE = re.compile(r"(?:các|những|\d+|hai|ba|bốn|năm|sáu)\s+$", re.I)
STARTS = ("Nghị quyết", "nghị quyết")  # NQ's two spellings, found with str.find


@cache
def _words(kind: str) -> dict[str, str]:
    """The words of kg/data/resolution_words.tsv of one kind, with their value."""
    return {r[0]: cell(r, 2) for r in rows("resolution_words.tsv") if cell(r, 1) == kind}


@cache
def _issuers() -> dict[str, tuple[str, str]]:
    """Issuers: written name -> (number suffix, canonical body where the name is a short one)."""
    return {r[0]: (cell(r, 2), cell(r, 3)) for r in rows("resolution_words.tsv") if cell(r, 1) == "issuer"}


@cache
def _title_end() -> re.Pattern[str]:
    """Where an unquoted title stops: punctuation, a comma before a capital (a name
    follows), or a word that carries the clause on."""
    words = trie_pattern(sorted(_words("title_end")))
    return re.compile(rf"(?<!TP)[.;:()\[\]\"“”\n]|,\s+(?={UPPER})|\s(?:{words})(?!\w)|\s[-–]\s(?={UPPER})")


@cache
def _title_cue() -> re.Pattern[str]:
    words = trie_pattern(sorted(_words("title_cue")))
    return re.compile(rf"(?<!\w)(?:{words})\s+(?:các\s+)?$", re.I)


def roman(term: str) -> str:
    """A term in Roman figures: "12" -> "XII" (news writes "khóa 12" and "khóa XII")."""
    if not term.isdigit():
        return term
    n, out = int(term), ""
    for value, letters in ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _ordinal(word: str) -> str:
    return str(NUMBER_WORDS.get(word, word))


def _mention(doc: Document, start: int, end: int, key: str, **data) -> Mention:
    surface = " ".join(doc.surface[start:end].split())
    labels = {" ".join(doc.text[start:end].split()), surface, *data.pop("labels", ())}
    return Mention(Kind.RESOLUTION, start, end, key, surface, {"labels": sorted(labels - {key}), **data})


def _issuer_at(doc: Document, pos: int, kb: Knowledge) -> tuple[str, str, int] | None:
    """(canonical issuer, surface, end) of the national body named at `pos`."""
    org = kb.org_lexicon.match_at(doc.text, pos)
    if org and not org.entries[0].provincial:
        return org.entries[0].name, " ".join(doc.text[pos:org.end].split()), org.end
    for word, row in _issuers().items():
        if doc.text.startswith(word, pos) and not doc.text[pos + len(word):pos + len(word) + 1].isalnum():
            return row[1] or word, word, pos + len(word)
    return None


def _congress(doc: Document, m: re.Match[str], kb: Knowledge) -> Mention | None:
    body = " ".join((m.group("after") or m.group("body") or "").split())
    owner = m.group("owner") or ""
    if not m.group("word") and body:
        return None  # "Nghị quyết Đại hội Đảng các cấp 12": a term needs "lần thứ" or "khóa" after a body
    term, written = roman(m.group("term")), m.group("term")
    if owner and not owner.startswith("Đảng"):
        body = owner if not body else body
    end = m.end("tenure") if m.group("tenure") else m.end()
    bare = " ".join(doc.text[m.start():m.start("tenure") if m.group("tenure") else m.end()].split())
    if not body or body in ("Đảng", "Đảng toàn quốc") or body.startswith("Đảng Cộng sản"):
        key = f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {term} của Đảng"
        labels = [f"Nghị quyết Đại hội {term}", f"Nghị quyết Đại hội {term} của Đảng",
                  f"Nghị quyết Đại hội lần thứ {term} của Đảng", f"Nghị quyết Đại hội khóa {term} của Đảng", bare]
        return _mention(doc, m.start(), end, key, term=term, labels=labels)
    provincial = PROVINCIAL_BODY.match(body)
    if provincial:
        unit = provincial.group(1).lower()
        at = m.start("after") if m.group("after") else m.start("body")
        place = kb.province_lexicon.match_at(doc.text, at + provincial.start(2)) if provincial.group(2) else None
        province = place.entries[0].name if place else doc.home_province
        where = f"{unit} {province + ' ' if province else ''}"
        key = f"Nghị quyết Đại hội Đảng bộ {where}lần thứ {term}"
        labels = {f"Nghị quyết Đại hội Đảng bộ {unit} lần thứ {term}", bare,
                  *(f"Nghị quyết Đại hội{d} Đảng bộ {where}lần thứ {t}" for t in {term, written}
                    for d in ("", " đại biểu"))}
        return _mention(doc, m.start(), end, key, term=term, province=province, labels=sorted(labels))
    key = f"Nghị quyết Đại hội {body} lần thứ {term}"
    labels = {bare, *(f"Nghị quyết Đại hội{d} {body} {w} {t}" for t in {term, written}
                      for w in ("lần thứ", "khóa") for d in ("", " đại biểu"))}
    return _mention(doc, m.start(), end, key, term=term, labels=sorted(labels))


def _plenum(doc: Document, m: re.Match[str]) -> list[Mention]:
    """A plenum's resolution, or several. Without its term ("Nghị quyết Trung ương 4 về ...")
    the key waits for `_terms_of_plenums` to find the term elsewhere in the article."""
    term = roman(m.group("term") or "")
    numbers = [m.group("n1")] if m.group("n1") else re.findall(rf"(?<!\w)(?:{ORDINAL})(?!\w)", m.group("n2"))
    if not term and not all(n.isdigit() for n in numbers):
        return []  # "nghị quyết trung ương năm 2018" is no plenum
    collective = bool(COLLECTIVE.search(doc.text, max(0, m.start() - 8), m.start()))
    out = []
    for n in dict.fromkeys(_ordinal(n) for n in numbers):
        key = f"Nghị quyết Trung ương {n} khóa {term}"
        labels = [f"Nghị quyết Trung ương {n}", f"Nghị quyết Hội nghị Trung ương {n} khóa {term}",
                  f"Nghị quyết Hội nghị lần thứ {n} Ban Chấp hành Trung ương Đảng khóa {term}"]
        labels = labels if term else labels[:1]
        mention = _mention(doc, m.start(), m.end(), key, term=term, labels=labels if len(numbers) == 1 else labels[1:])
        mention.data["collective"] = collective and len(numbers) == 1
        mention.data["plenum"] = n
        out.append(mention)
    return out


def _terms_of_plenums(found: list[Mention]) -> list[Mention]:
    """A plenum named without its term takes the one the article gives it elsewhere, when it
    gives one only ("Nghị quyết Trung ương 4 khóa XII" ... "Nghị quyết Trung ương 4"); else
    it is not emitted: "Trung ương 4" of which term is not known."""
    termed: dict[str, set[str]] = {}
    for r in found:
        if r.data.get("plenum") and r.data.get("term"):
            termed.setdefault(r.data["plenum"], set()).add(r.key)
    out = []
    for r in found:
        if r.data.get("plenum") and not r.data.get("term"):
            keys = termed.get(r.data["plenum"], set())
            if len(keys) != 1:
                continue
            r.key = next(iter(keys))
            r.data["labels"] = sorted(set(r.data["labels"]) | {f"Nghị quyết Trung ương {r.data['plenum']}"})
        out.append(r)
    return out


def _title(doc: Document, pos: int) -> tuple[str, int] | None:
    """The title that starts at `pos` (after "về" or a quote) and where it ends."""
    q = QUOTED.match(doc.text, pos)
    if q:
        return " ".join(q.group(1).split()), q.end()
    limit = min(len(doc.text), pos + 250)
    stop = _title_end().search(doc.text, pos, limit)
    keep = tuple(_words("title_keep"))
    while stop and doc.text[max(0, stop.start() - 12):stop.end()].endswith(keep):
        stop = _title_end().search(doc.text, stop.end(), limit)  # "nhất là" goes on with the title
    end = stop.start() if stop else limit
    words = " ".join(doc.text[pos:end].split()).rstrip(" ,").split()
    while words and words[-1] in _words("title_tail"):
        words.pop()  # "... của đại biểu Quốc hội với" (a name was cut off after it)
    title = " ".join(words)
    end = pos + doc.text[pos:end].rfind(words[-1]) + len(words[-1]) if words else pos
    not_title = _words("not_title")
    if len(words) < 3 or words[0] in not_title or words[-1] in not_title or not words[0][0].isalpha():
        return None
    return title, end


def _title_labels(heads: list[str], title: str) -> list[str]:
    """Each head ("Nghị quyết về") with the title and with its cuts at a comma or "và"."""
    cuts = [title] + [title[:c.start()] for c in CUT.finditer(title) if len(title[:c.start()].split()) >= 3]
    return [f"{h} {c}" for h in heads for c in cuts]


def _described(doc: Document, at: int, kb: Knowledge) -> Mention | None:
    """A resolution named by its title: "Nghị quyết [của Quốc hội] về ...", or after a cue."""
    pos = at + len("nghị quyết")
    issuer = None
    if COLLECTIVE.search(doc.text, max(0, at - 8), at):
        return None  # "các nghị quyết về ...": a topic, not one resolution
    of = ISSUER.match(doc.text, pos)
    if of:
        issuer = _issuer_at(doc, of.end(), kb)
        if not issuer:
            return None
        pos = issuer[2]
    elif doc.text[pos:pos + 1] == " " and (named := _issuer_at(doc, pos + 1, kb)) and ABOUT.match(doc.text, named[2]):
        issuer, pos = named, named[2]  # "Nghị quyết Quốc hội về ...": the issuer without "của"
    about = ABOUT.match(doc.text, pos)
    if about:
        found = _title(doc, about.end())
    elif (not issuer and doc.text[pos:pos + 1] == " " and doc.text[pos + 1:pos + 2].islower()
          and _title_cue().search(doc.text, max(0, at - 20), at)):
        found = _title(doc, pos + 1)  # "giới thiệu nghị quyết tăng cường ...": no "về", a cue
    else:
        found = None
    if not found:
        return None
    title, end = found
    heads = ["Nghị quyết về", "nghị quyết"]
    key = f"Nghị quyết về {title}"
    if issuer:
        heads += [f"Nghị quyết của {issuer[1]} về", f"Nghị quyết của {issuer[0]} về"]
        key = f"Nghị quyết của {issuer[0]} về {title}"
    return _mention(doc, at, end, key, issuer=issuer[0] if issuer else None, described=True,
                    labels=_title_labels(heads, title))


def _numbered(doc: Document, m: re.Match[str], kb: Knowledge) -> list[Mention]:
    end, issuer, term = m.end(), None, None
    issuer_at = ISSUER.match(doc.text, end)
    found = _issuer_at(doc, issuer_at.end(), kb) if issuer_at else None
    if found:
        issuer, end = found, found[2]
    term_at = TERM_AFTER.match(doc.text, end)
    if term_at:
        term, end = roman(term_at.group(1)), term_at.end()
    about = ABOUT.match(doc.text, end)
    title = _title(doc, about.end()) if about else None
    firsts = [m.group("first")] + LISTED.findall(m.group("more") or "")
    out = []
    for written in firsts:
        number = re.match(r"\d+", written).group(0)
        suffix = re.sub(r"\s+", "", written[len(number):])
        if not suffix and issuer:
            suffix = next((row[0] for word, row in _issuers().items() if issuer[0] in (word, row[1])), "")
        key = f"Nghị quyết số {number}{suffix}"
        labels = [f"Nghị quyết số {number}", f"Nghị quyết {number}{suffix}", f"Nghị quyết {number}"]
        numbered_in = term or _term_of_year(suffix, m.group("year") if len(firsts) == 1 else None)
        if numbered_in and suffix in _numbering_terms():  # numbered anew each term: the term tells it apart
            labels.append(key)
            key = f"{key} khóa {numbered_in}"
        if issuer:
            labels += [f"Nghị quyết {number} của {issuer[1]}", f"Nghị quyết số {number} của {issuer[1]}"]
        if title and len(firsts) == 1:
            heads = [f"Nghị quyết số {number}{suffix} về", f"Nghị quyết số {number} về", f"Nghị quyết {number} về"]
            heads += [f"Nghị quyết {number} của {issuer[1]} về"] if issuer else []
            labels += _title_labels(heads, title[0])
            end = max(end, title[1])
        out.append(_mention(doc, m.start(), end, key, number=number, term=numbered_in or term,
                            issuer=issuer[0] if issuer else None, year=m.group("year"), labels=labels))
    return out


@cache
def _numbering_terms() -> dict[str, list[tuple[int, str]]]:
    """Suffix of the numbers -> (first year, term) of each term they are numbered anew in, by year."""
    terms: dict[str, list[tuple[int, str]]] = {}
    for suffix, term, first in rows("numbering_terms.tsv"):
        terms.setdefault(suffix, []).append((int(first), term))
    return {suffix: sorted(found) for suffix, found in terms.items()}


def _term_of_year(suffix: str, year: str | None) -> str | None:
    """The term a resolution dated in `year` was numbered in ("18-NQ/TW" of 2017: the XII).

    >>> _term_of_year("-NQ/TW", "2017"), _term_of_year("-NQ/TW", "2022"), _term_of_year("/NQ-CP", "2022")
    ('XII', 'XIII', None)
    """
    if not year:
        return None
    found = [term for first, term in _numbering_terms().get(suffix, ()) if first <= int(year)]
    return found[-1] if found else None


def _at(doc: Document, at: int, kb: Knowledge) -> list[Mention]:
    """The resolutions named by the phrase that starts with "Nghị quyết" at `at`."""
    m = CONGRESS.match(doc.text, at)
    if m:
        found = _congress(doc, m, kb)
        if found:
            return [found]
    m = PLENUM.match(doc.text, at)
    if m:
        return _plenum(doc, m)
    m = NUMBERED.match(doc.text, at)
    if m:
        return _numbered(doc, m, kb)
    found = _described(doc, at, kb)
    return [found] if found else []


def _one_per_number(numbered: list[Mention]) -> None:
    """One number, one resolution: the fullest key met in the article wins. A number the article
    gives in two terms ("18-NQ/TW khóa XII ... 18-NQ/TW khóa XIII") is two resolutions: each
    keeps its own, and a mention of the number alone joins neither."""
    terms: dict[str, set[str]] = {}
    for r in numbered:
        terms.setdefault(r.data["number"], set()).add(r.data.get("term") or "")
    numbered = [r for r in numbered if len(terms[r.data["number"]] - {""}) < 2]
    fullest: dict[str, Mention] = {}
    for r in numbered:
        best = fullest.get(r.data["number"])
        if best is None or len(r.key) > len(best.key) or (r.data.get("term") and not best.data.get("term")):
            fullest[r.data["number"]] = r
    for r in numbered:
        best = fullest[r.data["number"]]
        if r is not best:
            best.data["labels"] = sorted(set(best.data["labels"]) | set(r.data["labels"]) | {r.surface})
            for field in ("term", "issuer", "year"):
                best.data[field] = best.data.get(field) or r.data.get(field)
        r.key = best.key


def find_resolutions(doc: Document, kb: Knowledge) -> list[Mention]:
    out: list[Mention] = []
    reach = -1
    for at, _, _ in find_literals(doc.text, STARTS):
        if at < reach:
            continue
        found = _at(doc, at, kb)
        if found:
            reach = max(r.end for r in found)
            out += found
    _one_per_number([r for r in out if r.data.get("number")])
    return _terms_of_plenums(out)
