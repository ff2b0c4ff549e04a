"""Identity across articles: which officials of many articles are one person.

Each article names its officials on its own (`kg.rdf.emit`): `official/{name}`, or
`official/{name}--{province}` when every title the article gives them belongs to one
province. Those are the article's *keys*. Once every article of a build is read, this
stage decides the graph's nodes from what the keys say across the corpus, the same way
for every output format and however the articles came in (`--into`, workers, order):

- **One name is one person** (`official/{name}`), wherever the titles are, unless the
  evidence says two: titles of two provinces held on the same day, each province written
  by at least a tenth of the articles that tie the name to a province (one article that
  gives a well-known leader another province's title is a slip, not a namesake). Then
  each province's keeps a node of its own (`official/{name}--{province}`) and the name
  alone stays for the articles that tie it to no province. Undated titles never split.
- **A foreign name's forms are one person** when what they hold agrees: given name first
  or family name first ("Shinzo Abe", "Abe Shinzo"), an initial ("V. Putin"), hyphens
  ("Chan-o-cha", "Chan-ocha"), and, when a title or a country is shared, one letter
  ("Narenda", "Narendra"). The node is the fullest form.

Adding a title to a known person never changes their IRI; a namesake holding another
province's title at the same time, or a fuller form of a foreign name, does (README).

>>> people = Identities()
>>> for name, province, day in [("Lê Văn A", "ha-noi", "2020-01-02"), ("Lê Văn A", None, "2015-01-01"),
...                             ("Trần B", "ha-noi", "2020-01-02"), ("Trần B", "hue", "2020-01-02")]:
...     people.add([Seen(name, province, frozenset({day}))])
>>> people.final("Lê Văn A", "ha-noi"), people.final("Trần B", "hue")
('le-van-a', 'tran-b--hue')
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from kg.pipeline.names import vietnamese_shaped
from kg.pipeline.namesakes import one_edit
from kg.text import slug

OFFICIAL = "/official/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
_V = "https://w3id.org/vnkg/ontology#"
HOLDING = "/holding/"
PUBLISHED = "<https://schema.org/datePublished>"
ROLE, PROVINCE, ORGANIZATION, AS_OF = f"<{_V}role>", f"<{_V}province>", f"<{_V}organization>", f"<{_V}asOf>"
HOLDING_FACTS = frozenset({ROLE, PROVINCE, ORGANIZATION, AS_OF})
FACTS = HOLDING_FACTS | {PUBLISHED}  # with the labels, all that `seen_in` reads
ATTESTED = 0.1  # a province splits a name only when this share of its provincial articles gives it
TYPO_LETTERS = 5  # a foreign word is read as mistyped only when both forms are this long


@dataclass(frozen=True)
class Seen:
    """One article's key for one official: what the article says of them."""

    label: str
    province: str | None  # the province (slug) every title the article gives them belongs to
    days: frozenset[str] = frozenset()  # the dates of those titles (ISO), else the article's
    roles: frozenset[str] = frozenset()  # role IRIs
    countries: frozenset[str] = frozenset()  # the countries of their titles (IRIs)
    key: str = ""  # the IRI the article wrote

    @property
    def name(self) -> str:
        return slug(self.label)


def seen_in(lines: Iterable[tuple[str, str, str]]) -> list[Seen]:
    """The officials of one article's triples (terms as in N-Triples: `<iri>`, `"..."@vi`), one per name.

    A holding's IRI carries the name it was read for (`holding/{article}/{name}/{role}`), so
    an article whose graph already joined two forms of a name into one node (a named-graph
    output read back for `--into`) says the same as when it was first read.
    """
    labels: dict[str, set[str]] = defaultdict(set)
    holdings: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # holding -> predicate -> objects
    published = None
    for s, p, o in lines:
        if p == LABEL and OFFICIAL in s:
            labels[s].add(_lexical(o))
        elif p in HOLDING_FACTS and HOLDING in s:
            holdings[s][p].add(o)
        elif p == PUBLISHED:
            published = _lexical(o)
    by_name: dict[str, list[dict[str, set[str]]]] = defaultdict(list)
    for holding, facts in holdings.items():
        by_name[holding.rsplit("/", 2)[-2]].append(facts)
    out = {}
    for key in sorted(labels):
        for label in sorted(labels[key]):
            name = slug(label)
            if name in out:
                continue
            held = by_name.get(name, [])
            where = {p for h in held for p in h.get(PROVINCE) or {None}}
            province = where.pop().rsplit("/", 1)[1][:-1] if len(where) == 1 and None not in where else None
            when = {_lexical(d) for h in held for d in h.get(AS_OF, ())} or ({published} if published else set())
            out[name] = Seen(label, province, frozenset(when),
                             frozenset(r[1:-1] for h in held for r in h.get(ROLE, ())),
                             frozenset(c[1:-1] for h in held for c in h.get(ORGANIZATION, ()) if "/country/" in c),
                             key[1:-1])
    return list(out.values())


def _lexical(term: str) -> str:
    return term[1:term.rindex('"')] if term.startswith('"') else term


