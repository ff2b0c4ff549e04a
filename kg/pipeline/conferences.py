"""Stage: the conferences the article reports, with their dates, organisers, the resolutions
they carry out, their connection points and format; and which one each sentence speaks of.

The lead, one of the first sentences, introduces the first event: the one that says best
that an event took place (a day before its noun, a body holding it). A later sentence
introduces another when it says, close to the event's name, that it took place; a bare
"hội nghị" refers back; an event spoken of in passing, in the background ("Trước đó, ...")
or still to come does not take the story. Each sentence then speaks of one event (or of
none: another event, a teaser of another article), and participation follows it.

A conference's key is its date and core name (format words and purpose clauses dropped),
so several outlets' reports of one conference meet in one node; a plain name takes its
body ("Phiên họp thứ nhất Ban Chấp hành Đảng bộ tỉnh X"), so two provinces' sittings do not.
Organisers and resolutions are read by `kg.pipeline.holders`.
"""
from __future__ import annotations

import bisect
import itertools
import datetime as dt
import re
from functools import lru_cache

from kg.document import Conference, Document, Kind
from kg.gazetteer import load, lower, word_hits
from kg.pipeline.dates import context_year, find_dates, only_planned, year_for
from kg.pipeline.holders import _bodies, _held_by, _implements, _of_kind, _organizers, _word_list, _words, held_verbs
from kg.pipeline.mentions import CONNECTION, connection_point
from kg.pipeline.orgshape import _head_lexicon
from kg.text import UPPER, slug, squash

REQUIRES = ("sentences", "mentions", "home_province", "published", "headline", "text")
ASSIGNS = ("conferences", "sentence_conference")

LEAD_SENTENCES = 8
# no "\s*" in front (re would try it at every letter): the name is squashed, its white space goes
NAME_STOP = re.compile(rf"(?:(?<!TP)(?<!Tp)\.|[;:(“\"”]|\s[-–]\s*Ảnh\b|,\s*(?={UPPER}|\d)|\s(?:{_words('name_end')})(?=[\s.,;:!?]|$))")
FORMAT_WORDS = re.compile(rf"\s*(?:{_words('format')})\b")
# a purpose word ends the core name before a comma too: "Hội nghị quán triệt, triển khai ..." is "hội nghị"
PURPOSE = re.compile(rf"(?:,\s|\s(?:và\s+)?(?:{_words('purpose')})(?=[\s,])).*$")
CREDIT = re.compile(r"[-–]\s*Ảnh\b|\bẢnh\s*:")  # a photo caption
MEETS = re.compile(rf"(?:{_words('meets')})\s")
ADDRESS = re.compile(r"(?:ông|bà|đồng chí|các đồng chí)\s")  # `word_hits` checks the letter before


def _name(text: str, start: int, limit: int, stops: tuple[int, ...] = ()) -> str:
    """The conference's name: the event noun at `start` and the words that qualify it.

    It ends at a stop word or mark of kg/data/conference_words.tsv, or where a person,
    a title or a form of address begins (`stops`: their offsets, sorted).
    """
    end = min(limit, start + 250)
    noun = load().event_lexicon.match_at(text, start)
    after = noun.end if noun else start + 1
    at = bisect.bisect_right(stops, after)
    if at < len(stops) and stops[at] < end:
        end = stops[at]  # first: the patterns below then read the name only
    m = NAME_STOP.search(text, after, end)
    end = m.start() if m else end
    day = DAY_AFTER.search(text, after, end)
    end = day.start() if day else end
    address = next(word_hits(ADDRESS, text, after, end), None)  # "ông"/"bà"/"đồng chí": a person begins
    end = address.start() if address else end
    name = squash(text[start:end]).rstrip(" ,-–")
    head, space, last = name.rpartition(" ")
    while space and last in NAME_TAIL:  # "hội nghị ... về": a link word ends no name
        name = head
        head, space, last = name.rpartition(" ")
    return name


def _sentence_name(doc: Document, start: int, sentence_end: int) -> str:
    """`_name` of the event noun at `start`, kept: the lead, the reading of each sentence and the
    new event all ask for it."""
    key = ("event_name", start, sentence_end)
    name = doc._memo.get(key)
    if name is None:
        name = doc._memo[key] = _name(doc.text, start, sentence_end, _stops(doc))
    return name


