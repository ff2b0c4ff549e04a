"""The build engine of every output: parallel extraction, identity, and a streaming merge.

Each article's extraction is a pure function from (file) to sorted N-Triples
lines (`extract_lines`), so it runs in worker processes (or in a distributed
map: Dask, Spark) and the lines can be bulk-loaded anywhere. A build never
holds the corpus in memory: articles are taken in article-IRI order, and their
lines go to the per-article record and to the external merge of `kg.spool`,
which decides the officials' nodes (`kg.identity`) once every article is read,
and writes the merged graph byte-identical for the same articles in any order;
pyoxigraph writes Turtle (or JSON-LD, RDF/XML) from it. Named-graph outputs
(TriG, N-Quads) are the record's articles with each official named by their
node. `kg build`, the Python API (`kg.write_corpus`, `Corpus.graph()`) and `kg
export` all come here.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

from kg.build import (BuildReport, Format, atomic, checked_record, extract_ntriples, find_record, graph_and_record,
                      no_record, pending_path, remove_half_written, work_folder, writes_through)
from kg.errors import ARTICLE_SECONDS, GraphError, KgError, OverTime
from kg.pipeline.read import HTML_SUFFIXES, read_article
from kg.rdf.namespace import DEFAULT_BASE
from kg.spool import Facts, StreamMerge, _record_articles, facts_of, parts_of, record_of
from kg.text import article_key



@dataclass
class Extracted:
    path: str
    article: str  # the article's IRI
    lines: list[str] | None  # sorted N-Triples lines; None when skipped (error) or sent from a worker (parts)
    error: str | None
    warnings: list[str]
    facts: "Facts | None" = None
    record: bytes | None = None  # the article's N-Quads for the record, made in the worker
    parts: list[bytes] | None = None  # its lines split into the parts of the merge, in the worker


def article_iri(name: str, base: str = DEFAULT_BASE) -> str:
    """The IRI of the article known as `name` (its path inside the folder given: `article_files`)."""
    return f"{base}article/{article_key(name)}"


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise OverTime in the block once `seconds` of wall time have passed (None: no budget). In the
    main thread by a signal; in another (a Dask worker runs its tasks in threads) by `_thread_budget`."""
    if not seconds:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_budget(seconds):
            yield
        return

    def over(signum, frame):
        raise OverTime(f"took longer than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _thread_budget(seconds: float) -> Iterator[None]:
    """OverTime raised in this thread by a timer thread (CPython's PyThreadState_SetAsyncExc), where no
    signal arrives: like a signal's handler, it runs between two bytecodes of the stuck article."""
    import ctypes

    message = f"took longer than {seconds:g} s"
    over_time = type("OverTime", (OverTime,), {"__init__": lambda self: OverTime.__init__(self, message)})
    target, lock, state = ctypes.c_ulong(threading.get_ident()), threading.Lock(), {"done": False, "fired": False}

    def over() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(over_time))

    timer = threading.Timer(seconds, over)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["done"] = True
            if state["fired"]:  # fired as the block ended: never raise it after the block
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
        timer.cancel()


def warm_up(html: bool = False) -> None:
    """Load the lexicons (and the HTML reader) once, before any article's time budget starts and
    before workers fork (they share what is loaded)."""
    if html:  # trafilatura loads much on its first page: two seconds
        from kg.pipeline.read import html_to_text

        html_to_text("<html><head><title>Tin</title></head><body><p>Sáng 1/1/2024, tại Hà Nội, Thủ tướng chủ "
                     "trì hội nghị.</p></body></html>")
    extract_ntriples("Sáng 1/1/2024, tại Hà Nội, Thủ tướng Nguyễn Văn An chủ trì hội nghị.", "warm-up", DEFAULT_BASE)


