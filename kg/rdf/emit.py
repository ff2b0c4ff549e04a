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

from typing import Iterable, Iterator

from rdflib import XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg.document import Conference, Document, Kind, ParticipationKind
from kg.gazetteer import expand_full, load
from kg.pipeline.conferences import core_name
from kg.rdf.namespace import DEFAULT_BASE, ORG, PROV, SCHEMA, VNKG, WD
from kg.text import canonical, slug, squash

Triple = tuple[URIRef, URIRef, URIRef | Literal]

CLASS_OF = {Kind.OFFICIAL: VNKG.Official, Kind.ROLE: VNKG.Role, Kind.ORGANIZATION: VNKG.Organization,
            Kind.PROVINCE: VNKG.Province, Kind.COUNTRY: VNKG.Country, Kind.RESOLUTION: VNKG.Resolution,
            Kind.CONFERENCE: VNKG.Conference}
KIND_TERM = {ParticipationKind.CHAIR: VNKG.Chair, ParticipationKind.SPEAKER: VNKG.Speaker,
             ParticipationKind.PRESENTER: VNKG.Presenter, ParticipationKind.ATTENDEE: VNKG.Attendee}
KIND_SHORTCUT = {ParticipationKind.CHAIR: VNKG.chaired, ParticipationKind.SPEAKER: VNKG.spokeAt,
                 ParticipationKind.PRESENTER: VNKG.presentedAt, ParticipationKind.ATTENDEE: VNKG.attended}
PREFIXES = {"vnkg": str(VNKG._NS), "schema": str(SCHEMA), "org": str(ORG), "prov": str(PROV),
            "skos": str(SKOS), "owl": str(OWL), "xsd": str(XSD), "rdf": str(RDF), "rdfs": str(RDFS),
            "wd": str(WD)}


class Emitter:
    """Collects one article's triples; `node` remembers labels so each entity is typed once."""

    def __init__(self, doc: Document, base: str = DEFAULT_BASE):
        self.doc, self.base = doc, base
        self.triples: set[Triple] = set()
        self.article = URIRef(f"{base}article/{slug(doc.source)}")
        self.known: dict[tuple[Kind, str], tuple[URIRef, str, set[str]]] = {}

    def official(self, name: str) -> URIRef:
        """An official's IRI: the name, and the province when the article ties them to one.

        Two people may share a name. An official whose every title in the article
        belongs to one province ("Phó Bí thư Tỉnh ủy", "Giám đốc Sở ...") is that
        province's: `official/nguyen-van-a--ha-tinh`. An official with a national
        title, or none, is known nationally by name: `official/nguyen-van-a`.
        """
        held = [h for h in self.doc.holdings if h.official == name]
        provinces = {h.province for h in held}
        if len(provinces) == 1 and None not in provinces:
            return URIRef(f"{self.base}official/{slug(name)}--{slug(provinces.pop())}")
        return self.iri(Kind.OFFICIAL, name)

    def iri(self, kind: Kind | str, name: str) -> URIRef:
        return URIRef(f"{self.base}{kind.value if isinstance(kind, Kind) else kind}/{slug(name)}")

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal | None) -> None:
        if o is not None and str(o) != "":
            self.triples.add((s, p, o))

    def node(self, kind: Kind, name: str, alt: Iterable[str] = (), mention: bool = True) -> URIRef:
        known = self.known.get((kind, name))
        if known is None:
            node = self.iri(kind, name)
            label = squash(canonical(name))
            self.add(node, RDF.type, CLASS_OF[kind])
            self.add(node, RDFS.label, Literal(label, lang="vi"))
            known = self.known[(kind, name)] = (node, label, set())
        node, label, alts = known
        for a in {squash(x) for x in alt} - {label} - alts:
            alts.add(a)
            self.add(node, SKOS.altLabel, Literal(a, lang="vi"))
        if mention:
            self.add(self.article, VNKG.mentions, node)
        return node


def _place_facts(e: Emitter) -> None:
    kb = load()
    for m in e.doc.mentions:
        if m.kind is Kind.PROVINCE:
            node = e.node(Kind.PROVINCE, m.key, [m.surface])
            province = kb.provinces[m.key]
            e.add(node, VNKG.adminCode, Literal(province.code))
            e.add(node, SCHEMA.sameAs, WD[province.wikidata] if province.wikidata else None)
            if province.successor:
                e.add(node, VNKG.mergedInto, e.node(Kind.PROVINCE, province.successor, mention=False))
        elif m.kind is Kind.COUNTRY:
            node = e.node(Kind.COUNTRY, m.key, [m.surface])
            country = kb.countries[m.key]
            e.add(node, VNKG.isoCode, Literal(country.iso))
            e.add(node, SCHEMA.sameAs, WD[country.wikidata] if country.wikidata else None)
        elif m.kind is Kind.ORGANIZATION:
            node = e.node(Kind.ORGANIZATION, m.key, [m.surface, m.data.get("full", m.key)])
            e.add(node, VNKG.organizationKind, Literal(m.data.get("body_kind", "")))
            entry = kb.organizations.get(m.key)
            e.add(node, SCHEMA.sameAs, WD[entry.wikidata] if entry and entry.wikidata else None)
        elif m.kind is Kind.RESOLUTION:
            node = e.node(Kind.RESOLUTION, m.key, [m.surface, *m.data.get("labels", ())])
            e.add(node, VNKG.number, Literal(m.data["number"]) if m.data.get("number") else None)
            e.add(node, VNKG.term, Literal(m.data["term"]) if m.data.get("term") else None)
            if m.data.get("issuer"):
                e.add(node, VNKG.issuedBy, e.node(Kind.ORGANIZATION, m.data["issuer"], mention=False))
        elif m.kind is Kind.OFFICIAL:
            node = e.official(m.key)
            e.add(node, RDF.type, VNKG.Official)
            e.add(node, RDFS.label, Literal(m.key, lang="vi"))
            if squash(m.surface) != m.key:
                e.add(node, SKOS.altLabel, Literal(squash(m.surface), lang="vi"))
            e.add(e.article, VNKG.mentions, node)


