"""Stage: who took part in the reported conference, how, and from where.

A verb of kg/data/participation.tsv gives the kind; the sentence's shape says who:
- "Tham dự hội nghị có A; B; C": everyone after "có";
- "Phát biểu tại hội nghị, A cho biết": the first person after the fronted clause;
- "dưới sự chủ trì của A": the people after "của";
- otherwise the person right before the verb, with those listed with them
  ("A, B cùng các Thứ trưởng chủ trì hội nghị").
A verb whose event is another one ("hội kiến", "tại Đại hội XIII", a conference
with another name) gives nothing. "tại điểm cầu X" gives the connection point
of the people it stands next to.
"""
from __future__ import annotations

import bisect
import itertools
import re

from kg.text import UPPER, is_word_char, space_back
from kg.document import Conference, Document, Kind, Mention, Participation, ParticipationKind
from kg.gazetteer import Verb, load, word_hits
from kg.pipeline.conferences import _event_nouns, _name, core_name
from kg.pipeline.mentions import CONNECTION, connection_point

REQUIRES = ("sentences", "mentions", "holdings", "conferences", "sentence_conference", "text")
ASSIGNS = ("participations",)

FRONTED_PLACE = re.compile(r"^\s*Tại\s+[^,]{1,80},\s*")
# "Trước đó, phát biểu tại hội nghị, X ...": a word of time before the fronted verb
LEADING_TIME = re.compile(r"^\s*(?:Trước đó|Sau đó|Tiếp đó|Tiếp theo|Cũng|Ngoài ra|Đồng thời|Cuối cùng)\s*,?\s*")
# the programme of days to come: "theo chương trình ... sẽ", "sáng mai"; "Sau đó, ..." goes on with it
PLANNED = re.compile(r"theo chương trình.*\b(?:sẽ|mai|dự kiến|tới)\b|(?:sáng|chiều|ngày) mai\b")
THEN = re.compile(r"\s*(?:Sau đó|Tiếp đó|Tiếp theo|Cuối cùng)\b")
SPEECH_FRONT = re.compile(r"\s*(?:Trong|Tại|Qua|Với)\s+(?:bài|lời)\s+(?:diễn văn|phát biểu|báo cáo|chào mừng)[^,;.]{0,80},\s*")
ALSO = re.compile(r",\s*(?:đồng thời|và|rồi)\s*$")
# "Theo Thứ trưởng X, ...": what follows is X's word; "Báo cáo của X cho thấy ...": X presented
ACCORDING_TO = re.compile(r"\s*(?:Theo|(Báo cáo|Tham luận|Tờ trình)\s+(?:của|do))\s+(?=[^\s,]+(?:\s+[^\s,]+){0,8}\s+\S)")
# after the last person, a comma and a new noun phrase before the verb: the verb has another subject
OTHER_SUBJECT = re.compile(r",\s*(?:đại diện|lãnh đạo|người|phía|cơ quan|ông|bà)\b[^,]*$")
# "Về phía tỉnh Nghệ An có ...", "Tham dự hội nghị, về phía Bộ Y tế có ...": the side's delegation
ON_THE_SIDE = re.compile(r"(?:^|[,;:]\s*)[Vv]ề phía\s+[^,.;:]{1,60}?\s+có\s+(?:sự tham dự của\s+)?")
CO_LIST = re.compile(r"có\s+(?:sự tham dự của\s+)?")  # a whole word: `word_hits` checks the letter before
# between two people of a list, their titles set aside: "A, B", "A và các <title> B", "A; đồng chí B"
LISTED_WITH = re.compile(r"^\s*(?:,|và|cùng|cùng với|;)?\s*(?:(?:các|những|hai|ba)\s+)?(?:(?:đồng chí|ông|bà)\s+)?$")
# "phát biểu chỉ đạo của X": the speech is X's
SPOKEN_OF = re.compile(r"\s+(?:(?:chỉ đạo|khai mạc|bế mạc|kết luận|chào mừng|tổng kết)\s+)?của\s+")


