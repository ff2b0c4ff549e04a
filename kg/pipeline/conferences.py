"""Stage: the conference the article reports, with its date, organisers,
the resolutions it carries out, its connection points and format.

The reported conference is introduced by the lead: one of the first sentences
that names a conference ("hội nghị", "hội thảo" ... of kg/data/events.tsv) and
gives a date or says who held it ("Bộ Ngoại giao tổ chức hội nghị ..."). Other
conferences the article only mentions are not reported, and not emitted.

Its key is its date and core name (format words and purpose clauses dropped),
so three outlets' reports of one conference meet in one node.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re

from kg.document import Conference, Document, Kind
from kg.gazetteer import cell, load, rows
from kg.pipeline.dates import context_year, find_dates, year_for
from kg.pipeline.mentions import CONNECTION, connection_point
from kg.text import UPPER, slug, squash

REQUIRES = ("sentences", "mentions", "published", "headline")
ASSIGNS = ("conferences",)

LEAD_SENTENCES = 8
def _words(kind: str) -> str:
    """The words of kg/data/conference_words.tsv of one kind, as a regex alternation, longest first."""
    words = sorted({r[0] for r in rows("conference_words.tsv") if cell(r, 1) == kind}, key=len, reverse=True)
    return "|".join(re.escape(w) for w in words)


HELD = re.compile(rf"(?<!\w)(?:{_words('held')})(?!\w)")
NAME_STOP = re.compile(rf"\s*(?:[.;:(“\"”]|,\s*(?={UPPER}|\d)|\s(?:{_words('name_end')})\s)")
FORMAT_WORDS = re.compile(rf"\s*(?:{_words('format')})\b")
PURPOSE = re.compile(rf"(?:,|\s(?:và\s+)?(?:{_words('purpose')}))\s.*$")
IMPLEMENT_CUE = re.compile(rf"(?:{_words('implements')})(?:\s+(?:thực hiện|thắng lợi|có hiệu quả|hiệu quả))*"
                           rf"(?:\s*,\s*(?:{_words('implements')}))*\s+(?:các\s+)?$")
NOT_PURPOSE = re.compile(rf"(?<!\w)(?:{_words('implements_past')})\s+(?:\d+\s+)?$")
THEME = re.compile(r"chủ đề\s*[:“\"]\s*(.+?)[”\"]")


def _name(text: str, start: int, limit: int) -> str:
    """The conference's name: the event noun at `start` and the words that qualify it."""
    end = min(limit, start + 250)
    noun = load().event_lexicon.match_at(text, start)
    m = NAME_STOP.search(text, noun.end if noun else start + 1, end)
    return squash(text[start:m.start() if m else end])


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
    """(sentence index, offset of the event noun) of the sentence introducing the conference."""
    kb = load()
    best = None
    bodies = [(o.start, o.end) for o in doc.of_kind(Kind.ORGANIZATION)]
    for i, s in enumerate(doc.sentences[:LEAD_SENTENCES]):
        for m in kb.event_lexicon.find(doc.text, s.start, s.end):
            if m.entries[0] != "conference" or any(a <= m.start < b for a, b in bodies):
                continue  # "Trung tâm Hội nghị tỉnh" is a venue, not an event
            dated = bool(find_dates(doc.text, s.start, m.start))
            held = bool(HELD.search(doc.text, s.start, s.end))
            if dated and held:
                return i, m.start
            if (dated or held) and best is None and not s.caption:
                best = (i, m.start)
            break
    return best


def _date(doc: Document, index: int) -> dt.date | None:
    s = doc.sentences[index]
    dates = find_dates(doc.text, s.start, s.end)
    if not dates:
        return doc.published
    d = dates[0]
    if d.year:
        return d.resolve(None)
    fallback = context_year(doc.text, doc.headline)
    return d.resolve(year_for(d.month, doc.published, fallback))


def _organizers(doc: Document, index: int, event_at: int) -> list[str]:
    s = doc.sentences[index]
    orgs = [m for m in doc.of_kind(Kind.ORGANIZATION) if s.start <= m.start < s.end]
    orgs = [o for o in orgs if not any(p is not o and p.start <= o.start and o.end <= p.end and
                                       (p.start, p.end) != (o.start, o.end) for p in orgs)]  # outermost only
    out: list[str] = []
    for verb in HELD.finditer(doc.text, s.start, s.end):
        pos = verb.start()
        for org in reversed([o for o in orgs if o.end <= pos]):
            gap = doc.text[org.end:pos]
            # the body right before the verb may trail the lower-case rest of its name:
            # "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực tổ chức ..."
            tail = not out and re.fullmatch(rf"\s+(?:về|và)\s(?:(?!{UPPER})[^;.:()]){{0,60}}", gap)
            if not (re.fullmatch(r"\s*(?:,|và|phối hợp với|cùng)?\s*", gap) or tail):
                break
            out.insert(0, org.key)
            pos = org.start
        if out:
            break
    return list(dict.fromkeys(out))


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


def _format(doc: Document, index: int) -> str | None:
    lead = " ".join(doc.text[s.start:s.end] for s in doc.sentences[max(0, index - 1):index + 3]).lower()
    online = "trực tuyến" in lead or "điểm cầu" in doc.text.lower()
    if online and ("trực tiếp" in lead or "kết hợp" in lead):
        return "hybrid"
    return "online" if online else None


def apply(doc: Document) -> Document:
    doc.conferences = []
    lead = _lead(doc)
    if lead is None:
        return doc
    index, event_at = lead
    s = doc.sentences[index]
    name = _name(doc.text, event_at, s.end)
    name = name[:1].upper() + name[1:]
    date = _date(doc, index)
    key = f"{date.isoformat()}-{slug(core_name(name))}" if date else slug(core_name(name))
    conference = Conference(key, name, date, index)
    conference.organizers = _organizers(doc, index, event_at)
    conference.implements = _implements(doc, index, (event_at, event_at + len(name)))
    conference.format = _format(doc, index)
    points = []
    marks = [m.start() for m in CONNECTION.finditer(doc.text)]
    for sent in doc.sentences:
        if bisect.bisect_left(marks, sent.end) == bisect.bisect_left(marks, sent.start):
            continue  # no "điểm cầu" in this sentence
        pos = sent.start
        while (cp := connection_point(doc, pos, sent.end)) is not None:
            points.append(cp[:2])
            pos = cp[2] + 1
    conference.connection_points = list(dict.fromkeys(points))
    doc.conferences.append(conference)
    return doc
