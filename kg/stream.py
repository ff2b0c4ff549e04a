"""Big builds: parallel extraction, and a streaming merge through an Oxigraph store.

Each article's extraction is a pure function from (file) to sorted N-Triples
lines (`extract_lines`), so it runs in worker processes (or in a distributed
map: Dask, Spark) and the lines can be bulk-loaded anywhere. A streaming build
never holds the corpus in memory: articles are taken in article-IRI order,
their lines go to the per-article record (N-Quads) and, in batches, into an
on-disk Oxigraph store; only the support of each node's labels and formats is
kept, to apply the same merge rules as `kg.rdf.merge.merge`. The Turtle is then
dumped by Oxigraph, whose on-disk order makes it byte-identical for the same
articles in any order.
"""
from __future__ import annotations

import multiprocessing
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from kg.build import BuildReport, Format, atomic, extract_lines as article_nt, record_path
from kg.errors import GraphError, KgError
from kg.pipeline.read import read_article
from kg.rdf.emit import PREFIXES
from kg.rdf.namespace import DEFAULT_BASE, VNKG
from kg.rdf.serialize import nquad
from kg.text import slug

STREAM_FROM = 5_000  # articles; below this the in-memory build is faster and simpler
BATCH_LINES = 200_000  # triples per bulk load from memory: keeps the build's memory flat
LABEL = " <http://www.w3.org/2000/01/rdf-schema#label> "
ALT_LABEL = "<http://www.w3.org/2004/02/skos/core#altLabel>"
FORMAT = f" <{VNKG.format}> "
MENTIONS = (f" <{VNKG.mentions}> ", f" <{VNKG.reports}> ")


@dataclass
class Extracted:
    path: str
    article: str  # the article's IRI
    lines: list[str] | None  # sorted N-Triples lines; None when the file was skipped
    error: str | None
    warnings: list[str]
    facts: "Facts | None" = None


@dataclass
class Facts:
    """What the merge needs to know of an article, read from its lines (in the worker)."""

    labels: list[tuple[str, str]]
    formats: list[tuple[str, str]]
    mentioned: list[str]


def facts_of(lines: list[str]) -> Facts:
    labels, formats, mentioned = [], [], set()
    for line in lines:
        if LABEL in line:
            s, _, o = line[:-3].partition(LABEL)
            labels.append((s, o))
        elif FORMAT in line:
            s, _, o = line[:-3].partition(FORMAT)
            formats.append((s, o))
        elif MENTIONS[0] in line or MENTIONS[1] in line:
            mentioned.add(line[:-3].rpartition(" ")[2])
    return Facts(labels, formats, sorted(mentioned))


def article_iri(path: Path, base: str = DEFAULT_BASE) -> str:
    return f"{base}article/{slug(path.name)}"


def extract_lines(path: Path, base: str = DEFAULT_BASE) -> Extracted:
    """One file's triples as sorted N-Triples lines: a pure function of the file."""
    try:
        raw = read_article(path)
    except KgError as exc:
        return Extracted(str(path), article_iri(path, base), None, str(exc), [])
    lines = article_nt(raw.text, raw.source, base)
    return Extracted(str(path), article_iri(path, base), lines, None, raw.warnings, facts_of(lines))


def _work(job: tuple[str, str]) -> Extracted:
    return extract_lines(Path(job[0]), job[1])


def extract_all(files: list[Path], workers: int = 1, base: str = DEFAULT_BASE) -> Iterator[Extracted]:
    """Each file's lines, in the order of `files`, from `workers` processes."""
    jobs = [(str(f), base) for f in files]
    if workers <= 1:
        yield from map(_work, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_work, jobs, chunksize=16)


def _record_articles(record: Path) -> Iterator[tuple[str, list[str]]]:
    """(article IRI, its N-Triples lines) from a record this module or kg.build wrote (sorted, one graph a block)."""
    current, lines = None, []
    with record.open(encoding="utf-8") as fh:
        for line in fh:
            head, _, graph = line.rstrip("\n")[:-2].rstrip().rpartition(" <")
            graph = graph[:-1]  # the IRI without its closing ">"
            if graph != current:
                if current is not None:
                    yield current, lines
                current, lines = graph, []
            lines.append(head + " .\n")
    if current is not None:
        yield current, lines