def _event_date(doc: Document):
    return doc.conferences[0].date if doc.conferences and doc.conferences[0].date else doc.published


def _holdings(e: Emitter) -> None:
    doc, article = e.doc, slug(e.doc.source)
    surfaces: dict[str, set[str]] = {}
    for m in doc.of_kind(Kind.ROLE):
        surfaces.setdefault(m.key, set()).add(squash(doc.surface[m.start:m.end]))
    when = _event_date(doc)
    for h in doc.holdings:
        role_alts = {expand_full(h.role)} | {s for s in surfaces.get(h.role, ()) if "{" not in s}
        official, role = e.official(h.official), e.node(Kind.ROLE, h.role, role_alts)
        holding = URIRef(f"{e.base}holding/{article}/{slug(h.official)}/{slug(h.role)}")
        e.add(holding, RDF.type, VNKG.RoleHolding)
        e.add(holding, VNKG.official, official)
        e.add(holding, VNKG.role, role)
        e.add(official, VNKG.holdsRole, role)
        if h.province:
            e.add(holding, VNKG.province, e.node(Kind.PROVINCE, h.province))
        if h.organization:
            e.add(holding, VNKG.organization, e.node(Kind.ORGANIZATION, h.organization,
                                                     [expand_full(h.organization)], mention=False))
        if h.country:
            e.add(holding, VNKG.organization, e.node(Kind.COUNTRY, h.country))
        e.add(holding, VNKG.asOf, Literal(when.isoformat(), datatype=XSD.date) if when else None)
        e.add(holding, PROV.wasDerivedFrom, e.article)
        e.add(holding, VNKG.evidence, Literal(doc.sentence_text(h.sentence), lang="vi"))


def _conference(e: Emitter, c: Conference) -> URIRef:
    node = URIRef(f"{e.base}conference/{c.key}")
    e.add(node, RDF.type, VNKG.Conference)
    e.add(node, RDFS.label, Literal(c.name, lang="vi"))
    core = core_name(c.name)
    if core and core != c.name.lower():
        e.add(node, SKOS.altLabel, Literal(core[:1].upper() + core[1:], lang="vi"))
    e.add(e.article, VNKG.reports, node)
    e.add(node, SCHEMA.startDate, Literal(c.date.isoformat(), datatype=XSD.date) if c.date else None)
    for o in c.organizers:
        e.add(node, VNKG.organizedBy, e.iri(Kind.ORGANIZATION, o))
    for r in c.implements:
        e.add(node, VNKG.implements, e.iri(Kind.RESOLUTION, r))
    for kind, name in c.connection_points:
        e.add(node, VNKG.connectionPoint, e.node(kind, name))
    e.add(node, VNKG.format, Literal(c.format) if c.format else None)
    return node


def _participations(e: Emitter) -> None:
    doc, article = e.doc, slug(e.doc.source)
    conferences = {c.key: _conference(e, c) for c in doc.conferences}
    for p in doc.participations:
        official, conference = e.official(p.official), conferences[p.conference]
        node = URIRef(f"{e.base}participation/{article}/{slug(p.official)}/{p.conference}")
        e.add(node, RDF.type, VNKG.Participation)
        e.add(node, VNKG.official, official)
        e.add(node, VNKG.conference, conference)
        e.add(official, VNKG.participatedIn, conference)
        for kind in sorted(p.kinds, key=lambda k: k.value):
            e.add(node, VNKG.participationKind, KIND_TERM[kind])
            e.add(official, KIND_SHORTCUT[kind], conference)
        if p.connection_point:
            e.add(node, VNKG.connectionPoint, e.node(*p.connection_point))
        e.add(node, PROV.wasDerivedFrom, e.article)
        e.add(node, VNKG.evidence, Literal(doc.sentence_text(p.sentence), lang="vi"))


def _article(e: Emitter) -> None:
    doc = e.doc
    e.add(e.article, RDF.type, VNKG.Article)
    e.add(e.article, VNKG.sourceFile, Literal(doc.source))
    e.add(e.article, SCHEMA.headline, Literal(doc.headline, lang="vi") if doc.headline else None)
    if doc.published:
        e.add(e.article, SCHEMA.datePublished, Literal(doc.published.isoformat(), datatype=XSD.date))
    if doc.publisher:
        e.add(e.article, SCHEMA.publisher, e.node(Kind.ORGANIZATION, doc.publisher))


def article_triples(doc: Document, base: str = DEFAULT_BASE) -> set[Triple]:
    """Every triple one article gives: a pure function of the document."""
    e = Emitter(doc, base)
    _article(e)
    _place_facts(e)
    _holdings(e)
    _participations(e)
    return e.triples


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
