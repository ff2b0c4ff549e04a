"""Place names that are only part of a longer name: a person's, a street's, an ocean's.

A province or country name met in the text is the place unless the words around it
make it part of another name: "Trương Hòa Bình" (a man), "Điện Biên Phủ" (a street),
"Thái Bình Dương" (an ocean), "Mỹ Đình" (a ward), "Hồ Chí Minh" bare (the man).

>>> from kg.gazetteer import load
>>> text = "Phó Thủ tướng Trương Hòa Bình dự"
>>> in_longer_name(text, text.index("Hòa"), text.index(" dự"), load())
True
"""
from __future__ import annotations

import re

from kg.gazetteer import WORD, Knowledge
from kg.text import UPPER

# one more capitalised word, not an initial ("Ấn Độ H.E. Mr. R. Kumar": the country, then a name)
ONE_NAME_WORD_AFTER = re.compile(rf"[ \t]+{UPPER}(?:{WORD}*[a-zđ]{WORD}*)?(?![\w.])(?![ \t]+{UPPER})")
CITY_WORD = re.compile(r"(?:thành phố|tp\.?)\s*$", re.I)


def in_longer_name(text: str, start: int, end: int, kb: Knowledge, country: bool = False) -> bool:
    """A place name that is part of a longer proper name, so not the place.

    Right after a family name it is a person's given name ("Trương Hòa Bình"); followed by
    one more capitalised word and no more, it is a name of its own ("Điện Biên Phủ",
    "Thái Bình Dương", "Mỹ Đình"). Two or more capitalised words after are a person's
    name ("Bí thư Thành ủy Đà Nẵng Trương Quang Nghĩa"), which leaves the place. A `country`
    after any capitalised word ends a local name ("Cẩm Mỹ"), and one before a foreign word
    names that foreigner ("Bộ trưởng Quốc phòng Mỹ Shanahan"): only a one-syllable country
    after a capitalised word, or a Vietnamese syllable after a country, makes a local name.
    """
    # cheap tests first: most places stand between lower-case words or punctuation
    word_start = start - 2
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    before = text[word_start:start - 1] if start > 1 and text[start - 1] in " \t" else ""
    opening = text[max(0, word_start - 3):word_start].strip()[-1:] in ("", ".", "!", "?", ":", '"', "“", "(")
    if before[:1].isupper() and before.isalpha() and not opening and (
            before in kb.surnames if not country else " " not in text[start:end] and not before.isupper()):
        return True
    if text[end:end + 1] not in " \t" or not text[end + 1:end + 2].isupper():
        return False
    after = ONE_NAME_WORD_AFTER.match(text, end)
    if after and country:
        word = after.group(0).strip()
        return len(word) <= 4 or any(ord(c) > 127 for c in word)
    return bool(after)


def person_shaped_bare(text: str, start: int, end: int, kb: Knowledge) -> bool:
    """A province whose bare name is a person's ("Hồ Chí Minh"): the city only after "thành phố"/"TP"."""
    if text.count(" ", start, end) != 2:
        return False
    return text[start:text.find(" ", start)] in kb.surnames and not CITY_WORD.search(text, max(0, start - 12), start)
