"""The date patterns lead with a digit (fast) and look behind after it; they must find exactly
what the plain patterns, look-behind first, find."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from kg.pipeline import dates

_SEP = r"\s*[/.\-–]\s*"
PLAIN = {
    "FULL": re.compile(rf"(?<![\d/])(\d{{1,2}}){_SEP}(\d{{1,2}}){_SEP}((?:19|20)\d\d)(?![\d/])"),
    "SHORT": re.compile(r"(?:(?<=\b[Nn]gày )|(?<=\b[Ss]áng )|(?<=\b[Cc]hiều )|(?<=\b[Tt]ối )|(?<=\b[Tt]rưa )"
                        r"|(?<=\b[Ss]áng ngày )|(?<=\b[Cc]hiều ngày )|(?<=\bhôm )|(?<=\b[Đđ]êm ))"
                        r"(\d{1,2})\s*[/\-]\s*(\d{1,2})(?![\d/\-])"),
    "BRACKETED": re.compile(r"(?:(?<=\b[Nn]ay \()|(?<=\b[Qq]ua \())(\d{1,2})\s*[/\-]\s*(\d{1,2})(?=\))"),
    "YEAR": re.compile(r"(?<![\d/\-–.])((?:19|20)\d\d)(?![\d/\-–]|\s*[-–]\s*(?:19|20)\d\d)"),
}
ATOMS = ["1", "2", "12", "31", "/", "-", "–", ".", " ", "\n", "19", "20", "2021", "ngày ", "Ngày ", "sáng ",
         "Sáng ngày ", "chiều ngày ", "Chiều ", "hôm ", "Đêm ", "đêm ", "tối ", "Trưa ", "nay (", "Qua (", ")", "(",
         "a", "ásáng ", "x"]
texts = st.lists(st.one_of(st.sampled_from(ATOMS), st.text(max_size=3)), max_size=24).map("".join)


@given(texts, st.integers(0, 3))
def test_fast_date_patterns_find_what_the_plain_ones_find(text, start):
    for name, plain in PLAIN.items():
        fast = getattr(dates, name)
        assert ([(m.span(), m.groups()) for m in fast.finditer(text, start)]
                == [(m.span(), m.groups()) for m in plain.finditer(text, start)]), name


def test_the_plain_patterns_are_not_trivially_empty():
    assert [m.group(0) for m in PLAIN["SHORT"].finditer("Sáng ngày 14/12, hôm 3-1")] == ["14/12", "3-1"]
    assert [m.group(0) for m in dates.SHORT.finditer("Sáng ngày 14/12, hôm 3-1")] == ["14/12", "3-1"]
