"""The one place where the graph is written: a `Document` becomes triples.

IRIs are `{base}{kind}/{slug}` from canonical names, so the same entity in any
article, run or machine gets the same IRI; per-article nodes (holdings,
participations) carry the article's slug. `article_triples` is a pure function
of the document, so it can run in worker processes.

>>> from kg.pipeline import run
>>> doc = run("a.txt", "Sáng 10/1/2023, Bộ Ngoại giao tổ chức hội nghị ngoại giao.")
>>> any(p == VNKG.organizedBy for _, p, _ in article_triples(doc))
True
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg.document import Conference, Document, Kind, ParticipationKind
from kg.gazetteer import expand_full, load
from kg.rdf.namespace import DEFAULT_BASE, PROV, SCHEMA, VNKG, WD
from kg.rdf.prefixes import PREFIXES
from kg.text import article_key, canonical, slug, squash

Triple = tuple[URIRef, URIRef, URIRef | Literal]
DATE = str(XSD.date)
EVIDENCE_MAX = 1200  # characters of a fact's sentence given as its evidence (real sentences are shorter)
_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", '"': '\\"', "\r": "\\r"})


class Lit(NamedTuple):
    """A literal while an article is emitted: plain data, cheaper than rdflib's checked terms."""

    value: str
    lang: str = ""
    datatype: str = ""

    def nt(self) -> str:
        """N-Triples form, escaped as rdflib's N-Triples writer does."""
        value = self.value
        if '"' in value or "\\" in value or "\n" in value or "\r" in value:  # rare: four scans beat a translate
            value = value.translate(_ESCAPES)
        quoted = f'"{value}"'
        if self.lang:
            return f"{quoted}@{self.lang}"
        return f"{quoted}^^<{self.datatype}>" if self.datatype else quoted

    def term(self) -> Literal:
        return Literal(self.value, lang=self.lang or None, datatype=self.datatype or None)


# An emitted triple: IRIs as plain strings, literals as `Lit`.
Raw = tuple[str, str, "str | Lit"]


class _PlainTerms:
    """The vnkg terms as plain strings (`V.holdsRole`): a URIRef is a str subclass, and `str()` of
    one copies it, then the copy is hashed again, for every triple of every article."""

    def __getattr__(self, name: str) -> str:
        value = str(getattr(VNKG, name))
        setattr(self, name, value)
        return value


V = _PlainTerms()
CLASS_OF = {Kind.OFFICIAL: V.Official, Kind.ROLE: V.Role, Kind.ORGANIZATION: V.Organization,
            Kind.PROVINCE: V.Province, Kind.COUNTRY: V.Country, Kind.RESOLUTION: V.Resolution,
            Kind.CONFERENCE: V.Conference}
KIND_TERM = {ParticipationKind.CHAIR: V.Chair, ParticipationKind.SPEAKER: V.Speaker,
             ParticipationKind.PRESENTER: V.Presenter, ParticipationKind.ATTENDEE: V.Attendee}
KIND_SHORTCUT = {ParticipationKind.CHAIR: V.chaired, ParticipationKind.SPEAKER: V.spokeAt,
                 ParticipationKind.PRESENTER: V.presentedAt, ParticipationKind.ATTENDEE: V.attended}


# Plain strings of the terms the emitter writes: rdflib makes a checked URIRef on every
# `RDF.type` or `SCHEMA.sameAs`, and a big build asks millions of times.
TYPE, LABEL, ALT_LABEL, DERIVED_FROM = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(PROV.wasDerivedFrom)
SAME_AS, HEADLINE, DATE_PUBLISHED = str(SCHEMA.sameAs), str(SCHEMA.headline), str(SCHEMA.datePublished)
PUBLISHER, START_DATE, WD_ = str(SCHEMA.publisher), str(SCHEMA.startDate), str(WD)


