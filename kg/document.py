"""The `Document` that flows through the pipeline, and what stages attach to it.

Offsets are into `Document.text` (canonical tone placement); the same offsets
into `Document.surface` give the spelling the article used, which becomes a
`skos:altLabel`.
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """What a mention names."""

    OFFICIAL = "official"
    ROLE = "role"
    ORGANIZATION = "organization"
    PROVINCE = "province"
    COUNTRY = "country"
    RESOLUTION = "resolution"
    CONFERENCE = "conference"


# each kind's value, looked up in a dict: sort keys read it for every mention, and `.value` of an
# Enum is a property (several times slower); mentions sort by (start, -end, KIND_ORDER[kind])
KIND_ORDER = {kind: kind.value for kind in Kind}


class ParticipationKind(str, Enum):
    CHAIR = "chair"
    SPEAKER = "speaker"
    PRESENTER = "presenter"
    ATTENDEE = "attendee"


@dataclass
class Sentence:
    start: int
    end: int
    caption: bool = False  # a photo caption or a line without final punctuation
    aside: bool = False  # another article's teaser: its people are read, it reports no event of this one


@dataclass
class Mention:
    """One entity named at one place. `key` is the entity's canonical name."""

    kind: Kind
    start: int
    end: int
    key: str
    surface: str
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class RoleHolding:
    official: str
    role: str
    province: str | None
    organization: str | None
    country: str | None
    sentence: int


@dataclass
class Participation:
    official: str
    conference: str
    kinds: set[ParticipationKind]
    connection_point: tuple[Kind, str] | None
    sentence: int


@dataclass
class Conference:
    key: str  # date + core name; the IRI slug
    name: str
    core: str  # the name without format words and purpose clauses (lower case): what identifies it
    date: dt.date | None
    sentence: int
    organizers: list[str] = field(default_factory=list)
    implements: list[str] = field(default_factory=list)
    connection_points: list[tuple[Kind, str]] = field(default_factory=list)
    location: str | None = None
    format: str | None = None
    span: tuple[int, int] | None = None  # where the text names it (its name may add its body)


@dataclass
class Document:
    """An article on its way to triples. Stages fill the fields in order."""

    source: str
    raw: str = ""
    surface: str = ""  # NFC text, cleaned (site furniture blanked out)
    text: str = ""  # `surface` with canonical tone marks: same length
    asides: list[tuple[int, int]] = field(default_factory=list)  # spans of other articles' teasers
    headline: str | None = None
    published: dt.date | None = None
    publisher: str | None = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # kept sorted by (start, -end, kind) by the stages that add
    holdings: list[RoleHolding] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    conferences: list[Conference] = field(default_factory=list)
    # for each sentence, the key of the reported conference it speaks of (None: none, or another event)
    sentence_conference: list[str | None] = field(default_factory=list)
    home_province: str | None = None
    warnings: list[str] = field(default_factory=list)
    _memo: dict = field(default_factory=dict, repr=False, compare=False)  # per-document caches of stages

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return " ".join(self.surface[s.start:s.end].split())

    def sentence_of(self, offset: int) -> int:
        """The index of the sentence holding `offset`, or -1."""
        starts = self._starts()
        i = bisect.bisect_right(starts, offset) - 1
        return i if i >= 0 and offset < self.sentences[i].end else -1

    def _starts(self) -> list[int]:
        key = (id(self.sentences), len(self.sentences))
        if self._memo.get("starts_key") != key:
            self._memo["starts_key"], self._memo["starts"] = key, [s.start for s in self.sentences]
        return self._memo["starts"]

    def of_kind(self, kind: Kind) -> list[Mention]:
        return [m for m in self.mentions if m.kind is kind]
