"""JSON-LD as JSON-LD users read it: compact, with an inline `@context` of the vocabulary.

Oxigraph writes expanded JSON-LD (every key and value a full IRI in arrays of objects), which
pyld, rdflib and plain JSON code all read, but no one wants to: here the same graph is written
compact, as pyld's `compact` would, streaming, one node object per subject, from the triples
as they come (the build's merged N-Triples and its Turtle hold each subject's triples together),
so a graph of millions of triples is never held in memory and the bytes are the same every time.

The context names what the ontology says (ontology/vnkg.ttl): vnkg terms are bare (`@vocab`),
object properties take their IRIs as plain strings (`"holdsRole": "role/bi-thu-tinh-uy"`, relative
to the id base, `@base`), date properties their dates; labels are in Vietnamese (`@language: vi`),
so only another language or none needs a value object. It is inline, never a URL: reading the file
fetches nothing.

>>> import io, pyoxigraph as ox
>>> nt = b'<https://w3id.org/vnkg/id/official/a> <http://www.w3.org/2000/01/rdf-schema#label> "A"@vi .'
>>> out = io.BytesIO()
>>> write_jsonld(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), out)
>>> out.getvalue().decode().splitlines()[-2]
'{"@id": "official/a", "label": "A"}'
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from itertools import groupby
from typing import IO, Iterable

import pyoxigraph as ox

from kg.rdf.prefixes import PREFIXES
from kg.rdf.namespace import DEFAULT_BASE, VNKG

VOCAB = str(VNKG._NS)
XSD, RDF_TYPE = PREFIXES["xsd"], PREFIXES["rdf"] + "type"
# Properties of the other vocabularies the graph uses, by their short names (`label`, not `rdfs:label`).
ALIASES = {"label": ("rdfs", "label", None), "altLabel": ("skos", "altLabel", None),
           "sameAs": ("schema", "sameAs", "@id"), "startDate": ("schema", "startDate", "xsd:date"),
           "endDate": ("schema", "endDate", "xsd:date"), "datePublished": ("schema", "datePublished", "xsd:date"),
           "headline": ("schema", "headline", None), "publisher": ("schema", "publisher", "@id"),
           "wasDerivedFrom": ("prov", "wasDerivedFrom", "@id")}
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_PATH = re.compile(r"[^\s?#%\\]+")  # a path that resolves against the base to itself, and nothing else
_INTEGER = re.compile(r"-?(0|[1-9][0-9]{0,14})")  # canonical, and exact as a JSON number everywhere


@lru_cache(maxsize=1)
def context() -> dict:
    """The `@context`: prefixes, the id base, the default language, and each ontology property's
    kind of value (an IRI, a date, a string with no language)."""
    from kg.validate import ONTOLOGY

    owl, rdfs = PREFIXES["owl"], PREFIXES["rdfs"]
    kinds: dict[str, str] = {}
    ranges: dict[str, str] = {}
    for t in ox.parse(path=str(ONTOLOGY / "vnkg.ttl"), format=ox.RdfFormat.TURTLE):
        s, p, o = t.subject.value, t.predicate.value, t.object.value
        if s.startswith(VOCAB) and p == RDF_TYPE and o in (owl + "ObjectProperty", owl + "DatatypeProperty"):
            kinds[s[len(VOCAB):]] = o[len(owl):]
        elif s.startswith(VOCAB) and p == rdfs + "range" and isinstance(t.object, ox.NamedNode):
            ranges[s[len(VOCAB):]] = o
    ctx: dict = {"@base": DEFAULT_BASE, "@language": "vi", "@vocab": VOCAB, **PREFIXES}
    for name, kind in sorted(kinds.items()):
        if kind == "ObjectProperty":
            ctx[name] = {"@type": "@id"}
        elif ranges.get(name) == XSD + "date":
            ctx[name] = {"@type": "xsd:date"}
        elif ranges.get(name) == XSD + "string":
            ctx[name] = {"@language": None}
    for name, (prefix, local, kind) in ALIASES.items():
        ctx[name] = {"@id": f"{prefix}:{local}", **({"@type": kind} if kind else {})}
    return dict(sorted(ctx.items()))


@lru_cache(maxsize=1)
def _terms() -> tuple[dict[str, str], dict[str, dict]]:
    """(property IRI: its key), and each key's definition in the context."""
    ctx = context()
    keys, defs = {}, {}
    for name, value in ctx.items():
        if name.startswith("@") or isinstance(value, str):
            continue
        iri = _expand(value.get("@id", name), ctx)
        keys[iri], defs[name] = name, value
    return keys, defs


