"""Ask the graph in SPARQL: the API behind `kg query`.

Queries run in Oxigraph: in memory by default, or in a persistent store with
`--store DIR` (loaded once, reused while the graph file is unchanged).
rdflib's own engine stays available (`engine="rdflib"`) but is not the default:
it is hundreds of times slower on joins and fails some valid SPARQL
(GROUP_CONCAT(DISTINCT ...) over an OPTIONAL variable). Both give the same
`Result`, written in the SPARQL 1.1 results formats (JSON, CSV, TSV) or as a
readable table.

Parameters (`--param province="Thanh Hóa"`) are bound with a VALUES block at
the start of the query's WHERE clause. A value is read as an IRI (`<...>`), a
date (`2021-12-14`), an integer, or else a Vietnamese label (`"..."@vi`, tone
marks canonicalised, so "Thanh Hoá" finds "Thanh Hóa").

>>> bind_parameters("SELECT ?x WHERE { ?x ?p ?o }", {"p": "<http://e/p>"})
'SELECT ?x WHERE { VALUES ?p { <http://e/p> } ?x ?p ?o }'
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kg.errors import KgError, QueryError
from kg.graphio import load_graph
from kg.text import canonical


class ResultFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


@dataclass
class Result:
    """Variables and rows of a SELECT (or one boolean row for ASK), as rdflib terms."""

    variables: list[str]
    rows: list[dict[str, object]]
    boolean: bool | None = None


def read_query(query_or_file: str) -> str:
    path = Path(query_or_file)
    if len(query_or_file) < 4096 and "\n" not in query_or_file and path.suffix == ".rq":
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return query_or_file


def _term(value: str) -> str:
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        return value
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return f'"{value}"^^<{XSD.date}>'
    if re.fullmatch(r"-?\d+", value):
        return value
    if value.startswith('"') and value.endswith('"'):
        value = value[1:-1]
    return Literal(canonical(value), lang="vi").n3()


def bind_parameters(query: str, params: dict[str, str]) -> str:
    if not params:
        return query
    m = re.search(r"\bWHERE\s*\{", query, re.I)
    if not m:
        raise QueryError("--param needs a query with a WHERE clause")
    values = "".join(f"VALUES ?{name} {{ {_term(value)} }} " for name, value in sorted(params.items()))
    return query[:m.end()] + " " + values + query[m.end():].lstrip()


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# what cannot hold a keyword: comments, strings (long and short) and IRIs
_TEXT = re.compile(r"""#[^\n\r]*|'{3}[\s\S]*?'{3}|"{3}[\s\S]*?"{3}|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|"""
                   r"""<[^<>"{}|^`\\\x00-\x20]*>""")
_SERVICE = re.compile(r"(?<![\w:?$\-])SERVICE(?![\w:\-])", re.I)


def calls_out(query: str) -> bool:
    """Whether a query would call another server (SERVICE, SPARQL's federation).

    Read as the grammar reads it: escapes decoded first, then the keyword outside
    comments, strings and IRIs (a variable or prefixed name with that name is not it).

    >>> calls_out("SELECT * WHERE { SERVICE <http://10.0.0.1/> { ?s ?p ?o } }")
    True
    >>> calls_out('SELECT * WHERE { ?s ?p "SERVICE" . ?s ?p ?service } # SERVICE')
    False
    """
    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return bool(_SERVICE.search(_TEXT.sub(" ", text)))


def refuse_calls_out(query: str, how: str) -> None:
    if calls_out(query):
        raise QueryError(f"SERVICE is refused: this reads only the local graph and never calls another server "
                         f"({how} lets a query call other servers)")


def check_syntax(query: str) -> None:
    """Raise QueryError with the line and column of a syntax error."""
    import pyoxigraph as ox

    try:
        ox.Store().query(query)
    except SyntaxError as exc:
        message = str(exc).split(": expected", 1)[0]
        expected = str(exc).split("expected one of", 1)[-1].split(",")[:6] if "expected" in str(exc) else []
        hint = f" (expected one of{','.join(expected)} ...)" if expected else ""
        raise QueryError(f"SPARQL syntax {message}{hint}") from None


