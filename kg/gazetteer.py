"""The knowledge tables of kg/data/, loaded once into fast matchers.

Every table is plain TSV that a domain expert can extend (kg/data/README.md).
A `Lexicon` compiles its phrases into one trie-shaped regular expression, so
finding every role title in an article costs one scan, whatever the size of
the vocabulary; the lexicons of common lower-case phrases (titles, bodies, verbs,
event nouns) share one Aho-Corasick scan of the article instead (`SharedScan`).

>>> lex = Lexicon({"bí thư tỉnh ủy": ["secretary"]})
>>> [(m.start, m.end, m.entries) for m in lex.find("ông là bí thư tỉnh ủy")]
[(7, 21, ['secretary'])]
"""
from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Callable, Iterator, NamedTuple

from kg.tables import rows, words
from kg.text import canonical

WORD = r"[^\W_]"


@lru_cache(maxsize=16)
def lower(text: str) -> str:
    """Lower case that keeps the length (offsets stay valid); cached, as every lookup asks for it."""
    fast = text.lower()
    if len(fast) == len(text):
        return fast
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def word_hits(pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None,
              is_word: Callable[[str], bool] = _is_word) -> Iterator[re.Match[str]]:
    """The matches of `pattern` that do not start inside a word.

    The pattern has no look-behind in front: one that starts with a branch of letters
    lets re skip ahead by first character, and the letter before a hit is checked here,
    after it (1.5-2.5 times faster than a look-behind tried at every position).
    """
    end = len(text) if end is None else end
    m = pattern.search(text, start, end)
    while m:
        at = m.start()
        if at > 0 and is_word(text[at - 1]):
            m = pattern.search(text, at + 1, end)  # inside a word: look again one letter on
            continue
        yield m
        m = pattern.search(text, m.end(), end)