class Identities:
    """What every article says of its officials, and the nodes that follow from it."""

    def __init__(self) -> None:
        self.days: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))  # name -> province -> days
        self.articles: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))  # name -> province -> articles
        self.national: dict[str, Seen] = {}  # name -> what its national keys say (roles, countries joined)
        self.support: dict[str, int] = defaultdict(int)  # name -> how many articles' national keys
        self._joined: dict[str, str] | None = None

    def add(self, seen: Iterable[Seen]) -> None:
        self._joined = None
        for s in seen:
            name = s.name
            if s.province is not None:
                self.days[name][s.province] |= s.days
                self.articles[name][s.province] += 1
            else:
                self.support[name] += 1
                old = self.national.get(name)
                self.national[name] = s if old is None else Seen(  # the first label in order: whatever came first
                    min(old.label, s.label), None, roles=old.roles | s.roles, countries=old.countries | s.countries)

    def contested(self, name: str) -> bool:
        """Titles of two provinces held on one day, each province well attested: two people of one name."""
        return bool(self.apart(name))

    def apart(self, name: str) -> list[tuple[str, str]]:
        """The pairs of provinces whose titles of this name are held on one day, each well attested."""
        days, articles = self.days.get(name, {}), self.articles.get(name, {})
        least = sum(articles.values()) * ATTESTED
        held = sorted(p for p in days if days[p] and articles[p] >= least)
        return [(p, q) for i, p in enumerate(held) for q in held[i + 1:] if days[p] & days[q]]

    def final(self, label: str, province: str | None) -> str:
        """The slug of the node an article's key goes to (`official/{slug}`)."""
        name = slug(label)
        if province is not None and self.contested(name):
            return f"{name}--{slug(province)}"
        return self.joined().get(name, name)

    def why(self, label: str, province: str | None) -> str:
        """The rule that sent an article's key to its node, in words."""
        name = slug(label)
        if province is not None:
            if self.contested(name):
                pairs = "; ".join(f"{p} and {q}" for p, q in self.apart(name))
                return f"kept apart: titles of {pairs} held on the same day"
            return f"one name, one person: this article's titles are all of {province}"
        if name in self.joined():
            return f"a form of the foreign name {self.joined()[name]}: order, initials, hyphens or a letter"
        return "one name, one person"

    def joined(self) -> dict[str, str]:
        """Foreign names written in several forms: each form's slug -> the fullest form's."""
        if self._joined is None:
            self._joined = _join_forms({n: s for n, s in self.national.items() if _foreign(s.label)}, self.support)
        return self._joined


def _foreign(label: str) -> bool:
    return any("-" in w or w.endswith(".") or not vietnamese_shaped(w) for w in label.split())


def _words(label: str) -> tuple[str, ...]:
    """The words of a name, lower case, without marks or hyphens: "Chan-o-cha" -> "chanocha"."""
    bare = "".join(c for c in unicodedata.normalize("NFD", label.lower()) if unicodedata.category(c) != "Mn")
    return tuple(w.replace("-", "") for w in bare.split())


def _join_forms(names: dict[str, Seen], support: dict[str, int]) -> dict[str, str]:
    """Forms of one foreign name, by blocks of a shared first or last word (or the same words).

    The node is the fullest form: the most words, the fewest initials, then the one most
    articles write (a typo is rarer than the name), then the longest.
    """
    words = {n: _words(s.label) for n, s in names.items()}
    blocks: dict[tuple[str, ...] | str, list[str]] = defaultdict(list)
    for n, w in words.items():
        if len(w) >= 2:
            for block in {tuple(sorted(w)), "<" + w[0], ">" + w[-1]}:
                blocks[block].append(n)
    parent = {n: n for n in names}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for members in blocks.values():
        members.sort()
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if root(a) != root(b) and _same_person(words[a], words[b], names[a], names[b]):
                    parent[max(root(a), root(b))] = min(root(a), root(b))
    for a in sorted(names):  # a form cut short joins the one name it can be the start of
        if len(words[a]) >= 2:
            longer = {root(b) for b in blocks["<" + words[a][0]] if b != a
                      and _cut_short(words[a], words[b], names[a], names[b])}
            if len(longer) == 1:
                b = longer.pop()
                parent[max(root(a), b)] = min(root(a), b)
    groups: dict[str, list[str]] = defaultdict(list)
    for n in names:
        groups[root(n)].append(n)
    out = {}
    for members in groups.values():
        if len(members) > 1:
            fullest = min(members, key=lambda n: (-len(words[n]), sum(w.endswith(".") for w in words[n]),
                                                  -support[n], -len("".join(words[n])), n))
            out.update({n: fullest for n in members if n != fullest})
    return out


def _same_person(a: tuple[str, ...], b: tuple[str, ...], x: Seen, y: Seen) -> bool:
    """Two forms of one foreign name, and nothing they hold disagrees."""
    shares = bool(x.roles & y.roles or x.countries & y.countries)
    if x.roles and y.roles and not x.roles & y.roles or x.countries and y.countries and not x.countries & y.countries:
        return False
    if sorted(a) == sorted(b):
        return True  # the same words in another order, or hyphens apart
    if len(a) != len(b):
        return False
    differ = [(p, q) for p, q in zip(a, b) if p != q]
    if all(_initial_of(p, q) or _initial_of(q, p) for p, q in differ) and len(differ) < len(a):
        return True
    return (shares and len(differ) == 1 and min(map(len, differ[0])) >= TYPO_LETTERS
            and one_edit(*differ[0]))


def _cut_short(a: tuple[str, ...], b: tuple[str, ...], x: Seen, y: Seen) -> bool:
    """ "Moon Jae" for "Moon Jae-in" (written "Moon Jae in"): `a` is `b` without its last short
    syllable, and the two share a title or a country."""
    joined_a, joined_b = "".join(a), "".join(b)
    return (len(a) >= 2 and b[:len(a) - 1] == a[:-1] and joined_b.startswith(joined_a)
            and 0 < len(joined_b) - len(joined_a) <= 3 and bool(x.roles & y.roles or x.countries & y.countries))


def _initial_of(p: str, q: str) -> bool:
    return p.endswith(".") and len(p) == 2 and q.startswith(p[0]) and len(q) > 2
