"""The `kg` command: a thin layer over the typed API of `kg`.

Each command parses its options, calls one function and turns `KgError` into a
one-line message and a non-zero exit.
"""
from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from pathlib import Path

import click

from kg import __version__
from kg.terminal import Progress, plain
from kg.terminal import say as _say
from kg.terminal import wrote as _wrote
from kg.errors import ARTICLE_SECONDS, MAX_NODES, ClosedPipe, InputError, KgError
from kg.formats import EXPORT_NAMES, Format, ResultFormat
from kg.formats import NAMES as FORMAT_NAMES


def _fail(exc: KgError) -> None:
    if isinstance(exc, ClosedPipe):  # `kg build -o - | head`: nothing to say, as shell tools say nothing
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more goes to the closed pipe
        raise click.exceptions.Exit(141)
    raise click.ClickException(str(exc)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """vnkg: Vietnamese political and diplomatic news to an RDF knowledge graph.

    \b
    Example:
      kg build seeds -o out/graph.ttl
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Graph file to write (atomically); its per-article record goes beside it. "
                   "'-': standard output (Turtle unless --format; no record).")
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False),
              help="Add the articles to this graph, made if it does not exist yet (an article met again "
                   "replaces its old facts).")
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES, case_sensitive=False), default=None,
              help="turtle/ttl, nt, jsonld, rdfxml, or nquads/trig: one named graph per article. "
                   "Default: from the file name (an extension no format has is refused).")
@click.option("--strict", is_flag=True, help="Stop at the first article that cannot be read.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes reading articles in parallel.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Keep the build's Oxigraph store in this folder (default: a temporary one).")
@click.option("--article-seconds", default=ARTICLE_SECONDS, show_default=True, type=click.FloatRange(min=0.001),
              help="Time one article may take; an article that takes longer is skipped with a message.")
@click.option("--cluster", metavar="ADDRESS",
              help="Build on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:8786): the same bytes as "
                   "a local build. Its workers read the articles by path: put them on storage they all see.")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary.")
def build(paths: tuple[Path, ...], output: Path | None, into: Path | None, fmt: str | None, strict: bool,
          workers: int, store_dir: Path | None, article_seconds: float, cluster: str | None, quiet: bool) -> None:
    """Build the knowledge graph of the articles under PATHS (.txt, .md, .html).

    \b
    Example:
      kg build seeds/ -o out/graph.ttl --workers 2
      kg build new/article.html --into out/graph.ttl
      kg build seeds/ -o out/graph.trig
      kg build /shared/corpus/ -o out/graph.ttl --cluster tcp://10.0.0.5:8786
    """
    from kg.build import writes_through
    from kg.pipeline.read import article_files
    from kg.stream import stream_build

    target = output or into
    if target is None:
        raise click.UsageError("give -o FILE to write a new graph, or --into FILE to add to one")
    if cluster is not None and workers > 1:
        raise click.UsageError("--workers counts this machine's processes; with --cluster the cluster's workers "
                               "read the articles: give one of them")
    through = writes_through(target)  # `-o -`, a pipe, a device: the summary goes to standard error
    try:
        form = Format.to_write(target, fmt) if fmt or not through or target.suffix else Format.TURTLE
        files = article_files(list(paths))
        if target.exists() and any(target.resolve() == f.resolve() for f, _ in files):
            raise InputError(f"{target}: is one of the articles read; write the graph to another file")
        progress = Progress("reading articles", quiet=quiet)
        try:
            report, counts = stream_build(files, target, form, workers, bool(into), strict, store_dir,
                                          seconds=article_seconds, progress=progress, cluster=cluster)
        finally:
            progress.close()
        summary = report.summary_of(counts, quads=form.per_article, into=bool(into))
    except KgError as exc:
        _fail(exc)
    for path, why in report.skipped:
        _say(f"skipped {why}", err=True)
    for path, why in report.warnings:
        _say(f"warning: {path}: {why}", err=True)
    if not quiet:
        _wrote(str(target), target)
        for key, value in summary.items():
            click.echo(f"  {key}" if value is None else f"  {key:15} {value}", err=through)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r}: write a date as YYYY-MM-DD") from None


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="HTML page to write.")
@click.option("--focus", help="Draw only the neighbourhood of the nodes with this name (tone marks optional).")
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 5), help="Hops around --focus.")
@click.option("--types", help="Comma list of types to draw: official, role, conference, resolution, province, "
                              "organization, country.")
@click.option("--since", callback=_date, help="Only conferences and holdings from this date (YYYY-MM-DD).")
@click.option("--until", callback=_date, help="Only conferences and holdings up to this date (YYYY-MM-DD).")
@click.option("--max-nodes", default=MAX_NODES, show_default=True, type=int, help="Refuse larger drawings.")
@click.option("--isolated", is_flag=True, help="Also draw entities only mentioned, linked to nothing.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Read through a persistent Oxigraph store here (loaded once, reused): for big graphs.")
def viz(graph_file: Path, output: Path, focus: str | None, depth: int, types: str | None, since: dt.date | None,
        until: dt.date | None, max_nodes: int, isolated: bool, store_dir: Path | None) -> None:
    """Write an explorer page of the graph that works offline.

    \b
    Example:
      kg viz out/graph.ttl -o out/graph.html
      kg viz out/graph.ttl -o out/trong.html --focus "Nguyen Phu Trong" --depth 2
    """
    from kg.viz import Selection, load, type_keys, write_page

    try:
        selection = Selection(focus, depth, type_keys(types), since, until, max_nodes, isolated)
        progress = Progress("viz")
        progress("loading the graph", 0, 0)
        graph = load(graph_file, selection, store_dir)
        progress("drawing", 0, 0)
        count, links = write_page(graph, output, selection)
    except KgError as exc:
        _fail(exc)
    _wrote(f"{output} ({count} nodes, {links} edges)", output)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--top", default=10, show_default=True, type=int, help="How many central officials and resolutions.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Query a persistent Oxigraph store here (loaded once, reused): for graphs too big for memory.")
def stats(graph_file: Path, fmt: str, top: int, store_dir: Path | None) -> None:
    """Counts per class, the most central officials, communities, the most-cited resolutions.

    \b
    Example:
      kg stats out/graph.ttl --format json
    """
    import json

    from kg.stats import compute

    progress = Progress("stats")
    try:
        figures = compute(graph_file, top, store_dir, progress)
    except KgError as exc:
        _fail(exc)
    finally:
        progress.close()
    click.echo(json.dumps(figures.as_dict(), ensure_ascii=False, indent=1) if fmt == "json" else figures.as_text())


@main.command(name="eval")
@click.option("--gold", type=click.Path(path_type=Path, exists=True), required=True,
              help="Folder of gold JSON files (or one file).")
@click.option("--inputs", type=click.Path(path_type=Path, exists=True, file_okay=False), required=True,
              help="Folder holding the articles the gold files name.")
@click.option("-v", "--verbose", is_flag=True, help="List misses and extras per article.")
@click.option("--json", "json_out", type=click.Path(path_type=Path, dir_okay=False), help="Write figures as JSON.")
def eval_(gold: Path, inputs: Path, verbose: bool, json_out: Path | None) -> None:
    """Score the extractor against gold annotations (precision, recall, F1).

    \b
    Example:
      kg eval --gold tests/gold --inputs seeds -v
    """
    from kg.evaluate import evaluate, render

    try:
        result = evaluate(gold, inputs)
    except KgError as exc:
        _fail(exc)
    click.echo(render(result, verbose))
    if json_out:
        from kg.build import atomic

        try:
            with atomic(json_out) as fh:  # whole or not at all, as every file kg writes
                fh.write(result.to_json().encode("utf-8"))
        except KgError as exc:
            _fail(exc)


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        name, sep, val = value.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"{value!r}: write name=value", param_hint="--param")
        out[name.strip().lstrip("?$")] = val
    return out


@main.command()
@click.argument("query")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              help="Graph file to ask (Turtle, N-Triples, N-Quads, TriG). Optional with a --store already loaded.")
@click.option("--format", "fmt", type=click.Choice([*(f.value for f in ResultFormat), *FORMAT_NAMES]),
              metavar="FORMAT", help="SELECT/ASK: table (default), or a SPARQL 1.1 results format (csv, tsv, json). "
                   "CONSTRUCT/DESCRIBE: turtle (default), nt, nquads, trig, jsonld (or json), rdfxml.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help='Bind ?NAME (repeatable; a name the query does not use is an error): <iri>, 2021-12-14, 42, '
                   'or a label ("Thanh Hóa"; without tone marks, "Thanh Hoa", it finds the names it equals). '
                   'page=N: page N of a query with one LIMIT (the LIMIT rows a page); page=all: the whole answer.')
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Load into a persistent Oxigraph store in this folder (reused while the graph is unchanged); "
                   "without --graph, ask the graph the store holds (kg build --store, or an earlier query).")
@click.option("--engine", type=click.Choice(["rdflib", "oxigraph"]), help="oxigraph (default) or rdflib's engine.")
@click.option("--allow-service", is_flag=True, help="Let SERVICE call other servers (refused by default).")
def query(query: str, graph_file: Path | None, fmt: str | None, params: tuple[str, ...], store_dir: Path | None,
          engine: str | None, allow_service: bool) -> None:
    """Answer a SPARQL query (text, a .rq file, or - to read it from standard input) on a graph.
    The prefixes vnkg, schema, rdfs, skos, prov, org, xsd, owl, rdf and wd are predeclared.
    Read-only: updates are refused (the graph is made by kg build).

    \b
    Example:
      kg query queries/official_timeline.rq --graph out/graph.ttl --param name="Bui Thanh Son"
      kg query queries/co_attendance.rq --store out/store --param name="Nguyễn Phú Trọng" --param page=2
      kg query "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" --graph out/graph.ttl --format json
      kg query "CONSTRUCT WHERE { ?s a vnkg:Province ; rdfs:label ?l }" --store out/store --format nt
      echo 'ASK { ?s a vnkg:Conference }' | kg query - --graph out/graph.ttl
    """
    from kg.query import answer_text, read_query, run_query

    try:
        result = run_query(graph_file, read_query(query), _params(params), store_dir, engine, allow_service)
        text = answer_text(result, fmt)
    except KgError as exc:
        _fail(exc)
    for note in result.notes:
        _say(note, err=True)
    click.echo(text)


@main.command()
@click.argument("iri")
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False), required=True,
              help="Graph file to read (Turtle, N-Triples, N-Quads, TriG).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Load into a persistent Oxigraph store in this folder (reused while the graph is unchanged).")
def explain(iri: str, graph_file: Path, store_dir: Path | None) -> None:
    """Why a node is one node: the articles and spellings joined into it, the key rule that
    joined them, and the sentences its facts were read from.

    \b
    Example:
      kg explain https://w3id.org/vnkg/id/conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc --graph out/graph.ttl
    """
    from kg.explain import explain as explain_node

    try:
        click.echo(explain_node(graph_file, iri, store_dir).text())
    except KgError as exc:
        _fail(exc)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=7878, show_default=True, type=int, help="Port (0: any free port).")
@click.option("--timeout", "timeout_s", default=30, show_default=True, type=int, help="Query time limit, seconds.")
@click.option("--row-limit", default=10_000, show_default=True, type=click.IntRange(min=1),
              help="Most rows (triples for CONSTRUCT/DESCRIBE) an answer may have: a longer answer is cut to its "
                   "first rows, with the header X-Vnkg-Rows-Cut: N.")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Keep the Oxigraph store in this folder (default: a temporary one), and the explorer's "
                   "neighbour table with it: a restart reads both back instead of working them out.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64), help="Queries answered at once.")
@click.option("--allow-service", is_flag=True, help="Let SERVICE call other servers (refused by default: "
              "a web page could otherwise make the endpoint send requests inside your network).")
@click.option("--cors", is_flag=True, help="Let web pages of any origin query the endpoint (CORS: "
              "Access-Control-Allow-Origin: *); without it, only the endpoint's own page can read its answers.")
def serve(graph_file: Path, host: str, port: int, timeout_s: int, row_limit: int, store_dir: Path | None,
          workers: int, allow_service: bool, cors: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint with an offline query page, and the explorer at
    /explore (search a name, expand neighbours a page at a time, a time range, official and province panels).

    \b
    Example:
      kg serve out/graph.ttl --port 7878   # then open http://127.0.0.1:7878/explore
      curl 'http://127.0.0.1:7878/query?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D'
      curl http://127.0.0.1:7878/query      # no query: the service description (Turtle)
      kg serve out/graph.ttl --cors --row-limit 50000   # pages of any origin; longer answers cut
    """
    from kg.serve import start

    try:
        endpoint = start(graph_file, host, port, timeout_s, row_limit, store_dir, workers, allow_service,
                         cors=cors)
    except (KgError, OSError) as exc:
        _fail(KgError(str(exc)))
    click.echo(f"SPARQL endpoint: {endpoint.url}/query   query page: {endpoint.url}/   "
               f"explorer: {endpoint.url}/explore   (Ctrl-C stops)")
    for sig in (signal.SIGTERM, signal.SIGHUP):  # a kill, or the terminal closing, stops the workers too
        signal.signal(sig, lambda *_: sys.exit(0))
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        endpoint.stop()


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--endpoint", required=True, help="The server's Graph Store endpoint, e.g. http://127.0.0.1:7878/store")
@click.option("--graph-uri", help="Named graph to replace (default: the default graph).")
@click.option("--per-article", is_flag=True, help="One named graph per article (from the per-article record).")
@click.option("--timeout", "timeout_s", default=120.0, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds to wait for the server to answer one upload.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar, no summary.")
def push(graph_file: Path, endpoint: str, graph_uri: str | None, per_article: bool, timeout_s: float,
         quiet: bool) -> None:
    """Upload a graph to a SPARQL server (SPARQL 1.1 Graph Store HTTP Protocol).

    \b
    Example:
      kg push out/graph.ttl --endpoint http://127.0.0.1:7878/store --graph-uri https://example.org/news
    """
    from kg.push import push as upload

    progress = Progress("uploading", quiet=quiet)
    try:
        count = upload(graph_file, endpoint, graph_uri, per_article, timeout_s, progress)
    except KgError as exc:
        _fail(exc)
    finally:
        progress.close()
    if not quiet:
        _say(f"pushed {count} graph{'s' if count != 1 else ''} to {endpoint}")


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(EXPORT_NAMES, case_sensitive=False), required=True,
              help="RDF (turtle/ttl, nt, nquads/nq, trig, jsonld, rdfxml) or a network for Gephi/Cytoscape "
                   "(graphml, gexf, csv).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True, help="File to write.")
@click.option("--bom", is_flag=True, help="CSV for Excel: UTF-8 with a byte-order mark, so Excel shows the "
                                          "Vietnamese intact (default: plain UTF-8, no mark).")
def export(graph_file: Path, fmt: str, output: Path, bom: bool) -> None:
    """Export the graph to another RDF format or to a network format.

    \b
    Example:
      kg export out/graph.ttl --format graphml -o out/graph.graphml
      kg export out/graph.ttl --format csv -o out/graph.csv   # graph.nodes.csv, graph.edges.csv
      kg export out/graph.ttl --format csv --bom -o out/excel.csv   # opens in Excel
    """
    from kg.export import export as write

    if bom and fmt.lower() != "csv":
        raise click.UsageError(f"--bom is for --format csv (Excel), not {fmt}")
    try:
        files = write(graph_file, output, fmt, bom)
    except KgError as exc:
        _fail(exc)
    _wrote(", ".join(str(f) for f in files), output)


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Check in a persistent Oxigraph store here (loaded once, reused): for graphs too big for memory.")
@click.option("--engine", type=click.Choice(["oxigraph", "shacl"]), default="oxigraph", show_default=True,
              help="oxigraph: the shapes as SPARQL queries, any size; shacl: pySHACL in memory, small graphs.")
@click.option("--format", "fmt", type=click.Choice(["text", "turtle", "json"]), default="text", show_default=True,
              help="text: one violation a line (node, property, message); turtle: the SHACL validation report "
                   "(sh:ValidationReport) for SHACL tools; json: {\"conforms\": ..., \"violations\": [{\"focus\", "
                   "\"path\", \"message\", \"constraint\", \"severity\"}, ...]} for scripts.")
def validate(graph_file: Path, store_dir: Path | None, engine: str, fmt: str) -> None:
    """Check a graph against the SHACL shapes. Exit 0: it conforms; 1: violations; 2: the graph cannot
    be read (missing, not valid, no RDF format). A TriG or N-Quads graph is checked as the graph its
    articles merge into, the one the Turtle build holds.

    \b
    Example:
      kg validate out/graph.ttl
      kg validate out/graph.trig --format json
    """
    from kg.validate import report_json, report_turtle
    from kg.validate import validate as check

    try:
        violations = check(graph_file, store_dir, engine)
    except KgError as exc:
        unreadable = click.ClickException(str(exc))
        unreadable.exit_code = 2
        raise unreadable from None
    if fmt != "text":
        click.echo((report_json if fmt == "json" else report_turtle)(violations).rstrip("\n"))
    elif not violations:
        _say(f"{graph_file}: conforms to the shapes")
    for v in violations if fmt == "text" else []:
        click.echo(f"{v.focus}  {v.path}  {v.message}")
    if violations:
        raise click.ClickException(f"{graph_file}: {len(violations)} violation(s) of the shapes")


def run() -> None:
    """The console entry point: errors end with one line, Ctrl-C with exit 130, never a traceback."""
    try:
        code = main.main(standalone_mode=False)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("interrupted: nothing was written over (graphs are replaced only when complete)", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.message = plain(exc.message)  # it names the paths given
        exc.show()
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    run()
