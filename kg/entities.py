"""The entity network of a graph file, read as it streams, with what Gephi and Cytoscape users
filter and lay out by.

Nodes are the entities (officials, roles, conferences, resolutions, provinces, organisations,
countries), edges the direct links between them. Each node has its label, type, the explorer's
colour (`kg.viz.TYPES`) and size (PageRank, as the explorer draws it), its province(s) and, for
officials, roles and conferences, the dates it is seen on; each edge its weight (how many articles
support it: the `prov:wasDerivedFrom` of the holdings and participations behind it, or for a
conference's own links the articles that report the conference; a link no article gives, from
the gazetteer, weighs 1), dates and province.

Two passes of Oxigraph's parser: the first finds the entities, the second their labels, links,
dates and the facts (holdings, participations) behind the links. Only the entities and what the
facts add up to are held, never the graph: a fact is folded into its links' support as soon as
its subject's triples end (kg's writers keep each subject's triples together; the first pass
checks that the file does, else the facts are held until the end).
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from typing import Iterable, Iterator

from rdflib.namespace import PROV, RDF, RDFS

from kg.errors import KgError
from kg.formats import Format
from kg.rdf.emit import KIND_SHORTCUT, KIND_TERM
from kg.rdf.namespace import SCHEMA, VNKG

NODE_CLASSES = [VNKG.Official, VNKG.Role, VNKG.Conference, VNKG.Resolution, VNKG.Province, VNKG.Organization,
                VNKG.Country]
EDGE_PROPERTIES = [VNKG.holdsRole, VNKG.chaired, VNKG.chairedConnectionPoint, VNKG.spokeAt, VNKG.presentedAt,
                   VNKG.attended, VNKG.organizedBy, VNKG.implements, VNKG.connectionPoint, VNKG.mergedInto, VNKG.issuedBy]
# The links a participation of each kind gives (as kg.rdf.emit writes them): a chair at one
# connection point is `chairedConnectionPoint`, not `chaired`.
LINKS_OF_KIND = {str(KIND_TERM[k]): {str(KIND_SHORTCUT[k])} for k in KIND_TERM}
LINKS_OF_KIND[str(VNKG.Chair)].add(str(VNKG.chairedConnectionPoint))
CONFERENCE_LINKS = {str(VNKG.organizedBy), str(VNKG.implements), str(VNKG.connectionPoint)}
DATED_KINDS = {"Official", "Role", "Conference"}  # the nodes of a timeline: the others are always there
FACT_KEYS = {str(VNKG.official): "official", str(VNKG.role): "target", str(VNKG.conference): "target",
             str(VNKG.participationKind): "kinds", str(VNKG.province): "provinces", str(VNKG.asOf): "dates",
             str(PROV.wasDerivedFrom): "articles"}
START, END, REPORTS, ROLE = str(SCHEMA.startDate), str(SCHEMA.endDate), str(VNKG.reports), str(VNKG.role)


def _name(iri: str) -> str:
    return iri.split("#")[-1]


class Support:
    """What stands behind one edge: its articles, first and last date, and provinces (node indices).
    Small, as there is one per edge (1.5 million at 100,000 articles): one article is an int, a
    set only from the second; dates are kept as their first and last."""

    __slots__ = ("_articles", "first", "last", "provinces")

    def __init__(self, articles: Iterable[int] = (), dates: Iterable[str] = (), provinces: Iterable[int] = ()):
        self._articles: int | set[int] | None = None
        self.first: str | None = None
        self.last: str | None = None
        self.provinces: tuple[int, ...] = ()
        self.take(articles, dates, provinces)

    def take(self, articles: Iterable[int], dates: Iterable[str], provinces: Iterable[int]) -> None:
        for a in articles:
            if self._articles is None:
                self._articles = a
            elif isinstance(self._articles, int):
                if a != self._articles:
                    self._articles = {self._articles, a}
            else:
                self._articles.add(a)
        for d in dates:
            if self.first is None or d < self.first:
                self.first = d
            if self.last is None or d > self.last:
                self.last = d
        if provinces:
            self.provinces = tuple(sorted(set(self.provinces).union(provinces)))

    @property
    def articles(self) -> set[int]:
        found = self._articles
        return set() if found is None else {found} if isinstance(found, int) else found

    @property
    def dates(self) -> set[str]:
        return {d for d in (self.first, self.last) if d is not None}


@dataclass
class Fact:
    """A holding or participation as read: its official and role or conference (node indices),
    kinds, provinces, dates and articles."""

    official: int = -1
    target: int = -1
    holding: bool = False  # a role holding (its target a role), else a participation (a conference)
    kinds: set[str] = field(default_factory=set)
    provinces: set[int] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)


@dataclass
class Edge:
    source: str
    target: str
    label: str
    weight: int
    start: str | None
    end: str | None
    province: str


@dataclass
class Entities:
    """The entity network read from a graph file as it streams: nodes (held with their attributes,
    in `kg.export.network`'s order) and, per link property, edges as integer pairs (many: sorted,
    never as a graph object), with what supports each."""

    nodes: list[str]
    label: dict[str, str]
    kind: dict[str, str]
    edges: list[tuple[str, list[int]]]  # (link name, [source, target, source, target, ...] as indices)
    by_index: list[str]  # the node of each index
    support: dict[tuple[str, int, int], Support] = field(default_factory=dict)  # (link IRI, s, o)
    spans: dict[str, tuple[str, str]] = field(default_factory=dict)  # node: (first date, last date)
    province: dict[str, str] = field(default_factory=dict)  # node: its provinces' labels, "; "-joined
    size: dict[str, float] = field(default_factory=dict)

    @classmethod
    def read(cls, graph_file: Path) -> "Entities":
        return _Reading(graph_file).entities()

    def links(self) -> Iterator[tuple[str, str, str]]:
        """(source, target, link name), in `network`'s order."""
        for name, flat in self.edges:
            for i in range(0, len(flat), 2):
                yield self.by_index[flat[i]], self.by_index[flat[i + 1]], name

    def edges_with_attributes(self) -> Iterator[Edge]:
        """Each link with its weight, dates and province, in `links`' order."""
        for name, flat in self.edges:
            iri = str(VNKG[name])
            for i in range(0, len(flat), 2):
                s, o = flat[i], flat[i + 1]
                found = self.support.get((iri, s, o), Support())
                provinces = "; ".join(sorted({self.label[self.by_index[p]] for p in found.provinces}))
                yield Edge(self.by_index[s], self.by_index[o], name, max(1, len(found.articles)),
                           min(found.dates, default=None), max(found.dates, default=None), provinces)


