"""The explorer's neighbour table: every entity's links, counted and ranked once, when `kg serve` starts.

Why: ranking a hub's neighbours by SPARQL (the role "Bí thư Tỉnh ủy", Hà Nội) grouped all its holdings
on every click: 0.4-0.7 s on the 100,000-article graph. Here the links are grouped once, by Oxigraph, from
the store the endpoint serves (so it holds for any graph given to `kg serve`, built by kg or not, with no
second file to keep in step with it), and held as a few arrays sorted by (entity, links desc, neighbour,
label): a page of neighbours is a slice, whatever the hub. With a kept store (`--store DIR`) the table is
saved beside it, tied to the graph version the store holds: the first start on a store pays for it (1-2
minutes on 100,000 articles), later starts read it back in a second.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np

from kg.viz import CONFERENCE_LINKS

HELD, HELD_IN, TOOK_PART, MERGED = "giữ chức vụ", "chức vụ tại", "tham dự", "sáp nhập vào"
# the link tables as Oxigraph groups them: holdings (official, role, province: how many, on which days),
# participations (official, conference: how many), a conference's organisers, resolutions and places, mergers
HOLDINGS = """SELECT ?o ?r ?p (COUNT(DISTINCT ?h) AS ?w) (GROUP_CONCAT(DISTINCT STR(?d)) AS ?days) WHERE {
  ?h a vnkg:RoleHolding ; vnkg:official ?o ; vnkg:role ?r OPTIONAL { ?h vnkg:province ?p }
  OPTIONAL { ?h vnkg:asOf ?d } } GROUP BY ?o ?r ?p"""
PARTICIPATIONS = """SELECT ?o ?c (COUNT(DISTINCT ?h) AS ?w) WHERE {
  ?h a vnkg:Participation ; vnkg:official ?o ; vnkg:conference ?c } GROUP BY ?o ?c"""
CONFERENCE_TARGETS = ("SELECT DISTINCT ?c ?p ?m WHERE { VALUES ?p { " + " ".join(f"<{p}>" for p in CONFERENCE_LINKS)
                      + " } ?c a vnkg:Conference ; ?p ?m }")
MERGERS = "SELECT DISTINCT ?a ?b WHERE { ?a vnkg:mergedInto ?b }"
FILE = "vnkg-explore.npz"  # beside a kept store's vnkg-source.txt
VERSION = 1


@dataclass(frozen=True)
class Link:
    """One link of an entity as a page lists it."""

    other: str
    label: str
    out: bool  # it points from the entity to `other`
    weight: int  # how many facts make it
    days: list[str]  # the days it held on, oldest first


class Table:
    """Each entity's links in rank order (most facts first, then the neighbour's IRI, then the link's label),
    as flat arrays: row i of entity n is at start[n] + i."""

    def __init__(self, iris: list[str], arrays: dict[str, np.ndarray], labels: list[str]):
        self.iris, self.labels, self.a = iris, labels, arrays
        self.position = {iri: i for i, iri in enumerate(iris)}

    def count(self, node: str) -> int:
        """How many links the entity has."""
        i = self.position[node]
        return int(self.a["start"][i + 1] - self.a["start"][i])

    def links(self, node: str, offset: int = 0, size: int | None = None) -> list[Link]:
        """The entity's links from rank `offset` on (`size` of them, or all)."""
        a, i = self.a, self.position[node]
        lo, hi = int(a["start"][i]) + offset, int(a["start"][i + 1])
        if size is not None:
            hi = min(hi, lo + size)
        return [Link(self.iris[a["other"][r]], self.labels[a["label"][r]], bool(a["out"][r]), int(a["weight"][r]),
                     self._days(int(a["days"][r]))) for r in range(lo, hi)]

    def outgoing(self, labels: set[str]):
        """(entity, neighbour, label, last day or "") of every link of these labels, from the entity's side."""
        a = self.a
        owner = np.repeat(np.arange(len(self.iris)), np.diff(a["start"]))
        wanted = [i for i, label in enumerate(self.labels) if label in labels]
        rows = np.flatnonzero((a["out"] == 1) & np.isin(a["label"], wanted))
        lo, hi = a["day_start"][a["days"][rows]], a["day_start"][a["days"][rows] + 1]
        values = np.append(a["day_values"], 0)  # a graph with no day at all still has an index 0
        last = np.where(hi > lo, values[np.maximum(hi - 1, 0)], 0)
        day = {int(d): dt.date.fromordinal(int(d)).isoformat() for d in np.unique(last) if d}
        for n, m, label, d in zip(owner[rows].tolist(), a["other"][rows].tolist(), a["label"][rows].tolist(),
                                  last.tolist()):
            yield self.iris[n], self.iris[m], self.labels[label], day.get(d, "")

    def neighbours(self, node: str, label: str, out: bool) -> list[str]:
        """The entity's neighbours by links of one label and way, the latest link first (then by IRI)."""
        a, i = self.a, self.position[node]
        lo, hi = int(a["start"][i]), int(a["start"][i + 1])
        if label not in self.labels:
            return []
        rows = lo + np.flatnonzero((a["label"][lo:hi] == self.labels.index(label)) & (a["out"][lo:hi] == int(out)))
        found = sorted((self._last(r), self.iris[a["other"][r]]) for r in rows)
        found.sort(key=lambda x: x[0], reverse=True)  # stable: by IRI within a day
        return [iri for _, iri in found]

    def _last(self, row: int) -> str:
        """The last day a link held on, or ""."""
        a = self.a
        lo, hi = int(a["day_start"][a["days"][row]]), int(a["day_start"][a["days"][row] + 1])
        return dt.date.fromordinal(int(a["day_values"][hi - 1])).isoformat() if hi > lo else ""

    def _days(self, ref: int) -> list[str]:
        span = self.a["day_values"][self.a["day_start"][ref]:self.a["day_start"][ref + 1]]
        return [dt.date.fromordinal(int(d)).isoformat() for d in span]

    def save(self, file: Path, stamp: str) -> None:
        """Written whole or not at all (a start killed while writing leaves no half table)."""
        names = json.dumps({"version": VERSION, "stamp": stamp, "iris": self.iris, "labels": self.labels},
                           ensure_ascii=False).encode("utf-8")
        part = file.with_name(file.name + ".part.npz")
        np.savez(part, names=np.frombuffer(names, dtype=np.uint8), **self.a)
        os.replace(part, file)

    @classmethod
    def load(cls, file: Path, stamp: str, iris: list[str]) -> Table | None:
        """The table saved for this version of the store and these entities, or None."""
        try:
            with np.load(file, allow_pickle=False) as saved:
                names = json.loads(saved["names"].tobytes().decode("utf-8"))
                if (names.get("version"), names.get("stamp"), names.get("iris")) != (VERSION, stamp, iris):
                    return None
                return cls(iris, {k: saved[k] for k in saved.files if k != "names"}, names["labels"])
        except (OSError, EOFError, ValueError, KeyError, zipfile.BadZipFile):  # absent, cut short, not ours
            return None


