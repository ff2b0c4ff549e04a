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

import json
import urllib.parse
from dataclasses import dataclass, field
from typing import Callable

from kg.text import fold
from kg.viz import TYPES as VIZ_TYPES
from kg.viz import shapes_script, vis_network_script

PAGE_SIZE = 25  # neighbours one click (or "more…") brings
SEARCH_SHOWN = 20
TYPES = {str(cls): style for cls, style in VIZ_TYPES.items()}  # class IRI: (key, name, colour, shape)
CLASSES = " ".join(f"<{c}>" for c in TYPES)

LABELS = f"SELECT ?n ?class ?label WHERE {{ VALUES ?class {{ {CLASSES} }} ?n a ?class ; rdfs:label ?label }}"
ALTS = f"SELECT ?n ?alt WHERE {{ VALUES ?class {{ {CLASSES} }} ?n a ?class ; skos:altLabel ?alt }}"
TITLES = """SELECT ?o ?day ?role ?place WHERE { ?h a vnkg:RoleHolding ; vnkg:official ?o ; vnkg:role/rdfs:label ?role
  OPTIONAL { ?h vnkg:asOf ?day } OPTIONAL { ?h vnkg:province/rdfs:label ?place } }"""
DAYS = """SELECT ?n ?day WHERE { { ?n a vnkg:Conference ; schema:startDate ?day }
  UNION { ?h a vnkg:RoleHolding ; vnkg:asOf ?day BIND(?h AS ?n) } }"""

# each link of a node: the other end, which way it points, what it is, and the dates it held on
LINKS = """SELECT ?m ?out ?label (GROUP_CONCAT(DISTINCT STR(?day); separator=" ") AS ?days) (COUNT(*) AS ?weight)
WHERE { VALUES ?n { NODE }
  { ?h vnkg:official ?n ; vnkg:role ?m OPTIONAL { ?h vnkg:asOf ?day } BIND(true AS ?out) BIND("giữ chức vụ" AS ?label) }
  UNION { ?h vnkg:role ?n ; vnkg:official ?m OPTIONAL { ?h vnkg:asOf ?day } BIND(false AS ?out) BIND("giữ chức vụ" AS ?label) }
  UNION { ?h a vnkg:RoleHolding ; vnkg:official ?n ; vnkg:province ?m OPTIONAL { ?h vnkg:asOf ?day }
          BIND(true AS ?out) BIND("chức vụ tại" AS ?label) }
  UNION { ?h a vnkg:RoleHolding ; vnkg:province ?n ; vnkg:official ?m OPTIONAL { ?h vnkg:asOf ?day }
          BIND(false AS ?out) BIND("chức vụ tại" AS ?label) }
  UNION { ?p a vnkg:Participation ; vnkg:official ?n ; vnkg:conference ?m OPTIONAL { ?m schema:startDate ?day }
          BIND(true AS ?out) BIND("tham dự" AS ?label) }
  UNION { ?p a vnkg:Participation ; vnkg:conference ?n ; vnkg:official ?m OPTIONAL { ?n schema:startDate ?day }
          BIND(false AS ?out) BIND("tham dự" AS ?label) }
  UNION { ?n a vnkg:Conference ; ?link ?m OPTIONAL { ?n schema:startDate ?day } BIND(true AS ?out) VALUES_LINKS }
  UNION { ?m a vnkg:Conference ; ?link ?n OPTIONAL { ?m schema:startDate ?day } BIND(false AS ?out) VALUES_LINKS }
  UNION { ?n vnkg:mergedInto ?m BIND(true AS ?out) BIND("sáp nhập vào" AS ?label) }
  UNION { ?m vnkg:mergedInto ?n BIND(false AS ?out) BIND("sáp nhập vào" AS ?label) }
} GROUP BY ?m ?out ?label ORDER BY DESC(?weight) ?m ?label OFFSET OFFSET_N LIMIT LIMIT_N""".replace(
    "VALUES_LINKS", """VALUES (?link ?label) { (vnkg:organizedBy "tổ chức bởi") (vnkg:implements "triển khai")
                                  (vnkg:connectionPoint "điểm cầu") }""")

TIMELINE = """SELECT ?h ?day ?role ?scope ?sentence ?article ?file WHERE { VALUES ?o { NODE }
  ?h a vnkg:RoleHolding ; vnkg:official ?o ; vnkg:role/rdfs:label ?role
  OPTIONAL { ?h vnkg:asOf ?day } OPTIONAL { ?h vnkg:province|vnkg:organization ?s . ?s rdfs:label ?scope }
  OPTIONAL { ?h vnkg:evidence ?sentence } OPTIONAL { ?h prov:wasDerivedFrom ?article
  OPTIONAL { ?article vnkg:sourceFile ?file } } } ORDER BY ?day ?role ?h ?scope LIMIT 500"""
PLACE_OFFICIALS = """SELECT ?o (MAX(?day) AS ?last) WHERE { VALUES ?p { NODE }
  ?h a vnkg:RoleHolding ; vnkg:province ?p ; vnkg:official ?o OPTIONAL { ?h vnkg:asOf ?day } }
  GROUP BY ?o ORDER BY DESC(?last) ?o LIMIT 200"""
PLACE_CONFERENCES = """SELECT DISTINCT ?c ?day WHERE { VALUES ?p { NODE }
  { ?c a vnkg:Conference ; vnkg:connectionPoint ?p } UNION { ?x vnkg:connectionPoint ?p ; vnkg:conference ?c }
  OPTIONAL { ?c schema:startDate ?day } } ORDER BY DESC(?day) ?c LIMIT 200"""