def extract_lines(path: Path, base: str = DEFAULT_BASE, name: str | None = None,
                  seconds: float | None = None) -> Extracted:
    """One file's triples as sorted N-Triples lines: a pure function of the file and its name
    (by default its file name). With `seconds`, an article that takes longer is given up with
    an error that says so (a build skips it)."""
    name = name or path.name
    try:
        with time_budget(seconds):
            raw = read_article(path, name)
            lines = extract_ntriples(raw.text, raw.source, base)
            article = article_iri(name, base)
            return Extracted(str(path), article, lines, None, raw.warnings, facts_of(lines),
                             record_of(article, lines), parts_of(lines))
    except OverTime as exc:
        return Extracted(str(path), article_iri(name, base), None,
                         f"{path}: {exc} (the limit of one article; --article-seconds raises it)", [])
    except KgError as exc:
        return Extracted(str(path), article_iri(name, base), None, str(exc), [])
    except (MemoryError, RecursionError, ValueError, TypeError, LookupError, ArithmeticError, AttributeError,
            UnicodeError, OSError, AssertionError) as exc:  # a bug met on one article must not cost the others
        return Extracted(str(path), article_iri(name, base), None,
                         f"{path}: could not be read (an error inside kg: {type(exc).__name__}: {str(exc)[:100]}); "
                         f"please report it with the article", [])


def _work(job: tuple[str, str, str, float | None]) -> Extracted:
    """`extract_lines` for a build: the lines travel back to the main process once, as parts."""
    done = extract_lines(Path(job[0]), job[1], job[2], job[3])
    done.lines = None
    return done


def extract_all(files: list[tuple[Path, str]], workers: int = 1, base: str = DEFAULT_BASE,
                seconds: float | None = ARTICLE_SECONDS) -> Iterator[Extracted]:
    """Each (file, name)'s lines, in the order of `files`, from `workers` processes, each article
    within `seconds`."""
    jobs = [(str(f), base, name, seconds) for f, name in files]
    warm_up(any(f.suffix.lower() in HTML_SUFFIXES for f, _ in files))
    if workers <= 1:
        yield from map(_work, jobs)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_work, jobs, chunksize=16)


def record_articles(graph: Path) -> Iterator[tuple[str, list[str]]]:
    """(article IRI, its lines) of a built graph, streamed from its record once the record is known
    to belong to the graph (or, for an earlier version's named-graph output written with no
    record, from the output itself)."""
    if find_record(graph).exists() or pending_path(graph).exists():
        return _record_articles(*checked_record(graph))
    if Format.of(graph).per_article and graph.exists():
        return _dataset_articles(graph)
    raise GraphError(no_record(graph))


def _dataset_articles(out: Path) -> Iterator[tuple[str, list[str]]]:
    """(article IRI, its lines) from a named-graph output of an earlier version, written with no record."""
    from kg.build import load_corpus
    from kg.rdf.serialize import ntriple

    corpus = load_corpus(out)
    for article in sorted(corpus.articles, key=str):
        yield str(article), sorted(ntriple(s, p, o) for s, p, o in corpus.articles[article])


def write_articles(articles: Iterable[tuple[str, list[str]]], out: Path, fmt: Format, record: bool = True,
                   workers: int = 1) -> Counter[str]:
    """The graph (and, with `record`, the record beside it) of articles already read: (IRI, sorted
    N-Triples lines), in IRI order. The Python API's way into the same engine as `kg build`."""
    with work_folder("build") as tmp, graph_and_record(out, record) as (graph, fh):
        merge = StreamMerge(Path(tmp), fh, dataset=fmt.per_article)
        for article, lines in articles:
            merge.add(article, lines)
        merge.write(graph, fmt, workers)
        return merge.counts()


@contextlib.contextmanager
def writing(out: Path) -> Iterator[None]:
    """Hold the graph's lock for a build: a second build of the same graph is refused, not interleaved."""
    import fcntl

    lock = out.with_name(f".{out.name}.lock")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fh = lock.open("a")
    except OSError as exc:
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
            if os.fstat(fh.fileno()).st_ino != os.stat(lock).st_ino:  # removed by the build that held it
                raise OSError
        except OSError:
            raise GraphError(f"{out}: another build is writing this graph; run this one when it has finished") from None
        remove_half_written(out)
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)  # still held: a build that opened it before now finds it gone


def _engine(cluster: str | None) -> "contextlib.AbstractContextManager":
    """No engine for a local build; for `cluster`, a Dask client on it (imported only then: it takes a third of a second)."""
    if cluster is None:
        return contextlib.nullcontext()
    from kg.cluster import connect

    return connect(cluster)


