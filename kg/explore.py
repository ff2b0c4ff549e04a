"""The explorer that `kg serve` serves at /explore: start from a name, expand what matters, follow time.

The page (kg/static/explore.html) starts empty and asks the front for small JSON answers:
- `/explore/search?q=` is answered from a label index built once when the endpoint starts
  (every entity's folded names, and what tells two namesakes apart: an official's latest title and
  province), so a search never scans the store: a lookup in memory, however big the graph.
- `/explore/expand?node=&offset=` and `/explore/node?node=` run SPARQL in the endpoint's read-only
  workers (same time limit and row limit as /query); the node must be one the index knows, so no
  text of the request is ever written into a query.
Every name reaches the page as JSON data and is set as text there: a hostile label runs nothing.
"""
from __future__ import annotations

import heapq
import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable

from kg.text import fold
from kg.viz import CONFERENCE_LINKS
from kg.viz import TYPES as VIZ_TYPES
from kg.viz import fill_page
from kg.viztext import short_label

PAGE_SIZE = 25  # neighbours one click (or "more…") brings
SEARCH_SHOWN = 20
TIMELINE_SHOWN = 300  # an official's newest holdings the panel lists (a leader has hundreds); the rest are counted
TYPES = {str(cls): style for cls, style in VIZ_TYPES.items()}  # class IRI: (key, name, colour, shape)
CLASSES = " ".join(f"<{c}>" for c in TYPES)

LABELS = f"SELECT ?n ?class ?label WHERE {{ VALUES ?class {{ {CLASSES} }} ?n a ?class ; rdfs:label ?label }}"
ALTS = f"SELECT ?n ?alt WHERE {{ VALUES ?class {{ {CLASSES} }} ?n a ?class ; skos:altLabel ?alt }}"
CONFERENCE_DAYS = "SELECT ?n ?day WHERE { ?n a vnkg:Conference ; schema:startDate ?day }"
SPAN = """SELECT (MIN(?day) AS ?first) (MAX(?day) AS ?last)
  WHERE { { ?h vnkg:asOf ?day } UNION { ?c a vnkg:Conference ; schema:startDate ?day } }"""
# what tells namesakes apart, for the few officials a search or an expansion shows (read when first shown:
# reading it for every official at start took minutes on a 100,000-article graph)
TITLES = """SELECT ?o ?role ?place (MAX(?day) AS ?last) WHERE { VALUES ?o { NODES }
  ?h vnkg:official ?o ; a vnkg:RoleHolding ; vnkg:role/rdfs:label ?role
  OPTIONAL { ?h vnkg:asOf ?day } OPTIONAL { ?h vnkg:province/rdfs:label ?place } } GROUP BY ?o ?role ?place"""

# each link of a node: the other end, which way it points, what it is, and the dates it held on. The node is
# written into every branch (joined from outside, Oxigraph would work each branch out for the whole graph)
_BRANCHES = [  # (pattern linking NODE and ?m, its label, where its date is, whether it points NODE → ?m)
    ("?h vnkg:official NODE ; vnkg:role ?m", "giữ chức vụ", "?h vnkg:asOf ?day", True),
    ("?h vnkg:role NODE ; vnkg:official ?m", "giữ chức vụ", "?h vnkg:asOf ?day", False),
    ("?h a vnkg:RoleHolding ; vnkg:official NODE ; vnkg:province ?m", "chức vụ tại", "?h vnkg:asOf ?day", True),
    ("?h a vnkg:RoleHolding ; vnkg:province NODE ; vnkg:official ?m", "chức vụ tại", "?h vnkg:asOf ?day", False),
    ("?h a vnkg:Participation ; vnkg:official NODE ; vnkg:conference ?m", "tham dự", "?m schema:startDate ?day", True),
    ("?h a vnkg:Participation ; vnkg:conference NODE ; vnkg:official ?m", "tham dự", "NODE schema:startDate ?day",
     False),
    *[(f"NODE a vnkg:Conference ; <{p}> ?m", label, "NODE schema:startDate ?day", True)
      for p, label in CONFERENCE_LINKS.items()],
    *[(f"?m a vnkg:Conference ; <{p}> NODE", label, "?m schema:startDate ?day", False)
      for p, label in CONFERENCE_LINKS.items()],
    ("NODE vnkg:mergedInto ?m", "sáp nhập vào", "", True),
    ("?m vnkg:mergedInto NODE", "sáp nhập vào", "", False),
]
LINKS = ("""SELECT ?m ?out ?label (GROUP_CONCAT(DISTINCT STR(?day); separator=" ") AS ?days) (COUNT(*) AS ?weight)
WHERE {\n    """ + "\n  UNION ".join(
    f'{{ {pattern} {f"OPTIONAL {{ {day} }} " if day else ""}BIND({str(out).lower()} AS ?out) BIND("{label}" AS ?label) }}'
    for pattern, label, day, out in _BRANCHES)
    + "\n} GROUP BY ?m ?out ?label ORDER BY DESC(?weight) ?m ?label OFFSET OFFSET_N LIMIT LIMIT_N")

