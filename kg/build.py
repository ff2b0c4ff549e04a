"""Build a graph from article files: the public API behind `kg build`.

A build keeps each article's triples apart (a `Corpus`), so that one article
can be added, replaced or dropped later: `kg build NEW --into graph.ttl` reads
the record written beside the graph (`graph.articles.nq`, one named graph per
article), replaces the articles it is given, and writes both again. The graph
is always made from the whole record by one engine (`kg.stream`: identity,
merge, writer), so it never depends on input order or on how many builds it
took, and the API writes the bytes `kg build` writes.

>>> from pathlib import Path
>>> corpus, report = extract_corpus([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import GraphError, KgError
from kg.formats import Format
from kg.pipeline import run
from kg.pipeline.read import article_paths, read_article
from kg.rdf.emit import Triple, article_lines, article_triples, new_graph
from kg.rdf.namespace import DEFAULT_BASE, VNKG
from kg.rdf.serialize import ntriple, read_nquads


@dataclass
class BuildReport:
    """What a build read, skipped and produced."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary_of(self, counts: Counter[str], quads: bool = False) -> dict[str, int]:
        """The summary lines, from counts of nodes by class IRI (and "triples": `quads` for named graphs)."""
        counts = Counter({k if k == "triples" else URIRef(k): v for k, v in counts.items()})
        return {
            "articles": self.articles,
            "skipped": len(self.skipped),
            "officials": counts[VNKG.Official],
            "role holdings": counts[VNKG.RoleHolding],
            "conferences": counts[VNKG.Conference],
            "participations": counts[VNKG.Participation],
            "resolutions": counts[VNKG.Resolution],
            "provinces": counts[VNKG.Province],
            "organisations": counts[VNKG.Organization],
            "quads" if quads else "triples": counts["triples"],
        }


@dataclass
class Corpus:
    """Each article's triples, by article IRI."""

    articles: dict[URIRef, set[Triple]] = field(default_factory=dict)

    def graph(self) -> Graph:
        """The merged graph, made by the engine of `kg build` (`kg.stream`) and read back."""
        from kg.stream import write_articles

        with tempfile.TemporaryDirectory(prefix="vnkg-graph-") as tmp:
            out = Path(tmp) / "graph.nt"
            write_articles(self.lines(), out, Format.NTRIPLES, record=False)
            g = new_graph()
            g.parse(out, format="nt")
            return g

    def lines(self) -> Iterator[tuple[str, list[str]]]:
        """Each article's IRI and sorted N-Triples lines, in IRI order: what the engine reads."""
        for article in sorted(self.articles):
            yield str(article), sorted(ntriple(s, p, o) for s, p, o in self.articles[article])

    def update(self, other: "Corpus") -> None:
        """Add other's articles; an article already here is replaced by its new version."""
        self.articles.update(other.articles)


def extract(text: str, source: str, base: str = DEFAULT_BASE) -> set[Triple]:
    """The triples of one article: a pure function of its text and source name."""
    return article_triples(run(source, text), base)


def extract_ntriples(text: str, source: str, base: str = DEFAULT_BASE) -> list[str]:
    """The same triples as `extract`, as sorted N-Triples lines: the fast path of big builds."""
    return article_lines(run(source, text), base)


def _article_iri(triples: set[Triple]) -> URIRef:
    return next(s for s, p, o in sorted(triples) if p == RDF.type and o == VNKG.Article)


def extract_corpus(paths: list[Path], base: str = DEFAULT_BASE, strict: bool = False) -> tuple[Corpus, BuildReport]:
    """Read every article under `paths`. One that cannot be read is skipped and reported, unless `strict`."""
    report, corpus = BuildReport(), Corpus()
    for path in article_paths(paths):
        try:
            raw = read_article(path)
        except KgError as exc:
            if strict:
                raise
            report.skipped.append((str(path), str(exc)))
            continue
        report.warnings += [(str(path), w) for w in raw.warnings]
        triples = extract(raw.text, raw.source, base)
        corpus.articles[_article_iri(triples)] = triples
        report.articles += 1
    return corpus, report


def build_graph(paths: list[Path], base: str = DEFAULT_BASE, strict: bool = False) -> tuple[Graph, BuildReport]:
    """The merged graph of every article under `paths`."""
    corpus, report = extract_corpus(paths, base, strict)
    return corpus.graph(), report


def record_path(out: Path) -> Path:
    """Where the per-article record of a triple-format graph lives."""
    return out.with_name(out.name.rsplit(".", 1)[0] + ".articles.nq")


def load_corpus(out: Path) -> Corpus:
    """The per-article record of an existing graph (for `--into`)."""
    source = out if Format.of(out).per_article and not record_path(out).exists() else record_path(out)
    if not source.exists():
        raise GraphError(f"{out}: no per-article record ({source.name}) to add to; build it once with "
                         f"'kg build ... -o {out.name}'")
    if Format.of(source) is Format.TRIG:
        ds = Dataset()
        ds.parse(source, format="trig")
        quads = ((s, p, o, getattr(g, "identifier", g)) for s, p, o, g in ds.quads() if g is not None)
    else:
        quads = read_nquads(source)
    corpus = Corpus()
    for s, p, o, g in quads:
        corpus.articles.setdefault(URIRef(g), set()).add((s, p, o))
    return corpus


@contextmanager
def atomic(out: Path) -> Iterator[IO[bytes]]:
    """A file that appears at `out` whole or not at all: written beside it, then renamed."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a graph is an ordinary file
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_graph(graph: Graph, out: Path, fmt: Format = Format.TURTLE) -> None:
    """Serialise one graph atomically."""
    with atomic(out) as fh:
        graph.serialize(fh, format=fmt.rdflib, encoding="utf-8")


def write_corpus(corpus: Corpus, out: Path, fmt: Format | None = None, record: bool = True) -> Graph:
    """Write a corpus as `kg build` does, byte for byte: the merged graph or one named graph per
    article, and (with `record`) the per-article record beside it. Returns the merged graph."""
    from kg.stream import write_articles

    fmt = fmt or Format.of(out)
    write_articles(corpus.lines(), out, fmt, record)
    if fmt.per_article:
        return corpus.graph()
    g = new_graph()
    g.parse(out, format=fmt.rdflib)
    return g
