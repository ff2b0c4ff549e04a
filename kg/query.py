"""Ask the graph in SPARQL: the API behind `kg query`.

Queries run in Oxigraph: in memory by default, or in a persistent store with
`--store DIR` (loaded once, reused while the graph file is unchanged).
rdflib's own engine stays available (`engine="rdflib"`) but is not the default:
it is hundreds of times slower on joins and fails some valid SPARQL
(GROUP_CONCAT(DISTINCT ...) over an OPTIONAL variable). Both give the same
`Result` (kg/results.py writes it): rows for SELECT and ASK, triples for
CONSTRUCT and DESCRIBE. Updates are refused: the graph is made by `kg build`.

The project's prefixes (vnkg, schema, rdfs, skos, prov, org, xsd, owl, rdf, wd) are
predeclared, as Oxigraph's and Jena's users expect; a query's own PREFIX lines win.

Parameters (`--param province="Thanh Hóa"`) are bound with a VALUES block at
the start of the query's WHERE clause; a name the query does not use is an error.
A value is read as an IRI (`<...>`), a date (`2021-12-14`), an integer, or else
a Vietnamese label (`"..."@vi`, tone marks canonicalised, so "Thanh Hoá" finds
"Thanh Hóa"); a label that is no name in the graph as written also finds the
names it equals without tone marks ("Bui Thanh Son").

>>> bind_parameters("SELECT ?x WHERE { ?x ?p ?o }", {"p": "<http://e/p>"})
'SELECT ?x WHERE { VALUES ?p { <http://e/p> } ?x ?p ?o }'
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import KgError, QueryError
from kg.paging import PAGE, next_page, page_size, paged
from kg.rdf.prefixes import PREFIXES
from kg.results import Result, ResultFormat, answer_text, canonical_triples, ox_triple, render, to_ox


def read_query(query_or_file: str) -> str:
    """The query's text: given inline, in a .rq file, or on standard input ("-", for pipes and heredocs)."""
    if query_or_file == "-":
        text = sys.stdin.read()
        if not text.strip():
            raise QueryError("no query on standard input (kg query - reads the query from it)")
        return text
    path = Path(query_or_file)
    if len(query_or_file) < 4096 and "\n" not in query_or_file and path.suffix == ".rq":
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return query_or_file


def _label(value: str) -> str | None:
    """The text of a value read as a label (not an IRI, a date or a number), tone marks canonical.
    kg.text is imported here, for labels only: its tables take a tenth of a cold query's imports."""
    value = value.strip()
    if (value.startswith("<") and value.endswith(">")) or re.fullmatch(r"\d{4}-\d\d-\d\d|-?\d+", value):
        return None
    if value.startswith('"') and value.endswith('"'):
        value = value[1:-1]
    from kg.text import canonical

    return canonical(value)


def _vi(label: str) -> str:
    """A Vietnamese label as SPARQL writes it (N-Triples' escapes)."""
    return str(ox.Literal(label, language="vi"))


def _term(value: str) -> str:
    value = value.strip()
    label = _label(value)
    if label is not None:
        return _vi(label)
    if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return f'"{value}"^^<{PREFIXES["xsd"]}date>'
    return value


def bind_parameters(query: str, params: dict[str, str], terms: dict[str, list[str]] | None = None) -> str:
    """The query with each parameter bound by VALUES at the start of its first WHERE clause (a query
    that pages in a subquery writes its outer clause without the keyword, so that the values narrow
    the subquery's search), and `page` turned into the OFFSET of its LIMIT (see `paged`). `terms`:
    the terms a parameter stands for, when it is not read from its value alone."""
    params = dict(params)
    if PAGE in params and PAGE not in variables(query):
        query = paged(query, params.pop(PAGE))
    if not params:
        return query
    m = re.search(r"\bWHERE\s*\{", query, re.I)
    if not m:
        raise QueryError("--param needs a query with a WHERE clause")
    terms = terms or {}
    values = "".join(f"VALUES ?{name} {{ {' '.join(terms.get(name) or [_term(value)])} }} "
                     for name, value in sorted(params.items()))
    return query[:m.end()] + " " + values + query[m.end():].lstrip()


_NAMES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
_IS_NAME = _NAMES + "ASK { VALUES ?label { LABEL } ?x rdfs:label|skos:altLabel ?label }"
_EVERY_NAME = _NAMES + "SELECT DISTINCT ?label WHERE { ?x rdfs:label|skos:altLabel ?label FILTER(isLiteral(?label)) }"