TIMELINE = """SELECT ?h ?day ?role ?scope ?sentence ?article ?file WHERE {
  { SELECT ?h ?day WHERE { ?h a vnkg:RoleHolding ; vnkg:official NODE OPTIONAL { ?h vnkg:asOf ?day } }
    ORDER BY DESC(?day) ?h LIMIT LIMIT_N }
  ?h vnkg:role/rdfs:label ?role OPTIONAL { ?h vnkg:province|vnkg:organization ?s . ?s rdfs:label ?scope }
  OPTIONAL { ?h vnkg:evidence ?sentence } OPTIONAL { ?h prov:wasDerivedFrom ?article
  OPTIONAL { ?article vnkg:sourceFile ?file } } }"""
HOLDINGS = "SELECT (COUNT(*) AS ?count) WHERE { ?h a vnkg:RoleHolding ; vnkg:official NODE }"
PLACE_OFFICIALS = """SELECT ?o (MAX(?day) AS ?last) WHERE {
  ?h a vnkg:RoleHolding ; vnkg:province NODE ; vnkg:official ?o OPTIONAL { ?h vnkg:asOf ?day } }
  GROUP BY ?o ORDER BY DESC(?last) ?o LIMIT 200"""
PLACE_CONFERENCES = """SELECT DISTINCT ?c ?day WHERE {
  { ?c a vnkg:Conference ; vnkg:connectionPoint NODE } UNION { ?x vnkg:connectionPoint NODE ; vnkg:conference ?c }
  OPTIONAL { ?c schema:startDate ?day } } ORDER BY DESC(?day) ?c LIMIT 200"""
SUCCESSORS = "SELECT ?q WHERE { NODE vnkg:mergedInto ?q } ORDER BY ?q"
PREDECESSORS = "SELECT ?q WHERE { ?q vnkg:mergedInto NODE } ORDER BY ?q"

Ask = Callable[[str], list[dict]]  # a SELECT query → its rows, each {variable: value}


@dataclass(frozen=True)
class Entry:
    """One entity as the explorer lists it."""

    id: str
    label: str
    type: str
    day: str  # a conference's date, else ""
    name: str  # its folded label: what ranks a match
    words: str  # its folded names: what a search matches


@dataclass
class Index:
    """The entities by IRI, and the dates the graph covers: built once, from the store, when the endpoint
    starts; an official's latest title and province are added the first time they are shown."""

    entries: dict[str, Entry] = field(default_factory=dict)
    first_day: str = ""
    last_day: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # official: "latest title — province"

    def search(self, text: str, shown: int = SEARCH_SHOWN) -> tuple[int, list[str]]:
        """How many entities have names holding every word of `text` (tone marks optional), and the first
        `shown`: exact names first, then names that start so, then the rest, each by name."""
        words = fold(text).split()
        if not words:
            return 0, []
        key = " ".join(words)
        found = [e for e in self.entries.values() if all(w in e.words for w in words)]
        best = heapq.nsmallest(shown, found, key=lambda e: (e.name != key, not e.name.startswith(key), e.label, e.id))
        return len(found), [e.id for e in best]

    def cards(self, ask: Ask, nodes: list[str]) -> list[dict]:
        """The nodes as the page shows them; an official with what tells them from a namesake."""
        unknown = [n for n in nodes if self.entries[n].type == "official" and n not in self.titles]
        if unknown:
            latest: dict[str, tuple[str, str]] = {}
            where: dict[str, tuple[str, str]] = {}
            for row in ask(TITLES.replace("NODES", " ".join(f"<{n}>" for n in unknown))):
                node, day = row["o"], row.get("last", "")
                latest[node] = max(latest.get(node, ("", "")), (day, row["role"]))
                if row.get("place"):
                    where[node] = max(where.get(node, ("", "")), (day, row["place"]))
            for node in unknown:
                self.titles[node] = " — ".join(x[node][1] for x in (latest, where) if node in x)
        return [self.card(n) for n in nodes]

    def card(self, node: str) -> dict:
        e = self.entries[node]
        return {"id": e.id, "label": e.label, "short": short_label(e.label), "type": e.type,
                "hint": self.titles.get(node) or e.day}