def trie_pattern(words: list[str]) -> str:
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = True

    def render(node: dict[str, Any]) -> str:
        end = node.get("") is True
        branches = [re.escape(ch) + render(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if end else body

    return render(trie)


class SharedScan:
    """One Aho-Corasick automaton for several lexicons that match the same text.

    An article is scanned once for all of them (titles, bodies, verbs, event nouns on the
    lower-cased text; provinces, countries, acronyms, head nouns on the text as written),
    and a lexicon asked again for a span (a sentence, a clause) reads the hits of that one
    scan. Each hit is kept with whether a letter or digit follows it.
    """

    def __init__(self, lexicons: list[Lexicon]):
        import ahocorasick  # a C automaton from PyPI (pyahocorasick)

        owners: dict[str, list[int]] = {}
        assert len({lexicon.case_sensitive for lexicon in lexicons}) == 1, "one scan reads one haystack"
        for i, lexicon in enumerate(lexicons):
            for phrase in lexicon.entries:
                owners.setdefault(phrase, []).append(i)
            lexicon.shared = (self, i)
        self.size = len(lexicons)
        self.automaton = ahocorasick.Automaton()
        for phrase, ids in owners.items():
            self.automaton.add_word(phrase, (len(phrase), tuple(ids)))
        self.automaton.make_automaton()
        self.hits = lru_cache(maxsize=2)(self._hits)  # the article at hand: every stage asks again

    def _hits(self, haystack: str) -> list[tuple[list[tuple[int, int, bool]], list[int]]]:
        """For each lexicon: its hits (start, end, not followed by a letter), by end, and their ends.
        A hit that starts inside a word is no hit of any lexicon: it is left out here."""
        per: list[list[tuple[int, int, bool]]] = [[] for _ in range(self.size)]
        size = len(haystack)
        for last, (n, ids) in self.automaton.iter(haystack):
            stop = last + 1
            at = stop - n
            if at and haystack[at - 1].isalnum():
                continue  # starts inside a word: no lexicon takes it (re's [^\W_] is str.isalnum)
            hit = (at, stop, stop == size or not haystack[stop].isalnum())
            for i in ids:
                per[i].append(hit)
        return [(hits, [h[1] for h in hits]) for hits in per]


class Match(NamedTuple):  # a tuple: made hundreds of times an article, cheaper than a frozen dataclass
    start: int
    end: int
    entries: list[Any]


class Lexicon:
    """Phrases to entries, matched on word boundaries, longest first.

    `case_sensitive=False` matches on lower-cased text; phrases are given in
    canonical tone placement.
    """

    def __init__(self, phrases: dict[str, list[Any]], case_sensitive: bool = False):
        self.case_sensitive = case_sensitive
        self.entries = {self._key(p): e for p, e in phrases.items() if p.strip()}
        body = trie_pattern(sorted(self.entries, key=len, reverse=True)) if self.entries else r"(?!x)x"
        # no look-behind in front: `word_hits` checks the letter before a hit
        self.pattern = re.compile(rf"(?:{body})(?!{WORD})")
        # set by `SharedScan`: one Aho-Corasick scan of the article serves this lexicon's `find`
        # (faster than the trie regex for phrases of common lower-case words); the regex stays for `match_at`
        self.shared: tuple[SharedScan, int] | None = None

    def _key(self, phrase: str) -> str:
        phrase = canonical(phrase)
        return phrase if self.case_sensitive else lower(phrase)

    def find(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """The phrases in `text[start:end]` on word boundaries, left to right, longest first.

        `word_hits` written out: every scan of a lexicon over an article passes here, and a
        generator inside a generator costs a frame switch more per hit.
        """
        haystack = text if self.case_sensitive else lower(text)
        end = len(haystack) if end is None else end
        if self.shared is not None:
            return iter(self._shared_scan(haystack, start, end))
        return self._search(haystack, start, end)

    def _search(self, haystack: str, start: int, end: int) -> Iterator[Match]:
        """`find` by the trie regex."""
        search, entries = self.pattern.search, self.entries
        m = search(haystack, start, end)
        while m:
            at = m.start()
            if at > 0 and haystack[at - 1].isalnum():
                m = search(haystack, at + 1, end)  # inside a word: look again one letter on
                continue
            yield Match(at, m.end(), entries[m.group(0)])
            m = search(haystack, m.end(), end)

    def _shared_scan(self, haystack: str, start: int, end: int, text: str | None = None) -> list[Match]:
        """`find` read from the shared scan of the whole text, with the regex's rules: of the hits
        that lie in the span, at each start the longest not followed by a letter or digit, none
        overlapping the one before. With `text` (the text before lower-casing), only the hits
        that start with a capital."""
        scan, i = self.shared
        hits, stops = scan.hits(haystack)[i]
        lo, hi = bisect.bisect_right(stops, start), bisect.bisect_right(stops, end)
        # the hits that may be matches; most spans asked for (a sentence, the inside of a body just
        # found, which holds that body's own hit) keep none or one: no need to order them
        kept = [h for h in hits[lo:hi] if h[0] >= start and (h[2] or h[1] >= end)
                and (text is None or text[h[0]] != haystack[h[0]])]
        if len(kept) < 2:
            return [Match(at, stop, self.entries[haystack[at:stop]]) for at, stop, _ in kept]
        longest: dict[int, int] = {}
        for at, stop, _ in kept:
            if longest.get(at, 0) < stop:
                longest[at] = stop
        out, pos, entries = [], start, self.entries
        for at in sorted(longest):
            if at >= pos:
                pos = longest[at]
                out.append(Match(at, pos, entries[haystack[at:pos]]))
        return out

    def find_capitalised(self, text: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        """The hits of `find` that start with a capital letter, found faster (capitals are rare).

        For a case-insensitive lexicon: the phrase's first letter must be a capital in the
        text, the rest may be in any case ("Ủy ban nhân dân", "Ủy Ban Nhân Dân").
        """
        if self.shared is not None:  # case-sensitive: every hit (the regex's `_capitalised` is its pattern)
            haystack = text if self.case_sensitive else lower(text)
            return iter(self._shared_scan(haystack, start, len(haystack) if end is None else end,
                                          None if self.case_sensitive else text))
        key = (lambda hit: hit) if self.case_sensitive else lower.__wrapped__  # uncached: short strings
        return (Match(m.start(), m.end(), self.entries[key(m.group(0))])
                for m in word_hits(self._capitalised(), text, start, end))

    @cache
    def _capitalised(self) -> re.Pattern[str]:
        if self.case_sensitive:
            return self.pattern
        by_first: dict[str, list[str]] = {}
        for phrase in self.entries:
            if phrase[:1].upper() != phrase[:1]:  # a first letter with a capital
                by_first.setdefault(phrase[0], []).append(phrase[1:])
        branches = [f"{re.escape(first.upper())}(?i:{trie_pattern(sorted(rests, key=len, reverse=True))})"
                    for first, rests in sorted(by_first.items())]
        return re.compile(rf"(?:{'|'.join(branches) or '(?!x)x'})(?!{WORD})")

    def match_at(self, text: str, pos: int) -> Match | None:
        haystack = text if self.case_sensitive else lower(text)
        if pos > 0 and _is_word(haystack[pos - 1]):
            return None
        m = self.pattern.match(haystack, pos)
        return Match(m.start(), m.end(), self.entries[m.group(0)]) if m else None


# ---------------------------------------------------------------- tables
def cell(row: list[str], i: int) -> str:
    return row[i] if i < len(row) else ""


def _alts(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


@dataclass(frozen=True)
class Province:
    name: str
    code: str
    kind: str  # "tỉnh" | "thành phố"
    status: str  # old | both | new
    successor: str
    variants: tuple[str, ...]
    wikidata: str = ""


@dataclass(frozen=True)
class Country:
    name: str
    iso: str
    strict: bool
    variants: tuple[str, ...]
    wikidata: str = ""
    surnames: tuple[str, ...] = ()  # short forms that are also family names ("Hàn"): strict, before a foreign name


@dataclass(frozen=True)
class OrgEntry:
    name: str  # canonical name, or a template with {province}
    kind: str
    variants: tuple[str, ...]
    provincial: bool = False
    unit: str = ""  # tỉnh / thành phố for provincial templates
    wikidata: str = ""


@dataclass(frozen=True)
class RoleEntry:
    title: str  # canonical title
    scope: str  # none | province | body | country
    body: str  # organisation name or template with {province}
    unit: str = ""  # tỉnh / thành phố for province roles
    variants: tuple[str, ...] = ()
    needs: str = ""  # "province" / "country": these spellings count only with one written right after

    def spellings(self) -> tuple[str, ...]:
        """The forms the lexicon looks for: a `needs` entry only carries its own variants."""
        return self.variants if self.needs else (self.title, *self.variants)


@dataclass(frozen=True)
class Verb:
    phrase: str
    kinds: tuple[str, ...]
    not_before: tuple[str, ...] = ()  # syllables that make a compound when they follow
    not_after: tuple[str, ...] = ()  # words that make it a noun when they precede


UNITS = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy"}
NEEDS = re.compile(r"\s*\{(province|country)\}$")  # a spelling that counts only before a province / country


FIELD_JOIN = re.compile(r" và | - |, ")  # between the fields a ministry's name lists
JOIN_FORMS = (" ", " - ")  # how the news also joins them: "Bộ Thông tin Truyền thông", "Bộ Tài nguyên - Môi trường"


def _joined_otherwise(name: str) -> set[str]:
    """The name with each join of its fields ("và", a dash, a comma) kept or written as another."""
    parts = FIELD_JOIN.split(name)
    joins = FIELD_JOIN.findall(name)
    out = set()
    for chosen in itertools.product(*[(j, *JOIN_FORMS) for j in joins]):
        out.add(parts[0] + "".join(j + part for j, part in zip(chosen, parts[1:])))
    return out


def _ministry_forms(ministry: OrgEntry) -> list[str]:
    """How a title writes its ministry besides the full name: its fields joined otherwise, the
    abbreviation, with spaces around "&" ("Bộ NN & PTNT"), and without "Bộ" ("Bộ trưởng Tư pháp",
    "Thứ trưởng NN&PTNT")."""
    forms = {*_joined_otherwise(ministry.name), *ministry.variants}
    forms |= {re.sub(r"\s*&\s*", " & ", f) for f in forms if "&" in f}
    forms |= {f.removeprefix("Bộ ") for f in forms if f.startswith("Bộ ")}
    return sorted(forms - {ministry.name})


def _role_entries(title: str, scope: str, body: str, unit: str, variants: list[str]) -> list[RoleEntry]:
    """One role's entries: the plain spellings, and those marked to need a province or a
    country after them ("Bí thư {province}": "Bí thư Hà Nội", never "Bí thư" alone)."""
    plain = tuple(dict.fromkeys(v for v in variants if not NEEDS.search(v)))
    marked: dict[str, list[str]] = {}
    for v in (title, *variants):
        need = NEEDS.search(v)
        if need:
            marked.setdefault(need.group(1), []).append(v[:need.start()])
    clean = NEEDS.sub("", title)
    out = [] if NEEDS.search(title) else [RoleEntry(clean, scope, body, unit, plain)]
    out += [RoleEntry(clean, scope, body, unit, tuple(dict.fromkeys(vs)), need) for need, vs in marked.items()]
    return out


@cache
def _abbreviations() -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in rows("abbreviations.tsv")]


@cache
def _short_forms() -> list[tuple[re.Pattern[str], str]]:
    return [(re.compile(rf"(?<!{WORD}){re.escape(short)}(?!{WORD})"), full) for short, full in _abbreviations()]


def spellings(phrase: str) -> set[str]:
    """A phrase with each abbreviation written short and long.

    >>> sorted(spellings("Chủ tịch UBND tỉnh"))
    ['Chủ tịch UBND tỉnh', 'Chủ tịch Ủy ban nhân dân tỉnh']
    """
    out = {phrase}
    for (pattern, full), (short, _) in zip(_short_forms(), _abbreviations()):
        folded = full.lower()
        for p in list(out):
            if short in p and pattern.search(p):  # the substring test first: most phrases lack most
                out.add(pattern.sub(full, p))
            i = p.lower().find(folded)
            if i >= 0:
                out.add(p[:i] + short + p[i + len(full):])
    return out


@lru_cache(maxsize=16384)
def expand_full(phrase: str) -> str:
    """The phrase with every abbreviation written in full (a label's long form)."""
    for (pattern, full), (short, _) in zip(_short_forms(), _abbreviations()):
        if short in phrase:  # a substring test first: most labels hold few abbreviations
            phrase = pattern.sub(full, phrase)
    return phrase


def _options(template: str) -> Iterator[dict[str, bool]]:
    groups = sorted(set(re.findall(r"\{([^{}]*\s[^{}]*)\}", template)))
    for choice in itertools.product([False, True], repeat=len(groups)):
        yield dict(zip(groups, choice))


def _apply(template: str, options: dict[str, bool], fill: dict[str, str]) -> str:
    for group, on in options.items():
        template = template.replace("{" + group + "}", group if on else "")
    for key, value in fill.items():
        template = template.replace("{" + key + "}", value)
    return re.sub(r"\s+", " ", template).strip()


@cache
def load() -> "Knowledge":
    """The tables of kg/data/, parsed and compiled once per process."""
    return Knowledge()


class Knowledge:
    """Parsed tables and their compiled matchers."""

    def __init__(self) -> None:
        self.provinces: dict[str, Province] = {}
        for r in rows("provinces.tsv"):
            code, name, kind, variants, status, successor, wikidata = (r + [""] * 7)[:7]
            self.provinces[name] = Province(name, code, kind, status, successor, tuple(_alts(variants)), wikidata)
        self.countries: dict[str, Country] = {}
        for r in rows("countries.tsv"):
            name, variants, iso, context, wikidata = (r + [""] * 5)[:5]
            alts = _alts(variants)
            self.countries[name] = Country(name, iso, context == "strict", tuple(a.lstrip("~") for a in alts),
                                           wikidata, tuple(a[1:] for a in alts if a.startswith("~")))
        self.organizations: dict[str, OrgEntry] = {}
        for r in rows("organizations.tsv"):
            self.organizations[r[0]] = OrgEntry(r[0], cell(r, 2), tuple(_alts(cell(r, 1))), wikidata=cell(r, 3))
        self.provincial: list[OrgEntry] = []
        for r in rows("provincial_bodies.tsv"):
            per_unit = "{unit}" in r[0] or "{committee}" in r[0]
            for unit, committee in (UNITS.items() if per_unit else [("", "")]):
                fill = {"unit": unit, "committee": committee}
                name = _apply(r[0], {}, fill)
                variants = tuple(_apply(v, {}, fill) for v in _alts(cell(r, 1)))
                self.provincial.append(OrgEntry(name, cell(r, 2), variants, True, unit))
        self.surnames = frozenset(words("surnames.txt"))
        self.prefixes = {r[0]: cell(r, 1) for r in rows("prefixes.tsv")}
        self.title_links: dict[str, tuple[str, ...]] = {}  # kind -> links (title_links.tsv)
        for r in rows("title_links.tsv"):
            self.title_links[cell(r, 1)] = (*self.title_links.get(cell(r, 1), ()), r[0])
        self.verbs = [Verb(r[0], tuple(_alts(cell(r, 1))), tuple(_alts(cell(r, 2))), tuple(_alts(cell(r, 3))))
                      for r in rows("participation.tsv")]
        self.events = {r[0]: cell(r, 1) for r in rows("events.tsv")}
        self.country_cues = words("country_cues.txt")
        self.clause_verbs = words("clause_verbs.txt")
        self.interview_cues = words("interview_cues.txt")
        self.roles = self._expand_roles()
        head_rows = rows("role_heads.tsv")
        heads = [r[0] for r in head_rows]
        self.department_heads = {r[0]: cell(r, 1) for r in head_rows if cell(r, 1)}  # "Vụ trưởng" -> "Vụ"
        alternatives = "|".join(re.escape(h) for h in sorted(heads, key=len, reverse=True))
        self.role_head_before = re.compile(rf"(?:(?<![^\W_])[Pp]hó\s+)?(?<![^\W_])(?:{alternatives})\s+$", re.I)
        self._build_matchers()

    # ------------------------------------------------------------ roles
    def _expand_roles(self) -> list[RoleEntry]:
        ministries = [o.name for o in self.organizations.values() if o.kind == "ministry"]
        ministry_forms = {o.name: _ministry_forms(o) for o in self.organizations.values() if o.kind == "ministry"}
        departments = sorted({o.name.replace(" {province}", "") for o in self.provincial if o.kind == "department"})
        roles: list[RoleEntry] = []
        for r in rows("roles.tsv"):
            title, variants, scope, body = r[0], _alts(cell(r, 1)), cell(r, 2) or "none", cell(r, 3)
            fills: list[dict[str, str]] = [{}]
            text = " ".join([title, body, *variants])
            if "{ministry}" in text:
                fills = [{"ministry": m} for m in ministries]
            elif "{department}" in text:
                fills = [{"department": d} for d in departments]
            elif "{unit}" in text or "{committee}" in text:
                fills = [{"unit": u, "committee": c} for u, c in UNITS.items()]
            for fill in fills:
                for options in _options(title):
                    t = _apply(title, options, fill)
                    vs = [_apply(v, options, fill) for v in variants]
                    if "ministry" in fill:  # "Bộ trưởng Tư pháp", "Thứ trưởng Bộ NN & PTNT"
                        vs += [_apply(v, options, {"ministry": form}) for v in (title, *variants) if "{ministry}" in v
                               for form in ministry_forms[fill["ministry"]]]
                    b = _apply(body, {}, fill)
                    roles.extend(_role_entries(t, scope, b, fill.get("unit", ""), vs))
        return roles

    # ------------------------------------------------------------ matchers
    def _build_matchers(self) -> None:
        prov: dict[str, list[Any]] = {}
        for p in self.provinces.values():
            for name in (p.name, *p.variants):
                prov.setdefault(name, []).append(p)
        self.province_lexicon = Lexicon(prov, case_sensitive=True)

        countries: dict[str, list[Any]] = {}
        for c in self.countries.values():
            for name in (c.name, *c.variants):
                countries.setdefault(name, []).append(c)
        self.country_lexicon = Lexicon(countries, case_sensitive=True)

        orgs: dict[str, list[Any]] = {}
        acronyms: dict[str, list[Any]] = {}
        for o in self.organizations.values():
            for name in (o.name, *o.variants):
                for spelling in spellings(name):
                    target = acronyms if spelling.isupper() or re.fullmatch(r"[A-ZĐ0-9&\-.]+", spelling) else orgs
                    target.setdefault(spelling, []).append(o)
        for o in self.provincial:
            for name in (o.name, *o.variants):
                for spelling in spellings(name.replace(" {province}", "")):
                    orgs.setdefault(spelling, []).append(o)
        self.org_lexicon = Lexicon(orgs)
        self.acronym_lexicon = Lexicon(acronyms, case_sensitive=True)

        roles: dict[str, list[Any]] = {}
        for role in self.roles:
            for name in role.spellings():
                for spelling in spellings(name):
                    if role not in roles.setdefault(spelling, []):  # one entry once: no dedup a hit
                        roles[spelling].append(role)
        self.role_lexicon = Lexicon(roles)
        # the entry lists with a spelling that needs a province or country after it: looked up per hit
        self.role_lists_needing = frozenset(id(v) for v in self.role_lexicon.entries.values() if any(e.needs for e in v))
        # per entry list, what every hit of its spelling asks: the scopes, and whether all need a province
        self.role_list_scopes = {id(v): frozenset(e.scope for e in v) for v in self.role_lexicon.entries.values()}
        self.role_lists_all_province = frozenset(id(v) for v in self.role_lexicon.entries.values()
                                                 if all(e.needs == "province" for e in v))

        self.prefix_lexicon = Lexicon({p: [k] for p, k in self.prefixes.items()}, case_sensitive=True)
        verbs: dict[str, list[Any]] = {}
        for v in self.verbs:
            verbs.setdefault(v.phrase, []).append(v)
        self.verb_lexicon = Lexicon(verbs)
        self.event_lexicon = Lexicon({e: [k] for e, k in self.events.items()})
        self.shared_scan = SharedScan([self.org_lexicon, self.role_lexicon, self.verb_lexicon, self.event_lexicon])
        # the names written with capitals: one scan of the text as written (the regex tried every letter)
        self.head_lexicon = Lexicon({r[0]: [cell(r, 1)] for r in rows("org_heads.tsv")}, case_sensitive=True)
        self.cased_scan = SharedScan([self.province_lexicon, self.country_lexicon, self.acronym_lexicon,
                                      self.head_lexicon])