def stream_build(files: "list[Path] | list[tuple[Path, str]]", out: Path, fmt: Format = Format.TURTLE, workers: int = 1, into: bool = False,
                 strict: bool = False, store_dir: Path | None = None,
                 base: str = DEFAULT_BASE, seconds: float | None = ARTICLE_SECONDS,
                 progress: "Callable[[str, int, int], None] | None" = None,
                 cluster: str | None = None) -> tuple[BuildReport, Counter[str]]:
    """Build (or, with `into`, add to) the graph at `out` without holding the corpus in memory.
    `files` are paths (each known by its file name) or (path, name) pairs (`article_files`).

    Every format comes from here: the per-article record beside the output (`graph.ttl.articles.nq`),
    the identity of officials decided over all of it, then the merged graph (Turtle, N-Triples)
    or one named graph per article (TriG, N-Quads). An article that takes longer than `seconds`
    is skipped with a message (None: no limit). `progress(stage, done, total)` is told of each
    article read ("reading articles") and of the merge starting ("writing the graph"). With `cluster`
    (a Dask scheduler's address) the articles are read and the parts merged there (`kg.cluster`): the same bytes.
    """
    tell = progress or (lambda stage, done, total: None)
    if writes_through(out):  # standard output, a pipe, a device: the graph alone, written through it
        if into:
            raise GraphError(f"{out}: --into adds to a graph file, not to {'standard output' if str(out) == '-' else 'this'}")
        with work_folder("out") as tmp:
            graph = Path(tmp) / f"graph.{fmt.extension}"
            report, counts = stream_build(files, graph, fmt, workers, False, strict, store_dir, base, seconds, progress,
                                          cluster)
            with atomic(out) as fh, graph.open("rb") as built:
                shutil.copyfileobj(built, fh, 1 << 20)
        return report, counts
    if out.is_symlink():  # the link stays; the graph and its record go where it points
        out = Path(os.path.realpath(out))
    if into and not out.exists() and not find_record(out).exists() and not pending_path(out).exists():
        into = False  # nothing to add to yet: the first build of a graph that grows with --into
    report = BuildReport()
    named = {}  # each article once: two files of one name are one article (give their folders one at a time)
    for f, name in sorted(((f, f.name) if isinstance(f, Path) else f for f in files), key=lambda fn: (fn[1], str(fn[0]))):
        if article_iri(name, base) in named:
            report.skipped.append((str(f), f"{f}: the same article name ({name}) as {named[article_iri(name, base)][0]}: "
                                           f"an article is known by its path inside the folder given; build that "
                                           f"folder on its own, or rename one"))
        else:
            named[article_iri(name, base)] = (f, name)
    files = [named[iri] for iri in sorted(named)]
    with _engine(cluster) as dask, writing(out), work_folder("build") as tmp:
        previous = record_articles(out) if into else iter(())  # refused here, before anything is written
        with graph_and_record(out) as (graph, record):
            merge = StreamMerge(Path(tmp), record, dataset=fmt.per_article)
            pending = next(previous, None)
            new_articles = set(named)
            items = (extract_all(files, workers, base, seconds) if dask is None
                     else dask.extract(files, base, seconds, fmt.per_article))
            for done, item in enumerate(items, 1):
                tell("reading articles", done, len(files))
                if item.error is not None:
                    if strict:
                        raise KgError(item.error or item.path)
                    report.skipped.append((item.path, item.error or ""))
                    continue
                while pending is not None and pending[0] <= item.article:  # old articles before this one, in order
                    if pending[0] not in new_articles:
                        merge.add(*pending)
                    pending = next(previous, None)
                report.warnings += [(item.path, w) for w in item.warnings]
                merge.add(item.article, item.lines, item.facts, item.record, item.parts)
                report.articles += 1
            while pending is not None:
                if pending[0] not in new_articles:
                    merge.add(*pending)
                pending = next(previous, None)
            tell("writing the graph", 0, 0)
            merge.write(graph, fmt, workers, None if dask is None else dask.merge_parts)
            counts = merge.counts()
        if store_dir is not None:  # a persistent store of the graph, ready for `kg query --store`
            from kg.query import oxigraph_store

            oxigraph_store(out, store_dir)
    return report, counts