def _expand(term: str, ctx: dict) -> str:
    prefix, _, local = term.partition(":")
    return ctx[prefix] + local if local and isinstance(ctx.get(prefix), str) else VOCAB + term


@lru_cache(maxsize=1 << 16)  # entities, classes and properties come back in node after node
def _compact(iri: str, vocab: bool) -> str:
    """An IRI as short as it reads back the same: a vnkg name (where `@vocab` applies), a path under
    the id base (where `@base` applies), `prefix:name`, or whole."""
    if vocab and iri.startswith(VOCAB) and _NAME.fullmatch(iri[len(VOCAB):]) and iri[len(VOCAB):] not in context():
        return iri[len(VOCAB):]
    if not vocab and iri.startswith(DEFAULT_BASE):
        rest = iri[len(DEFAULT_BASE):]
        parts = rest.split("/")
        if _PATH.fullmatch(rest) and ":" not in parts[0] and not {"", ".", ".."} & set(parts):
            return rest
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and _NAME.fullmatch(iri[len(ns):]):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


@lru_cache(maxsize=4096)
def _key(predicate: str) -> str:
    keys = _terms()[0]
    return keys.get(predicate) or _compact(predicate, vocab=True)


def _value(term, coerce: str | None):
    """One object, in the shortest form the key's definition reads back as the same term."""
    if isinstance(term, ox.Literal):
        lang, datatype = term.language, term.datatype.value
        if lang:
            return term.value if lang == "vi" and coerce is None else {"@language": lang, "@value": term.value}
        if datatype == XSD + "string":
            return term.value if coerce == "no-language" else {"@value": term.value}
        if datatype == XSD + "integer" and _INTEGER.fullmatch(term.value):
            return int(term.value)
        if coerce == _compact(datatype, vocab=True):
            return term.value
        return {"@type": _compact(datatype, vocab=True), "@value": term.value}
    iri = f"_:{term.value}" if isinstance(term, ox.BlankNode) else _compact(term.value, vocab=False)
    return iri if coerce == "@id" else {"@id": iri}


@lru_cache(maxsize=4096)
def _coercion(key: str) -> str | None:
    definition = _terms()[1].get(key, {})
    if "@language" in definition:
        return "no-language"
    return definition.get("@type")


def _sort_key(value) -> tuple[int, str]:
    return (0, value) if isinstance(value, str) else (1, json.dumps(value, ensure_ascii=False, sort_keys=True))


def node(subject, pairs: Iterable[tuple]) -> dict:
    """The node object of one subject from its (predicate, object) pairs."""
    out: dict = {"@id": f"_:{subject.value}" if isinstance(subject, ox.BlankNode)
                 else _compact(subject.value, vocab=False)}
    types, values = set(), {}
    for predicate, obj in set(pairs):  # a triple given twice is one
        if predicate.value == RDF_TYPE and isinstance(obj, ox.NamedNode):
            types.add(_compact(obj.value, vocab=True))
            continue
        key = _key(predicate.value)
        values.setdefault(key, []).append(_value(obj, _coercion(key)))
    if types:
        out["@type"] = types.pop() if len(types) == 1 else sorted(types)
    for key in sorted(values):
        found = sorted(values[key], key=_sort_key)
        out[key] = found[0] if len(found) == 1 else found
    return out


def write_jsonld(triples: Iterable, fh: IO[bytes]) -> None:
    """The graph of `triples` (Oxigraph triples or quads; graph names are ignored: the merged graph)
    as compact JSON-LD: the context, then one node object a line, a subject's triples together."""
    terms = ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in context().items())
    fh.write(f'{{\n "@context": {{\n{terms}\n }},\n "@graph": [\n'.encode("utf-8"))
    first = True
    for subject, group in groupby(triples, key=lambda t: t.subject):
        line = json.dumps(node(subject, ((t.predicate, t.object) for t in group)), ensure_ascii=False)
        fh.write(f"{'' if first else ',' + chr(10)}{line}".encode("utf-8"))
        first = False
    fh.write(b"\n]}\n")
