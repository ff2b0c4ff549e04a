"""The `kg` command: a thin layer over the typed API of `kg`.

Each command parses its options, calls one function and turns `KgError` into a
one-line message and a non-zero exit.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__
from kg.build import Format
from kg.errors import KgError
from kg.query import ResultFormat


def _fail(exc: KgError) -> None:
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
              help="Graph file to write (atomically); its per-article record goes beside it.")
@click.option("--into", type=click.Path(path_type=Path, dir_okay=False),
              help="Add the articles to this existing graph (an article met again replaces its old facts).")
@click.option("--format", "fmt", type=click.Choice([f.value for f in Format]), default=None,
              help="turtle (default), nt, or nquads/trig: one named graph per article. Default: from the file name.")
@click.option("--strict", is_flag=True, help="Stop at the first article that cannot be read.")
@click.option("--quiet", "-q", is_flag=True, help="Print no summary.")
def build(paths: tuple[Path, ...], output: Path | None, into: Path | None, fmt: str | None, strict: bool,
          quiet: bool) -> None:
    """Build the knowledge graph of the articles under PATHS (.txt, .md, .html).

    \b
    Example:
      kg build seeds/ -o out/graph.ttl
      kg build new/article.html --into out/graph.ttl
      kg build seeds/ -o out/graph.trig
    """
    from kg.build import extract_corpus, load_corpus, write_corpus

    target = output or into
    if target is None:
        raise click.UsageError("give -o FILE to write a new graph, or --into FILE to add to one")
    try:
        corpus, report = extract_corpus(list(paths), strict=strict)
        if into:
            previous = load_corpus(into)
            previous.update(corpus)
            corpus = previous
        graph = write_corpus(corpus, target, Format(fmt) if fmt else None)
    except KgError as exc:
        _fail(exc)
    for path, why in report.skipped:
        click.echo(f"skipped {why}", err=True)
    for path, why in report.warnings:
        click.echo(f"warning: {path}: {why}", err=True)
    if not quiet:
        click.echo(f"wrote {target}")
        for key, value in report.summary(graph).items():
            click.echo(f"  {key:15} {value}")


@main.command()
@click.argument("graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="HTML page to write.")
def viz(graph_file: Path, output: Path) -> None:
    """Write an explorer page of the graph that works offline.

    \b
    Example:
      kg viz out/graph.ttl -o out/graph.html
    """
    from kg.graphio import load_graph
    from kg.viz import write_page

    try:
        count = write_page(load_graph(graph_file), output)
    except KgError as exc:
        _fail(exc)
    click.echo(f"wrote {output} ({count} nodes)")


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
        json_out.write_text(result.to_json(), encoding="utf-8")


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
@click.option("--graph", "graph_file", type=click.Path(path_type=Path, exists=True, dir_okay=False), required=True,
              help="Graph file to ask (Turtle, N-Triples, N-Quads, TriG).")
@click.option("--format", "fmt", type=click.Choice([f.value for f in ResultFormat]), default="table",
              show_default=True, help="table, or a SPARQL 1.1 results format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help='Bind ?NAME (repeatable): <iri>, 2021-12-14, 42, or a label ("Thanh Hóa").')
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Load into a persistent Oxigraph store in this folder (reused while the graph is unchanged).")
@click.option("--engine", type=click.Choice(["rdflib", "oxigraph"]), help="oxigraph (default) or rdflib's engine.")
def query(query: str, graph_file: Path, fmt: str, params: tuple[str, ...], store_dir: Path | None,
          engine: str | None) -> None:
    """Answer a SPARQL query (text, or a .rq file) on a graph.

    \b
    Example:
      kg query queries/official_timeline.rq --graph out/graph.ttl --param name="Bùi Thanh Sơn"
      kg query "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" --graph out/graph.ttl --format json
    """
    from kg.query import read_query, render, run_query

    try:
        result = run_query(graph_file, read_query(query), _params(params), store_dir, engine)
    except KgError as exc:
        _fail(exc)
    click.echo(render(result, ResultFormat(fmt)))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