WORD_AFTER = re.compile(r"\s+([^\W\d_]+)")
EVENT_AFTER_VERB = re.compile(r"\s*(?:(?:chỉ đạo|khai mạc|tại|ở|và)\s+)*")
MARK_OF_ITS_OWN = re.compile(rf"{UPPER}|\b(?:19|20)\d\d\b|lần thứ|\b[IVXL]+\b")


def _verbs(doc: Document, start: int, end: int) -> list[tuple[int, int, Verb]]:
    out = []
    for m in load().verb_lexicon.find(doc.text, start, end):
        verb = m.entries[0]
        nxt = WORD_AFTER.match(doc.text, m.end, m.end + 20)
        prev = doc.text[max(start, m.start - 15):m.start].lower().strip(" \"“”\x27")  # sẽ "thảo luận
        if nxt and nxt.group(1).lower() in verb.not_before:
            continue
        if prev.endswith(verb.not_after):
            continue
        if prev.endswith(("sẽ", "dự kiến", "sắp")):
            continue  # "... sẽ thảo luận": to come, not done
        out.append((m.start, m.end, verb))
    return out


def _other_event(doc: Document, conference: Conference, start: int, end: int) -> bool:
    """Does the text at `start` name an event that is not the reported conference?

    "hội nghị", "Hội nghị này" are the reported one; a name that carries a mark of
    its own (a number, "lần thứ", a capital, a year) and differs from the
    reported conference's name is another event ("Đại hội XIII").
    """
    m = load().event_lexicon.match_at(doc.text, start)
    if not m:
        return False
    if m.entries[0] == "other":
        return True
    name = _name(doc.text, m.start, end)
    core, reported = core_name(name), conference.core
    if reported.startswith(core) or core.startswith(reported):
        return False
    return bool(MARK_OF_ITS_OWN.search(doc.text[m.end:m.start + len(name)]))


def _verb_event_is_other(doc: Document, conference: Conference, verb_end: int, end: int) -> bool:
    after = EVENT_AFTER_VERB.match(doc.text, verb_end, end)  # always matches (it may be empty)
    return _other_event(doc, conference, after.end() if after else verb_end, end)


def _extent(person: Mention) -> int:
    """Where the person's name and the titles written after it end (asked for every verb: no list built)."""
    end = person.end
    for r in person.data["roles"]:
        if r.start >= person.end and r.end > end:
            end = r.end
    return end


def _clause_break(doc: Document, start: int, end: int) -> bool:
    """Does a verb that opens a clause with another subject stand between `start` and `end`?

    Names of bodies and titles in the gap are not read ("Bộ Ngoại giao" holds no verb).
    """
    gap = doc.text[start:end].lower()
    mentions, reach = _reach(doc)
    for i in range(bisect.bisect_right(reach, start), len(mentions)):  # the first that reaches past `start`
        m = mentions[i]
        if m.start >= end:
            break  # mentions are sorted by start
        if m.end > start and m.kind in (Kind.ROLE, Kind.ORGANIZATION):
            a, b = max(m.start, start) - start, min(m.end, end) - start
            gap = gap[:a] + "_" * (b - a) + gap[b:]
    text = " " + gap + " "
    return any(f" {v} " in text for v in load().clause_verbs)


def _reach(doc: Document) -> tuple[list[Mention], list[int]]:
    """The mentions (sorted by start) and, for each, the furthest end of it and those before it."""
    memo = doc._memo.get("participation_reach")
    if memo is None:  # the mentions do not change in this stage
        memo = doc._memo["participation_reach"] = (
            doc.mentions, list(itertools.accumulate((m.end for m in doc.mentions), max)))
    return memo


def _led_by(person: Mention, at: int, doc: Document) -> bool:
    """Does `person`, or the first of their titles, start at `at` (after "ông"/"bà"/"đồng chí")?"""
    starts = [person.start] + [r.start for r in person.data["roles"] if r.start < person.start]
    skip = re.match(r"(?:ông|bà|đồng chí)\s+", doc.text[at:at + 12])
    return min(starts) == at + (skip.end() if skip else 0)


