"""Who held a conference and what it carries out: the organisers written around its name and the
resolutions its purpose names. A part of the conferences stage, read for each event it keeps.

>>> from kg.pipeline import run
>>> doc = run("t.txt", "Tin\\n\\nSáng 9/1/2024, Bộ Y tế và Bộ Tài chính tổ chức hội nghị triển khai Nghị quyết số 20-NQ/TW.")
>>> doc.conferences[0].organizers, doc.conferences[0].implements
(['Bộ Y tế', 'Bộ Tài chính'], ['Nghị quyết số 20-NQ/TW'])
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.document import Document, Kind, Mention
from kg.gazetteer import cell, load, rows, trie_pattern, word_hits
from kg.pipeline.mentions import _org_key, province_at
from kg.text import UPPER, is_word_char, space_back


def _word_list(kind: str) -> tuple[str, ...]:
    """The words of kg/data/conference_words.tsv of one kind."""
    return tuple(sorted({r[0] for r in rows("conference_words.tsv") if cell(r, 1) == kind}))


def _words(kind: str) -> str:
    """The words of kg/data/conference_words.tsv of one kind, as a trie-shaped regex alternation:
    the longest that fits wins, read a letter at a time rather than word after word."""
    return trie_pattern(list(_word_list(kind)))


HELD = re.compile(rf"(?:{_words('held')})(?!\w)")  # no look-behind in front: `held_verbs` checks the letter before


def held_verbs(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """The verbs of holding an event in a span ("tổ chức", "khai mạc"), as whole words."""
    return word_hits(HELD, text, start, end, is_word=is_word_char)

IMPLEMENT_CUE = re.compile(rf"(?:{_words('implements')})(?:\s+(?:thực hiện|thắng lợi|có hiệu quả|hiệu quả))*"
                           rf"(?:\s*,\s*(?:{_words('implements')}))*\s+(?:các\s+)?$")


NOT_PURPOSE = re.compile(rf"(?<!\w)(?:{_words('implements_past')})\s+(?:\d+\s+)?$")


THEME = re.compile(r"chủ đề\s*[:“\"]\s*(.+?)[”\"]")


GAP = re.compile(r"\s*(?:,|và|phối hợp với|cùng|cùng với)?\s*(?:\([^()]{0,60}\)\s*)?"
                 r"(?:,?\s*(?:khóa|nhiệm kỳ)\s+[\w\s–-]{1,12}?\s*(?:\([^()]{0,30}\))?\s*)?"
                 r"(?:(?:đã|vừa|cũng|sẽ|long trọng|trọng thể|phối hợp)\s+)*")


def _of_before(text: str, at: int) -> bool:
    """ "... của <at>": "của" and white space right before `at`, read backwards (a regex anchored
    at `at` would be tried at every position before it).

    >>> _of_before("hội nghị của Chính phủ", 13), _of_before("hội nghị Chính phủ", 9)
    (True, False)
    """
    p = space_back(text, at)
    return p < at and p >= 4 and text[p - 3:p] == "của" and text[p - 4].isspace()


# "hội nghị giao ban ... trong 6 tháng cuối năm 2018 của UBND tỉnh": the name's lower-case tail, then "của"
HOLDER_LATER = re.compile(r"(?:\s+(?:[^\W\d_]+|\d+)){1,12}\s+của\s+")
HOLDER_AFTER = re.compile(r"\s*(?:do|của)\s+$")


def _lower_tail_of(gap: str) -> bool:
    """True when *gap* is a lower-case continuation of the name ending in "của".

    >>> _lower_tail_of(" trong 6 tháng cuối năm 2018 của ")
    True
    >>> _lower_tail_of(" với Bộ Ngoại giao của ")
    False
    """
    return gap == gap.lower() and bool(HOLDER_LATER.fullmatch(gap))


MEETS_OTHERS = re.compile(rf"(?i:{_words('meets_others')})"
                          r"(?:\s+(?:trực tuyến|toàn quốc|thường niên))*\s+")
WITH = re.compile(r"\s+với\s")
DONE_BY = re.compile(r"\s+(?:(?:đã|cùng|phối hợp|phối hợp với nhau)\s+)*(?:tổ chức|triệu tập|chủ trì tổ chức)\b")


def _bodies(doc: Document, start: int, end: int) -> list[Mention]:
    """The outermost bodies named in a span; where none starts with a capital, the lower-case ones
    ("ban Tuyên giáo Trung ương phối hợp với văn phòng Trung ương Đảng tổ chức ...")."""
    memo = ("bodies", start, end)
    if memo in doc._memo:
        return doc._memo[memo]
    orgs = [m for m in _of_kind(doc, Kind.ORGANIZATION) if start <= m.start < end]
    kb = load()
    for m in kb.org_lexicon.find(doc.text, start, end):
        entry = m.entries[0]
        if any(o.start <= m.start and m.end <= o.end for o in orgs):
            continue
        key = _org_key(doc, entry, m.end, kb)
        if "{" not in key and key != entry.name.replace(" {province}", ""):  # a provincial body needs its province
            written = province_at(doc, m.end, kb) if entry.provincial else None
            stop = written[1] if written else m.end
            orgs.append(Mention(Kind.ORGANIZATION, m.start, stop, key, doc.surface[m.start:stop]))
    orgs.sort(key=lambda o: (o.start, -o.end))
    outer: list[Mention] = []
    for o in orgs:  # outermost only: a body inside the one before is dropped
        if outer and o.end <= outer[-1].end:
            continue
        outer.append(o)
    doc._memo[memo] = outer
    return outer


def _of_kind(doc: Document, kind: Kind) -> list[Mention]:
    """`doc.of_kind`, kept: this stage asks often and the mentions no longer change."""
    key = ("of_kind", kind)
    if key not in doc._memo:
        doc._memo[key] = doc.of_kind(kind)
    return doc._memo[key]


PROVINCE_IN_GAP = re.compile(r"\s*(?:cùng|và|,)\s+(?:(?:UBND|Ủy ban nhân dân)\s+)?(?:tỉnh|thành phố|TP\.?)\s+"
                             r"[^\W\d_]+(?:\s+[^\W\d_]+){0,3}\s*(?:(?:đã|cùng)\s+)*")


def _chain_before(doc: Document, orgs: list, pos: int) -> list[str]:
    """The bodies joined by "," / "và" / "phối hợp với" that end right before `pos`."""
    out: list[str] = []
    for org in reversed([o for o in orgs if o.end <= pos]):
        gap = doc.text[org.end:pos]
        # a province held it with the body ("Ban Chấp hành Trung ương Đảng cùng TP HCM tổ chức"): the body
        # still counts; the province itself is a place, not an organisation
        gap = " " if not out and PROVINCE_IN_GAP.fullmatch(gap) else gap
        # the body right before the verb may trail the lower-case rest of its name:
        # "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực tổ chức ..."
        tail = not out and re.fullmatch(rf"\s+(?:về|và)\s(?:(?!{UPPER})[^;.:()]){{0,60}}", gap)
        if not (GAP.fullmatch(gap) or tail):
            break
        out.insert(0, org.key)
        pos = org.start
    return out


def _organizers(doc: Document, index: int, event_at: int, name_end: int | None = None) -> list[str]:
    """Who held it: the bodies before a verb of holding ("Bộ Y tế tổ chức hội nghị"), after "do"
    ("Hội nghị do Bộ Y tế tổ chức"), or after "của" right behind its name ("hội nghị ... của Chính phủ")."""
    s = doc.sentences[index]
    named = (event_at, name_end if name_end is not None else event_at)
    orgs = _bodies(doc, s.start, s.end)
    outside = [o for o in orgs if not named[0] <= o.start < named[1]]  # a body in its name did not hold it
    out: list[str] = []
    for verb in held_verbs(doc.text, s.start, s.end):
        out = _chain_before(doc, outside, verb.start())
        if out:
            break
    if not out and name_end is not None:
        resolutions = [r.start for r in doc.of_kind(Kind.RESOLUTION) if event_at <= r.start < name_end]
        limit = min(resolutions, default=name_end)
        inside = [o for o in orgs if event_at < o.start < limit and _of_before(doc.text, o.start)]
        after = inside[:1] or [o for o in orgs if o.start >= name_end]
        if after and (inside or HOLDER_AFTER.fullmatch(doc.text[name_end:after[0].start])
                      or _lower_tail_of(doc.text[name_end:after[0].start])):
            tail = [after[0]] + [o for o in after[1:]]
            chain = [after[0].key]
            for prev, org in zip(tail, tail[1:]):
                if not re.fullmatch(r"\s*(?:,|và|cùng|phối hợp với)\s*", doc.text[prev.end:org.start]):
                    break
                chain.append(org.key)
            out = chain
    if not out and name_end is not None:
        # "Hội nghị trực tuyến Chính phủ với các địa phương": the body that meets the others holds it
        first = [o for o in orgs if event_at < o.start < name_end][:1]
        if first and MEETS_OTHERS.fullmatch(doc.text, event_at, first[0].start) \
                and WITH.match(doc.text, first[0].end):
            out = [first[0].key]
    return list(dict.fromkeys(out))


def _held_by(doc: Document, index: int) -> list[str]:
    """ "Hội nghị do A và B phối hợp tổ chức": the bodies after "do", before a verb of holding."""
    s = doc.sentences[index]
    text = doc.text
    m = re.search(r"\bdo\s+", text[s.start:s.end])
    if not m:
        return []
    at = s.start + m.end()
    orgs = [o for o in _bodies(doc, at, s.end)]
    chain: list[str] = []
    pos = at
    for org in orgs:
        if not re.fullmatch(r"\s*(?:,|và|cùng|với)?\s*", text[pos:org.start]):
            break
        chain.append(org.key)
        pos = org.end
    return chain if chain and DONE_BY.match(text, pos) else []


def _carried_out(before: str) -> bool:
    """A verb of carrying out ends `before`, and it is the conference's purpose, not past work
    ("sau hơn 2 năm thực hiện Nghị quyết ...", "kiểm điểm việc thực hiện ...")."""
    cue = IMPLEMENT_CUE.search(before)
    return bool(cue) and not NOT_PURPOSE.search(before, 0, cue.start())


def _implements(doc: Document, index: int, name_span: tuple[int, int]) -> list[str]:
    """The resolutions the conference carries out: named in its name or its theme, or after a
    verb of carrying out in its lead sentence ("quán triệt Nghị quyết ..."), and the ones
    listed with those ("Nghị quyết A và Nghị quyết B"). A resolution cited elsewhere is not.

    A plenum's resolutions taken together ("quán triệt các nghị quyết Trung ương 6") are the
    ones the article names by their title, when it does: a plenum issues several resolutions,
    and the article's list by subject says which ones the conference studies.
    """
    s = doc.sentences[index]
    found = sorted(doc.of_kind(Kind.RESOLUTION), key=lambda r: r.start)
    chosen: list = []
    for r in found:
        if name_span[0] <= r.start < name_span[1]:
            chosen.append(r)
        elif name_span[0] < r.start < s.end and _carried_out(doc.text[max(s.start, r.start - 60):r.start]):
            chosen.append(r)
        elif chosen and s.start <= r.start < s.end and re.fullmatch(r"\s*(?:[,;]|và|,\s*và)?\s*",
                                                                     doc.text[chosen[-1].end:r.start]):
            chosen.append(r)  # listed with one carried out
    theme = THEME.search(doc.text, s.start, s.end)
    if theme:
        chosen += [r for r in found if theme.start() <= r.start < theme.end()]
    if any(r.data.get("collective") for r in chosen):
        titled = [r for r in found if r.data.get("described") and not r.data.get("issuer")]
        if titled:
            chosen = [r for r in chosen if not r.data.get("collective")] + titled
    return list(dict.fromkeys(r.key for r in chosen))
