"""The answers of `kg query`: rows (SELECT, ASK) in the SPARQL 1.1 results formats (JSON, CSV,
TSV) or as a readable table; triples (CONSTRUCT, DESCRIBE) in the RDF formats of `kg.formats`.
Both engines' answers arrive here as the same `Result`, so they are written the same way.
"""
from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import QueryError
from kg.formats import ResultFormat
from kg.rdf.prefixes import PREFIXES


@dataclass
class Result:
    """Variables and rows of a SELECT (or one boolean row for ASK), as rdflib terms; or the triples
    of a CONSTRUCT or DESCRIBE (pyoxigraph's, blank nodes named canonically, sorted). `notes` say
    what the user should know of how the parameters were read."""

    variables: list[str]
    rows: list[dict[str, object]]
    boolean: bool | None = None
    triples: list | None = None
    notes: list[str] = field(default_factory=list)


def from_ox(term) -> object:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def ox_triple(triple):
    """An rdflib triple as pyoxigraph's."""
    import pyoxigraph as ox

    def term(t):
        if isinstance(t, URIRef):
            return ox.NamedNode(str(t))
        if isinstance(t, BNode):
            return ox.BlankNode(str(t))
        if t.language:
            return ox.Literal(str(t), language=t.language)
        return ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype or XSD.string)))
    return ox.Triple(*map(term, triple))


def canonical_triples(triples: list) -> list:
    """The triples as one set, blank nodes named by their place in the graph and sorted: the same
    answer is written byte for byte the same, whatever order and names the engine gave."""
    import pyoxigraph as ox

    dataset = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    if any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode) for t in triples):
        dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted((q.triple for q in dataset), key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


# ---------------------------------------------------------------- writing results
def _json_term(term) -> dict:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype:
        out["datatype"] = str(term.datatype)
    return out


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, Literal) and term.datatype == XSD.integer:
        return str(term)
    return term.n3()


def _csv_term(term) -> str:
    """SPARQL 1.1 CSV: the bare value; a blank node as `_:label`."""
    if term is None:
        return ""
    return f"_:{term}" if isinstance(term, BNode) else str(term)


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
    import pyoxigraph as ox

    from kg.formats import Format

    form = Format.JSONLD if fmt == "json" else Format.named(fmt or "turtle")
    return ox.serialize(result.triples, format=form.ox, prefixes=PREFIXES).decode("utf-8").rstrip("\n")


def render(result: Result, fmt: ResultFormat) -> str:
    """The result in a SPARQL 1.1 results format, or as a table."""
    if result.boolean is not None:
        if fmt is ResultFormat.JSON:
            return json.dumps({"head": {}, "boolean": result.boolean})
        return "true" if result.boolean else "false"
    if fmt is ResultFormat.JSON:
        bindings = [{k: _json_term(v) for k, v in row.items() if v is not None} for row in result.rows]
        return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False, indent=1)
    if fmt is ResultFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in result.variables)]
        lines += ["\t".join(_tsv_term(row.get(v)) for v in result.variables) for row in result.rows]
        return "\n".join(lines)
    if fmt is ResultFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([[_csv_term(row.get(v)) for v in result.variables] for row in result.rows])
        return out.getvalue()
    cells = [[("" if row.get(v) is None else str(row[v])) for v in result.variables] for row in result.rows]
    widths = [max([len(v)] + [len(c[i]) for c in cells]) for i, v in enumerate(result.variables)]
    line = lambda values: "  ".join(x.ljust(w) for x, w in zip(values, widths)).rstrip()  # noqa: E731
    rows = [line(result.variables), line(["-" * w for w in widths])] + [line(c) for c in cells]
    return "\n".join(rows + [f"({len(cells)} rows)"])