def _own_clause(doc: Document, start: int, end: int) -> bool:
    """Does another clause begin between a verb and a list ("A dự và phát biểu; cùng tham dự có B, C")?"""
    return ";" in doc.text[start:end] or any(True for _ in load().verb_lexicon.find(doc.text, start, end))


def _roles(doc: Document) -> list[Mention]:
    """The titles of the text, listed once per article (the mentions do not change in this stage)."""
    roles = doc._memo.get("participation_roles")
    if roles is None:
        roles = doc._memo["participation_roles"] = [m for m in doc.mentions if m.kind is Kind.ROLE]
    return roles


def _subjects(doc: Document, people: list[Mention], verb_start: int, verb_end: int, s_start: int, s_end: int,
              verb: Verb) -> list[Mention]:
    co = next(word_hits(CO_LIST, doc.text, verb_end, min(s_end, verb_end + 80), is_word=is_word_char), None)
    listed = [p for p in people if co and p.start >= co.end()]
    if listed and not [p for p in people if verb_end <= p.start < co.start()] and not _clause_break(
            doc, verb_end, co.start()) and not _own_clause(doc, verb_end, co.start()):
        return listed
    of = SPOKEN_OF.match(doc.text, verb_end, s_end)
    if of:  # "nghe phát biểu chỉ đạo của Thủ tướng X": X spoke
        after = [p for p in people if p.start >= of.end()]
        if after and after[0].start - of.end() <= 80 and not _clause_break(doc, of.end(), after[0].start):
            return _listed_from(after, doc)
    if doc.text[max(s_start, verb_start - 5):verb_start].endswith("sự "):
        # "với sự tham dự của A, B và C": everyone the list names
        return _listed_from([p for p in people if p.start > verb_end], doc)
    head = FRONTED_PLACE.match(doc.text[s_start:verb_start]) or LEADING_TIME.match(doc.text[s_start:verb_start])
    opens_clause = doc.text[s_start:verb_start].rstrip().endswith(",") and not any(
        p.start < verb_start for p in people)  # "Trả lời câu hỏi này, đồng chủ trì họp báo, ông X ..."
    if not doc.text[s_start + (head.end() if head else 0):verb_start].strip() or opens_clause:
        comma = doc.text.find(",", verb_end, s_end)
        after = [p for p in people if comma != -1 and p.start > comma]
        return after[:1]
    # "A, <title>; B, <title>; C, <title> đồng chủ trì": the list may run over semicolons, the verb's
    # nearest subject may not ("A phát biểu ...; B chủ trì")
    before = [p for p in people if _extent(p) <= verb_start]
    if before and ";" in doc.text[_extent(before[-1]):verb_start]:
        before = []
    if not before or verb_start - _extent(before[-1]) > 80 or _clause_break(doc, _extent(before[-1]), verb_start):
        return []
    gap_at = _extent(before[-1])  # the pattern needs a comma: looked for first
    if doc.text.find(",", gap_at, verb_start) >= 0 and OTHER_SUBJECT.search(doc.text, gap_at, verb_start):
        return []  # "... trường hợp ông A có trong danh sách, đại diện Ủy ban X cho biết": the subject is another
    group = [before[-1]]
    for p in reversed(before[:-1]):
        if not _listed_with(doc, p, group[0]):
            break
        group.insert(0, p)
    return group


def _listed_with(doc: Document, left: Mention, right: Mention) -> bool:
    """Do only list separators stand between two people, their titles set aside ("A, <title>; B")?"""
    gap = doc.text[_extent(left):right.start]
    for r in _roles(doc):
        if _extent(left) <= r.start and r.end <= right.start:
            gap = gap.replace(doc.text[r.start:r.end], " ")
    return bool(LISTED_WITH.match(gap))