class _Reading:
    """One read of a graph file: the passes and what they gather."""

    def __init__(self, graph_file: Path):
        self.graph_file, self.fmt = graph_file, Format.of(graph_file)

    def quads(self):
        import pyoxigraph as ox

        try:
            yield from ox.parse(path=str(self.graph_file), format=self.fmt.ox)
        except SyntaxError as exc:
            raise KgError(f"{self.graph_file}: not valid {self.fmt.rdflib}: "
                          f"{' '.join(str(exc).split())[:200]}") from None

    def entities(self) -> Entities:
        import pyoxigraph as ox

        classes = {str(c): i for i, c in enumerate(NODE_CLASSES)}
        rdf_type = str(RDF.type)
        first: dict[str, tuple[int, int]] = {}  # node: (class rank it was first met in, last class rank)
        fact_runs = array("q")  # a hash of each run of a fact's triples: a fact met in two runs is not grouped
        current, is_fact = None, False
        for q in self.quads():
            subject = q.subject.value
            if subject != current:
                if is_fact:
                    fact_runs.append(hash(current))
                current, is_fact = subject, False
            is_fact = is_fact or q.predicate.value in FACT_KEYS
            if q.predicate.value == rdf_type and isinstance(q.subject, ox.NamedNode) and q.object.value in classes:
                rank = classes[q.object.value]
                first_rank, last = first.get(subject, (rank, rank))
                first[subject] = (min(first_rank, rank), max(last, rank))
        if is_fact:
            fact_runs.append(hash(current))
        runs = np.array(fact_runs, dtype=np.int64)
        grouped = len(np.unique(runs)) == len(runs)  # (two facts of one hash: held to the end, as if not grouped)
        del fact_runs, runs
        nodes = sorted(first, key=lambda n: (first[n][0], n))  # class by class, sorted within: as `network`
        by_index = sorted(first)  # sorted order: integer pairs sort as IRI pairs
        kind = {n: _name(NODE_CLASSES[first[n][1]]) for n in nodes}
        label, pairs, folded, dates, reports = self._second_pass({n: i for i, n in enumerate(by_index)}, grouped)
        edges = []
        width = len(by_index) + 1
        for prop, found in zip(EDGE_PROPERTIES, pairs):
            edges.append((_name(prop), [x for n in sorted(found) for x in divmod(n, width)]))
        out = Entities(nodes, {n: label.get(n, n) for n in nodes}, kind, edges, by_index)
        out.support = folded.support(out, dates, reports)
        out.spans = _spans(out, dates)
        out.province = folded.provinces(out)
        out.size = _sizes(out)
        return out

    def _second_pass(self, index: dict[str, int], grouped: bool):
        """Labels, links (as integer pairs), the facts behind them (folded as each ends when the file
        keeps a subject's triples together), conferences' dates and reports."""
        props = {str(p): i for i, p in enumerate(EDGE_PROPERTIES)}
        label_iri = str(RDFS.label)
        width = len(index) + 1
        label: dict[str, str] = {}
        pairs: list[set[int]] = [set() for _ in EDGE_PROPERTIES]
        facts: dict[str, Fact] = {}
        folded = _Folded()
        articles: dict[str, int] = {}
        dates: dict[int, list[str]] = {}  # conference: [start, end]
        reports: dict[int, set[int]] = {}  # conference: the articles that report it
        for q in self.quads():
            p, s, o = q.predicate.value, q.subject.value, q.object.value
            if s in index:
                if p == label_iri:
                    label[s] = min(label.get(s, o), o)  # one label, the same every time
                elif p in props and o in index:
                    pairs[props[p]].add(index[s] * width + index[o])
                elif p in (START, END):  # the first start, the last end (or start)
                    span = dates.setdefault(index[s], [o[:10], o[:10]])
                    span[0], span[1] = (min(span[0], o[:10]), span[1]) if p == START else (span[0], max(span[1], o[:10]))
            elif p == REPORTS and o in index:
                reports.setdefault(index[o], set()).add(articles.setdefault(s, len(articles)))
            elif p in FACT_KEYS:
                fact = facts.get(s)
                if fact is None:
                    if grouped:  # the facts met before this one are whole: fold them
                        for done in facts.values():
                            folded.add(done)
                        facts.clear()
                    fact = facts[s] = Fact()
                key = FACT_KEYS[p]
                if key in ("official", "target"):
                    setattr(fact, key, index.get(o, -1))
                    fact.holding = fact.holding or p == ROLE
                elif key == "articles":
                    fact.articles.add(articles.setdefault(o, len(articles)))
                elif key == "provinces":
                    if o in index:
                        fact.provinces.add(index[o])
                else:
                    getattr(fact, key).add(o[:10] if key == "dates" else o)
        for done in facts.values():
            folded.add(done)
        return label, pairs, folded, dates, reports


