"""Why a node is one node: the articles and spellings joined into it, the rule that joined them,
and the sentences its facts were read from (`kg explain IRI --graph G`).

Identity is decided by keys (README, "One graph across many articles"): every article that
writes the same key writes the same IRI, and the merge joins them. This reads a built graph
back and shows, for one IRI, what was joined and by which key rule, so a user who doubts a
merge (or a split) can see the evidence.

>>> print(_rule("https://w3id.org/vnkg/ontology#Conference"))
a conference is its date and core name (format words and purpose clauses left out); a core name with no word of its own takes the province of the body that holds it
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import QueryError
from kg.query import run_query
from kg.rdf.namespace import VNKG

RULES = {
    "Official": "one name is one person, unless titles of two provinces are held on the same day "
                "(official/name--province); forms of a foreign name whose titles and countries agree are one",
    "Conference": "a conference is its date and core name (format words and purpose clauses left out); "
                  "a core name with no word of its own takes the province of the body that holds it",
    "Resolution": "a resolution is its number and suffix, with the term when the issuer numbers anew each "
                  "term and the article gives the term or a date; a plenum's or congress's by its body and term",
    "Role": "a title is its canonical form in kg/data/roles.tsv, with the body or place it belongs to",
    "Province": "a province is its name in kg/data/provinces.tsv (old and new names: vnkg:mergedInto)",
    "Country": "a country is its name in kg/data/countries.tsv",
    "Organization": "a body is its canonical name in the tables, or the name read from its shape",
}

ABOUT = """
PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?type ?label ?alt WHERE {
  ?node a ?type . FILTER(STRSTARTS(STR(?type), STR(vnkg:)))
  OPTIONAL { ?node rdfs:label ?label }
  OPTIONAL { ?node skos:altLabel ?alt }
}"""

ARTICLES = """
PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
PREFIX schema: <https://schema.org/>
SELECT DISTINCT ?article ?file ?headline WHERE {
  ?article vnkg:mentions|vnkg:reports ?node ; vnkg:sourceFile ?file .
  OPTIONAL { ?article schema:headline ?headline }
} ORDER BY ?file"""

FACTS = """
PREFIX vnkg: <https://w3id.org/vnkg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?fact ?type ?file ?who ?what ?evidence WHERE {
  ?fact vnkg:official|vnkg:role|vnkg:conference ?node ; a ?type ; prov:wasDerivedFrom ?article ;
        vnkg:evidence ?evidence .
  ?article vnkg:sourceFile ?file .
  OPTIONAL { ?fact vnkg:official/rdfs:label ?who }
  OPTIONAL { ?fact (vnkg:role|vnkg:conference)/rdfs:label ?what }
} ORDER BY ?file ?fact"""


@dataclass
class Explanation:
    iri: str
    kind: str
    label: str
    spellings: list[str]
    articles: list[tuple[str, str]]  # (source file, headline)
    facts: list[tuple[str, str, str, str]] = field(default_factory=list)  # (file, kind of fact, who → what, sentence)
    joined: list[tuple[str, str, str]] = field(default_factory=list)  # (article, what it wrote, why it is here)

    def text(self) -> str:
        lines = [f"{self.iri}", f"  {self.kind}: {self.label}",
                 f"  key rule: {_rule(str(VNKG) + self.kind)}",
                 f"  spellings joined ({len(self.spellings)}): " + ("; ".join(self.spellings) or "none"),
                 f"  articles ({len(self.articles)}):"]
        lines += [f"    {file}" + (f" — {headline}" if headline else "") for file, headline in self.articles]
        if self.joined:
            lines.append(f"  who is who ({len(self.joined)} articles' mentions):")
            lines += [f"    {article}: {wrote} — {why}" for article, wrote, why in self.joined]
        if self.facts:
            lines.append(f"  facts read from ({len(self.facts)}):")
            lines += [f"    {file} [{kind}] {who}: {sentence}" for file, kind, who, sentence in self.facts]
        return "\n".join(lines)


def _rule(type_iri: str) -> str:
    return RULES.get(type_iri.rsplit("#", 1)[-1], "a node of its own key")


def explain(graph_file: Path, iri: str, store_dir: Path | None = None) -> Explanation:
    """What was joined into the node `iri` of the graph, and why."""
    params = {"node": f"<{iri.strip('<>')}>"}
    about = run_query(graph_file, ABOUT, params, store_dir).rows
    if not about:
        raise QueryError(f"{iri}: no such node of the vnkg vocabulary in {graph_file}")
    kind = str(about[0]["type"]).rsplit("#", 1)[-1]
    label = next((str(r["label"]) for r in about if r.get("label") is not None), "")
    spellings = sorted({str(r["alt"]) for r in about if r.get("alt") is not None})
    articles = [(str(r["file"]), str(r["headline"]) if r.get("headline") is not None else "")
                for r in run_query(graph_file, ARTICLES, params, store_dir).rows]
    facts = [(str(r["file"]), str(r["type"]).rsplit("#", 1)[-1],
              " → ".join(str(r[k]) for k in ("who", "what") if r.get(k) is not None), str(r["evidence"]))
             for r in run_query(graph_file, FACTS, params, store_dir).rows]
    joined = _who_is_who(graph_file, iri.strip("<>")) if kind == "Official" else []
    return Explanation(iri.strip("<>"), kind, label, spellings, articles, facts, joined)


def _who_is_who(graph_file: Path, iri: str) -> list[tuple[str, str, str]]:
    """Each article's mention that went into the official `iri`, and the identity rule that sent it
    there, decided again from the per-article record (`kg.identity`)."""
    from kg.build import Format, find_record, load_corpus
    from kg.identity import OFFICIAL, Identities, seen_in
    from kg.spool import _record_articles

    if Format.of(graph_file).per_article:
        corpus = load_corpus(graph_file)
        articles = [(str(a), seen_in((s.n3(), p.n3(), o.n3()) for s, p, o in t)) for a, t in corpus.articles.items()]
    elif find_record(graph_file).exists():
        articles = [(a, seen_in(line[:-3].split(" ", 2) for line in lines))
                    for a, lines in _record_articles(find_record(graph_file))]
    else:
        return []
    people = Identities()
    for _, seen in articles:
        people.add(seen)
    out = []
    for article, seen in sorted(articles):
        for s in seen:
            if f"{s.key[:s.key.index(OFFICIAL) + len(OFFICIAL)]}{people.final(s.label, s.province)}" == iri:
                wrote = s.label + (f" (titles of {s.province})" if s.province else "")
                out.append((article.rsplit("/", 1)[-1], wrote, people.why(s.label, s.province)))
    return out
