"""The explorer that `kg serve` serves at /explore: start from a name, expand what matters, follow time.

The page (kg/static/explore.html) starts empty and asks the front for small JSON answers:
- `/explore/search?q=` is answered from an index built once when the endpoint starts (every entity's
  folded names, with an official's roles and provinces and a conference's organisers, resolutions and
  places; and what tells two namesakes apart: an official's latest title and province), in memory.
- `/explore/expand?node=&offset=` is a slice of the neighbour table (kg.explore_table), also built at
  start: a hub's page costs what an official's does.
- `/explore/node?node=` runs SPARQL in the endpoint's read-only workers (same time limit and row limit
  as /query); the node must be one the index knows, so no text of the request is ever written into a
  query.
Every name reaches the page as JSON data and is set as text there: a hostile label runs nothing.
"""
from __future__ import annotations

import bisect
import heapq
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from functools import reduce
from itertools import chain
from pathlib import Path
from typing import Callable

import numpy as np

from kg.explore_table import HELD, HELD_IN, MERGED, Table, compute
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
TIMELINE = """SELECT ?h ?day ?role ?scope ?sentence ?article ?file WHERE {
  { SELECT ?h ?day WHERE { ?h a vnkg:RoleHolding ; vnkg:official NODE OPTIONAL { ?h vnkg:asOf ?day } }
    ORDER BY DESC(?day) ?h LIMIT LIMIT_N }
  ?h vnkg:role/rdfs:label ?role OPTIONAL { ?h vnkg:province|vnkg:organization ?s . ?s rdfs:label ?scope }
  OPTIONAL { ?h vnkg:evidence ?sentence } OPTIONAL { ?h prov:wasDerivedFrom ?article
  OPTIONAL { ?article vnkg:sourceFile ?file } } }"""
HOLDINGS = "SELECT (COUNT(*) AS ?count) WHERE { ?h a vnkg:RoleHolding ; vnkg:official NODE }"
PLACE_SHOWN = 200  # a province's newest officials and conferences its panel lists; the rest are counted
_PLACE_CONFERENCES = """{ ?c a vnkg:Conference ; vnkg:connectionPoint NODE }
  UNION { ?x vnkg:connectionPoint NODE ; vnkg:conference ?c }"""
PLACE_CONFERENCES = f"""SELECT DISTINCT ?c ?day WHERE {{ {_PLACE_CONFERENCES}
  OPTIONAL {{ ?c schema:startDate ?day }} }} ORDER BY DESC(?day) ?c LIMIT LIMIT_N"""
PLACE_CONFERENCE_COUNT = f"SELECT (COUNT(DISTINCT ?c) AS ?count) WHERE {{ {_PLACE_CONFERENCES} }}"

Ask = Callable[[str], list[dict]]  # a SELECT query → its rows, each {variable: value}


@dataclass(frozen=True)
class Entry:
    """One entity as the explorer lists it."""

    id: str
    label: str
    type: str
    day: str  # a conference's date, else ""
    name: str  # its label's words: what ranks a match
    words: str  # its folded names and those of what it is known by, after a space: what a search matches


class Words:
    """Which entities have a word starting so: every word once, in sorted order, with its entities after it, so
    the words a prefix starts are one run and their entities one slice (a search reads no entity's names)."""

    def __init__(self, texts: list[str]):  # entity i's words, space separated
        self.size = len(texts)
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            for word in set(text.split()):
                postings.setdefault(word, []).append(i)
        self.vocabulary = sorted(postings)
        sizes = [len(postings[w]) for w in self.vocabulary]
        self.start = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
        self.ids = np.fromiter(chain.from_iterable(postings[w] for w in self.vocabulary), dtype=np.int32,
                               count=int(self.start[-1]))

    def having(self, prefix: str) -> np.ndarray:
        """Whether each entity has a word that starts with `prefix` (a mask: no sorting of a long run)."""
        lo = bisect.bisect_left(self.vocabulary, prefix)
        hi = bisect.bisect_left(self.vocabulary, prefix + "\U0010ffff", lo)
        hit = np.zeros(self.size, dtype=bool)
        hit[self.ids[self.start[lo]:self.start[hi]]] = True
        return hit


@dataclass
class Index:
    """The entities by IRI, their links and the dates the graph covers: built once, from the store, when the
    endpoint starts."""

    entries: dict[str, Entry] = field(default_factory=dict)
    first_day: str = ""
    last_day: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # official: "latest title — province"
    table: Table | None = None
    words: Words | None = None  # which entries (in IRI order) have a word starting so
    order: list[Entry] = field(default_factory=list)
    rank: list[int] = field(default_factory=list)  # each entry's place by (label, IRI): how matches are listed

    def search(self, text: str, shown: int = SEARCH_SHOWN) -> tuple[int, list[str]]:
        """How many entities have, for every word of `text` (tone marks optional), a word starting so in
        their names or in the names of what they are known by (an official's roles and provinces, a
        conference's organisers, resolutions and places), and the first `shown`: exact names first, then
        names that start so, then the rest, each by name."""
        words = _words(text)
        if not words:
            return 0, []
        key = " ".join(words)
        found = np.flatnonzero(reduce(np.logical_and, map(self.words.having, words))).tolist()
        order, rank = self.order, self.rank
        best = heapq.nsmallest(shown, found, key=lambda i: (order[i].name != key, not order[i].name.startswith(key),
                                                            rank[i]))
        return len(found), [order[i].id for i in best]

    def cards(self, nodes: list[str]) -> list[dict]:
        """The nodes as the page shows them; an official with what tells them from a namesake."""
        return [self.card(n) for n in nodes]

    def card(self, node: str) -> dict:
        e = self.entries[node]
        return {"id": e.id, "label": e.label, "short": short_label(e.label), "type": e.type,
                "hint": self.titles.get(node) or e.day}


