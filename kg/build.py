"""Build a graph from article files: the public API behind `kg build`.

A build keeps each article's triples apart (a `Corpus`), so that one article
can be added, replaced or dropped later: `kg build NEW --into graph.ttl` reads
the record written beside the graph (`graph.ttl.articles.nq`, one named graph per
article), replaces the articles it is given, and writes both again. The graph
is always made from the whole record by one engine (`kg.stream`: identity,
merge, writer), so it never depends on input order or on how many builds it
took, and the API writes the bytes `kg build` writes.

>>> from pathlib import Path
>>> corpus, report = extract_corpus([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from kg.errors import ClosedPipe, GraphError, KgError
from kg.formats import Format
from kg.pipeline import run
from kg.pipeline.read import article_files, read_article
from kg.rdf.emit import Triple, article_lines, article_triples, new_graph
from kg.rdf.namespace import DEFAULT_BASE, VNKG
from kg.rdf.serialize import ntriple, read_nquads


@dataclass
class BuildReport:
    """What a build read, skipped and produced."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary_of(self, counts: Counter[str], quads: bool = False, into: bool = False) -> dict[str, int | None]:
        """The summary lines, from counts of nodes by class IRI (and "triples": `quads` for named graphs).
        Added `into` a graph, the articles read are told apart from what the whole graph now holds."""
        counts = Counter({k if k == "triples" else URIRef(k): v for k, v in counts.items()})
        read = {"articles read": self.articles, "skipped": len(self.skipped)}
        return {
            **(read | {"in the whole graph:": None, "articles": counts[VNKG.Article]} if into else
               {"articles": self.articles, "skipped": len(self.skipped)}),
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

        with work_folder("graph") as tmp:
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
    for path, name in article_files(paths):
        try:
            raw = read_article(path, name)
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
    """Where a build writes the per-article record of `out`: beside it, under its whole name, so
    `graph.ttl` and `graph.trig` in one folder keep a record each."""
    return out.with_name(f"{out.name}.articles.nq")


def find_record(graph: Path) -> Path:
    """The record of `graph`: beside it under its name (`record_path`), else a record in its folder
    written with these very bytes: the graph was renamed or copied there, or built by a version that
    named the record after the graph's stem (`graph.articles.nq`). Where none is, `record_path`."""
    record = record_path(graph)
    if record.exists() or pending_path(graph).exists() or not graph.is_file():
        return record
    digest = None
    for other in sorted(graph.parent.glob("*.articles.nq")):
        try:
            claim = closing_line(other)
        except OSError:
            continue
        if claim is not None:
            digest = digest or file_sha256(graph)
            if claim[0] == digest:
                return other
    return record


def no_record(graph: Path) -> str:
    """What to do about a graph whose record is nowhere near it."""
    return (f"{graph}: no per-article record beside it ({record_path(graph).name}), and none in its folder was "
            f"written with this graph; copy the record with the graph, under that name, or rebuild it: "
            f"kg build ARTICLES -o {graph}")


def work_folder(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder named after this process (`vnkg-KIND-PID-...`); those of processes that
    are gone (killed outright, so nothing cleaned up after them) are removed first."""
    prefix = f"vnkg-{kind}-"
    for folder in Path(tempfile.gettempdir()).glob(f"{prefix}*"):
        try:
            os.kill(int(folder.name[len(prefix):].split("-")[0]), 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except (ValueError, OSError):  # not ours by name, or another user's
            continue
    return tempfile.TemporaryDirectory(prefix=f"{prefix}{os.getpid()}-")


def remove_half_written(out: Path) -> None:
    """Temporary files of a killed build of `out`, beside it (call with the graph's lock held)."""
    for name in (out.name, record_path(out).name):
        for left in out.parent.glob(f".{glob.escape(name)}.*.tmp"):
            left.unlink(missing_ok=True)


def pending_path(out: Path) -> Path:
    """Where a build's new record waits while the graph it was written with is renamed into place."""
    return out.with_name(f".{record_path(out).name}.pending")


CLOSING = b"# vnkg record: graph sha256 "  # the record's last line: the graph's digest, then the record's own


class _Hashing:
    """A binary file that keeps the SHA-256 of what is written through it."""

    def __init__(self, fh: IO[bytes]):
        self.fh, self.sha = fh, hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        return self.fh.write(data)

    def flush(self) -> None:
        self.fh.flush()

    def fileno(self) -> int:
        return self.fh.fileno()


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def closing_line(path: Path) -> tuple[str, str, int] | None:
    """(the graph's digest, the record's digest, where the closing line starts) of a record, or None
    when it has no closing line (cut short, damaged, or written by an earlier version)."""
    with path.open("rb") as fh:
        end = fh.seek(0, os.SEEK_END)
        fh.seek(max(0, end - 512))
        tail = fh.read()
    start = tail.rfind(b"\n", 0, len(tail) - 1) + 1
    line = tail[start:]
    if not line.startswith(CLOSING) or not line.endswith(b"\n"):
        return None
    words = line[len(CLOSING):].split()
    if len(words) != 4 or words[1:3] != [b"record", b"sha256"]:
        return None
    return words[0].decode(), words[3].decode(), end - len(line)


@contextmanager
def graph_and_record(out: Path, record: bool = True) -> Iterator[tuple[Path, IO[bytes] | None]]:
    """The graph at `out` and its record beside it, written as one unit: (a temporary path for the
    graph, the record's open file). Nothing is visible until both are whole; then the new record
    is put aside (`pending_path`), the graph renamed into place (the commit), and the record
    renamed beside it. The record ends with the graph's digest and its own, so a record that does
    not belong to its graph, or was cut short, is found (`checked_record`), and a build killed
    between the two renames is finished by the next one."""
    temps: list[str] = []
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd, graph_tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
        os.close(fd)
        temps.append(graph_tmp)
        if record:
            fd, record_tmp = tempfile.mkstemp(prefix=f".{record_path(out).name}.", suffix=".tmp", dir=out.parent)
            temps.append(record_tmp)
    except OSError as exc:
        for name in temps:
            Path(name).unlink(missing_ok=True)
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    try:
        with (os.fdopen(fd, "wb") if record else contextlib.nullcontext()) as fh:
            hashing = _Hashing(fh) if fh is not None else None
            yield Path(graph_tmp), hashing
            if fh is not None:
                fh.flush()
                fh.write(CLOSING + f"{file_sha256(Path(graph_tmp))} record sha256 {hashing.sha.hexdigest()}\n".encode())
                fh.flush()
                os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        for name in temps:
            os.chmod(name, 0o666 & ~umask)  # mkstemp makes 0600; a graph is an ordinary file
        if record:
            os.replace(record_tmp, pending_path(out))
        os.replace(graph_tmp, out)  # the commit
        if record:
            os.replace(pending_path(out), record_path(out))
    except OSError as exc:
        for name in temps:
            Path(name).unlink(missing_ok=True)
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        for name in temps:
            Path(name).unlink(missing_ok=True)
        raise


def checked_record(graph: Path) -> tuple[Path, str, int]:
    """The record of `graph` once it is known to belong to it: (its path, its digest, its length
    without the closing line). A build killed after its commit is finished here (its pending
    record renamed into place); one killed before leaves a pending record that is dropped."""
    record, pending = find_record(graph), pending_path(graph)
    rebuild = f"rebuild the graph from the articles: kg build ARTICLES -o {graph}"
    digest = file_sha256(graph) if graph.exists() else None
    if pending.exists():
        claim = closing_line(pending)
        if claim is not None and claim[0] == digest:
            os.replace(pending, record)
        else:
            pending.unlink(missing_ok=True)
    claim = closing_line(record)
    if claim is None:
        raise GraphError(f"{record}: cut short or damaged (its closing line is missing); {rebuild}")
    if digest is None:
        raise GraphError(f"{graph}: missing beside its record {record.name}; {rebuild}")
    if claim[0] != digest:
        raise GraphError(f"{graph} is not the graph {record.name} was written with (changed since, or they come "
                         f"from different builds); {rebuild}")
    return record, claim[1], claim[2]


def load_corpus(out: Path) -> Corpus:
    """The per-article record of an existing graph (for `--into`)."""
    source = out if Format.of(out).per_article and not find_record(out).exists() else find_record(out)
    if source != out and (source.exists() or pending_path(out).exists()):
        source, digest, length = checked_record(out)
        with source.open("rb") as fh:
            sha = hashlib.sha256()
            while length > 0 and (chunk := fh.read(min(1 << 20, length))):
                sha.update(chunk)
                length -= len(chunk)
        if sha.hexdigest() != digest:
            raise GraphError(f"{source}: damaged (its content is not what was written); rebuild the graph from "
                             f"the articles: kg build ARTICLES -o {out}")
    if not source.exists():
        raise GraphError(no_record(out))
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


def writes_through(out: Path) -> bool:
    """`out` is standard output (`-`) or, through any symbolic links, something other than a regular
    file (a terminal, a pipe, a device): written to as it is, never replaced by a renamed file."""
    if str(out) == "-":
        return True
    try:
        return not stat.S_ISREG(os.stat(out).st_mode)
    except OSError:
        return False  # nothing there yet (or a link to nothing): a new file


@contextmanager
def atomic(out: Path) -> Iterator[IO[bytes]]:
    """A file that appears at `out` whole or not at all: written beside it, then renamed. A
    symbolic link stays one (its target is replaced); standard output (`-`), a pipe or a device is
    written through (`writes_through`)."""
    if writes_through(out):
        with _through(out) as fh:
            yield fh
        return
    out = Path(os.path.realpath(out)) if out.is_symlink() else out
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


@contextmanager
def _through(out: Path) -> Iterator[IO[bytes]]:
    try:
        fh = os.fdopen(os.dup(sys.stdout.fileno()), "wb") if str(out) == "-" else open(out, "wb")
    except (OSError, ValueError) as exc:
        raise GraphError(f"{out}: cannot write ({getattr(exc, 'strerror', None) or exc})") from None
    try:
        with fh:
            yield fh
    except BrokenPipeError:
        raise ClosedPipe(f"{out}: the reader stopped reading (a closed pipe)") from None
    except OSError as exc:
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None


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