def _listed_from(after: list[Mention], doc: Document) -> list[Mention]:
    """The first person of `after` and those listed on with it ("A, <title> B và C")."""
    group = after[:1]
    for p in after[1:]:
        if not _listed_with(doc, group[-1], p):
            break
        group.append(p)
    # "với sự điều hành của A, <title> B phát biểu": B opens a clause of its own
    while len(group) > 1 and not LIST_GOES_ON.match(doc.text, _extent(group[-1])):
        group.pop()
    return group


LIST_GOES_ON = re.compile(r"\s*(?:[,;.:!?)]|và\b|cùng\b|$)")


def _connection(doc: Document, group: list[Mention], people: list[Mention], verb_end: int, s_start: int,
                s_end: int) -> tuple[Kind, str] | None:
    for m in CONNECTION.finditer(doc.text, s_start, s_end):
        cp = connection_point(doc, m.start(), s_end)
        if not cp:
            continue
        first = group[0].start
        between = [p for p in people if m.start() < p.start < first]
        if (m.start() < first and not between) or 0 <= m.start() - verb_end <= 60:
            return cp[0], cp[1]
    return None


NATIONWIDE = re.compile(r"toàn quốc|cả nước|với các địa phương|các tỉnh, thành phố", re.I)


def _home_points(doc: Document, participations: list[Participation], by_key: dict[str, Conference]) -> None:
    """Where an official joins an online conference from when the sentence does not say.

    An official of a body that is a connection point joins from it; at a nationwide online
    conference, an official of one province joins from that province.

    "Chủ tịch UBND TP. HCM X trình bày ... tại hội nghị trực tuyến toàn quốc": X spoke from
    the Hồ Chí Minh City connection point, though the text does not name it.
    """
    provinces: dict[str, set[str | None]] = {}
    bodies: dict[str, set[str]] = {}
    for h in doc.holdings:
        provinces.setdefault(h.official, set()).add(h.province)
        if h.organization:
            bodies.setdefault(h.official, set()).add(h.organization)
    for p in participations:
        conference = by_key[p.conference]
        if p.connection_point or conference.format not in ("online", "hybrid"):
            continue
        # an official of a body that is one of the conference's connection points joins from it
        # ("... giao lại cho ông B - phó chủ tịch UBND huyện X - tiếp tục chủ trì", X a connection point)
        own = [cp for cp in conference.connection_points
               if cp[0] is Kind.ORGANIZATION and cp[1] in bodies.get(p.official, ())]
        if own:
            p.connection_point = own[0]
            continue
        if not NATIONWIDE.search(conference.name):
            continue
        held = provinces.get(p.official, set())
        if len(held) == 1 and None not in held:
            p.connection_point = (Kind.PROVINCE, next(iter(held)))


def _planned(doc: Document, index: int) -> bool:
    """Does the sentence tell the programme of days to come ("Sau đó, ..." goes on with the one before)?"""
    if _says_planned(_lowered(doc, index)):
        return True
    if index and THEN.match(doc.text, doc.sentences[index].start):
        return _says_planned(_lowered(doc, index - 1))
    return False


def _says_planned(lowered: str) -> bool:
    """`PLANNED` in a sentence; most hold neither of its literal parts, which `in` rules out fast."""
    return ("theo chương trình" in lowered or " mai" in lowered) and bool(PLANNED.search(lowered))


def _lowered(doc: Document, index: int) -> str:
    """A sentence in lower case, kept: the programme and the interview cues both read it."""
    memo = doc._memo.setdefault("participation_lowered", {})
    if index not in memo:
        s = doc.sentences[index]
        memo[index] = doc.text[s.start:s.end].lower()
    return memo[index]


