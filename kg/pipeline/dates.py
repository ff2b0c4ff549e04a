"""Dates as Vietnamese news writes them, and the year of a date that omits it.

"14/12/2021", "14-12-2021", "14 - 12 - 2021", "ngày 14 tháng 12 năm 2021",
and without a year "Sáng 10/1", "Ngày 14-12". A missing year comes from the
article (its date, else the years it speaks of), never from today's clock.

>>> [d.iso() for d in find_dates("Sáng 10/1, và ngày 14 tháng 12 năm 2021")]
['-01-10', '2021-12-14']
"""
from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from kg.gazetteer import cell, rows
from kg.text import occurrences, space_back

_SEP = r"\s*[/.\-–]\s*"
# Every pattern starts with a digit (or "19"/"20"), so re skips ahead to the next digit; what
# must (not) stand before the number is a look-behind placed after its first digit (one wider).
# [0-9], not \d: re checks a range faster than a Unicode category, at every digit of the article
FULL = re.compile(rf"([0-9](?<![0-9/].)[0-9]?){_SEP}([0-9]{{1,2}}){_SEP}((?:19|20)[0-9][0-9])(?![0-9/])")
# the first letter as a class, the rest without case: re skips ahead to an "n" (re.I would try every letter)
WORDS = re.compile(r"[Nn](?i:gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+((?:19|20)\d\d))")
# a day and month without a year only after a word that says it is a day
DAY_CUES = ("[Nn]gày", "[Ss]áng", "[Cc]hiều", "[Tt]ối", "[Tt]rưa", "[Ss]áng ngày", "[Cc]hiều ngày", "hôm",
            "[Đđ]êm")
AFTER_CUE = "|".join(rf"(?<=\b{cue} .)" for cue in DAY_CUES)
SHORT = re.compile(rf"(\d(?:{AFTER_CUE})\d?)\s*[/\-]\s*(\d{{1,2}})(?![\d/\-])")
# "Sáng nay (14/12)", "hôm qua (13-12)": the day in brackets after "nay"/"qua"
BRACKETED = re.compile(r"(\d(?:(?<=\b[Nn]ay \(.)|(?<=\b[Qq]ua \(.))\d?)\s*[/\-]\s*(\d{1,2})(?=\))")
YEAR = re.compile(r"((?:19|20)(?<![\d/\-–.]..)\d\d)(?![\d/\-–]|\s*[-–]\s*(?:19|20)\d\d)")
RANGE_BEFORE = re.compile(r"(?:19|20)\d\d\s*[-–]\s*$")
FUTURE_WORDS = ("đến năm", "vào năm", "tầm nhìn", "giai đoạn", "nhiệm kỳ", "đến", "trước năm", "mục tiêu", "chiến lược",
                "kế hoạch", "tới năm", "từ nay")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    day: int
    month: int
    year: int | None

    def iso(self) -> str:
        return f"{self.year or ''}-{self.month:02d}-{self.day:02d}"

    def resolve(self, year: int | None) -> dt.date | None:
        try:
            return dt.date(self.year or year, self.month, self.day) if (self.year or year) else None
        except ValueError:
            return None


def _valid(day: int, month: int) -> bool:
    return 1 <= day <= 31 and 1 <= month <= 12


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    end = len(text) if end is None else end
    out: dict[int, DateMention] = {}
    # each pattern is tried only where what it cannot do without stands in the span: a regex
    # looking for a digit tries every letter, `str.find` runs far ahead
    def has(part: str) -> bool:
        return text.find(part, start, end) >= 0

    patterns = [FULL] if has("19") or has("20") else []  # a full date ends on its year
    if "tháng" in text[start:end].lower():
        patterns.append(WORDS)
    for pattern in patterns:
        for m in pattern.finditer(text, start, end):
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if _valid(d, mo):
                out.setdefault(m.start(), DateMention(m.start(), m.end(), d, mo, y))
    taken = [(d.start, d.end) for d in out.values()]
    short = SHORT.finditer(text, start, end) if has("/") or has("-") else ()
    bracketed = BRACKETED.finditer(text, start, end) if has("(") else ()
    for m in [*short, *bracketed]:
        d, mo = int(m.group(1)), int(m.group(2))
        if _valid(d, mo) and not any(a <= m.start() < b for a, b in taken):
            out[m.start()] = DateMention(m.start(), m.end(), d, mo, None)
    return [out[k] for k in sorted(out)]


ANNIVERSARY = re.compile(r"kỷ niệm\s+(\d{1,3})\s+năm\b[^.;]{0,120}?\b((?:19|20)\d\d)\b", re.I)
IN_YEAR = re.compile(r"(?:trong|của|vào)\s+năm\s*$|năm nay\s*$", re.I)
# a year written as one: "năm 2023", "tháng 8-2018", "(2019", or the first year of a range "2019-2024"
RANGE_AFTER = re.compile(r"\s*[-–]\s*(?:19|20)\d\d")
# what opens a term in its first year: a congress, the first session, an election
TERM_OPENS = re.compile(r"[Đđ]ại hội|thứ nhất|đầu tiên|bầu|tái cử|tái đắc cử")
YEAR_CUE = re.compile(r"(?:năm|tháng\s*\d{1,2}\s*[-/]|\()\s*$", re.I)
BIRTH = re.compile(r"sinh\s+(?:ngày|năm|tháng)?[\s\d/.-]*$", re.I)


