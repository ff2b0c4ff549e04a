"""Check a graph against the SHACL shapes of ontology/shapes.ttl.

Each constraint of the shapes becomes one SPARQL query, run in Oxigraph (in memory, or in a
persistent store with `store_dir`), so a graph too big for rdflib is checked too. The shapes
use a small part of SHACL: target classes, and on a property path `minCount`, `maxCount`,
`datatype`, `languageIn`, `minLength`, `class`, `or` of classes, `nodeKind sh:IRI`, `pattern`,
`minInclusive` and `in`; a shape with anything else is refused, not skipped. The tests hold the
answers to pySHACL's on graphs broken in every one of these ways (`engine="shacl"` runs it).

A per-article dataset (TriG, N-Quads) is checked as the graph the Turtle build would hold: its
named graphs merged by the build engine (each article names a conference in its own words; the
merged graph keeps one label). The violations can be written as the SHACL validation report
itself (Turtle) or as JSON.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterator

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from kg.errors import GraphError
from kg.formats import Format

ONTOLOGY = Path(__file__).parent / "ontology"
KNOWN = {SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.languageIn, SH.minLength, SH["class"], SH["or"],
         SH.nodeKind, SH.pattern, SH.minInclusive, SH["in"], SH.message}


@dataclass(frozen=True)
class Violation:
    """One result of the SHACL report: the node, the property, what is wrong, and the constraint
    broken (the shape's parameter: minCount, datatype, ...). Every shape's severity is Violation."""

    focus: str
    path: str
    message: str
    constraint: str = ""
    severity: str = "Violation"


@dataclass(frozen=True)
class Check:
    """One constraint of one property shape, as a query that lists the nodes that break it."""

    query: str
    path: str
    message: str
    constraint: str = ""


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
            for parameter, test, message in _constraints(shapes, prop):
                where, _, having = test.replace("PATH", f"<{path}>").partition(" HAVING ")
                query = f"SELECT DISTINCT ?focus WHERE {{ VALUES ?class {{ {targets} }} ?focus a ?class . {where} }}"
                if having:
                    query += f" GROUP BY ?focus HAVING {having}"
                out.append(Check(query, str(path), str(said) if said else message, parameter.rsplit("#", 1)[-1]))
    return out


def _constraints(shapes: Graph, prop) -> list[tuple[URIRef, str, str]]:
    """(the SHACL parameter, the test of the nodes breaking it, its message) of each constraint of a property shape."""
    value = lambda p: shapes.value(prop, p)  # noqa: E731
    values = "?focus PATH ?v ."
    found = []
    if value(SH.minCount) is not None:
        n = int(value(SH.minCount))
        found.append((SH.minCount, f"OPTIONAL {{ ?focus PATH ?v }} HAVING (COUNT(DISTINCT ?v) < {n})",
                      f"fewer than {n} value(s)"))
    if value(SH.maxCount) is not None:
        n = int(value(SH.maxCount))
        found.append((SH.maxCount, f"{values} HAVING (COUNT(DISTINCT ?v) > {n})", f"more than {n} value(s)"))
    if value(SH.datatype) is not None:
        found.append((SH.datatype, f"{values} FILTER(!isLiteral(?v) || DATATYPE(?v) != <{value(SH.datatype)}>)",
                      f"a value that is not a {value(SH.datatype).n3(shapes.namespace_manager)}"))
    if value(SH.languageIn) is not None:
        tags = ", ".join(Literal(t).n3() for t in Collection(shapes, value(SH.languageIn)))
        found.append((SH.languageIn, f"{values} FILTER(LANG(?v) NOT IN ({tags}))", f"a language other than {tags}"))
    if value(SH.minLength) is not None:
        n = int(value(SH.minLength))
        found.append((SH.minLength, f"{values} FILTER(STRLEN(STR(?v)) < {n})", f"a value shorter than {n}"))
    if value(SH["class"]) is not None:
        found.append((SH["class"], f"{values} FILTER NOT EXISTS {{ ?v a <{value(SH['class'])}> }}",
                      f"a value that is not a {value(SH['class']).n3(shapes.namespace_manager)}"))
    if value(SH["or"]) is not None:
        classes = [shapes.value(option, SH["class"]) for option in Collection(shapes, value(SH["or"]))]
        if None in classes or any(set(shapes.predicates(o)) != {SH["class"]} for o in Collection(shapes, value(SH["or"]))):
            raise GraphError("shapes.ttl: kg validate checks sh:or of sh:class only")
        tests = " && ".join(f"NOT EXISTS {{ ?v a <{c}> }}" for c in classes)
        found.append((SH["or"], f"{values} FILTER({tests})",
                      "a value of none of " + ", ".join(c.n3(shapes.namespace_manager) for c in classes)))
    if value(SH.nodeKind) is not None:
        if value(SH.nodeKind) != SH.IRI:
            raise GraphError("shapes.ttl: kg validate checks sh:nodeKind sh:IRI only")
        found.append((SH.nodeKind, f"{values} FILTER(!isIRI(?v))", "a value that is not an IRI"))
    if value(SH.pattern) is not None:
        found.append((SH.pattern, f"{values} FILTER(!REGEX(STR(?v), {Literal(str(value(SH.pattern))).n3()}))",
                      f"a value not matching {value(SH.pattern)}"))
    if value(SH.minInclusive) is not None:
        found.append((SH.minInclusive, f"{values} FILTER(!(?v >= {value(SH.minInclusive).n3()}))",
                      f"a value below {value(SH.minInclusive)}"))
    if value(SH["in"]) is not None:
        allowed = list(Collection(shapes, value(SH["in"])))
        listed = ", ".join(a.n3() for a in allowed)
        found.append((SH["in"], f"{values} FILTER(?v NOT IN ({listed}))",
                      "a value not in " + ", ".join(a.n3(shapes.namespace_manager) for a in allowed)))
    return found


def validate(graph_file: Path, store_dir: Path | None = None, engine: str = "oxigraph") -> list[Violation]:
    """The shapes' violations in the graph (empty: it conforms); a per-article dataset's, in the graph
    its named graphs merge into (`store_dir` then holds the dataset, as kg query loads it)."""
    from kg.build import work_folder

    if not Format.of(graph_file).per_article:
        return _check(graph_file, store_dir, engine)
    with work_folder("validate") as tmp:
        return _check(merged_graph(graph_file, Path(tmp), store_dir), None, engine)


def merged_graph(dataset: Path, folder: Path, store_dir: Path | None = None) -> Path:
    """The graph the Turtle build would hold, of a TriG or N-Quads file: its named graphs (articles)
    merged by the build engine, written as N-Triples in `folder`; triples outside any named graph
    (the build writes none) are kept as they are. Read from the file itself, not from a record."""
    import pyoxigraph as ox

    from kg.query import oxigraph_store
    from kg.stream import write_articles

    store = oxigraph_store(dataset, store_dir)
    merged = folder / f"{dataset.stem}.merged.nt"
    write_articles(_articles(store), merged, Format.NTRIPLES, record=False)
    with merged.open("ab") as fh:
        ox.serialize((q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph())), fh,
                     format=ox.RdfFormat.N_TRIPLES)
    return merged


def _articles(store) -> Iterator[tuple[str, list[str]]]:
    """(article IRI, its N-Triples lines as the build writes them, sorted) of each named graph, in IRI order."""
    from kg.rdf.serialize import ntriple
    from kg.results import from_ox

    for graph in sorted(store.named_graphs(), key=lambda g: g.value):
        yield graph.value, sorted(ntriple(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object))
                                  for q in store.quads_for_pattern(None, None, None, graph))


def _check(graph_file: Path, store_dir: Path | None, engine: str) -> list[Violation]:
    if engine == "shacl":
        return _pyshacl(graph_file)
    from kg.query import oxigraph_store

    store = oxigraph_store(graph_file, store_dir)
    out = set()
    for check in checks():
        for solution in store.query(check.query, use_default_graph_as_union=True):
            out.add(Violation(solution["focus"].value, check.path, check.message, check.constraint))
    return sorted(out, key=lambda v: (v.focus, v.path, v.constraint, v.message))


def _pyshacl(graph_file: Path) -> list[Violation]:
    """pySHACL's answer (rdflib, in memory): the reference the tests hold the queries to."""
    from pyshacl import validate as shacl

    from kg.graphio import load_graph

    shapes = Graph().parse(ONTOLOGY / "shapes.ttl")
    ontology = Graph().parse(ONTOLOGY / "vnkg.ttl")
    _, report, _ = shacl(load_graph(graph_file), shacl_graph=shapes, ont_graph=ontology, inference="none")
    out = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        component = str(report.value(result, SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        name = component.removesuffix("ConstraintComponent")
        out.append(Violation(str(report.value(result, SH.focusNode)), str(report.value(result, SH.resultPath) or ""),
                             str(report.value(result, SH.resultMessage) or ""), name[:1].lower() + name[1:]))
    return sorted(out, key=lambda v: (v.focus, v.path, v.constraint, v.message))


# ---------------------------------------------------------------- writing the report
def report_turtle(violations: list[Violation]) -> str:
    """The SHACL validation report (sh:ValidationReport, one sh:ValidationResult per violation) as
    Turtle, for SHACL tools; written the same way every time (results in the violations' order)."""
    report = Graph()
    report.bind("sh", SH)
    node = BNode("report")
    report.add((node, RDF.type, SH.ValidationReport))
    report.add((node, SH.conforms, Literal(not violations)))
    for i, v in enumerate(violations):
        result = BNode(f"result{i:08d}")
        report.add((node, SH.result, result))
        report.add((result, RDF.type, SH.ValidationResult))
        report.add((result, SH.focusNode, URIRef(v.focus)))
        report.add((result, SH.resultPath, URIRef(v.path)))
        report.add((result, SH.resultMessage, Literal(v.message)))
        report.add((result, SH.resultSeverity, SH[v.severity]))
        report.add((result, SH.sourceConstraintComponent,
                    SH[v.constraint[:1].upper() + v.constraint[1:] + "ConstraintComponent"]))
    return report.serialize(format="turtle")


def report_json(violations: list[Violation]) -> str:
    """{"conforms": ..., "violations": [{"focus", "path", "message", "constraint", "severity"}, ...]}:
    what a script (jq, pandas) reads without knowing SHACL."""
    return json.dumps({"conforms": not violations, "violations": [asdict(v) for v in violations]},
                      ensure_ascii=False, indent=1)


__all__ = ["Check", "URIRef", "Violation", "checks", "merged_graph", "report_json", "report_turtle", "validate"]
