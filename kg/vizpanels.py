"""The panels of `kg viz`'s offline page, as data written into the page: an official's roles over time (each
holding with its date, the sentence it was read from and the article) and a province's officials,
conferences and merger. `kg serve`'s /explore asks its endpoint for the same (kg.explore), and both pages
draw it with kg/static/panels.js.

The page is one file, for small graphs and for sharing, so its data is kept lean: a sentence names several
people and titles, an article gives dozens of holdings, so every text is written once in `texts` and a
timeline entry is five short fields; a panel lists only nodes the page draws, by id.
"""
from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.rdf.namespace import SCHEMA, VNKG
from kg.viz import Network, Selection, _date, _label, _node_id, held_roles
from kg.viztext import said_by


class Texts:
    """Distinct strings, numbered in the order they are first written (so the page is the same bytes each time)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.numbers.setdefault(text, len(self.numbers))

    def table(self) -> list[str]:
        return list(self.numbers)


def timelines(g: Graph, net: Network, sel: Selection, texts: Texts) -> dict[str, list]:
    """Each drawn official's holdings, oldest first (as kg.explore orders them): [day, role, scope, sentence,
    article], the last four numbers of `texts` (the scope is the province and organisation, or "")."""
    out: dict[str, list[tuple]] = {}
    for holding, official, role, day, scope in held_roles(g, sel):
        if _node_id(official) not in net.nodes:
            continue
        said = said_by(g, holding, day)
        out.setdefault(_node_id(official), []).append((said.day, _label(g, role), ", ".join(scope), said.sentence,
                                                       said.source))
    return {official: [[day, texts(role), texts(scope), texts(sentence), texts(article)]
                       for day, role, scope, sentence, article in sorted(items, key=lambda i: (i[0], i[1], i[4]))]
            for official, items in sorted(out.items())}


def _conferences_of(g: Graph, province: URIRef) -> set[URIRef]:
    """The conferences joined from a province: held with it as a connection point, or attended from it."""
    found = {c for c in g.subjects(VNKG.connectionPoint, province) if (c, RDF.type, VNKG.Conference) in g}
    return found | {g.value(p, VNKG.conference) for p in g.subjects(VNKG.connectionPoint, province)
                    if (p, RDF.type, VNKG.Participation) in g} - {None}


def places(g: Graph, net: Network, sel: Selection) -> dict[str, dict[str, list[str]]]:
    """Each drawn province's officials (latest title there first), conferences (newest first), what it was
    merged into and merged from; only the lists that hold something."""
    drawn = lambda nodes: {_node_id(n): n for n in nodes if _node_id(n) in net.nodes}  # noqa: E731
    latest: dict[str, dict[str, str]] = {}
    for holding, official, _role, day, _scope in held_roles(g, sel):
        for province in g.objects(holding, VNKG.province):
            mine = latest.setdefault(_node_id(province), {})
            mine[_node_id(official)] = max(mine.get(_node_id(official), ""), day.isoformat() if day else "")
    out = {}
    for node in sorted(g.subjects(RDF.type, VNKG.Province)):
        if _node_id(node) not in net.nodes:
            continue
        people = {o: d for o, d in latest.get(_node_id(node), {}).items() if o in net.nodes}
        held = drawn(_conferences_of(g, node))
        day = lambda c: str(_date(g, held[c], SCHEMA.startDate) or "")  # noqa: E731
        lists = {"officials": sorted(people, key=lambda o: (-_ordinal(people[o]), o)),
                 "conferences": sorted(held, key=lambda c: (-_ordinal(day(c)), c)),
                 "successors": sorted(drawn(g.objects(node, VNKG.mergedInto))),
                 "predecessors": sorted(drawn(g.subjects(VNKG.mergedInto, node)))}
        if any(lists.values()):
            out[_node_id(node)] = {key: ids for key, ids in lists.items() if ids}
    return out


def _ordinal(day: str) -> int:
    """A day as a number to sort the newest first ("" is oldest)."""
    return int(day.replace("-", "")) if day else 0


def panels(g: Graph, net: Network, sel: Selection) -> dict:
    """The panels' data for the page: `timelines`, `places`, and the `texts` they refer to."""
    texts = Texts()
    return {"timelines": timelines(g, net, sel, texts), "places": places(g, net, sel), "texts": texts.table()}