class StreamMerge:
    """Articles in, one merged graph out, through an on-disk Oxigraph store."""

    def __init__(self, store_dir: Path, record: IO[bytes] | None):
        import pyoxigraph as ox

        self.ox, self.store, self.record = ox, ox.Store(str(store_dir)), record
        self.batch: list[str] = []
        self.labels: dict[str, Counter[str]] = defaultdict(Counter)
        self.formats: dict[str, set[str]] = defaultdict(set)
        self.mentioned: Counter[str] = Counter()
        self.articles = 0

    def add(self, article: str, lines: list[str], facts: Facts | None = None) -> None:
        if self.record is not None:
            self.record.write("".join(f"{line[:-3]} <{article}> .\n" for line in lines).encode("utf-8"))
        facts = facts or facts_of(lines)
        for s, o in facts.labels:
            self.labels[s][o] += 1
        for s, o in facts.formats:
            self.formats[s].add(o)
        self.mentioned.update(facts.mentioned)
        self.batch += lines
        self.articles += 1
        if len(self.batch) >= BATCH_LINES:
            self.flush()

    def flush(self) -> None:
        if self.batch:
            self.store.bulk_load(input="".join(self.batch).encode("utf-8"), format=self.ox.RdfFormat.N_TRIPLES)
            self.batch = []

    def _term(self, text: str):
        return next(iter(self.ox.parse(input=f"<x:s> <x:p> {text} .".encode(), format=self.ox.RdfFormat.N_TRIPLES))).object

    def finish(self) -> None:
        """Apply the merge rules: one label (most support, then shorter, then first), one format, counts."""
        count = f"<{VNKG.articleCount}>"
        integer = "<http://www.w3.org/2001/XMLSchema#integer>"
        self.batch += [f'{node} {count} "{n}"^^{integer} .\n' for node, n in sorted(self.mentioned.items())]
        self.flush()
        ox = self.ox
        label_p, alt_p = ox.NamedNode(LABEL.strip()[1:-1]), ox.NamedNode(ALT_LABEL[1:-1])
        for subject, support in self.labels.items():
            if len(support) < 2:
                continue
            s = ox.NamedNode(subject[1:-1])
            terms = {text: self._term(text) for text in support}
            keep = min(terms, key=lambda t: (-support[t], len(terms[t].value), terms[t].value))
            for text, term in terms.items():
                if text != keep:
                    self.store.remove(ox.Quad(s, label_p, term, ox.DefaultGraph()))
                    self.store.add(ox.Quad(s, alt_p, term, ox.DefaultGraph()))
            self.store.remove(ox.Quad(s, alt_p, terms[keep], ox.DefaultGraph()))
        order = {'"hybrid"': 0, '"online"': 1, '"in-person"': 2}
        format_p = ox.NamedNode(FORMAT.strip()[1:-1])
        for subject, values in self.formats.items():
            if len(values) > 1:
                keep = min(values, key=lambda v: (order.get(v, 99), v))
                for v in values - {keep}:
                    self.store.remove(ox.Quad(ox.NamedNode(subject[1:-1]), format_p, self._term(v), ox.DefaultGraph()))

    def counts(self) -> Counter[str]:
        rows = self.store.query("SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c")
        return Counter({str(r["c"].value): int(r["n"].value) for r in rows}) + Counter({"triples": len(self.store)})

    def dump(self, out: Path, fmt: Format) -> None:
        rdf_format = {Format.TURTLE: self.ox.RdfFormat.TURTLE, Format.NTRIPLES: self.ox.RdfFormat.N_TRIPLES}[fmt]
        with atomic(out) as fh:
            self.store.dump(fh, format=rdf_format, from_graph=self.ox.DefaultGraph(),
                            **({"prefixes": PREFIXES} if fmt is Format.TURTLE else {}))


def stream_build(files: list[Path], out: Path, fmt: Format = Format.TURTLE, workers: int = 1, into: bool = False,
                 strict: bool = False, store_dir: Path | None = None,
                 base: str = DEFAULT_BASE) -> tuple[BuildReport, Counter[str]]:
    """Build (or, with `into`, add to) the graph at `out` without holding the corpus in memory."""
    if fmt not in (Format.TURTLE, Format.NTRIPLES):
        raise GraphError(f"{out}: a streaming build writes Turtle or N-Triples; its per-article N-Quads record is "
                         f"{record_path(out).name}")
    report = BuildReport()
    files = sorted(files, key=lambda f: (article_iri(f, base), str(f)))
    old = record_path(out)
    if into and not old.exists():
        raise GraphError(f"{out}: no per-article record ({old.name}) to add to; build it once with "
                         f"'kg build ... -o {out.name}'")
    with tempfile.TemporaryDirectory(prefix="vnkg-build-") as tmp, atomic(record_path(out)) as record:
        merge = StreamMerge(store_dir or Path(tmp) / "store", record)
        previous = _record_articles(old) if into else iter(())
        pending = next(previous, None)
        new_articles = {article_iri(f, base) for f in files}
        for item in extract_all(files, workers, base):
            if item.lines is None:
                if strict:
                    raise KgError(item.error or item.path)
                report.skipped.append((item.path, item.error or ""))
                continue
            while pending is not None and pending[0] <= item.article:  # old articles before this one, in order
                if pending[0] not in new_articles:
                    merge.add(*pending)
                pending = next(previous, None)
            report.warnings += [(item.path, w) for w in item.warnings]
            merge.add(item.article, item.lines, item.facts)
            report.articles += 1
        while pending is not None:
            if pending[0] not in new_articles:
                merge.add(*pending)
            pending = next(previous, None)
        merge.finish()
        merge.dump(out, fmt)
        counts = merge.counts()
        del merge
    return report, counts