def tone_free_labels(params: dict[str, str], ask) -> tuple[dict[str, list[str]], list[str]]:
    """Labels a parameter names without its tone marks, as the explorer's search finds them
    ("Bui Thanh Son": "Bùi Thanh Sơn"): for each label parameter that is no name in the graph
    (rdfs:label, skos:altLabel) as written, the names equal to it once folded (`kg.text.fold`),
    with a note saying which. A name written exactly stays exact. `ask` runs a query on the graph."""
    terms, notes, names = {}, [], None
    for name, value in sorted(params.items()):
        label = _label(value)
        if label is None or ask(_IS_NAME.replace("LABEL", _vi(label))).boolean:
            continue
        if names is None:
            names = [row["label"] for row in ask(_EVERY_NAME).solutions]
        from kg.text import fold

        found = sorted({n for n in names if fold(n.value) == fold(label)}, key=lambda n: (n.value, str(n)))
        if found:
            terms[name] = [_vi(label)] + [str(n) for n in found]
            notes.append(f'--param {name}="{label}" is no name as written; it matched without tone marks: '
                         + ", ".join(f'"{n.value}"' for n in found))
    return terms, notes


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


def _code(query: str, decode: bool = True) -> str:
    """The query as the grammar reads it (escapes decoded), comments, strings and IRIs blanked out;
    without `decode`, each character stays where it is in the query, for positions."""
    if decode:
        query = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return _TEXT.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), query)


_VARIABLE = re.compile(r"[?$]([\w\u00b7\u0300-\u036f\u203f-\u2040]+)")
_UPDATE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
                     r"(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)(?![\w:])", re.I)


def variables(query: str) -> list[str]:
    """The variables a query names, in order of first use: what `--param` can bind.

    >>> variables('SELECT ?name WHERE { ?x <http://e/?q> ?name . FILTER(?x != "?s") } # ?c')
    ['name', 'x']
    """
    return list(dict.fromkeys(m.group(1) for m in _VARIABLE.finditer(_code(query))))


def check_parameters(query: str, params: dict[str, str]) -> None:
    """A parameter the query does not use would bind nothing and return every row: refuse it
    (`page` is the page of a query with a LIMIT)."""
    unknown = sorted(set(params) - set(variables(query)))
    if unknown == [PAGE] or (PAGE in unknown and page_size(query)):
        paged(query, params[PAGE])  # a query without a LIMIT, or a page that is no number, is refused
        unknown.remove(PAGE)
    if unknown:
        names = ", ".join(f"?{v}" for v in variables(query)) or "none"
        raise QueryError(f"--param {', '.join(unknown)}: not a variable of the query (its variables: {names})")


def refuse_update(query: str) -> None:
    """kg query reads; an update would only change a copy of the graph in memory, or a store that
    the next load replaces, so it is refused before anything runs."""
    found = _UPDATE.match(_code(query))
    if found:
        raise QueryError(f"kg query is read-only: {found.group(1).upper()} would change the graph; change the "
                         f"articles and rebuild the graph with kg build (or add articles with kg build --into)")


# Oxigraph's syntax errors: "error at L:C: expected one of A, B, ..." where the alternatives are
# quoted tokens, keywords, character ranges ("['0'..='9']") and a few reasons in words.
_RANGE = re.compile(r"\['(?:[^'\\]|\\.)*'(?:'(?:[^'\\]|\\.)*'|[^\]'])*\]")
_TERM_TOKENS = {'"<"', '":"', '"_:"', '"\\""', '"\'"', '"\'\'\'"', '"\\"\\"\\""', '"true"', '"false"', '"["',
                '"<<"', '"<<("', '"("', '"+"', '"-"', "a number"}
_REASONS = {"Prefix not found": "unknown prefix", "IRI parsing failed": "not a valid IRI",
            "The SELECT contains a variable that is unbound": "the SELECT names a variable that is neither grouped "
                                                              "nor aggregated"}
_FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
_PROLOGUE = r"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*"
_PREFIXED = re.compile(r"(?<![\w.\-:?$<])([^\W\d_][\w.\-]*)?:[\w.\-%]*")