class _Lines:
    """A binary file pyoxigraph writes results into as TSV: each row handed on as it comes, never held whole
    (a million participations are 130 MB of text)."""

    def __init__(self, row: Callable[[list[str]], None]):
        self.row, self.rest, self.header = row, b"", True

    def write(self, data: bytes) -> int:
        lines = (self.rest + data).split(b"\n")
        self.rest = lines.pop()
        for line in lines:
            if self.header:
                self.header = False
            elif line:
                self.row([_term(cell) for cell in line.decode("utf-8").split("\t")])
        return len(data)

    def flush(self) -> None:
        pass


def _term(cell: str) -> str:
    """A TSV cell's value: an IRI without its brackets, a literal without quotes and datatype."""
    if cell.startswith("<"):
        return cell[1:-1]
    if cell.startswith('"'):
        return cell[1:cell.rindex('"')]
    return cell


LABELS = sorted([HELD, HELD_IN, TOOK_PART, MERGED, *CONFERENCE_LINKS.values()])


class _Edges:
    """The links as they are read, each once, with the days it held on: links the queries give whole go
    straight into flat columns (a million participations); holdings, one link per role and one per province
    from (official, role, province) groups, are summed first."""

    def __init__(self, position: dict[str, int], conference_days: dict[str, str]):
        self.position = position
        self.columns = {k: array("i") for k in ("a", "b", "label", "weight", "days")}
        self.summed: dict[tuple[int, int, int], list] = {}  # (from, to, label): [weight, days]
        self.days: list[list[int]] = [[]]  # ref 0: no day
        self.conference_ref: dict[str, int] = {}
        for conference, day in sorted(conference_days.items()):
            self.conference_ref[conference] = len(self.days)
            self.days.append([dt.date.fromisoformat(day).toordinal()] if _is_day(day) else [])

    def add(self, a: str, b: str, label: str, weight: int, days: int = 0) -> None:
        """A link the query gave whole, on the days of `days` (a reference)."""
        if a in self.position and b in self.position:
            for column, value in zip(self.columns.values(), (self.position[a], self.position[b], LABELS.index(label),
                                                              weight, days)):
                column.append(value)

    def add_part(self, a: str, b: str, label: str, weight: int, days: set[int]) -> None:
        """A part of a link: its weight and days are summed with the other parts'."""
        if a in self.position and b in self.position:
            row = self.summed.setdefault((self.position[a], self.position[b], LABELS.index(label)), [0, set()])
            row[0] += weight
            row[1] |= days

    def table(self, iris: list[str]) -> Table:
        """Both ends of every link, sorted into each entity's rank order."""
        c = self.columns
        for (x, y, label), (w, days) in self.summed.items():
            self.days.append(sorted(days))
            for column, value in zip(c.values(), (x, y, label, w, len(self.days) - 1)):
                column.append(value)
        a, b, lab, weight, ref = (np.frombuffer(c[k], dtype=np.int32) for k in ("a", "b", "label", "weight", "days"))
        n = len(a)
        node, other = np.concatenate([a, b]), np.concatenate([b, a])
        out = np.concatenate([np.ones(n, dtype=np.int8), np.zeros(n, dtype=np.int8)])
        lab, weight, ref = np.concatenate([lab, lab]), np.concatenate([weight, weight]), np.concatenate([ref, ref])
        order = np.lexsort((lab, other, -weight, node))
        sizes = np.array([len(d) for d in self.days], dtype=np.int64)
        arrays = {"start": np.searchsorted(node[order], np.arange(len(iris) + 1)).astype(np.int64),
                  "other": other[order], "label": lab[order].astype(np.int16), "out": out[order],
                  "weight": weight[order], "days": ref[order],
                  "day_start": np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
                  "day_values": np.array([d for days in self.days for d in days], dtype=np.int32)}
        return Table(iris, arrays, LABELS)


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
        return True
    except ValueError:
        return False


