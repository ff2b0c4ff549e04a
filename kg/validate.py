"""Check a graph against the SHACL shapes of ontology/shapes.ttl.

Each constraint of the shapes becomes one SPARQL query, run in Oxigraph (in memory, or in a
persistent store with `store_dir`), so a graph too big for rdflib is checked too. The shapes
use a small part of SHACL: target classes, and on a property path `minCount`, `maxCount`,
`datatype`, `languageIn`, `minLength`, `class`, `or` of classes, `nodeKind sh:IRI`, `pattern`,
`minInclusive` and `in`; a shape with anything else is refused, not skipped. The tests hold the
answers to pySHACL's on graphs broken in every one of these ways (`engine="shacl"` runs it).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.errors import GraphError

ONTOLOGY = Path(__file__).parent / "ontology"
KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.languageIn, SH.minLength, SH["class"], SH["or"],
         SH.nodeKind, SH.pattern, SH.minInclusive, SH["in"], SH.message}


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str
    message: str


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape, as a query that lists the nodes that break it."""

    query: str
    path: str
    message: str


def checks(shapes: Graph | None = None) -> list[Check]:
    """The shapes' constraints as SPARQL queries (SELECT ?focus)."""
    shapes = shapes or Graph().parse(ONTOLOGY / "shapes.ttl")
    out = []
    for shape in sorted(shapes.subjects(RDF.type, SH.NodeShape)):
        targets = " ".join(f"<{c}>" for c in sorted(shapes.objects(shape, SH.targetClass)))
        for prop in sorted(shapes.objects(shape, SH.property), key=lambda p: str(shapes.value(p, SH.path))):
            unknown = {p for p, _ in shapes.predicate_objects(prop)} - KNOWN
            if unknown:
                raise GraphError(f"shapes.ttl: {', '.join(sorted(map(str, unknown)))} is not checked by kg validate")
            path = shapes.value(prop, SH.path)
            said = shapes.value(prop, SH.message)
            for test, message in _constraints(shapes, prop):
                where, _, having = test.replace("PATH", f"<{path}>").partition(" HAVING ")
                query = f"SELECT DISTINCT ?focus WHERE {{ VALUES ?class {{ {targets} }} ?focus a ?class . {where} }}"
                if having:
                    query += f" GROUP BY ?focus HAVING {having}"
                out.append(Check(query, str(path), str(said) if said else message))
    return out


def _constraints(shapes: Graph, prop) -> list[tuple[str, str]]:
    value = lambda p: shapes.value(prop, p)  # noqa: E731
    values = "?focus PATH ?v ."
    found = []
    if value(SH.minCount) is not None:
        n = int(value(SH.minCount))
        found.append((f"OPTIONAL {{ ?focus PATH ?v }} HAVING (COUNT(DISTINCT ?v) < {n})",
                      f"fewer than {n} value(s)"))
    if value(SH.maxCount) is not None:
        n = int(value(SH.maxCount))
        found.append((f"{values} HAVING (COUNT(DISTINCT ?v) > {n})", f"more than {n} value(s)"))
    if value(SH.datatype) is not None:
        found.append((f"{values} FILTER(!isLiteral(?v) || DATATYPE(?v) != <{value(SH.datatype)}>)",
                      f"a value that is not a {value(SH.datatype).n3(shapes.namespace_manager)}"))
    if value(SH.languageIn) is not None:
        tags = ", ".join(Literal(t).n3() for t in Collection(shapes, value(SH.languageIn)))
        found.append((f"{values} FILTER(LANG(?v) NOT IN ({tags}))", f"a language other than {tags}"))
    if value(SH.minLength) is not None:
        n = int(value(SH.minLength))
        found.append((f"{values} FILTER(STRLEN(STR(?v)) < {n})", f"a value shorter than {n}"))
    if value(SH["class"]) is not None:
        found.append((f"{values} FILTER NOT EXISTS {{ ?v a <{value(SH['class'])}> }}",
                      f"a value that is not a {value(SH['class']).n3(shapes.namespace_manager)}"))
    if value(SH["or"]) is not None:
        classes = [shapes.value(option, SH["class"]) for option in Collection(shapes, value(SH["or"]))]
        if None in classes or any(set(shapes.predicates(o)) != {SH["class"]} for o in Collection(shapes, value(SH["or"]))):
            raise GraphError("shapes.ttl: kg validate checks sh:or of sh:class only")
        tests = " && ".join(f"NOT EXISTS {{ ?v a <{c}> }}" for c in classes)
        found.append((f"{values} FILTER({tests})",
                      "a value of none of " + ", ".join(c.n3(shapes.namespace_manager) for c in classes)))
    if value(SH.nodeKind) is not None:
        if value(SH.nodeKind) != SH.IRI:
            raise GraphError("shapes.ttl: kg validate checks sh:nodeKind sh:IRI only")
        found.append((f"{values} FILTER(!isIRI(?v))", "a value that is not an IRI"))
    if value(SH.pattern) is not None:
        found.append((f"{values} FILTER(!REGEX(STR(?v), {Literal(str(value(SH.pattern))).n3()}))",
                      f"a value not matching {value(SH.pattern)}"))
    if value(SH.minInclusive) is not None:
        found.append((f"{values} FILTER(!(?v >= {value(SH.minInclusive).n3()}))",
                      f"a value below {value(SH.minInclusive)}"))
    if value(SH["in"]) is not None:
        allowed = list(Collection(shapes, value(SH["in"])))
        listed = ", ".join(a.n3() for a in allowed)
        found.append((f"{values} FILTER(?v NOT IN ({listed}))",
                      "a value not in " + ", ".join(a.n3(shapes.namespace_manager) for a in allowed)))
    return found


def validate(graph_file: Path, store_dir: Path | None = None, engine: str = "oxigraph") -> list[Violation]:
    """The shapes' violations in the graph (empty: it conforms)."""
    if engine == "shacl":
        return _pyshacl(graph_file)
    from kg.query import oxigraph_store

    store = oxigraph_store(graph_file, store_dir)
    out = set()
    for check in checks():
        for solution in store.query(check.query, use_default_graph_as_union=True):
            out.add(Violation(solution["focus"].value, check.path, check.message))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


def _pyshacl(graph_file: Path) -> list[Violation]:
    """pySHACL's answer (rdflib, in memory): the reference the tests hold the queries to."""
    from pyshacl import validate as shacl

    from kg.graphio import load_graph

    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    ontology = Graph().parse(ONTOLOGY / "vnkg.ttl")
    _, report, _ = shacl(load_graph(graph_file), shacl_graph=shapes, ont_graph=ontology, inference="none")
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        out.append(Violation(str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath) or ""),
                             str(report.value(result, SH.resultMessage) or "")))
    return sorted(out, key=lambda v: (v.focus, v.path, v.message))


__all__ = ["Check", "URIRef", "Violation", "checks", "validate"]
