"""The answers of `kg query`: rows (SELECT, ASK) in the SPARQL 1.1 results formats (JSON, CSV,
TSV) or as a readable table; triples (CONSTRUCT, DESCRIBE) in the RDF formats of `kg.formats`.
Both engines' answers arrive here as the same `Result` of pyoxigraph terms, so they are written the
same way, and the query path never imports rdflib (a tenth of a second of a cold `kg query`):
rdflib's terms are made only for the Python callers that read `Result.rows`.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from functools import cached_property

import pyoxigraph as ox

from kg.errors import QueryError
from kg.formats import Format, ResultFormat
from kg.rdf.prefixes import PREFIXES

XSD_STRING = PREFIXES["xsd"] + "string"
XSD_INTEGER = PREFIXES["xsd"] + "integer"


@dataclass
class Result:
    """Variables and solutions of a SELECT (pyoxigraph terms, None where unbound), or one boolean for
    ASK; or the triples of a CONSTRUCT or DESCRIBE (pyoxigraph's, blank nodes named canonically,
    sorted). `notes` say what the user should know of how the parameters were read."""

    variables: list[str]
    solutions: list[dict[str, object]]
    boolean: bool | None = None
    triples: list | None = None
    notes: list[str] = field(default_factory=list)

    @cached_property
    def rows(self) -> list[dict[str, object]]:
        """The solutions as rdflib terms, for Python callers (rdflib is imported on first use)."""
        return [{name: from_ox(term) for name, term in row.items()} for row in self.solutions]


def from_ox(term) -> object:
    """A pyoxigraph term as rdflib's."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_ox(term) -> object:
    """An rdflib term as pyoxigraph's (a literal without datatype is an xsd:string, as in RDF 1.1)."""
    from rdflib import BNode, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))


def ox_triple(triple):
    """An rdflib triple as pyoxigraph's."""
    return ox.Triple(*map(to_ox, triple))


def canonical_triples(triples: list) -> list:
    """The triples as one set, blank nodes named by their place in the graph and sorted: the same
    answer is written byte for byte the same, whatever order and names the engine gave."""
    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted((q.triple for q in dataset), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# ---------------------------------------------------------------- writing results
def json_term(term) -> dict:
    """A pyoxigraph term as the SPARQL 1.1 JSON results format writes it (a simple literal without
    its xsd:string, as Oxigraph's own writer)."""
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": json_term(term.subject),
                                            "predicate": json_term(term.predicate),
                                            "object": json_term(term.object)}}
    if not isinstance(term, ox.Literal):
        return {"type": "uri" if isinstance(term, ox.NamedNode) else "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        out["datatype"] = term.datatype.value
    return out


def _tsv_term(term) -> str:
    """SPARQL 1.1 TSV: a term as in N-Triples (escapes keep each row on one line), an integer bare."""
    if term is None:
        return ""
    if isinstance(term, ox.Literal) and term.datatype.value == XSD_INTEGER:
        return term.value
    return str(term)


def _csv_term(term) -> str:
    """SPARQL 1.1 CSV: the bare value; a blank node as `_:label`."""
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


RDF_ANSWERS = "turtle (default), nt, nquads, trig, jsonld (or json), rdfxml"


def answer_text(result: Result, fmt: str | None = None) -> str:
    """The answer in the format named: rows (SELECT, ASK) as a table by default or in a SPARQL
    results format; triples (CONSTRUCT, DESCRIBE) as Turtle by default or in another RDF format
    (`kg.formats` names; "json" is JSON-LD). A format that does not fit the answer is refused."""
    if result.triples is None:
        if fmt is not None and fmt not in {f.value for f in ResultFormat}:
            raise QueryError(f"--format {fmt}: a SELECT or ASK answers rows: use table, csv, tsv or json "
                             f"(RDF formats are for CONSTRUCT and DESCRIBE)")
        return render(result, ResultFormat(fmt or "table"))
    if fmt in ("table", "csv", "tsv"):
        raise QueryError(f"--format {fmt}: a CONSTRUCT or DESCRIBE answers RDF: use {RDF_ANSWERS}")
    form = Format.JSONLD if fmt == "json" else Format.named(fmt or "turtle")
    return ox.serialize(result.triples, format=form.ox, prefixes=PREFIXES).decode("utf-8").rstrip("\n")


def render(result: Result, fmt: ResultFormat) -> str:
    """The result in a SPARQL 1.1 results format, or as a table."""
    if result.boolean is not None:
        if fmt is ResultFormat.JSON:
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt is ResultFormat.JSON:
        bindings = [{k: json_term(v) for k, v in row.items() if v is not None} for row in result.solutions]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    if fmt is ResultFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in result.variables) for row in result.solutions]
        return "\n".join(lines)
    if fmt is ResultFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[_csv_term(row.get(v)) for v in result.variables] for row in result.solutions])
        return out.getvalue()
    cells = [[("" if row.get(v) is None else row[v].value) for v in result.variables] for row in result.solutions]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(result.variables)]
    line = lambda values: "  ".join(x.ljust(w) for x, w in zip(values, widths)).rstrip()  # noqa: E731
    rows = [line(result.variables), line(["-" * w for w in widths])] + [line(c) for c in cells]
    return "\n".join(rows + [f"({len(cells)} rows)"])