def _stops(doc: Document) -> tuple[int, ...]:
    """Where a name of a conference cannot go on: a person, a title, "ông"/"bà"/"đồng chí"."""
    memo = doc._memo.get("name_stops")
    if memo is None:
        people = doc.of_kind(Kind.OFFICIAL)
        found = {m.start for m in people} | {r.start for m in people for r in m.data.get("roles", ())}
        # another event named inside ("họp báo thông tin về Hội nghị lần thứ 8"), unless a resolution's name holds it
        resolutions = [(r.start, r.end) for r in doc.of_kind(Kind.RESOLUTION)]
        for start, _, _ in _event_nouns(doc, 0, len(doc.text)):
            if start > 0 and doc.text[start].isupper() and not any(a <= start < b for a, b in resolutions):
                found.add(start)
        memo = doc._memo["name_stops"] = tuple(sorted(found))
    return memo


@lru_cache(maxsize=4096)  # asked again for every event met before; a pure function of the name
def core_name(name: str) -> str:
    """The name without format words and purpose clauses: the part that identifies it.

    >>> core_name("hội nghị trực tuyến đối ngoại toàn quốc, triển khai thực hiện Nghị quyết X")
    'hội nghị đối ngoại toàn quốc'
    """
    core = FORMAT_WORDS.sub("", name)
    core = PURPOSE.sub("", core)
    words = core.split()[:12]
    return " ".join(words).lower()


def _lead(doc: Document) -> tuple[int, int] | None:
    """(sentence index, offset of the event noun) of the sentence introducing the conference.

    Among the first sentences, the one that says best that an event took place: a day
    before the event noun, a body holding it or a report that it took place count most; a
    bare "hội nghị" (an event named before) counts less than one with a name of its own,
    and a name alone ("Theo chương trình của kỳ họp thứ 6, ...") is the last resort. An
    event to come ("sẽ", "sắp") is not reported. Ties go to the earliest.
    """
    best, best_score = None, 0
    for i, s in enumerate(doc.sentences[:LEAD_SENTENCES]):
        if s.caption or s.aside:
            continue
        for start, end, kind in _event_nouns(doc, s.start, s.end):
            if kind != "conference":
                continue
            name = _sentence_name(doc, start, s.end)
            if _future(doc.text[max(s.start, start - 40):start]) or TIME_REFERENCE.match(
                    doc.text, s.start, start) or LATER.match(doc.text, start + len(name), min(s.end, start + len(name) + 50)):
                break  # to come, or only the time of what follows ("Sau lễ trình quốc thư, ...")
            dated = _dated(doc, i, s.start, start)
            held = next(held_verbs(doc.text, s.start, s.end), None) is not None
            said = not (dated and held) and _reported(doc, i, start, start + len(name))
            named = not _bare(name, end - start, 0)
            score = 2 * dated + 2 * held + 2 * said + named
            if score > best_score:
                best, best_score = (i, start), score
            break
        if best_score >= 5:
            break  # a day, a holder and a name of its own: no later sentence says more
    if best is None:
        for i, s in enumerate(doc.sentences):
            m = AT_EVENT.match(doc.text, s.start, s.end)
            if m and not s.caption and not s.aside:
                return i, m.start(1)
    return best


def _dates(doc: Document, start: int, end: int) -> list:
    """`find_dates(doc.text, start, end)`, kept: a sentence's days are asked for again and again."""
    key = ("dates", start, end)
    found = doc._memo.get(key)
    if found is None:
        found = doc._memo[key] = find_dates(doc.text, start, end)
    return found


def _dated(doc: Document, index: int, start: int, end: int) -> bool:
    """Does a day of sentence `index` stand whole in `start:end`? The sentence's days are read once."""
    s = doc.sentences[index]
    return any(start <= d.start and d.end <= end for d in _dates(doc, s.start, s.end))


