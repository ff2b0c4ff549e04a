"""Provinces and countries that are only part of a longer name are not the place."""
from __future__ import annotations

import pytest

from kg.document import Kind
from kg.pipeline import run


def places(text: str) -> set[tuple[str, str]]:
    doc = run("t.txt", text)
    return {(m.kind.value, m.key) for m in doc.mentions if m.kind in (Kind.PROVINCE, Kind.COUNTRY)}


@pytest.mark.parametrize("text, expected", [
    # a province as the given name of a person
    ("Phó Chủ tịch nước Đinh Hòa Bình đã phát biểu.", set()),
    # a province and one more capitalised word: a street, an ocean
    ("Đoàn xe đi qua đường Điện Biên Phủ rồi rẽ.", set()),
    ("Hợp tác châu Á - Thái Bình Dương (APEC) được bàn.", set()),
    # a person's name after a province leaves the province
    ("Bí thư Tỉnh ủy Quảng Trị Lê Văn Hà dự họp.", {("province", "Quảng Trị")}),
    # the bare name of a city that is a person's name, and the city with its unit word
    ("Các em học tư tưởng Hồ Chí Minh tại thành phố Hồ Chí Minh.", {("province", "Hồ Chí Minh")}),
    ("Các em học tư tưởng Hồ Chí Minh.", set()),
    # a country inside a province name, and the country itself
    ("Đoàn đi tỉnh Lào Cai rồi sang nước Lào.", {("province", "Lào Cai"), ("country", "Lào")}),
    # a one-syllable country at the end or start of a local name
    ("Trận đấu ở sân Mỹ Đình, Hà Nội.", {("province", "Hà Nội")}),
    ("Ông về huyện Cẩm Mỹ, tỉnh Đồng Nai.", {("province", "Đồng Nai")}),
    # a capitalised word that opens the sentence is no name
    ("Tàu rời cảng. Hiện Mỹ và Nhật Bản đang theo dõi.", {("country", "Hoa Kỳ"), ("country", "Nhật Bản")}),
    # a country before a foreign name stays, with or without a cue
    ("Tổng thống Mỹ Trump tới thăm.", {("country", "Hoa Kỳ")}),
    ("Bộ trưởng Quốc phòng Mỹ Shanahan tới thăm.", {("country", "Hoa Kỳ")}),
    # a country word shared with common words, in a list of envoys
    ("Hàn Quốc - ông Park Noh Wan; Đức - ông Klaus Schmidt; Armenia - bà Anna Petrosyan.",
     {("country", "Hàn Quốc"), ("country", "Đức"), ("country", "Armenia")}),
])
def test_places_inside_longer_names(text, expected):
    assert places(text) == expected


def test_a_country_cue_before_is_read_as_its_pattern_would():
    """`cue_before` (str.endswith) says what `(?:cue|...)\\s+$` says, on each window before a
    country name of the test articles and on the edges: no space, a line break, a cue inside a word."""
    import re
    from pathlib import Path

    from kg.gazetteer import load, trie_pattern
    from kg.pipeline.mentions import cue_before
    from kg.pipeline.read import read_article

    kb = load()
    pattern = re.compile(rf"(?:{trie_pattern(sorted(kb.country_cues))})\s+$")
    windows = ["nước ", "nước", "nước\n", "nước \n", "nước  x ", "Cộng hòa ", "của nước\t", "xnước ", "", " "]
    for path in sorted((Path(__file__).parent.parent / "articles").glob("*.txt")):
        text = run(path.name, read_article(path).text).text
        windows += [text[max(0, m.start - 20):m.start] for m in kb.country_lexicon.find(text)]
    assert cue_before("quan hệ với nước ") and not cue_before("quan hệ với nước") and not cue_before("Anh ")
    for window in windows:
        assert cue_before(window) == bool(pattern.search(window)), window