class _Folded:
    """What the facts add up to: each link's support (holdings give `holdsRole`, participations the
    links of their kinds) and each official's provinces from their holdings; a fact is added once,
    whole, and not kept."""

    HOLDS = str(VNKG.holdsRole)

    def __init__(self) -> None:
        self.links: dict[tuple[str, int, int], Support] = {}
        self.held_in: dict[int, set[int]] = {}  # official: the provinces of their holdings

    def add(self, fact: Fact) -> None:
        if fact.official < 0 or fact.target < 0:
            return
        if fact.holding:
            links, when = {self.HOLDS}, fact.dates
            self.held_in.setdefault(fact.official, set()).update(fact.provinces)
        else:  # a participation's dates are its conference's, known at the end
            links, when = set().union(*(LINKS_OF_KIND.get(k, set()) for k in fact.kinds)), set()
        for link in links:
            self.links.setdefault((link, fact.official, fact.target), Support()).take(
                fact.articles, when, fact.provinces)

    def support(self, e: Entities, dates: dict[int, list[str]],
                reports: dict[int, set[int]]) -> dict[tuple[str, int, int], Support]:
        """Each edge's support; a conference's own links, from the articles that report it."""
        out = self.links
        for (link, _, target), found in out.items():
            if link != self.HOLDS:
                found.take((), dates.get(target, ()), ())
        for name, flat in e.edges:
            iri = str(VNKG[name])
            if iri in CONFERENCE_LINKS:
                for i in range(0, len(flat), 2):
                    s = flat[i]
                    out[(iri, s, flat[i + 1])] = Support(reports.get(s, set()), set(dates.get(s, ())))
        return out

    def provinces(self, e: Entities) -> dict[str, str]:
        """The provinces of each node where the graph says: an official's from their holdings, a
        conference's its connection points that are provinces, a province its own name."""
        found: dict[str, set[str]] = {n: {e.label[n]} for n in e.nodes if e.kind[n] == "Province"}
        for official, provinces in self.held_in.items():
            found.setdefault(e.by_index[official], set()).update(e.label[e.by_index[p]] for p in provinces)
        for s, o, name in e.links():
            if name == "connectionPoint" and e.kind.get(s) == "Conference" and e.kind.get(o) == "Province":
                found.setdefault(s, set()).add(e.label[o])
        return {n: "; ".join(sorted(v)) for n, v in found.items() if v}


def _spans(e: Entities, dates: dict[int, list[str]]) -> dict[str, tuple[str, str]]:
    """The first and last date of officials, roles and conferences: a conference's own dates,
    the others' from the dated links they are in."""
    seen: dict[str, set[str]] = {}
    for name, flat in e.edges:
        iri = str(VNKG[name])
        for i in range(0, len(flat), 2) if iri not in CONFERENCE_LINKS else ():
            found = e.support.get((iri, flat[i], flat[i + 1]))
            for node in (e.by_index[flat[i]], e.by_index[flat[i + 1]]) if found else ():
                if e.kind[node] in DATED_KINDS - {"Conference"}:
                    seen.setdefault(node, set()).update(found.dates)
    for i, span in dates.items():
        if e.kind.get(e.by_index[i]) == "Conference":
            seen[e.by_index[i]] = set(span)
    return {n: (min(d), max(d)) for n, d in sorted(seen.items()) if d}


def _sizes(e: Entities) -> dict[str, float]:
    """The explorer's sizes (`kg.viz.sizes`: PageRank, 1 to 30) over the network's links."""
    import networkx as nx

    from kg.viz import sizes

    graph = nx.Graph()
    graph.add_nodes_from(range(len(e.by_index)))
    for _, flat in e.edges:
        graph.add_edges_from(zip(flat[::2], flat[1::2]))
    return {e.by_index[i]: value for i, value in sizes(graph).items()}
