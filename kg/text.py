"""Text primitives shared by every stage: tone marks, folding, slugs.

Vietnamese writes the tone of a syllable-final "oa", "oe" or "uy" on either
vowel ("hoá"/"hóa", "uỷ"/"ủy", "khoẻ"/"khỏe"). NFC alone keeps both spellings,
so one name would give two labels and two IRIs. `canonical` moves the tone to
the first vowel of such a syllable, and never changes the length of an NFC
string, so offsets into the canonical text are offsets into the original.

>>> canonical("Thanh Hoá, Tỉnh uỷ")
'Thanh Hóa, Tỉnh ủy'
>>> slug("Thanh Hóa")
'thanh-hoa'
"""
from __future__ import annotations

import re
import unicodedata

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Letters of Vietnamese (and Latin) text as regex classes. A range like "À-Ỹ" is not
# a class of capitals: it spans the lower-case letters in between.
_LETTERS = [chr(c) for c in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))]
UPPER = "[" + "".join(c for c in _LETTERS if c.isupper()) + "]"
LOWER = "[" + "".join(c for c in _LETTERS if c.islower()) + "]"
_SYLLABLE = re.compile(r"[^\W\d_]+")
_FINAL_PAIRS = ("oa", "oe", "uy")


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _canon_syllable(match: re.Match[str]) -> str:
    syllable = match.group(0)
    plain = _strip_marks(syllable).lower()
    if not plain.endswith(_FINAL_PAIRS) or (plain.endswith("uy") and plain[:-2].endswith("q")):
        return syllable
    chars = list(unicodedata.normalize("NFD", syllable))
    letters = [i for i, c in enumerate(chars) if unicodedata.category(c) != "Mn"]
    if len(letters) < 2:
        return syllable
    last, previous = letters[-1], letters[-2]
    tones = [i for i in range(last + 1, len(chars)) if chars[i] in TONE_MARKS]
    if not tones:
        return syllable
    tone = chars.pop(tones[0])
    at = previous + 1
    while at < len(chars) and unicodedata.category(chars[at]) == "Mn" and chars[at] not in TONE_MARKS:
        at += 1
    chars.insert(at, tone)
    return unicodedata.normalize("NFC", "".join(chars))


def nfc(text: str) -> str:
    """NFC, with no-break spaces and zero-width characters made plain."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u00a0", " ").replace("\u200b", " ").replace("\ufeff", " ")


def canonical(text: str) -> str:
    """NFC text with one tone placement per syllable; same length as `nfc(text)`."""
    return _SYLLABLE.sub(_canon_syllable, nfc(text))


def fold(text: str) -> str:
    """Lower case, tone marks and diacritics removed: the key for tone-insensitive search.

    >>> fold("Đỗ Trọng Hưng")
    'do trong hung'
    """
    return _strip_marks(canonical(text)).lower().replace("đ", "d")


def slug(text: str) -> str:
    """ASCII slug for IRIs: only [a-z0-9-], never empty."""
    out = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return out or "x"


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return re.sub(r"\s+", " ", text).strip()
