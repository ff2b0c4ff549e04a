"""What makes a capitalised run a person's name: the evidence around it, and its shape.

Helpers of the `people` stage, kept apart so the stage reads as its steps. The cues
are data (kg/data/name_cues.tsv): title heads ("Bộ trưởng", "phó bí thư") that make
the name after them, or before ", <title>", a person even when no table knows the
whole title; place words ("huyện", "đường") after which a run is a place; plural
forms of address that open a list of names; forms of address before which any
capitalised run is a name, foreign or not.

>>> is_fragment("Nghị"), is_fragment("Trump"), is_fragment("Phan Thị"), is_fragment("Lê Văn An")
(True, False, True, False)
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from kg.gazetteer import rows, trie_pattern, word_hits
from kg.text import LOWER, UPPER

# a syllable of Vietnamese, tone marks and hooks taken off: onset, vowels, coda
# the vowels of a Vietnamese syllable, marks taken off ("ươi" -> "uoi"): "Hee", "Tae", "Kyung" have none
_VOWELS = ("uyeu|oai|oay|oeo|uay|uoi|uou|uya|uye|uyu|ieu|yeu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|oo|ua|ue|ui"
           "|uo|uu|uy|ye|a|e|i|o|u|y")
_SYLLABLE = re.compile(rf"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?(?:{_VOWELS})(?:ch|nh|ng|[cmnpt])?")
_VIETNAMESE_LETTERS = re.compile(r"[đĐăĂâÂêÊôÔơƠưƯ]|[\u0300\u0301\u0303\u0309\u0323]")
MIDDLE_ONLY = frozenset({"Thị"})  # a name does not end on it: "Phan Thị" is cut from a longer one
CLAUSE_BREAK = re.compile(rf"(?<!{UPPER})\.|[;:!?()\"“”\n]")  # "TP. HCM" goes on
WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class NameCues:
    """The compiled cues of kg/data/name_cues.tsv."""
    head_lower: re.Pattern[str]  # a title head in lower case (search the lower-cased text with `word_hits`)
    head_after: re.Pattern[str]  # ", <title head>" / " - <title head>" right after a name
    head_start: re.Pattern[str]  # a title or body head, in lower case: a run that begins with one is no name
    place_before: re.Pattern[str]  # a place word right before a run
    address: re.Pattern[str]  # a form of address right before a run (search with `word_hits`)
    plural: re.Pattern[str]  # a word before the form of address that makes it plural ("các ông")


def _words_pattern(words: list[str]) -> str:
    """The words as one trie-shaped alternation: the longest that fits wins, as in a list sorted
    longest first, but re reads it a letter at a time instead of trying each word in turn."""
    return trie_pattern(sorted(set(words)))


@cache
def cues() -> NameCues:
    """Compile the cue table once (with the heads of role_heads.tsv and org_heads.tsv)."""
    by_kind: dict[str, list[str]] = {}
    for r in rows("name_cues.tsv"):
        by_kind.setdefault(r[1], []).append(r[0])
    head_words = by_kind["head"] + _table_heads("role_heads.tsv")
    heads = _words_pattern(head_words)
    org_words = _table_heads("org_heads.tsv")
    return NameCues(
        head_lower=re.compile(rf"(?:{_words_pattern([h.lower() for h in head_words])})(?![^\W_])"),
        head_after=re.compile(rf"\s*[-–—,(]\s*(?:nguyên\s+|cố\s+)?(?:phó\s+)?(?:{heads})(?![^\W_])", re.I),
        head_start=re.compile(rf"(?:phó\s+)?(?:{_words_pattern([h.lower() for h in head_words + org_words])})"
                              rf"(?![^\W_])"),
        place_before=re.compile(rf"(?<![^\W_])(?:{_words_pattern(by_kind['place'])})\s+$"),
        address=re.compile(rf"(?:{_words_pattern(by_kind['address'])})[ \t]*:?[ \t]*(?={UPPER})"),
        plural=re.compile(rf"(?<![^\W_])(?:{_words_pattern(_both_cases(by_kind['plural']))})[ \t]+$"),
    )


def _both_cases(words: list[str]) -> list[str]:
    return [form for w in words for form in (w, w[:1].upper() + w[1:])]  # "Các ông" opens a sentence


def _table_heads(name: str) -> list[str]:
    return [r[0] for r in rows(name)]


# a word of a name: initials ("F.M."), a capital and small letters, a hyphenated word ("Jong-un")
NAME_WORD = (rf"(?:{UPPER}\.)++(?=[ \n])|{UPPER}{LOWER}*+(?![^\W\d_]|-)"
             rf"|{UPPER}[^\W\d_]*+(?:-[^\W\d_]+)+(?![^\W\d_])")
NAME_RUN = re.compile(rf"(?:{NAME_WORD})(?:(?: |(?<=\.)\n| - )(?:{NAME_WORD}))*(?: - [a-z]+(?![^\W\d_])){{0,2}}")
SPACED_HYPHEN = re.compile(r"\s+-\s+")


def words(text: str, start: int) -> list[tuple[int, int, str]]:
    """Capitalised words from `start` joined by single spaces.

    Initials are words too, and a line may break after them ("Saud F.M." / "Alsuwelim"):
    a saved page wraps long lines there. A name never ends on initials. Vietnamese papers
    space the hyphen of foreign names ("Jean - Yves Le Drian"): that is one word when
    neither half could be Vietnamese ("Hà Nội - Hải Phòng" is two places).
    """
    run = NAME_RUN.match(text, start, start + 80)
    if not run:
        return []
    out: list[tuple[int, int, str]] = []
    if " - " in run.group(0):
        return _hyphenated(run)
    for word in run.group(0).split()[:6]:  # words are one space or line break apart
        out.append((start, start + len(word), word))
        start += len(word) + 1
    return _no_initials_last(out)


def _no_initials_last(words: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    while words and words[-1][2].endswith("."):
        words.pop()
    return words


def _hyphenated(run: re.Match[str]) -> list[tuple[int, int, str]]:
    """The words of a run with spaced hyphens: joined across one, or cut before it."""
    out: list[tuple[int, int, str]] = []
    for part_no, part in enumerate(run.group(0).split(" - ")):
        at = run.start() + sum(len(p) + 3 for p in run.group(0).split(" - ")[:part_no])
        words = part.split()
        before = out[-1][2].split("-")[-1] if out else ""
        # a foreign name of two words goes on over one short syllable: "Moon Jae - In", "Ban Ki - moon",
        # "Prayut Chan - o - cha" (its syllables may look Vietnamese: the name's other words do not)
        foreign = any(not vietnamese_shaped(piece) for _, _, w in out for piece in w.split("-"))
        goes_on = (foreign and len(out) <= 2 and len(words) == 1 and len(words[0]) <= 4
                   and (words[0][0].isupper() or len(before) <= 5)  # not "Malmström - cao ủy"
                   and not _VIETNAMESE_LETTERS.search(unicodedata.normalize("NFD", words[0])))  # not "- Ảnh", "- Đại"
        if part_no and not goes_on and (
                vietnamese_shaped(before) or (vietnamese_shaped(words[0]) and words[0][0].isupper())
                or (words[0].islower() and (len(before) > 5 or len(words[0]) > 4 or len(out) > 2))):
            break  # "Hà Nội - Hải Phòng", "Malmström - cao ủy", "Kim Yo Jong - em gái"; not "Jean - Yves"
        for i, word in enumerate(words):
            if part_no and not i:
                a, _, joined = out.pop()
                out.append((a, at + len(word), f"{joined}-{word}"))
            else:
                out.append((at, at + len(word), word))
            at += len(word) + 1
    return _no_initials_last(out[:6])


def key(text: str, start: int, end: int) -> str:
    """The name as one line ("Saud F.M.\nAlsuwelim"), a spaced hyphen closed ("Jean - Yves")."""
    name = text[start:end]
    if "\n" in name:
        name = name.replace("\n", " ")
    return SPACED_HYPHEN.sub("-", name) if " - " in name else name


def bare(word: str) -> str:
    """The word in lower case, marks taken off: "Tuấn" -> "tuan"."""
    return "".join(c for c in unicodedata.normalize("NFD", word.lower()) if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=4096)
def vietnamese_shaped(word: str) -> bool:
    """A word that is (or could be) one Vietnamese syllable: "Nghị", "Minh"; not "Trump", "Abe"."""
    return bool(_VIETNAMESE_LETTERS.search(unicodedata.normalize("NFD", word))) or bool(
        _SYLLABLE.fullmatch(bare(word).replace("đ", "d")))


@lru_cache(maxsize=4096)
def is_fragment(name: str) -> bool:
    """A key no person has: one Vietnamese syllable, a letter or initials, a name cut after "Thị"."""
    words = name.split()
    if len(words) > 1:
        return words[-1] in MIDDLE_ONLY or all(w.endswith(".") for w in words[:-1]) and len(words[-1]) <= 1
    return not words or len(name) < 3 or name.endswith(".") or vietnamese_shaped(name)


def middle_marked(name: str) -> bool:
    """A family name, a middle syllable only personal names have ("Thị": a woman's), and a given
    name: the shape says a person where no title or form of address stands near.

    >>> middle_marked("Nguyễn Thị Kim Ngân"), middle_marked("Nguyễn Văn An"), middle_marked("Phan Thị")
    (True, False, False)
    """
    words = name.split()
    return len(words) >= 3 and words[1] in MIDDLE_ONLY


def head_before(text: str, low: str, start: int, covered: list[tuple[int, int]], loose: int = 2) -> bool:
    """A title head stands earlier in the clause, with only title words between ("Bộ trưởng Tư pháp A").

    `low` is the text in lower case, of the same length. Between the head and `start`, words inside a known mention (`covered`, sorted spans
    of bodies, places, titles) are title words; of the others at most `loose` may be
    lower-case ("Chủ nhiệm Ủy ban Tài chính, Ngân sách của Quốc hội A"), else the run is
    some other name the title governs ("Trưởng ban Quản lý Khu kinh tế mở Chu Lai").
    """
    last = None
    for last in word_hits(cues().head_lower, low, max(0, start - 70), start):
        pass
    if last is None or CLAUSE_BREAK.search(text, last.end(), start):
        return False
    lower_words = 0
    for w in WORD.finditer(text, last.end(), start):
        if w.group(0)[:1].islower():
            i = bisect.bisect_right(covered, w.start(), key=_start) - 1  # no list of starts made a call
            if i < 0 or covered[i][1] <= w.start():
                lower_words += 1
    return lower_words <= loose


def _start(span: tuple[int, int]) -> int:
    return span[0]


def head_after(text: str, end: int) -> bool:
    """", phó bí thư ..." / " - Đại sứ ...": a title follows the run."""
    return bool(cues().head_after.match(text, end))


def place_before(text: str, start: int) -> bool:
    """ "huyện Lý Nhân", "đường Điện Biên Phủ": a place word right before the run."""
    return bool(cues().place_before.search(text, max(0, start - 12), start))


def starts_with_head(low: str, start: int) -> bool:
    """ "ông Phó Chủ tịch ...": the capitalised run after a form of address is a title, not a name.

    `low` is the text in lower case, of the same length (a case-blind regex is slow).
    """
    return bool(cues().head_start.match(low, start))


def addresses(text: str) -> list[re.Match[str]]:
    """Each form of address followed by a capitalised word ("ông Guido", "Bà Lê", "đồng chí: Lê")."""
    return list(word_hits(cues().address, text))


def plural(text: str, address: re.Match[str]) -> bool:
    """ "Các ông A, B và C": a list of names follows the form of address."""
    return bool(cues().plural.search(text, max(0, address.start() - 5), address.start()))


STANDING = re.compile(r"(?<![^\W_])[Tt]hường trực[ \t]+$")


@cache
def _title_head_end() -> re.Pattern[str]:
    """A title head ending the lower-cased text: "phó bí thư", "phó chủ tịch", "ủy viên"."""
    return re.compile(rf"(?<![^\W_])(?:{cues().head_lower.pattern})[ \t]+$")


def standing_before(text: str, start: int) -> int | None:
    """Where "Thường trực" starts right before a body at `start` when it names the body's standing
    board ("báo cáo Thường trực Tỉnh ủy", "Thường trực UBND huyện họp"), not when it ends a title
    ("Phó Bí thư thường trực Tỉnh ủy", "Ủy viên Thường trực").

    >>> text = "báo cáo Thường trực Tỉnh ủy; Phó Bí thư thường trực Tỉnh ủy"
    >>> standing_before(text, text.index("Tỉnh")), standing_before(text, text.rindex("Tỉnh"))
    (8, None)
    """
    m = STANDING.search(text, max(0, start - 14), start)
    if not m or _title_head_end().search(text[max(0, m.start() - 24):m.start()].lower()):
        return None
    return m.start()