def _fronted_speech(doc: Document, s_start: int, s_end: int, people: list[Mention]) -> tuple[Mention, ParticipationKind] | None:
    """ "Trong bài diễn văn, X ôn lại ...", "Theo Bộ trưởng X, ...", "Báo cáo của X cho thấy": X spoke or presented."""
    speech = SPEECH_FRONT.match(doc.text, s_start, s_end) or ACCORDING_TO.match(doc.text, s_start, s_end)
    if not speech:
        return None
    first = [p for p in people if p.start >= speech.end() and "," not in doc.text[speech.end():p.start]][:1]
    said = speech.group(0).lower()
    # "Theo X, ...": X must stand right there, with their titles ("Theo báo cáo của X" is not X's word)
    first = [p for p in first if not said.lstrip().startswith("theo") or _led_by(p, speech.end(), doc)]
    if not first:
        return None
    presented = any(word in said for word in ("báo cáo", "tham luận", "tờ trình"))
    return first[0], ParticipationKind.PRESENTER if presented else ParticipationKind.SPEAKER


class _Reading:
    """Participations found so far in an article, and who spoke to the press."""

    def __init__(self) -> None:
        self.merged: dict[tuple[str, str], Participation] = {}
        self.interviewed: set[str] = set()

    def take(self, person: Mention, conference: Conference, index: int, kinds: set[ParticipationKind],
             cp: tuple[Kind, str] | None = None) -> None:
        p = self.merged.setdefault((person.key, conference.key),
                                   Participation(person.key, conference.key, set(), None, index))
        p.kinds.update(kinds | {ParticipationKind.ATTENDEE})
        p.connection_point = p.connection_point or cp


def _read_sentence(doc: Document, index: int, conference: Conference, people: list[Mention], found: _Reading) -> None:
    """Who takes part how in one sentence that speaks of `conference`."""
    s = doc.sentences[index]
    acted: set[str] = set()
    fronted = _fronted_speech(doc, s.start, s.end, people)
    if fronted:
        found.take(fronted[0], conference, index, {fronted[1]})
        acted.add(fronted[0].key)
    on_side = ON_THE_SIDE.search(doc.text[s.start:s.end]) if doc.text.find("ề phía", s.start, s.end) >= 0 else None
    if on_side:  # "Về phía tỉnh có A, <title> B; ...": those listed attend
        for person in people:
            if person.start >= s.start + on_side.end():
                found.take(person, conference, index, set())
    for start, end, verb in _verbs(doc, s.start, s.end):
        if _verb_event_is_other(doc, conference, end, s.end):
            continue
        group = _subjects(doc, people, start, end, s.start, s.end, verb)
        if ("speech" in verb.kinds and group and doc.text.find(",", _extent(group[-1]), start) >= 0
                and ALSO.search(doc.text, _extent(group[-1]), start)):
            group = [p for p in people if p.start < start][:1]  # "A chúc mừng B, đồng thời cho rằng": A
        if "speech" in verb.kinds:  # saying is speaking, unless it is the act already read, or to the press
            group = [p for p in group if p.key not in acted and p.key not in found.interviewed]
        elif "presenter" in verb.kinds:  # "Trình bày báo cáo, X thông tin ...": the presentation is the speech
            acted.update(p.key for p in group)
        if not group:
            continue
        cp = _connection(doc, group, people, end, s.start, s.end)
        kinds = {ParticipationKind("speaker" if k == "speech" else k) for k in verb.kinds}
        for person in group:
            found.take(person, conference, index, kinds, cp)


ADDRESS_BEFORE = "đồng chí"


def _opens_clause(text: str, start: int, at: int) -> bool:
    """Does a clause open right before `at` (only white space back to the sentence's `start`, to a
    comma, semicolon or colon, or to a word "đồng chí")? Read backwards: no regex tries every letter.

    >>> [_opens_clause(t, 0, t.index("Bộ")) for t in ("Sáng nay, Bộ trưởng", "đồng chí Bộ trưởng", "ông Bộ trưởng")]
    [True, True, False]
    """
    p = space_back(text, at, start)
    if p == start or text[p - 1] in ",;:":
        return True
    a = p - len(ADDRESS_BEFORE)
    return a >= start and text.startswith(ADDRESS_BEFORE, a) and (a == start or not is_word_char(text[a - 1]))
SUBJECT_GAP = re.compile(r"\s+(?:(?:đã|cũng|vẫn|tiếp tục|thì|đồng thời)\s+)*")