def syntax_error_in_words(message: str, query: str, predeclared: Iterable[str] = PREFIXES) -> str:
    """One line for Oxigraph's SPARQL syntax error: where (line:column), the text found there, and
    what is wrong in words; the grammar's character ranges, which read as noise, are dropped.

    >>> syntax_error_in_words("error at 1:23: expected one of Prefix not found, ['%']", "SELECT * { ?s foo:bar ?o }")
    "SPARQL syntax error at 1:15 near 'foo:bar': unknown prefix 'foo:' (declare it: PREFIX foo: <...>)"
    """
    code = _code(query, decode=False)
    first = re.match(_PROLOGUE + "([A-Za-z]*)", code)
    if first.group(1).upper() not in _FORMS:
        if not first.group(1) and not code.strip():
            return "SPARQL syntax error: the query is empty"
        near = first.group(1) or code[first.end():].split()[0]
        return (f"SPARQL syntax error at {_position(query, first.end() - len(first.group(1)))} near {near[:20]!r}: "
                f"a query starts with SELECT, CONSTRUCT, DESCRIBE or ASK")
    declared = set(predeclared) | set(re.findall(r"PREFIX\s+([^\s:]*):", code, re.I))
    for name in _PREFIXED.finditer(code):
        if (name.group(1) or "") not in declared and name.group(1) != "_":
            return (f"SPARQL syntax error at {_position(query, name.start())} near {name.group(0)[:40]!r}: unknown "
                    f"prefix '{name.group(1) or ''}:' (declare it: PREFIX {name.group(1) or ''}: <...>)")
    where = re.match(r"error at (\d+):(\d+)(?:-\d+:\d+)?:?\s*", message)
    if not where:
        return f"SPARQL syntax error: {' '.join(message.split())[:300]}"
    line, column = int(where.group(1)), int(where.group(2))
    lines = query.splitlines() or [""]
    after = lines[line - 1][column - 1:] if line <= len(lines) else ""
    near = f"near {after.split()[0][:20]!r}" if after.strip() else \
        "at the end of the line" if line < len(lines) else "at the end of the query"
    rest = message[where.end():]
    if not rest.startswith("expected"):
        return f"SPARQL syntax error at {line}:{column} {near}: {' '.join(rest.split())[:200]}"
    listed = rest.removeprefix("expected").removeprefix(" one of").replace("['0'..='9']", "a number")
    expected = [item for item in dict.fromkeys(i.strip() for i in _RANGE.sub("", listed).split(", ")) if item]
    reasons = [_REASONS.get(item, item[:1].lower() + item[1:]) for item in expected
               if " " in item and not item.startswith('"') and item != "a number"]
    if '"\\\\"' in expected:  # what may follow inside a string: a quote is missing
        reasons.append("a string is not closed (a quote is missing)")
    return f"SPARQL syntax error at {line}:{column} {near}: {'; '.join(reasons) or _expected_in_words(expected)}"


def _position(query: str, offset: int) -> str:
    """line:column of a character of the query, as Oxigraph counts them (from 1)."""
    return f"{query.count(chr(10), 0, offset) + 1}:{offset - query.rfind(chr(10), 0, offset)}"


def _expected_in_words(expected: list[str]) -> str:
    """ "expected a variable or term, '.' or '}'": what the grammar would take, readable."""
    tokens = [item for item in expected if (" " not in item or item.startswith('"') or item == "a number")
              and item != "[_]"]
    words = []
    if '"?"' in tokens or '"$"' in tokens:
        words.append("a variable or term" if set(tokens) & _TERM_TOKENS else "a variable")
    elif set(tokens) & _TERM_TOKENS:
        words.append("a term (IRI, prefixed name or literal)")
    words += [f"'{t[1:-1]}'" if t.startswith('"') else t for t in tokens
              if t not in _TERM_TOKENS and t not in ('"?"', '"$"')]
    if not words:
        return "the query is not valid SPARQL here (or it ends too early)"
    if len(words) > 6:
        return "expected one of " + ", ".join(words[:6]) + ", ..."
    return "expected " + (words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1])