def _says_anniversary(text: str) -> bool:
    """ "kỷ niệm" in the text, any case. Lowering a whole article costs more than looking for
    "ỷ"/"Ỷ" first (no other letter lowers to "ỷ"), which most articles do not hold."""
    return ("ỷ" in text or "Ỷ" in text) and "kỷ niệm" in text.lower()


def context_year(text: str, headline: str | None = None) -> int | None:
    """The year an article speaks of when it never says its own date.

    In order: the headline's year; an anniversary ("kỷ niệm 50 năm ... 1968": 2018); the
    latest year of a full date (not a birth date); else the latest year written as a year
    ("năm 2023", "tháng 8-2018", the first year of a term "2019-2024"), not a target
    ("đến năm 2030", "giai đoạn 2021-2025") nor a bare count ("2000 trường").

    >>> context_year("Năm 2022 ... nhiệm kỳ 2023-2025 ... nhiệm vụ năm 2023, đến năm 2030")
    2023
    >>> context_year("Lễ kỷ niệm 50 năm cuộc Tổng tiến công Xuân Mậu Thân 1968, rạng sáng 31/1/1968 ...")
    2018
    """
    if headline:
        years = [int(y) for y in YEAR.findall(headline)]
        if years:
            return max(years)
    # "kỷ niệm 15 năm quan hệ ... trong năm 2018": the year the anniversary falls in, not its start
    anniversaries = [int(m.group(2)) + int(m.group(1)) for m in ANNIVERSARY.finditer(text)
                     if not IN_YEAR.search(text[max(0, m.start(2) - 12):m.start(2)])] if _says_anniversary(text) else []
    if anniversaries:
        return max(anniversaries)
    years = _years(text)
    # a full date ends on a year written after a separator: most articles have none, and are spared the scan
    full = [int(m.group(3)) for m in FULL.finditer(text) if not BIRTH.search(text[max(0, m.start() - 25):m.start()])] \
        if any(_separator_before(text, at) for at in years) else []
    if full:
        return max(full)
    counts: Counter[int] = Counter()
    for at in years:
        if at and text[at - 1].isdigit():
            continue
        before = text[max(0, at - 14):at]
        if not (YEAR_CUE.search(before) or RANGE_AFTER.match(text, at + 4)):
            continue  # a number, not a year ("2000 trường")
        lowered = before.lower().rstrip()
        # "Đại hội ... nhiệm kỳ 2019-2024": a congress opens its term in its first year
        starts_range = bool(RANGE_AFTER.match(text, at + 4)) and bool(TERM_OPENS.search(text, max(0, at - 120), at))
        if (not starts_range and lowered.endswith(FUTURE_WORDS)) or BIRTH.search(before):
            continue
        if RANGE_BEFORE.search(text[max(0, at - 8):at]):
            continue  # the end of a range
        counts[int(text[at:at + 4])] += 1
    return max(counts) if counts else None


DIGITS = frozenset("0123456789")  # [0-9]: not str.isdigit, which takes other scripts' digits


def _years(text: str) -> list[int]:
    """Where a year-like number starts: the matches of `(?:19|20)[0-9][0-9](?![0-9])`, found with
    `str.find` (a regex looking for a digit tries every letter of the article). Two never overlap.

    >>> _years("năm 2019, 12019, 20190 và 1999")
    [4, 11, 26]
    """
    size = len(text)
    return sorted(at for prefix in ("19", "20") for at in occurrences(text, prefix)
                  if at + 4 <= size and text[at + 2] in DIGITS and text[at + 3] in DIGITS
                  and (at + 4 == size or text[at + 4] not in DIGITS))


def _separator_before(text: str, at: int) -> bool:
    """A date separator ("/", ".", "-", "–") before `at`, white space set aside: "14 / 12 / 2021"."""
    p = space_back(text, at)
    return p > 0 and text[p - 1] in "/.-–"


_PLAN_WORDS = sorted((r[0] for r in rows("conference_words.tsv") if cell(r, 1) == "plan"), key=len, reverse=True)
PLAN_BEFORE = re.compile(rf"\b(?:{'|'.join(map(re.escape, _PLAN_WORDS))})\b[^.;!?]{{0,45}}\bnăm\s*$", re.I)


def only_planned(text: str, year: int) -> bool:
    """Is `year` written only as the year of a plan, budget or task ("dự toán ngân sách năm 2018")?

    A day late in a year whose only year is the one planned for is the year before: a
    year-end meeting sets the next year's budget.

    >>> only_planned("Chiều 28/12, hội nghị bàn dự toán ngân sách nhà nước năm 2018.", 2018)
    True
    >>> only_planned("Tổng kết năm 2018, triển khai nhiệm vụ năm 2019.", 2018)
    False
    >>> only_planned("Không có năm nào.", 2018)
    False
    """
    seen = False
    for m in re.finditer(rf"(?<!\d){year}(?!\d)", text):
        if not PLAN_BEFORE.search(text, max(0, m.start() - 70), m.start()):
            return False
        seen = True
    return seen


def year_for(month: int, reference: dt.date | None, fallback: int | None) -> int | None:
    """The year of a day-month near a reference date (an event reported within months)."""
    if reference is None:
        return fallback
    year = reference.year
    if month - reference.month > 6:  # December event in a January article
        year -= 1
    elif reference.month - month > 6 and fallback and fallback > reference.year:
        year += 1
    return year