def _ordinals(days: str) -> set[int]:
    return {dt.date.fromisoformat(d[:10]).toordinal() for d in days.split() if _is_day(d[:10])}


def compute(store, iris: list[str], conference_days: dict[str, str]) -> Table:
    """The table of a pyoxigraph store (`iris`: the entities it links; `conference_days`: the day of each
    conference, which its participations and places held on): four grouped queries, their rows streamed."""
    import pyoxigraph as ox

    from kg.rdf.prefixes import PREFIXES

    union = next(iter(store.named_graphs()), None) is not None  # a per-article store: its graphs' union

    def each(query: str, row: Callable[[list[str]], None]) -> None:
        answer = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=union)
        answer.serialize(_Lines(row), format=ox.QueryResultsFormat.TSV)

    edges = _Edges({iri: i for i, iri in enumerate(iris)}, conference_days)

    def holding(row: list[str]) -> None:
        official, role, place, weight, days = row
        held = _ordinals(days)
        edges.add_part(official, role, HELD, int(weight), held)
        if place:
            edges.add_part(official, place, HELD_IN, int(weight), held)

    each(HOLDINGS, holding)
    each(PARTICIPATIONS, lambda r: edges.add(r[0], r[1], TOOK_PART, int(r[2]), edges.conference_ref.get(r[1], 0)))
    names = {str(p): label for p, label in CONFERENCE_LINKS.items()}
    each(CONFERENCE_TARGETS, lambda r: edges.add(r[0], r[2], names[r[1]], 1, edges.conference_ref.get(r[0], 0)))
    each(MERGERS, lambda r: edges.add(r[0], r[1], MERGED, 1))
    return edges.table(iris)