def check_syntax(query: str) -> None:
    """Raise QueryError saying in words where the query does not parse."""
    try:
        ox.Store().query(query, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise QueryError(syntax_error_in_words(str(exc), query)) from None


def _stamp(graph_file: Path) -> str:
    st = graph_file.stat()
    return hashlib.sha256(f"{graph_file.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()


def oxigraph_store(graph_file: Path | None, store_dir: Path | None = None):
    """A pyoxigraph Store holding the graph: in memory, or persistent in `store_dir`. A store already
    holding this version of the graph is opened read-only: no lock is taken, so it can be shared with
    a running `kg serve` or another query, and it can sit in a folder the user cannot write. With no
    graph file, the store is opened as it was last loaded (by kg build --store, or a query)."""
    from kg.formats import Format

    if graph_file is None:
        return _loaded_store(store_dir)
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
        if store_dir is None:
            store.bulk_load(path=str(graph_file), format=form.ox, to_graph=None if form.per_article else ox.DefaultGraph())
        else:  # on disk: in pieces, so that loading a graph of any size fits in memory
            from kg.storeload import load_in_pieces

            load_in_pieces(store, graph_file, form, store_dir)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"{graph_file}: not valid {form.rdflib}: {' '.join(str(exc).split())[:200]}") from None
    if store_dir is not None:
        store.flush()
        (store_dir / "vnkg-source.txt").write_text(_stamp(graph_file), encoding="utf-8")
    return store


def _loaded_store(store_dir: Path | None):
    """The store a build or an earlier query loaded, read-only; one that holds no graph is refused."""
    if store_dir is None:
        raise QueryError("give the graph to ask: --graph FILE (or --store DIR, a store already loaded)")
    if not (store_dir / "vnkg-source.txt").is_file():
        raise QueryError(f"{store_dir}: holds no loaded graph; give --graph FILE once to load it there "
                         f"(or build with kg build ... --store {store_dir})")
    try:
        return ox.Store.read_only(str(store_dir))
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"{store_dir}: not a store that can be opened ({' '.join(str(exc).split())[:160]}): "
                         f"remove the folder and load it again with --graph FILE") from None


def run_query(graph_file: Path | None, query: str, params: dict[str, str] | None = None,
              store_dir: Path | None = None, engine: str | None = None, allow_service: bool = False) -> Result:
    """Run a query on a graph file (or a loaded store): SELECT and ASK give rows, CONSTRUCT and DESCRIBE
    triples. SERVICE, which calls other servers, only when allowed; updates never."""
    params = params or {}
    check_parameters(query, params)
    bound = bind_parameters(query, params)
    if not allow_service:  # before anything runs it, even the syntax check
        refuse_calls_out(bound, "--allow-service")
    refuse_update(query)
    check_syntax(query)  # the user's text, so that the positions are theirs
    if engine == "rdflib":
        if graph_file is None:
            raise QueryError("--engine rdflib reads a graph file: give --graph FILE")
        from kg.graphio import load_graph

        ask = _rdflib_engine(load_graph(graph_file))
    else:
        ask = _oxigraph_engine(oxigraph_store(graph_file, store_dir))
    terms, notes = tone_free_labels(params, ask)
    result = ask(bind_parameters(query, params, terms) if terms else bound)
    result.notes = notes + next_page(query, params, len(result.solutions))
    return result


def _oxigraph_engine(store):
    """A function answering a query in the store, the default graph being the union of all graphs."""
    def ask(query: str) -> Result:
        try:
            answer = store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True)
            if isinstance(answer, ox.QueryBoolean):
                return Result([], [], bool(answer))
            if isinstance(answer, ox.QueryTriples):
                return Result([], [], triples=canonical_triples(list(answer)))
            names = [v.value for v in answer.variables]
            return Result(names, [{n: sol[n] for n in names} for sol in answer])
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {str(exc).splitlines()[0][:300]}") from None
    return ask


def _rdflib_engine(graph):
    """The same, in rdflib's engine (slower; kept to compare answers)."""
    from rdflib.plugins import sparql

    sparql.SPARQL_LOAD_GRAPHS = False  # FROM names a graph of the dataset; rdflib would fetch it from the web

    def ask(query: str) -> Result:
        try:
            answer = graph.query(query, initNs=PREFIXES)
            if answer.type in ("CONSTRUCT", "DESCRIBE"):
                return Result([], [], triples=canonical_triples([ox_triple(t) for t in answer.graph]))
            if answer.type == "ASK":
                return Result([], [], bool(answer.askAnswer))
            rows = list(answer)
        except KgError:
            raise
        except Exception as exc:  # rdflib's engine raises many types for runtime failures
            raise QueryError(f"query failed in rdflib's engine: {str(exc).splitlines()[0][:300]}") from None
        names = [str(v) for v in answer.vars]
        return Result(names, [{n: to_ox(row[i]) for i, n in enumerate(names)} for row in rows])
    return ask


__all__ = ["QueryError", "Result", "ResultFormat", "answer_text", "bind_parameters", "calls_out", "check_syntax",
           "oxigraph_store", "read_query", "render", "run_query", "syntax_error_in_words", "variables"]
