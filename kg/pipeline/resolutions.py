"""Party and state resolutions ("Nghị quyết ..."), one canonical key each.

Shapes read (issuer and term where the text states them):
- a congress: "Nghị quyết Đại hội XIII", "Nghị quyết Đại hội đại biểu toàn quốc
  lần thứ XIII của Đảng" -> "Nghị quyết Đại hội đại biểu toàn quốc lần thứ XIII của Đảng";
- a provincial congress: "Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX" (the
  province from the text, else the article's home province);
- a plenum: "Nghị quyết Trung ương 4 khóa XII";
- a number: "Nghị quyết số 58 của Bộ Chính trị (khóa XII)", "Nghị quyết 36-NQ/TW",
  "Nghị quyết số 202/2025/QH15". A number met once with its issuer and once
  without is one resolution.
"""
from __future__ import annotations

import re

from kg.text import LOWER
from kg.document import Document, Kind, Mention
from kg.gazetteer import Knowledge

ROMAN = r"[IVXL]+"
NQ = r"[Nn]ghị quyết"
CONGRESS = re.compile(rf"{NQ}\s+(?:của\s+)?Đại hội(?:\s+đại biểu)?(?:\s+toàn quốc)?(?:\s+lần thứ)?\s+({ROMAN})"
                      rf"(?![\w])(?:\s+của\s+Đảng(?:\s+Cộng sản Việt Nam)?)?")
PROVINCIAL = re.compile(rf"{NQ}\s+Đại hội(?:\s+đại biểu)?\s+Đảng bộ\s+(tỉnh|thành phố)\s*([^,.;()]{{0,30}}?)\s*"
                        rf"(?:lần thứ\s+)?(?<![\w])({ROMAN})(?![\w])(?:,?\s+nhiệm kỳ\s+\d{{4}}\s*[-–]\s*\d{{4}})?")
PLENUM = re.compile(rf"{NQ}\s+(?:Hội nghị\s+)?(?:lần thứ\s+)?Trung ương\s+(\d+|{LOWER}+)\s*,?\s*\(?\s*"
                    rf"khóa\s+({ROMAN})\s*\)?")
NUMBERED = re.compile(rf"{NQ}(?:\s+số)?\s+(\d{{1,4}})((?:\s*[-/]\s*(?:\d{{4}}|[A-ZĐ]{{2,}}[0-9]*))*)"
                      r"(?:\s+ngày\s+\d{1,2}\s*[/-]\s*\d{1,2}\s*[/-]\s*(\d{4}))?")
ISSUER = re.compile(r"\s+(?:của|do)\s+")
TERM = re.compile(rf"\s*,?\s*\(?\s*khóa\s+({ROMAN})\s*\)?")
STARTS = re.compile(NQ)
CENTRAL_ISSUERS = {"Bộ Chính trị", "Ban Chấp hành Trung ương Đảng", "Ban Bí thư Trung ương Đảng"}


def _mention(doc: Document, start: int, end: int, key: str, **data) -> Mention:
    surface = " ".join(doc.surface[start:end].split())
    labels = {" ".join(doc.text[start:end].split()), surface, *data.pop("labels", ())}
    return Mention(Kind.RESOLUTION, start, end, key, surface, {"labels": sorted(labels - {key}), **data})


def _numbered(doc: Document, m: re.Match[str], kb: Knowledge) -> Mention:
    number, suffix, year = m.group(1), re.sub(r"\s+", "", m.group(2) or ""), m.group(3)
    end, issuer, term = m.end(), None, None
    issuer_at = ISSUER.match(doc.text, end)
    if issuer_at:
        org = kb.org_lexicon.match_at(doc.text, issuer_at.end())
        if org and not org.entries[0].provincial:
            issuer, end = org.entries[0].name, org.end
    term_at = TERM.match(doc.text, end)
    if term_at:
        term, end = term_at.group(1), term_at.end()
    if not suffix and issuer in CENTRAL_ISSUERS:
        suffix = "-NQ/TW"
    key = f"Nghị quyết số {number}{suffix}"
    labels = [f"Nghị quyết số {number}", f"Nghị quyết {number}{suffix}"]
    return _mention(doc, m.start(), end, key, number=number, term=term, issuer=issuer, year=year, labels=labels)


def _matches(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """What `pattern.finditer(text)` finds, tried only where "Nghị quyết" starts (every shape starts there)."""
    out: list[re.Match[str]] = []
    for at in starts:
        if out and at < out[-1].end():
            continue
        m = pattern.match(text, at)
        if m:
            out.append(m)
    return out


def find_resolutions(doc: Document, kb: Knowledge) -> list[Mention]:
    text, out = doc.text, []
    taken: list[tuple[int, int]] = []
    starts = [m.start() for m in STARTS.finditer(text)]
    if not starts:
        return out

    def free(m: re.Match[str]) -> bool:
        return not any(a <= m.start() < b for a, b in taken)

    for m in _matches(PROVINCIAL, text, starts):
        unit, place, term = m.group(1), m.group(2), m.group(3)
        found = kb.province_lexicon.match_at(text, m.start(2)) if place else None
        province = found.entries[0].name if found else doc.home_province
        key = f"Nghị quyết Đại hội Đảng bộ {unit} {province + ' ' if province else ''}lần thứ {term}"
        out.append(_mention(doc, m.start(), m.end(), key, term=term, province=province,
                            labels=[f"Nghị quyết Đại hội Đảng bộ {unit} lần thứ {term}"]))
        taken.append((m.start(), m.end()))
    for m in filter(free, _matches(CONGRESS, text, starts)):
        term = m.group(1)
        key = f"Nghị quyết Đại hội đại biểu toàn quốc lần thứ {term} của Đảng"
        labels = [f"Nghị quyết Đại hội {term}", f"Nghị quyết Đại hội {term} của Đảng",
                  f"Nghị quyết Đại hội lần thứ {term} của Đảng"]
        out.append(_mention(doc, m.start(), m.end(), key, term=term, labels=labels))
        taken.append((m.start(), m.end()))
    for m in filter(free, _matches(PLENUM, text, starts)):
        key = f"Nghị quyết Trung ương {m.group(1)} khóa {m.group(2)}"
        out.append(_mention(doc, m.start(), m.end(), key, term=m.group(2)))
        taken.append((m.start(), m.end()))
    numbered = [_numbered(doc, m, kb) for m in _matches(NUMBERED, text, starts) if free(m)]
    # one number, one resolution: the fullest key met in the article wins
    fullest: dict[str, Mention] = {}
    for r in numbered:
        best = fullest.get(r.data["number"])
        if best is None or len(r.key) > len(best.key) or (r.data.get("term") and not best.data.get("term")):
            fullest[r.data["number"]] = r
    for r in numbered:
        best = fullest[r.data["number"]]
        if r.key != best.key or r is not best:
            best.data["labels"] = sorted(set(best.data["labels"]) | set(r.data["labels"]) | {r.surface})
            for field in ("term", "issuer", "year"):
                best.data[field] = best.data.get(field) or r.data.get(field)
        r.key = best.key
    return out + numbered