class Emitter:
    """Collects one article's triples; `node` remembers labels so each entity is typed once.

    IRIs are plain strings and literals `Lit` until the end: `lines()` writes N-Triples
    directly (the fast path of big builds), `triples()` makes rdflib terms.
    """

    def __init__(self, doc: Document, base: str = DEFAULT_BASE):
        self.doc, self.base = doc, base
        self.raw: set[Raw] = set()
        self.article = f"{base}article/{article_key(doc.source)}"
        self.known: dict[tuple[Kind, str], tuple[str, str, set[str]]] = {}
        self.officials: dict[str, str] = {}
        self.sentences: dict[int, Lit] = {}
        self.texts: dict[int, str] = {}

    def evidence(self, index: int, name: str = "") -> Lit:
        """The sentence a fact is read from, as a literal: made once, however many facts it holds.

        A sentence over `EVIDENCE_MAX` characters (a list of hundreds of names with no full stop)
        is given as the part of it around `name`, cut at spaces and marked with "…": each fact's
        evidence stays short, so the output grows with the facts, not with their square.
        """
        text = self.texts.get(index)
        if text is None:
            text = self.texts[index] = self.doc.sentence_text(index)
        if len(text) <= EVIDENCE_MAX:
            found = self.sentences.get(index)
            if found is None:
                found = self.sentences[index] = Lit(text, "vi")
            return found
        at = next((i for i in (text.find(name), text.find(name.rsplit(" ", 1)[-1])) if i >= 0), 0) if name else 0
        end = min(len(text), max(0, at - EVIDENCE_MAX // 2) + EVIDENCE_MAX)
        start = max(0, end - EVIDENCE_MAX)
        if start > 0:  # whole words only
            start = text.find(" ", start, at) + 1 or start
        if end < len(text):
            end = max(text.rfind(" ", at, end), at + len(name))
        return Lit(("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else ""), "vi")

    def official(self, name: str) -> str:
        """An official's IRI: the name, and the province when the article ties them to one.

        Two people may share a name. An official whose every title in the article
        belongs to one province ("Phó Bí thư Tỉnh ủy", "Giám đốc Sở ...") is that
        province's: `official/nguyen-van-a--ha-tinh`. An official with a national
        title, or none, is known nationally by name: `official/nguyen-van-a`.
        """
        if name not in self.officials:
            provinces = {h.province for h in self.doc.holdings if h.official == name}
            if len(provinces) == 1 and None not in provinces:
                self.officials[name] = f"{self.base}official/{slug(name)}--{slug(provinces.pop())}"
            else:
                self.officials[name] = self.iri(Kind.OFFICIAL, name)
        return self.officials[name]

    def iri(self, kind: Kind | str, name: str) -> str:
        return f"{self.base}{kind.value if isinstance(kind, Kind) else kind}/{slug(name)}"

    def add(self, s: str, p: str, o: "str | Lit | None") -> None:
        """One triple; IRIs are plain strings (the vnkg terms as `V.*`), an empty object adds nothing."""
        if type(o) is Lit:
            if o.value:
                self.raw.add((s, p, o))
        elif o:
            self.raw.add((s, p, o))

    def lines(self) -> list[str]:
        """The triples as sorted N-Triples lines (distinct triples write distinct lines: no set needed)."""
        return sorted([f"<{s}> <{p}> {o.nt() if type(o) is Lit else '<' + o + '>'} .\n" for s, p, o in self.raw])

    def triples(self) -> set[Triple]:
        return {(URIRef(s), URIRef(p), o.term() if type(o) is Lit else URIRef(o)) for s, p, o in self.raw}

    def node(self, kind: Kind, name: str, alt: Iterable[str] = (), mention: bool = True) -> str:
        known = self.known.get((kind, name))
        if known is None:
            node = self.iri(kind, name)
            label = _label(name)
            self.add(node, TYPE, CLASS_OF[kind])
            self.add(node, LABEL, Lit(label, "vi"))
            known = self.known[(kind, name)] = (node, label, set())
        node, label, alts = known
        for x in alt:
            a = _squashed(x)
            if a != label and a not in alts:
                alts.add(a)
                self.add(node, ALT_LABEL, Lit(a, "vi"))
        if mention:
            self.add(self.article, V.mentions, node)
        return node


@lru_cache(maxsize=65536)  # the same provinces, bodies and titles come back in article after article
def _label(name: str) -> str:
    return squash(canonical(name))


_squashed = lru_cache(maxsize=65536)(squash)  # the alternative labels: the same few come back too


def _place_facts(e: Emitter) -> None:
    kb = load()
    seen = set()
    for m in e.doc.mentions:
        if m.kind is Kind.ROLE:
            continue  # titles are written with their holdings
        if m.kind is not Kind.RESOLUTION:  # the same name written the same way again adds nothing
            said = (m.kind, m.key, m.surface, m.data.get("full"), m.data.get("body_kind"))
            if said in seen:
                continue
            seen.add(said)
        if m.kind is Kind.PROVINCE:
            node = e.node(Kind.PROVINCE, m.key, [m.surface])
            province = kb.provinces[m.key]
            e.add(node, V.adminCode, Lit(province.code))
            e.add(node, SAME_AS, WD_ + province.wikidata if province.wikidata else None)
            if province.successor:
                e.add(node, V.mergedInto, e.node(Kind.PROVINCE, province.successor, mention=False))
        elif m.kind is Kind.COUNTRY:
            node = e.node(Kind.COUNTRY, m.key, [m.surface])
            country = kb.countries[m.key]
            e.add(node, V.isoCode, Lit(country.iso))
            e.add(node, SAME_AS, WD_ + country.wikidata if country.wikidata else None)
        elif m.kind is Kind.ORGANIZATION:
            node = e.node(Kind.ORGANIZATION, m.key, [m.surface, m.data.get("full", m.key)])
            e.add(node, V.organizationKind, Lit(m.data.get("body_kind", "")))
            entry = kb.organizations.get(m.key)
            e.add(node, SAME_AS, WD_ + entry.wikidata if entry and entry.wikidata else None)
        elif m.kind is Kind.RESOLUTION:
            node = e.node(Kind.RESOLUTION, m.key, [m.surface, *m.data.get("labels", ())])
            e.add(node, V.number, Lit(m.data["number"]) if m.data.get("number") else None)
            e.add(node, V.term, Lit(m.data["term"]) if m.data.get("term") else None)
            if m.data.get("issuer"):
                e.add(node, V.issuedBy, e.node(Kind.ORGANIZATION, m.data["issuer"], mention=False))
        elif m.kind is Kind.OFFICIAL:
            node = e.official(m.key)
            e.add(node, TYPE, V.Official)
            e.add(node, LABEL, Lit(m.key, "vi"))
            if squash(m.surface) != m.key:
                e.add(node, ALT_LABEL, Lit(squash(m.surface), "vi"))
            e.add(e.article, V.mentions, node)


def _event_date(doc: Document):
    return doc.conferences[0].date if doc.conferences and doc.conferences[0].date else doc.published


def _holdings(e: Emitter) -> None:
    doc, article = e.doc, article_key(e.doc.source)
    surfaces: dict[str, set[str]] = {}
    for m in doc.of_kind(Kind.ROLE):
        surface = squash(doc.surface[m.start:m.end])
        entries = m.data.get("entries", ())
        for title in (m.key,) if len(entries) < 2 else {m.key, *(e.title for e in entries)}:  # the holding's pick
            surfaces.setdefault(title, set()).add(surface)
        if m.data.get("before_term"):  # "Bí thư Tỉnh ủy khóa 19" is also "Bí thư Tỉnh ủy"
            surfaces[m.key].add(squash(doc.surface[m.start:m.data["before_term"]]))
    when = _event_date(doc)
    for h in doc.holdings:
        role_alts = {expand_full(h.role)} | {s for s in surfaces.get(h.role, ()) if "{" not in s}
        official, role = e.official(h.official), e.node(Kind.ROLE, h.role, role_alts)
        holding = f"{e.base}holding/{article}/{slug(h.official)}/{slug(h.role)}"
        e.add(holding, TYPE, V.RoleHolding)
        e.add(holding, V.official, official)
        e.add(holding, V.role, role)
        e.add(official, V.holdsRole, role)
        if h.province:
            e.add(holding, V.province, e.node(Kind.PROVINCE, h.province))
        if h.organization:
            e.add(holding, V.organization, e.node(Kind.ORGANIZATION, h.organization,
                                                     [expand_full(h.organization)], mention=False))
        if h.country:
            e.add(holding, V.organization, e.node(Kind.COUNTRY, h.country))
        e.add(holding, V.asOf, Lit(when.isoformat(), datatype=DATE) if when else None)
        e.add(holding, DERIVED_FROM, e.article)
        e.add(holding, V.evidence, e.evidence(h.sentence, h.official))


def _conference(e: Emitter, c: Conference) -> str:
    node = f"{e.base}conference/{c.key}"
    e.add(node, TYPE, V.Conference)
    e.add(node, LABEL, Lit(c.name, "vi"))
    core = c.core
    if core and core != c.name.lower():
        e.add(node, ALT_LABEL, Lit(core[:1].upper() + core[1:], "vi"))
    e.add(e.article, V.reports, node)
    e.add(node, START_DATE, Lit(c.date.isoformat(), datatype=DATE) if c.date else None)
    for o in c.organizers:
        e.add(node, V.organizedBy, e.iri(Kind.ORGANIZATION, o))
    for r in c.implements:
        e.add(node, V.implements, e.iri(Kind.RESOLUTION, r))
    for kind, name in c.connection_points:
        e.add(node, V.connectionPoint, e.node(kind, name))
    e.add(node, V.format, Lit(c.format) if c.format else None)
    return node


def _main_point(c: Conference, point: str) -> bool:
    """The conference's own venue: its location, or a body that holds it or its province
    ("điểm cầu tỉnh Nghệ An" of a conference of the Tỉnh ủy Nghệ An)."""
    return point == c.location or any(o == point or o.endswith(" " + point) for o in c.organizers)


def _participations(e: Emitter) -> None:
    doc, article = e.doc, article_key(e.doc.source)
    conferences = {c.key: _conference(e, c) for c in doc.conferences}
    by_key = {c.key: c for c in doc.conferences}
    for p in doc.participations:
        official, conference = e.official(p.official), conferences[p.conference]
        node = f"{e.base}participation/{article}/{slug(p.official)}/{p.conference}"
        e.add(node, TYPE, V.Participation)
        e.add(node, V.official, official)
        e.add(node, V.conference, conference)
        e.add(official, V.participatedIn, conference)
        at_point = p.connection_point is not None and not _main_point(by_key[p.conference], p.connection_point[1])
        for kind in sorted(p.kinds, key=lambda k: k.value):
            e.add(node, V.participationKind, KIND_TERM[kind])
            # the chair of one connection point does not chair the conference
            e.add(official, V.chairedConnectionPoint if at_point and kind is ParticipationKind.CHAIR
                  else KIND_SHORTCUT[kind], conference)
        if p.connection_point:
            e.add(node, V.connectionPoint, e.node(*p.connection_point))
        e.add(node, DERIVED_FROM, e.article)
        e.add(node, V.evidence, e.evidence(p.sentence, p.official))


def _article(e: Emitter) -> None:
    doc = e.doc
    e.add(e.article, TYPE, V.Article)
    # a file name's bytes that are no UTF-8 (kept in the IRI, percent-encoded) are U+FFFD in the text
    e.add(e.article, V.sourceFile, Lit(doc.source.encode("utf-8", "surrogateescape").decode("utf-8", "replace")))
    e.add(e.article, HEADLINE, Lit(doc.headline, "vi") if doc.headline else None)
    if doc.published:
        e.add(e.article, DATE_PUBLISHED, Lit(doc.published.isoformat(), datatype=DATE))
    if doc.publisher:
        e.add(e.article, PUBLISHER, e.node(Kind.ORGANIZATION, doc.publisher))


def emit(doc: Document, base: str = DEFAULT_BASE) -> Emitter:
    """Every triple one article gives: a pure function of the document."""
    e = Emitter(doc, base)
    _article(e)
    _place_facts(e)
    _holdings(e)
    _participations(e)
    return e


def article_triples(doc: Document, base: str = DEFAULT_BASE) -> set[Triple]:
    """Every triple one article gives, as rdflib terms: a pure function of the document."""
    return emit(doc, base).triples()


def article_lines(doc: Document, base: str = DEFAULT_BASE) -> list[str]:
    """Every triple one article gives, as sorted N-Triples lines (no rdflib terms made)."""
    return emit(doc, base).lines()


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def to_graph(triples: Iterable[Triple]) -> Graph:
    g = new_graph()
    for t in triples:
        g.add(t)
    return g


def iter_sorted(triples: Iterable[Triple]) -> Iterator[Triple]:
    return iter(sorted(triples, key=lambda t: (str(t[0]), str(t[1]), t[2].n3())))
