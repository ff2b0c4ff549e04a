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
from functools import lru_cache
from typing import Iterator

TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Letters of Vietnamese (and Latin) text as regex classes. A range like "À-Ỹ" is not
# a class of capitals: it spans the lower-case letters in between.
_LETTERS = [chr(c) for c in list(range(0x41, 0x7B)) + list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00))]
UPPER = "[" + "".join(c for c in _LETTERS if c.isupper()) + "]"
LOWER = "[" + "".join(c for c in _LETTERS if c.islower()) + "]"


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _tone_moves() -> dict[str, str]:
    """Every syllable-final "oa"/"oe"/"uy" with the tone on its second vowel, and its canonical form."""
    moves = {}
    for first, second in (("o", "a"), ("o", "e"), ("u", "y")):
        for tone in sorted(TONE_MARKS):
            for f, sec in ((first, second), (first.upper(), second.upper()), (first.upper(), second),
                           (first, second.upper())):
                moves[unicodedata.normalize("NFC", f + sec + tone)] = unicodedata.normalize("NFC", f + tone + sec)
    return moves


_MOVES = _tone_moves()
# The toned second vowels at a syllable's end. Searching for these (rare) letters and checking
# the letter before in Python is four times faster than one regex of every pair.
_TONED_END = re.compile("[" + "".join(sorted({pair[1] for pair in _MOVES})) + r"](?![^\W\d_])")


_FOLD = {c: _strip_marks(chr(c)).lower() for c in range(0xC0, 0x1EFA) if _strip_marks(chr(c)) not in ("", chr(c))}
_FOLD.update({ord("Đ"): "d", ord("đ"): "d"})


def nfc(text: str) -> str:
    """NFC, with no-break spaces and zero-width characters made plain."""
    text = unicodedata.normalize("NFC", text)
    return text.replace("\u00a0", " ").replace("\u200b", " ").replace("\ufeff", " ")


def canonical(text: str) -> str:
    """NFC text with one tone placement per syllable; same length as `nfc(text)`."""
    return tones_placed(nfc(text))


def tones_placed(text: str) -> str:
    """`canonical` of a text already in NFC (the normalize stage has it: NFC twice costs time)."""
    out, last = [], 0
    for m in _TONED_END.finditer(text):
        at = m.start()
        pair = text[at - 1:at + 1]
        # "quý": after q, u is part of the consonant and the tone stays on y
        if at and pair in _MOVES and not (at > 1 and text[at - 2] in "qQ"):
            out += (text[last:at - 1], _MOVES[pair])
            last = at + 1
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def fold(text: str) -> str:
    """Lower case, tone marks and diacritics removed: the key for tone-insensitive search.

    >>> fold("Đỗ Trọng Hưng")
    'do trong hung'
    """
    return canonical(text).translate(_FOLD).lower()


@lru_cache(maxsize=65536)
def article_key(name: str) -> str:
    """An article's name (its path inside the folder given, `/` between folders) as an IRI path:
    every byte outside `A-Za-z0-9._~-` and `/` percent-encoded, so two names never share a key
    (`Bài 1.txt` and `bai-1.txt`, `x/index.txt` and `y/index.txt` stay two articles).

    A name that is not valid UTF-8 on disk (read as Python does, with surrogate escapes) keeps its
    own bytes:

    >>> article_key("tin/Bài 1.txt")
    'tin/B%C3%A0i%201.txt'
    >>> article_key("tin/b" + chr(0xDCFF) + "i.txt")
    'tin/b%FFi.txt'
    """
    from urllib.parse import quote

    return quote(unicodedata.normalize("NFC", name).encode("utf-8", "surrogateescape"), safe="/._~-") or "x"


@lru_cache(maxsize=65536)  # pure; the same provinces, bodies, titles and people come back in every article
def slug(text: str) -> str:
    """ASCII slug for IRIs: only [a-z0-9-], never empty."""
    out = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return out or "x"


def occurrences(text: str, word: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """Where `word` starts in `text[start:end]`, overlaps included, found with `str.find`: a regex
    scan for a frequent first letter tries every letter of the article, `str.find` skips ahead.

    >>> list(occurrences("2020 và 2021", "20"))
    [0, 2, 8]
    """
    end = len(text) if end is None else end
    at = text.find(word, start, end)
    while at >= 0:
        yield at
        at = text.find(word, at + 1, end)


def space_back(text: str, pos: int, start: int = 0) -> int:
    """`pos` moved back over white space, not before `start`: where the word before `pos` ends.

    >>> space_back("của  Bộ", 5)
    3
    """
    while pos > start and text[pos - 1].isspace():
        pos -= 1
    return pos


def is_word_char(ch: str) -> bool:
    """re's \\w for one character: a letter, a digit or "_"."""
    return ch.isalnum() or ch == "_"


def find_literals(text: str, words: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """(start, end, word) of each word in `text`, as `re.finditer` of their alternation finds
    them (leftmost first, the earlier word on a tie, none overlapping the one before), with
    `str.find`: a regex scan tries every letter of the article, `str.find` skips ahead.

    >>> find_literals("UBND và HĐND, Ủy ban nhân dân", ("UBND", "HĐND", "Ủy ban nhân dân"))
    [(0, 4, 'UBND'), (8, 12, 'HĐND'), (14, 29, 'Ủy ban nhân dân')]
    """
    found = sorted((at, order, word) for order, word in enumerate(words) for at in occurrences(text, word))
    out, reach = [], 0
    for at, _, word in found:
        if at >= reach:
            out.append((at, at + len(word), word))
            reach = at + len(word)
    return out


def squash(text: str) -> str:
    """Collapse runs of white space to one space and trim."""
    return " ".join(text.split())  # str.split's white space is re's \s