def _date(doc: Document, index: int) -> dt.date | None:
    """The lead's day: in its sentence, else in the sentences before it (the summary), else publication."""
    dates = []
    for i in range(index, -1, -1):
        s = doc.sentences[i]
        dates = [d for d in _dates(doc, s.start, s.end) if not COMING.search(doc.text, max(s.start, d.start - 26), d.start)]
        if dates:
            break
    if not dates:
        return doc.published
    d = dates[0]
    if d.year:
        return d.resolve(None)
    if "context_year" not in doc._memo:
        doc._memo["context_year"] = context_year(doc.text, doc.headline)
    fallback = doc._memo["context_year"]
    year = year_for(d.month, doc.published, fallback)
    if doc.published is None and year and d.month == 12 and only_planned(doc.text, year):
        year -= 1  # "Chiều 28/12, ... dự toán ngân sách năm 2018": a December of 2017
    return d.resolve(year)


DAY_AFTER = re.compile(r"\s(?:sáng|chiều|tối|trưa|ngày|hôm)\s+(?:nay|qua|\d)", re.I)
NAME_TAIL = frozenset(_word_list("name_tail"))


def _format(doc: Document, index: int) -> str | None:
    lead = " ".join(doc.text[s.start:s.end] for s in doc.sentences[max(0, index - 1):index + 3]).lower()
    online = "trực tuyến" in lead or bool(_connection_marks(doc))
    if online and ("trực tiếp" in lead or "kết hợp" in lead):
        return "hybrid"
    return "online" if online else None


BACKGROUND = re.compile(r"\s*(?:Trước đó|Trước khi|Trước đây|Năm \d{4}|Hồi)\b")
# "Thảo luận tại phiên họp của ..., X cho rằng": a fronted verb of taking part at a named event
AT_EVENT = re.compile(r"\s*(?:[Tt]hảo luận|[Pp]hát biểu|[Bb]áo cáo|[Tt]rình bày|[Gg]óp ý)[^,.;]{0,30}?\btại\s+"
                      r"((?:hội nghị|phiên họp|kỳ họp|hội thảo|đại hội|tọa đàm|cuộc họp)\b)", re.I)
LATER = re.compile(r"[^.;,]{0,25}?\b(?:sẽ|sắp|dự kiến)\s")
TIME_REFERENCE = re.compile(r"\s*(?:Sau|Trước|Sau khi|Trước khi|Ngay sau)\s+$")
COMING = re.compile(r"(?:\bmai|\bsẽ|\btới)\b[^.;]{0,20}$")  # "sáng mai, thứ Ba, ngày 23/10": a day to come
PASSING = re.compile(r"\b(?:của|về|cho|với|trước|sau)\s+$")
SAME_DAY = re.compile(r"[Cc]ùng ngày")  # "Chiều cùng ngày", "Cùng ngày": the day of the event before
FUTURE_WORDS = _word_list("future")
FUTURE = re.compile(rf"(?:{_words('future')})\s+(?:\S+\s+){{0,3}}$")


def _future(before: str) -> bool:
    """`FUTURE` in the words before a noun; a pattern anchored at the end is tried at every
    position, so the words it needs are looked for first (most windows hold none)."""
    return any(w in before for w in FUTURE_WORDS) and FUTURE.search(before) is not None
FRONTED_AT = re.compile(r"^\s*(?:[\w ]{0,12}[,]?\s*)?[Tt]ại\s+$")
PAST = re.compile(r"\b(?:đã|vừa)\s")
ANAPHOR_TAIL = re.compile(r"^(?:\s*(?:này|nói trên|trên|đó|lần này))*\s*$")
ADVERBS = r"(?:(?:đã|vừa|cũng|chính thức|long trọng|trọng thể|tiếp tục)\s+)*"
HELD_BEFORE = re.compile(rf"(?:{_words('held')}|{_words('meets')})\s+{ADVERBS}$")  # "tổ chức", "tiến hành họp"
HELD_WORDS = _word_list("held") + _word_list("meets")


def _held_before(before: str) -> re.Match[str] | None:
    """`HELD_BEFORE` at the end of `before`, tried only when one of its verbs stands there."""
    return HELD_BEFORE.search(before) if any(w in before for w in HELD_WORDS) else None