def build_index(store) -> Index:
    """The label index of a pyoxigraph store: its entities' names (a few seconds on 100,000 articles)."""
    from kg.rdf.prefixes import PREFIXES

    def rows(query: str):
        return store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)

    labels: dict[str, tuple[str, str]] = {}
    order = list(TYPES)
    for row in rows(LABELS):
        node, cls = row["n"].value, row["class"].value
        if node not in labels or order.index(cls) < order.index(labels[node][1]):
            labels[node] = (row["label"].value, cls)
    alts: dict[str, set[str]] = {}
    for row in rows(ALTS):
        alts.setdefault(row["n"].value, set()).add(row["alt"].value)
    days = {row["n"].value: row["day"].value[:10] for row in rows(CONFERENCE_DAYS)}
    span = next(iter(rows(SPAN)))
    index = Index(first_day=span["first"].value[:10] if span["first"] else "",
                  last_day=span["last"].value[:10] if span["last"] else "")
    for node in sorted(labels):
        label, cls = labels[node]
        names = " ".join(sorted({label} | alts.get(node, set())))
        index.entries[node] = Entry(node, label, TYPES[cls][0], days.get(node, ""), fold(label), fold(names))
    return index


def _bound(query: str, node: str, **numbers: int) -> str:
    """The query with its node written in: `node` is a key of the index, an IRI the store itself gave."""
    for name, value in numbers.items():
        query = query.replace(name.upper(), str(int(value)))
    return query.replace("NODE", f"<{node}>")


def expand(index: Index, ask: Ask, node: str, offset: int) -> dict:
    """A page of `node`'s neighbours, most linked first, with the links and the dates each held on."""
    rows = ask(_bound(LINKS, node, offset_n=offset, limit_n=PAGE_SIZE + 1))
    more = len(rows) > PAGE_SIZE
    nodes, edges = [], []
    for row in rows[:PAGE_SIZE]:
        other = row["m"]
        if other not in index.entries:
            continue
        nodes.append(other)
        out = row["out"] == "true"
        edges.append({"from": node if out else other, "to": other if out else node, "label": row["label"],
                      "days": sorted(set(row.get("days", "").split()))})
    return {"node": node, "offset": offset, "next": offset + PAGE_SIZE if more else None,
            "nodes": index.cards(ask, list(dict.fromkeys(nodes))), "edges": edges}


def _timeline(ask: Ask, node: str) -> list[dict]:
    """An official's newest titles, oldest first: each holding with its date, scope, sentence and article."""
    held: dict[str, dict] = {}
    for row in ask(_bound(TIMELINE, node, limit_n=TIMELINE_SHOWN)):
        item = held.setdefault(row["h"], {"day": row.get("day", ""), "role": row["role"], "scope": [],
                                          "sentence": row.get("sentence", ""),
                                          "article": row.get("file") or row.get("article", "")})
        if row.get("scope") and row["scope"] not in item["scope"]:
            item["scope"].append(row["scope"])
    return sorted(held.values(), key=lambda i: (i["day"], i["role"], i["article"]))


def details(index: Index, ask: Ask, node: str) -> dict:
    """What a node's panel shows: an official's timeline; a province's officials, conferences and merger."""
    out = {"node": index.cards(ask, [node])[0]}
    kind = out["node"]["type"]
    known = lambda rows, key: index.cards(ask, [r[key] for r in rows if r[key] in index.entries])  # noqa: E731
    if kind == "official":
        out["timeline"] = _timeline(ask, node)
        out["earlier"] = int(ask(_bound(HOLDINGS, node))[0]["count"]) - len(out["timeline"])
    elif kind == "province":
        out["officials"] = known(ask(_bound(PLACE_OFFICIALS, node)), "o")
        out["conferences"] = known(ask(_bound(PLACE_CONFERENCES, node)), "c")
        out["successors"] = known(ask(_bound(SUCCESSORS, node)), "q")
        out["predecessors"] = known(ask(_bound(PREDECESSORS, node)), "q")
    return out


def page(index: Index) -> bytes:
    """The explorer page with vis-network and its settings written in: one request, nothing from outside."""
    data = {"types": [{"key": k, "name": n, "color": c, "shape": s} for k, n, c, s in TYPES.values()],
            "firstDay": index.first_day, "lastDay": index.last_day, "pageSize": PAGE_SIZE}
    return fill_page("explore.html", data).encode("utf-8")


def respond(index: Index, ask: Ask, path: str, query: str) -> tuple[int, dict]:
    """The JSON answer to an /explore/... request, or (404/400, {"error": ...})."""
    params = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
    if path == "/explore/search":
        total, found = index.search(params.get("q", ""))
        return 200, {"total": total, "results": index.cards(ask, found)}
    if path not in ("/explore/expand", "/explore/node"):
        return 404, {"error": "not found: try /explore"}
    node = params.get("node", "")
    if node not in index.entries:
        return 404, {"error": f"no entity of the graph is {node[:200]!r}"}
    if path == "/explore/node":
        return 200, details(index, ask, node)
    offset = params.get("offset", "0")
    if not offset.isdigit():
        return 400, {"error": f"offset={offset[:20]!r}: give a whole number of neighbours to skip"}
    return 200, expand(index, ask, node, int(offset))


def rows_of(body: bytes) -> list[dict]:
    """SPARQL JSON results as rows of plain values."""
    answer = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]