def _words(text: str) -> list[str]:
    """The words a search compares: folded (no tone marks, no case), punctuation and markup left out."""
    return re.findall(r"\w+", fold(text))


KNOWN_BY = {"official": {HELD, HELD_IN}, "conference": set(CONFERENCE_LINKS.values())}  # names a search also reads


def build_index(store, saved: Path | None = None, stamp: str = "") -> Index:
    """The index of a pyoxigraph store: its entities' names (a few seconds on 100,000 articles) and their
    links, read back from `saved` when it holds the table of this `stamp` of the store, else worked out
    (1-2 minutes on 100,000 articles) and saved there."""
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
    iris = sorted(labels)
    table = Table.load(saved, stamp, iris) if saved is not None else None
    if table is None:
        table = compute(store, iris, {n: d for n, d in days.items() if n in labels})
        if saved is not None:
            try:
                table.save(saved, stamp)
            except OSError:  # a store in a folder we cannot write: worked out again at the next start
                pass
    index = Index(first_day=span["first"].value[:10] if span["first"] else "",
                  last_day=span["last"].value[:10] if span["last"] else "", table=table)
    said = {node: " ".join(_words(label)) for node, (label, _) in labels.items()}
    names = {node: " ".join([said[node], *(" ".join(_words(alt)) for alt in sorted(alts.get(node, ())))])
             for node in iris}
    known = _known_by(index, labels, names)
    for node in iris:
        label, cls = labels[node]
        words = " " + " ".join([names[node], *sorted(set(known.get(node, [])))])
        index.entries[node] = Entry(node, label, TYPES[cls][0], days.get(node, ""), said[node], words)
    index.order = [index.entries[node] for node in iris]
    index.words = Words([e.words for e in index.order])
    index.rank = [0] * len(iris)
    for place, i in enumerate(sorted(range(len(iris)), key=lambda i: (index.order[i].label, iris[i]))):
        index.rank[i] = place
    return index


def _known_by(index: Index, labels: dict[str, tuple[str, str]], names: dict[str, str]) -> dict[str, list[str]]:
    """The names each entity is also found by (KNOWN_BY), read from the table; and, on the way, each official's
    latest title and the province of their latest holding somewhere, written into the index's titles."""
    known: dict[str, list[str]] = {}
    latest: dict[str, tuple[str, str]] = {}
    where: dict[str, tuple[str, str]] = {}
    for node, other, link, last in index.table.outgoing(set().union(*KNOWN_BY.values())):
        if link in KNOWN_BY.get(TYPES[labels[node][1]][0], ()):
            known.setdefault(node, []).append(names[other])
        if link == HELD:
            latest[node] = max(latest.get(node, ("", "")), (last, labels[other][0]))
        elif link == HELD_IN:
            where[node] = max(where.get(node, ("", "")), (last, labels[other][0]))
    index.titles = {n: " — ".join(x[n][1] for x in (latest, where) if n in x) for n in latest.keys() | where.keys()}
    return known


def _bound(query: str, node: str, **numbers: int) -> str:
    """The query with its node written in: `node` is a key of the index, an IRI the store itself gave."""
    for name, value in numbers.items():
        query = query.replace(name.upper(), str(int(value)))
    return query.replace("NODE", f"<{node}>")


def expand(index: Index, node: str, offset: int) -> dict:
    """A page of `node`'s neighbours, most linked first, with the links and the dates each held on: a slice
    of the table built at start, however many links a hub has."""
    links = index.table.links(node, offset, PAGE_SIZE)
    more = offset + PAGE_SIZE < index.table.count(node)
    edges = [{"from": node if k.out else k.other, "to": k.other if k.out else node, "label": k.label,
              "days": k.days} for k in links]
    return {"node": node, "offset": offset, "next": offset + PAGE_SIZE if more else None,
            "nodes": index.cards(list(dict.fromkeys(k.other for k in links))), "edges": edges}


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
    """What a node's panel shows: an official's timeline; a province's officials and conferences (the newest
    PLACE_SHOWN of each, and how many there are) and its merger."""
    out = {"node": index.card(node)}
    kind = out["node"]["type"]
    if kind == "official":
        out["timeline"] = _timeline(ask, node)
        out["earlier"] = int(ask(_bound(HOLDINGS, node))[0]["count"]) - len(out["timeline"])
    elif kind == "province":
        officials = index.table.neighbours(node, HELD_IN, out=False)  # newest holding there first
        out["officials"], out["officials_total"] = index.cards(officials[:PLACE_SHOWN]), len(officials)
        rows = ask(_bound(PLACE_CONFERENCES, node, limit_n=PLACE_SHOWN))
        out["conferences"] = index.cards([r["c"] for r in rows if r["c"] in index.entries])
        out["conferences_total"] = len(rows) if len(rows) < PLACE_SHOWN else \
            int(ask(_bound(PLACE_CONFERENCE_COUNT, node))[0]["count"])
        out["successors"] = index.cards(sorted(index.table.neighbours(node, MERGED, out=True)))
        out["predecessors"] = index.cards(sorted(index.table.neighbours(node, MERGED, out=False)))
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
        return 200, {"total": total, "results": index.cards(found)}
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
    return 200, expand(index, node, int(offset))


def rows_of(body: bytes) -> list[dict]:
    """SPARQL JSON results as rows of plain values."""
    answer = json.loads(body)
    return [{k: v["value"] for k, v in b.items()} for b in answer["results"]["bindings"]]