SPOKEN_BEFORE = re.compile(r"(?:phát biểu|dự|chủ trì|tham dự|tại)\s+$")
HELD_AFTER = re.compile(rf"^\s*(?:\([^()]{{0,60}}\)\s*)?,?\s*{ADVERBS}(?:diễn ra|khai mạc|bế mạc|được tổ chức|tổ chức|"
                        rf"bầu|đã bầu|thông qua|kết thúc|họp|thống nhất|quyết định|biểu quyết|cử|ra mắt|kiện toàn)\b")
RESULT_OF = re.compile(r"(?:thông báo|công bố|báo cáo)\s+kết quả\s+$")
MARKED = re.compile(rf"\s(?:{UPPER}|(?:19|20)\d\d)|\b[IVXL]+\b")
ORDINAL = re.compile(r"(?:lần thứ|thứ|khóa|số)\s+(\w+)")


def _credited(doc: Document, s) -> bool:
    """A photo's caption or credit: it names an event, it does not report one."""
    return s.caption or (doc.text.find("Ảnh", s.start, s.end) >= 0 and CREDIT.search(doc.text, s.start, s.end) is not None)


def _event_nouns(doc: Document, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each event noun in a span, outside the names of bodies and venues."""
    found = doc._memo.get("event_nouns")
    if found is None:
        found = [(m.start, m.end, m.entries[0]) for m in load().event_lexicon.find(doc.text)
                 if not _inside_body(doc, m.start)]  # "Trung tâm Hội nghị tỉnh" is a venue
        taken = {start for start, _, _ in found}
        bodies = {o.start for o in doc.of_kind(Kind.ORGANIZATION)}
        for m in word_hits(MEETS, doc.text):  # "họp Ban Chấp hành Đảng bộ tỉnh": a meeting of that body
            body = m.end() in bodies or _head_lexicon().match_at(doc.text, m.end()) is not None
            if body and m.start() not in taken and not _inside_body(doc, m.start()):
                found.append((m.start(), m.end() - 1, "conference"))
        found.sort()
        doc._memo["event_nouns"] = found
    i = bisect.bisect_left(found, (start,))
    out = []
    while i < len(found) and found[i][0] < end:
        out.append(found[i])
        i += 1
    return out


def _inside_body(doc: Document, offset: int) -> bool:
    """Does `offset` fall inside the name of a body (mentions are sorted by start)?"""
    memo = doc._memo.get("body_spans")
    if memo is None:
        spans = [(o.start, o.end) for o in doc.of_kind(Kind.ORGANIZATION)]
        reach = list(itertools.accumulate((b for _, b in spans), max))
        memo = doc._memo["body_spans"] = ([a for a, _ in spans], reach)
    starts, reach = memo
    i = bisect.bisect_right(starts, offset)
    return bool(i and reach[i - 1] > offset)


def _bare(name: str, noun_end: int, start: int) -> bool:
    """Is the name only its event noun ("hội nghị", "Hội nghị này"): a mention of an event met before."""
    return bool(ANAPHOR_TAIL.match(name[noun_end - start:]))


def _reported(doc: Document, index: int, noun_at: int, name_end: int) -> bool:
    """`_says_reported`, kept: the lead and the reading of each sentence ask for the same nouns."""
    key = ("reported", noun_at, name_end)
    found = doc._memo.get(key)
    if found is None:
        found = doc._memo[key] = _says_reported(doc, index, noun_at, name_end)
    return found


def _says_reported(doc: Document, index: int, noun_at: int, name_end: int) -> bool:
    """Does the sentence say this event took place, close to its name?

    A body held it ("HĐND tỉnh tiến hành kỳ họp ..."), it took place ("... diễn ra chiều
    28/9", "... đã bầu"), a day stands right before it ("sáng 30/9, ... tổ chức hội nghị"),
    its results were announced, or "Tại X, ... đã ..." reports what it did. A verb of
    taking part before it ("Phát biểu khai mạc X") says nothing of an event of its own.
    """
    s = doc.sentences[index]
    before = doc.text[max(s.start, noun_at - 60):noun_at]
    if _future(before[-40:]) or LATER.match(doc.text, name_end, min(s.end, name_end + 50)):
        return False
    if TIME_REFERENCE.match(doc.text, s.start, noun_at):  # in place: no copy of the sentence's start
        return False  # "Sau lễ viếng, ...": the time of what follows, not a report of the event
    held = _held_before(before)
    if held and not SPOKEN_BEFORE.search(before[:held.start()]):
        return True
    after = doc.text[name_end:s.end]
    if HELD_AFTER.match(after) or ("kết quả" in before and RESULT_OF.search(before)):
        return True
    if _dated(doc, index, noun_at - 60, name_end + 40) or SAME_DAY.search(doc.text, max(s.start, noun_at - 60), min(s.end, name_end + 40)):
        return True
    # "Tại phiên họp đầu tiên, Ban Chấp hành đã bầu ...": only for an event with no name of its own
    # ("Tại Đại hội XIII, X đã phát biểu" speaks of another, earlier event)
    plain = not MARKED.search(doc.text, noun_at, name_end)
    return bool(plain and FRONTED_AT.match(doc.text[s.start:noun_at]) and PAST.search(doc.text, name_end, s.end))


def _held(doc: Document, index: int, noun_at: int, name_end: int) -> bool:
    """Does the sentence say a body held the event or that it took place (not only a day)?"""
    s = doc.sentences[index]
    before = doc.text[max(s.start, noun_at - 60):noun_at]
    held = _held_before(before)
    return bool((held and not SPOKEN_BEFORE.search(before[:held.start()])) or HELD_AFTER.match(doc.text[name_end:s.end]))


def _same_event(a: str, b: str) -> bool:
    """Two names of one event: one core name starts the other ("hội nghị lần thứ 10", "hội nghị"),
    or both have one noun and one ordinal ("Hội nghị Cấp cao ... lần thứ 32", "Hội nghị Cấp cao ASEAN lần thứ 32")."""
    ca, cb = core_name(a), core_name(b)
    if ca.startswith(cb) or cb.startswith(ca):
        return True
    na, nb = ORDINAL.findall(ca), ORDINAL.findall(cb)
    return bool(na) and na == nb and ca.split()[:2] == cb.split()[:2]


def _places(doc: Document, index: int) -> set[str]:
    s = doc.sentences[index]
    return {m.key for m in _of_kind(doc, Kind.PROVINCE) if s.start <= m.start < s.end}


def _distinct(new: Conference, old: Conference, doc: Document) -> bool:
    """Does what the text says of two event mentions tell them apart (day, place, holder, number)?"""
    if new.date and old.date and new.date != old.date:
        return True
    if new.date and old.organizers:
        if not new.organizers and new.span:
            new.organizers = _organizers(doc, new.sentence, *new.span)
        if new.organizers and not set(new.organizers) & set(old.organizers):
            return True
    a, b = _places(doc, new.sentence), _places(doc, old.sentence)
    if a and b and not a & b:
        return True
    oa, ob = ORDINAL.findall(new.core), ORDINAL.findall(old.core)
    return bool(oa and ob and oa != ob)


FUNCTION_WORDS = frozenset("về của và các với cho tại trong năm lần thứ quy mô công tác triển khai thực hiện "
                           "tổng kết sơ kết nhiệm vụ".split())


def _content(name: str) -> set[str]:
    words = core_name(name).split()
    noun = len(_noun(name).split())
    return {w for w in words[noun:] if w not in FUNCTION_WORDS}


def _similar(a: str, b: str) -> bool:
    """Two names that share what they are about ("đối ngoại toàn quốc", "công tác đối ngoại ... toàn quốc")."""
    ca, cb = _content(a), _content(b)
    return len(ca & cb) >= 2 or bool(ca and cb and (ca <= cb or cb <= ca))


@lru_cache(maxsize=4096)  # asked again for every event met before; a pure function of the name
def _noun(name: str) -> str:
    m = load().event_lexicon.match_at(name.lower(), 0)
    return name[:m.end].lower() if m else name.split()[0].lower()


def _event_date(doc: Document, index: int, previous: Conference | None) -> dt.date | None:
    s = doc.sentences[index]
    if not _dates(doc, s.start, s.end) and SAME_DAY.search(doc.text, s.start, s.end) and previous:
        return previous.date
    dates = _dates(doc, s.start, s.end)
    if not dates:
        return None
    return _date(doc, index)


def _new_conference(doc: Document, index: int, noun_at: int, previous: Conference | None,
                    lead: bool, complete: bool = True) -> Conference:
    """The event named at `noun_at`: its name and day; with `complete`, all the rest (`_complete`)."""
    s = doc.sentences[index]
    name = _sentence_name(doc, noun_at, s.end)
    name = name[:1].upper() + name[1:]
    date = _date(doc, index) if lead else _event_date(doc, index, previous)
    conference = Conference("", name, core_name(name), date, index, span=(noun_at, noun_at + len(name)))
    if complete:
        _complete(doc, conference)
    return conference


def _complete(doc: Document, c: Conference) -> None:
    """What only an event kept needs: its organisers, the body of a plain name, the resolutions it
    carries out, its format and its key (a candidate that turns out to be an event met before skips it)."""
    noun_at, name_end = c.span
    c.organizers = c.organizers or _organizers(doc, c.sentence, noun_at, name_end)
    if PLAIN_TAIL.match(c.name, len(_noun(c.name))):
        owner = _owner(doc, c.sentence, noun_at, name_end, c.organizers)
        if owner and owner.lower() not in c.name.lower():
            c.name = f"{c.name} {owner}"  # "Phiên họp thứ nhất Ban Chấp hành Đảng bộ tỉnh Thái Bình"
            c.core = core_name(c.name)
    c.key = f"{c.date.isoformat()}-{slug(c.core)}" if c.date else slug(c.core)
    where = _held_in(c, doc.home_province)
    if where:
        c.key = f"{c.key}-{slug(where)}"  # two provinces' "hội nghị quán triệt" on one day are two events
    c.implements = _implements(doc, c.sentence, c.span)
    c.format = _format(doc, c.sentence)


# a name that ends on "the province" without saying which: "... Ban Chấp hành Đảng bộ tỉnh", "... của tỉnh"
# ("các tỉnh", the provinces, is a national event's)
OWN_PLACE = re.compile(r"(?<!các )(?<!các tỉnh, )\b(?:tỉnh|thành phố)$")


def _held_in(c: Conference, home: str | None) -> str | None:
    """The province of an event whose core name says nothing of its own ("hội nghị" of "Hội nghị
    quán triệt Nghị quyết số 18-NQ/TW") or only "the province" ("hội nghị Ban Chấp hành Đảng bộ
    tỉnh"), when a body of that province holds it: the key needs it, as the core name cannot
    tell two provinces' events of one day apart; "the province" with no body named is the
    article's (`home`). An event with a name of its own, or held by a national body, keeps its
    key: several outlets' reports still meet."""
    own_place = bool(OWN_PLACE.search(c.core))
    if _content(c.name) and not own_place:
        return None
    provinces = load().province_lexicon
    found = [m.entries[0].name for o in c.organizers for m in provinces.find(o)]
    if found:
        return found[0] if len(set(found)) == 1 else None
    return home if own_place and not c.organizers else None


PLAIN_TAIL = re.compile(r"(?:\s+(?:lần|thứ|nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười|đầu|tiên|số|bất|thường|"
                        r"chuyên|đề|\d+))*\s*$")


def _owner(doc: Document, index: int, noun_at: int, name_end: int, organizers: list[str]) -> str | None:
    """The body whose event a plain name ("phiên họp thứ nhất") is: its holder, else the subject
    right after a fronted "Tại X," or right before the verb that holds it."""
    if organizers:
        return organizers[0]
    s = doc.sentences[index]
    orgs = _bodies(doc, s.start, s.end)
    after = [o for o in orgs if name_end <= o.start <= name_end + 4 and re.fullmatch(r"\s*,?\s*", doc.text[name_end:o.start])]
    before = [o for o in orgs if noun_at - 50 <= o.end <= noun_at and HELD_BEFORE.search(doc.text[o.end:noun_at])]
    found = after or before[-1:]
    return found[0].key if found else None


NAMING = frozenset(("hội nghị", "hội thảo", "tọa đàm", "họp báo", "kỳ họp", "đại hội", "phiên họp", "diễn đàn"))
AT_NOUN = re.compile(r"\b[Tt](?i:ại)\s+\S*$")  # a class first: re skips ahead to a "t"


def _unnamed(doc: Document, index: int, noun_at: int, name: str) -> Conference:
    """An event first met as a bare "hội nghị": its day is the first day the article gives."""
    first = next((i for i, s in enumerate(doc.sentences) if _dates(doc, s.start, s.end)), None)
    date = _date(doc, first) if first is not None else doc.published
    name = name[:1].upper() + name[1:]
    core = core_name(name)
    key = f"{date.isoformat()}-{slug(core)}" if date else slug(core)
    return Conference(key, name, core, date, index, format=_format(doc, index), span=(noun_at, noun_at + len(name)))


def _early_unnamed(doc: Document, index: int, conferences: list[Conference]) -> int | None:
    """Before the lead: "Phát biểu tại hội nghị, ..." names an event of its own when the lead's is another."""
    s = doc.sentences[index]
    for start, end, kind in _event_nouns(doc, s.start, s.end):
        noun = doc.text[start:end].lower()
        name = _sentence_name(doc, start, s.end)
        if (kind == "conference" and noun in NAMING and _bare(name, end - start, 0)
                and AT_NOUN.search(doc.text, s.start, start + 1)
                and not any(_noun(c.name).split()[-1] == noun.split()[-1] for c in conferences)):
            conferences.append(_unnamed(doc, index, start, name))
            return len(conferences) - 1
    return None


def _unique_key(conference: Conference, taken: set[str]) -> None:
    """Two events of one article on one day with one core name: the organiser tells them apart."""
    if conference.key in taken and conference.organizers:
        conference.key = f"{conference.key}-{slug(conference.organizers[0])}"
    n = 2
    base = conference.key
    while conference.key in taken:
        conference.key, n = f"{base}-{n}", n + 1
    taken.add(conference.key)


def find_conferences(doc: Document) -> tuple[list[Conference], list[int | None]]:
    """The conferences the article reports, and for each sentence the index of the one it speaks of.

    The lead sentence introduces the first; a later sentence introduces another when it
    names an event of its own that it says took place ("Chiều cùng ngày, HĐND tỉnh tiến
    hành kỳ họp bất thường"). A bare "hội nghị" refers back to the latest event of that
    kind; a sentence naming no event speaks of the latest one introduced.
    """
    lead = _lead(doc)
    if lead is None:
        return [], [None] * len(doc.sentences)
    lead_index, lead_at = lead
    conferences = [_new_conference(doc, lead_index, lead_at, None, lead=True)]
    spans = {0: conferences[0].span}
    current: list[int | None] = [0] * len(doc.sentences)
    background: set[int] = set()
    active: int = 0
    for index, s in enumerate(doc.sentences):
        if s.aside:
            current[index] = None  # another article's teaser: no event of this one, the story goes on
            continue
        if index < lead_index:
            early = _early_unnamed(doc, index, conferences)
            if early is not None:
                spans[len(conferences) - 1] = conferences[-1].span
                current[index] = active = early
            continue
        about: int | None = 0 if index == lead_index else None
        mentioned_other = session = passing = False
        for start, end, kind in _event_nouns(doc, s.start, s.end):
            if any(a <= start < b for a, b in spans.values()):
                continue
            if kind == "venue":
                continue
            if kind == "other":
                mentioned_other = True
                continue
            if kind == "session" or (doc.text[start:end].lower().startswith("phiên") and any(
                    c.sentence == index and c.span and c.span[1] <= start for c in conferences)):
                session = True  # "Đại hội ... đã họp phiên thứ nhất": a sitting of the event just named
                continue
            name = _sentence_name(doc, start, s.end)
            if _bare(name, end - start, 0) or name.lower().startswith(("tại đây",)):
                noun = doc.text[start:end].lower()
                same = [i for i, c in enumerate(conferences) if c.name.lower().startswith(noun)
                        and c.sentence <= index]
                if (not same and AT_NOUN.search(doc.text, s.start, start + 1) and about is None and noun in NAMING
                        and not any(_noun(c.name).split()[-1] == noun.split()[-1] for c in conferences)):
                    # "Phát biểu tại hội nghị, ..." with no "hội nghị" before: the event the article
                    # reports without naming it ("... đã trao quyết định ...")
                    conferences.append(_unnamed(doc, index, start, name))
                    spans[len(conferences) - 1] = conferences[-1].span
                    same = [len(conferences) - 1]
                about = (same[-1] if same else active) if about is None else about
                continue
            reported = not _credited(doc, s) and _reported(doc, index, start, start + len(name))
            candidate = _new_conference(doc, index, start, conferences[active], lead=False,
                                        complete=False) if reported else None
            known = [i for i, c in enumerate(conferences) if _same_event(c.name, name)
                     and not (candidate and _distinct(candidate, c, doc))]
            if known:
                if about is None and PASSING.search(doc.text, max(s.start, start - 12), start) and not reported:
                    passing = True  # "chương trình nghị sự của Hội nghị X": X spoken of, the story stays
                about = known[-1] if about is None else about
                continue
            if not reported:
                # an unmarked mention with the head of a reported one ("lễ kỷ niệm" after "buổi lễ ...") is it
                head = [i for i, c in enumerate(conferences) if _noun(c.name).split()[-1] == _noun(name).split()[-1]]
                if head and not MARKED.search(name, len(_noun(name))):
                    about = head[-1] if about is None else about
                else:
                    mentioned_other = mentioned_other or about is None
                continue
            candidate = candidate or _new_conference(doc, index, start, conferences[active], lead=False,
                                                     complete=False)
            same = [i for i, c in enumerate(conferences)
                    if (_noun(c.name) == _noun(candidate.name) or _similar(c.name, candidate.name))
                    and not _distinct(candidate, c, doc)]
            if same:
                about = same[-1] if about is None else about
                continue
            _complete(doc, candidate)
            conferences.append(candidate)
            spans[len(conferences) - 1] = candidate.span
            about = len(conferences) - 1
            if BACKGROUND.match(doc.text, s.start) and not _held(doc, index, start, start + len(name)):
                background.add(about)  # "Trước đó, ...": the story goes back to its event after
        if about is None and session:
            about = active
        if about is not None and passing:
            current[index] = active  # the other event is only spoken of: the sentence is the story's
        elif about is not None:
            current[index] = about
            if not s.caption and about not in background:
                active = about
        else:
            current[index] = None if mentioned_other else active
    for i, c in enumerate(conferences):
        if not c.organizers:
            for j, k in enumerate(current):
                if k == i and " do " in doc.text[doc.sentences[j].start:doc.sentences[j].end] and (
                        found := _held_by(doc, j)):
                    c.organizers = found
                    break
    taken: set[str] = set()
    for c in conferences:
        _unique_key(c, taken)
    return conferences, current


def _connection_marks(doc: Document) -> list[int]:
    """Where the text says "điểm cầu" (in any case), found once."""
    marks = doc._memo.get("connection_marks")
    if marks is None:
        marks = doc._memo["connection_marks"] = [m.start() for m in CONNECTION.finditer(doc.text)] if (
            "điểm cầu" in lower(doc.text)) else []  # most articles have none: a plain substring test first
    return marks


def _connection_points(doc: Document, sentences: list[int]) -> list[tuple[Kind, str]]:
    points = []
    marks = _connection_marks(doc)
    for index in sentences:
        sent = doc.sentences[index]
        if bisect.bisect_left(marks, sent.end) == bisect.bisect_left(marks, sent.start):
            continue  # no "điểm cầu" in this sentence
        pos = sent.start
        while (cp := connection_point(doc, pos, sent.end)) is not None:
            points.append(cp[:2])
            pos = cp[2] + 1
    return list(dict.fromkeys(points))


def apply(doc: Document) -> Document:
    conferences, current = find_conferences(doc)
    for i, c in enumerate(conferences):
        c.connection_points = _connection_points(doc, [j for j, k in enumerate(current) if k == i])
    doc.conferences = conferences
    doc.sentence_conference = [conferences[k].key if k is not None else None for k in current]
    return doc
