"""The one loader of the knowledge tables of kg/data/, and what each table's columns must hold.

Every table is declared here with its columns: how many a row needs, how many it may
have, and, for a column of kinds, the kinds the code knows. A row that breaks its
table's declaration stops the load with the file, the line and what is wrong, so a
mistyped kind or a lost tab is found when the tables load, not as a silent miss later
(spaCy checks its patterns the same way, with `validate=True`).

>>> [r for r in rows("events.tsv") if r[0] == "hội nghị"]
[['hội nghị', 'conference']]
>>> Table(("word", "kind"), kinds={1: frozenset({"a"})}).check("x.tsv", 3, ["ông", "b"])
Traceback (most recent call last):
...
kg.errors.TableError: kg/data/x.tsv, line 3: kind 'b' is not one of: a
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from kg.errors import TableError
from kg.text import canonical


@dataclass(frozen=True)
class Table:
    """A table's columns: those of `required` must be filled; `kinds` maps a column to its allowed values
    (a cell may hold several, separated by |)."""

    columns: tuple[str, ...]
    required: tuple[int, ...] = (0,)
    kinds: dict[int, frozenset[str]] = field(default_factory=dict)

    def check(self, name: str, line: int, row: list[str]) -> None:
        where = f"kg/data/{name}, line {line}"
        if len(row) > len(self.columns):
            raise TableError(f"{where}: {len(row)} columns, the table has {len(self.columns)} "
                             f"({', '.join(self.columns)})")
        missing = [self.columns[i] for i in self.required if i >= len(row) or not row[i]]
        if missing:
            raise TableError(f"{where}: {', '.join(missing)} missing")
        for column, allowed in self.kinds.items():
            if column < len(row) and row[column]:
                for value in row[column].split("|"):
                    if value not in allowed:
                        raise TableError(f"{where}: {self.columns[column]} {value!r} is not one of: "
                                         f"{', '.join(sorted(allowed))}")


def _kinds(*values: str) -> frozenset[str]:
    return frozenset(values)


WORDS = Table(("phrase",))
SCHEMA: dict[str, Table] = {
    "abbreviations.tsv": Table(("short", "full"), (0, 1)),
    "clause_verbs.txt": WORDS,
    "conference_words.tsv": Table(("word", "kind"), (0, 1), {1: _kinds(
        "held", "name_end", "format", "purpose", "implements", "implements_past", "meets", "meets_others",
        "plan", "future", "name_tail")}),
    "countries.tsv": Table(("name", "variants", "iso", "context", "wikidata"), (0,), {3: _kinds("strict")}),
    "country_cues.txt": WORDS,
    "events.tsv": Table(("phrase", "kind"), (0, 1), {1: _kinds("conference", "session", "other", "venue")}),
    "furniture.tsv": Table(("phrase", "action"), (0, 1), {1: _kinds(
        "cut", "drop", "prefix-cut", "prefix-drop", "contains-drop", "teaser-tag")}),
    "interview_cues.txt": WORDS,
    "numbering_terms.tsv": Table(("suffix", "term", "first_year"), (0, 1, 2)),
    "org_heads.tsv": Table(("head", "kind", "name"), (0, 1), {1: _kinds(
        "party", "state", "front", "government", "education", "enterprise", "media", "military"),
        2: _kinds("name")}),
    "organizations.tsv": Table(("name", "variants", "kind", "wikidata"), (0, 2), {2: _kinds(
        "party", "state", "assembly", "government", "ministry", "judiciary", "front", "media", "international",
        "foreign")}),
    "participation.tsv": Table(("phrase", "kind", "not_before", "not_after"), (0, 1), {1: _kinds(
        "chair", "speaker", "presenter", "attendee", "speech")}),
    "name_cues.tsv": Table(("cue", "kind"), (0, 1), {1: _kinds("head", "place", "address", "plural")}),
    "prefixes.tsv": Table(("word", "kind"), (0, 1), {1: _kinds("rank", "academic", "honorific", "address",
                                                                "religious")}),
    "provinces.tsv": Table(("code", "name", "kind", "variants", "status", "successor", "wikidata"), (0, 1, 2), {
        2: _kinds("tỉnh", "thành phố"), 4: _kinds("old", "both", "new")}),
    "provincial_bodies.tsv": Table(("name", "variants", "kind"), (0, 2), {2: _kinds(
        "party", "government", "assembly", "front", "judiciary", "department")}),
    "resolution_words.tsv": Table(("word", "kind", "value", "body"), (0, 1), {1: _kinds(
        "issuer", "title_cue", "not_title", "title_end", "title_keep", "title_tail")}),
    "role_heads.tsv": Table(("head", "department")),
    "roles.tsv": Table(("title", "variants", "scope", "body"), (0,), {2: _kinds(
        "none", "province", "district", "body", "country")}),
    "surnames.txt": WORDS,
    "title_links.tsv": Table(("phrase", "kind"), (0, 1), {1: _kinds(
        "after_name", "between", "after_list", "cue", "before_name", "former", "modifier", "not_yet", "list_before",
        "list_opener", "envoy_opener", "envoy_sep", "envoy_next")}),
}


@cache
def rows(name: str) -> list[list[str]]:
    """The rows of a table of kg/data/ (comments and blank lines skipped), cells canonicalised and checked.

    Cached: several stages read one table. Callers must not change the lists they get.
    """
    table = SCHEMA.get(name)
    if table is None:
        raise TableError(f"kg/data/{name}: not declared in kg/tables.py (declare its columns there)")
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    out = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = [canonical(c.strip()) for c in line.split("\t")]
        while len(row) > 1 and not row[-1]:
            row.pop()  # trailing tabs are empty cells, not columns
        table.check(name, number, row)
        out.append(row)
    return out


def words(name: str) -> tuple[str, ...]:
    """A one-column table (a .txt list) as a tuple of phrases."""
    return tuple(r[0] for r in rows(name))