SUCCESSORS = "SELECT ?q WHERE { VALUES ?p { NODE } ?p vnkg:mergedInto ?q } ORDER BY ?q"
PREDECESSORS = "SELECT ?q WHERE { VALUES ?p { NODE } ?q vnkg:mergedInto ?p } ORDER BY ?q"

Ask = Callable[[str], list[dict]]  # a SELECT query → its rows, each {variable: value}


@dataclass(frozen=True)
class Entry:
    """One entity as the explorer lists it."""

    id: str
    label: str
    type: str
    hint: str
    words: str  # its folded names and hint: what a search matches


@dataclass
class Index:
    """The entities by IRI, and the dates the graph covers: built once, from the store, when the endpoint starts."""

    entries: dict[str, Entry] = field(default_factory=dict)
    first_day: str = ""
    last_day: str = ""

    def search(self, text: str, shown: int = SEARCH_SHOWN) -> dict:
        """Entities whose names hold every word of `text`, tone marks optional: exact names first, then
        names that start so, then the rest, each by name (a namesake is told apart by its hint)."""
        words = fold(text).split()
        if not words:
            return {"total": 0, "results": []}
        key = " ".join(words)
        found = [e for e in self.entries.values() if all(w in e.words for w in words)]
        found.sort(key=lambda e: (fold(e.label) != key, not fold(e.label).startswith(key), e.label, e.id))
        return {"total": len(found), "results": [self.card(e.id) for e in found[:shown]]}

    def card(self, node: str) -> dict:
        e = self.entries[node]
        return {"id": e.id, "label": e.label, "type": e.type, "hint": e.hint}


def build_index(store) -> Index:
    """The label index of a pyoxigraph store: one pass over labels, alternative names and role holdings."""
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
    latest: dict[str, tuple[str, str]] = {}  # official: (day, title) of their newest holding
    where: dict[str, tuple[str, str]] = {}  # official: (day, province) of their newest holding in a province
    for row in rows(TITLES):
        day, node = row["day"].value if row["day"] else "", row["o"].value
        latest[node] = max(latest.get(node, ("", "")), (day, row["role"].value))
        if row["place"]:
            where[node] = max(where.get(node, ("", "")), (day, row["place"].value))
    days: dict[str, str] = {}
    first = last = ""
    for row in rows(DAYS):
        day = row["day"].value[:10]
        days[row["n"].value] = day
        first, last = min(first or day, day), max(last, day)
    index = Index(first_day=first, last_day=last)
    for node in sorted(labels):
        label, cls = labels[node]
        key = TYPES[cls][0]
        hint = " — ".join(x[node][1] for x in (latest, where) if node in x) or days.get(node, "")
        names = " ".join(sorted({label} | alts.get(node, set())))
        index.entries[node] = Entry(node, label, key, hint, fold(f"{names} {hint}"))
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
        nodes.append(index.card(other))
        out = row["out"] == "true"
        edges.append({"from": node if out else other, "to": other if out else node, "label": row["label"],
                      "days": sorted(set(row.get("days", "").split()))})
    return {"node": node, "offset": offset, "next": offset + PAGE_SIZE if more else None,
            "nodes": nodes, "edges": edges}


def _timeline(ask: Ask, node: str) -> list[dict]:
    """An official's titles over time: each holding with its date, scope, sentence and article."""
    held: dict[str, dict] = {}
    for row in ask(_bound(TIMELINE, node)):
        item = held.setdefault(row["h"], {"day": row.get("day", ""), "role": row["role"], "scope": [],
                                          "sentence": row.get("sentence", ""),
                                          "article": row.get("file") or row.get("article", "")})
        if row.get("scope") and row["scope"] not in item["scope"]:
            item["scope"].append(row["scope"])
    return sorted(held.values(), key=lambda i: (i["day"], i["role"], i["article"]))


def details(index: Index, ask: Ask, node: str) -> dict:
    """What a node's panel shows: an official's timeline; a province's officials, conferences and merger."""
    out = {"node": index.card(node)}
    kind = out["node"]["type"]
    known = lambda rows, key: [index.card(r[key]) for r in rows if r[key] in index.entries]  # noqa: E731
    if kind == "official":
        out["timeline"] = _timeline(ask, node)
    elif kind == "province":
        out["officials"] = known(ask(_bound(PLACE_OFFICIALS, node)), "o")
        out["conferences"] = known(ask(_bound(PLACE_CONFERENCES, node)), "c")
        out["successors"] = known(ask(_bound(SUCCESSORS, node)), "q")
        out["predecessors"] = known(ask(_bound(PREDECESSORS, node)), "q")
    return out


def page(index: Index) -> bytes:
    """The explorer page with vis-network and its settings written in: one request, nothing from outside."""
    from importlib import resources

    data = {"types": [{"key": k, "name": n, "color": c, "shape": s} for k, n, c, s in TYPES.values()],
            "firstDay": index.first_day, "lastDay": index.last_day, "pageSize": PAGE_SIZE}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c").replace(">", "\\u003e")
    template = resources.files("kg.static").joinpath("explore.html").read_text(encoding="utf-8")
    page = template.replace("/*VIS_NETWORK*/", vis_network_script()).replace("/*SHAPES*/", shapes_script())
    return page.replace("{/*DATA*/}", payload).encode("utf-8")


def respond(index: Index, ask: Ask, path: str, query: str) -> tuple[int, dict]:
    """The JSON answer to an /explore/... request, or (404/400, {"error": ...})."""
    params = {k: v[-1] for k, v in urllib.parse.parse_qs(query).items()}
    if path == "/explore/search":
        return 200, index.search(params.get("q", ""))
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