def _titled_only(doc: Document, index: int, people: list[Mention]) -> list[Mention]:
    """The people a clause names by their title alone ("Bộ trưởng Bộ GD&ĐT chủ trì hội nghị"):
    the one official the article gives that title, as a person at the title's place."""
    memo = doc._memo.get("participation_free_roles")
    if memo is None:  # the titles no named person carries, by sentence
        attached = {id(r) for p in doc.of_kind(Kind.OFFICIAL) for r in p.data["roles"]}
        memo = doc._memo["participation_free_roles"] = {}
        for r in _roles(doc):
            if id(r) not in attached:
                memo.setdefault(doc.sentence_of(r.start), []).append(r)
    free = memo.get(index)
    if not free:
        return []
    s = doc.sentences[index]
    out = []
    for r in free:
        if any(p.start - 3 <= r.end and r.start <= p.end + 3 for p in people):
            continue  # a title of someone named here
        if not _opens_clause(doc.text, s.start, r.start):
            continue
        verbs = _verbs(doc, r.end, min(s.end, r.end + 40))
        if not verbs or not SUBJECT_GAP.fullmatch(doc.text, r.end, verbs[0][0]):
            continue  # a title that is no verb's subject ("ứng cử Chủ tịch nước, Thủ tướng")
        holder = _only_holder(doc, r.key)
        if holder:
            out.append(Mention(Kind.OFFICIAL, r.start, r.end, holder, doc.surface[r.start:r.end], {"roles": []}))
    return out


def _only_holder(doc: Document, title: str) -> str | None:
    """The official holding `title` in the article, if exactly one does: the title itself, or its head
    ("Bộ trưởng") written with no body."""
    title = title.lower()
    exact = {h.official for h in doc.holdings if h.role.lower() == title}
    head = {h.official for h in doc.holdings
            if h.organization is None and title.startswith(h.role.lower() + " ")}
    # a head title shared by any other holder of that head is ambiguous
    heads = {h.official for h in doc.holdings
             if h.role.lower().split(" ")[:2] == title.split(" ")[:2]}
    found = exact or (head if heads == head else set())
    return next(iter(found)) if len(found) == 1 else None


def apply(doc: Document) -> Document:
    doc.participations = []
    doc._memo.pop("participation_lowered", None)
    doc._memo.pop("participation_roles", None)
    doc._memo.pop("participation_free_roles", None)
    doc._memo.pop("participation_reach", None)
    if not doc.conferences:
        return doc
    by_key = {c.key: c for c in doc.conferences}
    kb = load()
    found = _Reading()
    officials = doc.of_kind(Kind.OFFICIAL)  # sorted by start
    starts = [p.start for p in officials]
    # the sentences that name another event ("hội kiến", "Đại hội XIII"): none of their verbs counts
    other = {doc.sentence_of(start) for start, _, kind in _event_nouns(doc, 0, len(doc.text)) if kind == "other"}
    for index, s in enumerate(doc.sentences):
        key = doc.sentence_conference[index] if index < len(doc.sentence_conference) else None
        if key is None:
            continue
        people = officials[bisect.bisect_left(starts, s.start):bisect.bisect_left(starts, s.end)]
        conference = by_key[key]
        if index in other:
            continue
        fronted = FRONTED_PLACE.match(doc.text[s.start:s.end])
        if fronted and _other_event(doc, conference, s.start + len("Tại "), s.end):
            continue
        titled = _titled_only(doc, index, people)
        if titled:
            people = sorted(people + titled, key=lambda p: p.start)
        if not people or _planned(doc, index):  # nobody, or the programme of days to come
            continue
        lowered = _lowered(doc, index)
        if any(cue in lowered for cue in kb.interview_cues) and "họp báo" not in conference.name.lower():
            found.interviewed.update(p.key for p in people)
            continue  # an interview with the press is not the conference
        _read_sentence(doc, index, conference, people, found)
    _home_points(doc, list(found.merged.values()), by_key)
    doc.participations = sorted(found.merged.values(), key=lambda p: (p.sentence, p.official, p.conference))
    return doc