def _from_ox(term) -> object:
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


def _stamp(graph_file: Path) -> str:
    st = graph_file.stat()
    return hashlib.sha256(f"{graph_file.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()


def oxigraph_store(graph_file: Path, store_dir: Path | None = None):
    """A pyoxigraph Store holding the graph: in memory, or persistent in `store_dir`. A store already
    holding this version of the graph is opened read-only: no lock is taken, so it can be shared with
    a running `kg serve` or another query, and it can sit in a folder the user cannot write."""
    import pyoxigraph as ox

    from kg.build import Format

    form = Format.of(graph_file)
    if store_dir is None:
        store = ox.Store()
    else:
        stamp_file = store_dir / "vnkg-source.txt"
        try:
            fresh = stamp_file.read_text(encoding="utf-8") == _stamp(graph_file)
        except (OSError, UnicodeDecodeError):
            fresh = False
        try:
            if fresh:
                return ox.Store.read_only(str(store_dir))
            store_dir.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(store_dir))
        except OSError as exc:
            if "temporarily unavailable" in str(exc) or "busy" in str(exc).lower():  # its LOCK held (EAGAIN)
                raise QueryError(f"{store_dir}: the store is in use by another process (a kg serve, build or query "
                                 f"loading it) and it does not yet hold this version of {graph_file.name}: wait "
                                 f"for it, or give another --store") from None
            raise QueryError(f"{store_dir}: cannot write the store ({getattr(exc, 'strerror', None) or exc}): give "
                             f"a --store folder you can write, or load it once where you can") from None
        except RuntimeError as exc:  # RocksDB's "Corruption: ..."
            raise QueryError(f"{store_dir}: not a store that can be opened ({' '.join(str(exc).split())[:160]}): "
                             f"remove the folder and it is loaded again from the graph") from None
        store.clear()
        stamp_file.unlink(missing_ok=True)  # until the new load is complete, the store holds no known graph
    try:
        store.bulk_load(path=str(graph_file), format=form.ox, to_graph=None if form.per_article else ox.DefaultGraph())
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{graph_file}: not valid {form.rdflib}: {' '.join(str(exc).split())[:200]}") from None
    if store_dir is not None:
        store.flush()
        (store_dir / "vnkg-source.txt").write_text(_stamp(graph_file), encoding="utf-8")
    return store


def run_query(graph_file: Path, query: str, params: dict[str, str] | None = None,
              store_dir: Path | None = None, engine: str | None = None, allow_service: bool = False) -> Result:
    """Run a SELECT or ASK query on a graph file (SERVICE, which calls other servers, only when allowed)."""
    query = bind_parameters(query, params or {})
    if not allow_service:  # before anything runs it, even the syntax check
        refuse_calls_out(query, "--allow-service")
    check_syntax(query)
    if engine != "rdflib":
        import pyoxigraph as ox

        store = oxigraph_store(graph_file, store_dir)
        try:
            answer = store.query(query, use_default_graph_as_union=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
        if isinstance(answer, ox.QueryBoolean):
            return Result([], [], bool(answer))
        if not isinstance(answer, ox.QuerySolutions):
            raise QueryError("kg query answers SELECT and ASK queries; CONSTRUCT/DESCRIBE: use kg export")
        names = [v.value for v in answer.variables]
        return Result(names, [{n: _from_ox(sol[n]) for n in names} for sol in answer])
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM names a graph of the dataset; rdflib would fetch it from the web
    try:
        answer = load_graph(graph_file).query(query)
        rows = list(answer)
    except KgError:
        raise
    except Exception as exc:  # rdflib's engine raises many types for runtime failures
        raise QueryError(f"query failed in rdflib's engine: {str(exc).splitlines()[0][:300]}") from None
    if answer.type == "ASK":
        return Result([], [], bool(answer.askAnswer))
    if answer.type != "SELECT":
        raise QueryError("kg query answers SELECT and ASK queries; CONSTRUCT/DESCRIBE: use kg export")
    names = [str(v) for v in answer.vars]
    return Result(names, [{n: row[i] for i, n in enumerate(names)} for row in rows])


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
