"""The build engine of every output: parallel extraction, identity, and a streaming merge.

Each article's extraction is a pure function from (file) to sorted N-Triples
lines (`extract_lines`), so it runs in worker processes (or in a distributed
map: Dask, Spark) and the lines can be bulk-loaded anywhere. A build never
holds the corpus in memory: articles are taken in article-IRI order, their
lines go to the per-article record (N-Quads) and, in sorted runs, to temporary
files; only the support of each node's labels and formats, and what each
article says of its officials, are kept. Once every article is read,
`kg.identity` decides the officials' nodes; the runs are then merged with the
merge rules of `kg.rdf.merge`. The merged lines are sorted, so the graph is
byte-identical for the same articles in any order; pyoxigraph writes Turtle
(or JSON-LD, RDF/XML) from them. Named-graph outputs (TriG, N-Quads) are the
record's articles with each official named by their node. `kg build`, the
Python API (`kg.write_corpus`, `Corpus.graph()`) and `kg export` all come here.
"""
from __future__ import annotations

import contextlib
import hashlib
import heapq
import multiprocessing
import os
import re
import shutil
import signal
import tempfile
import threading
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from rdflib.namespace import XSD

from kg.build import (BuildReport, Format, atomic, checked_record, extract_ntriples, find_record, graph_and_record,
                      no_record, pending_path, remove_half_written, work_folder, writes_through)
from kg.errors import ARTICLE_SECONDS, GraphError, KgError, OverTime
from kg.identity import FACTS as IDENTITY_FACTS
from kg.identity import Identities, Seen, seen_in
from kg.pipeline.read import HTML_SUFFIXES, read_article
from kg.rdf import emit
from kg.rdf.prefixes import PREFIXES
from kg.rdf.merge import format_rank, label_rank
from kg.rdf.namespace import DEFAULT_BASE, VNKG
from kg.text import article_key

SORT_BYTES = 48 << 20  # a part's lines sorted in memory at once; a bigger part is merged from sorted runs
SPOOL_BYTES = 64 << 20  # lines held in memory before they go to the spool files: keeps memory flat
PARTS = 64  # the merge is split by subject into this many parts, sorted one at a time in memory
# (fixed, so the bytes never depend on --workers; a part of a 100,000-article graph is about 50 MB)
# predicates as they stand in an N-Triples line
LABEL, TYPE, FORMAT = f" <{emit.LABEL}> ", f" <{emit.TYPE}> ", f" <{VNKG.format}> "
ALT_LABEL = f"<{emit.ALT_LABEL}>"
MENTIONS = (f" <{VNKG.mentions}> ", f" <{VNKG.reports}> ")
LABEL_IRI, FORMAT_IRI, TYPE_IRI = LABEL.strip(), FORMAT.strip(), TYPE.strip()
MENTION_IRIS = frozenset(m.strip() for m in MENTIONS)
OFFICIAL = "/official/"  # in the IRI of an official (any other subject that has it only moves part later)


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


@dataclass
class Facts:
    """What the merge needs to know of an article, read from its lines (in the worker)."""

    labels: list[tuple[str, str]]
    formats: list[tuple[str, str]]
    mentioned: list[str]
    seen: list[Seen]  # what the article says of its officials, for the identity stage


def facts_of(lines: list[str]) -> Facts:
    """Labels, formats and mentions, read from the terms of each line, never from a substring of it: an
    article's text may hold the vocabulary's own IRIs (subjects and predicates are IRIs with no space)."""
    labels, formats, mentioned, terms = [], [], set(), []
    for line in lines:
        s, p, o = term = line[:-3].split(" ", 2)
        if p == LABEL_IRI:
            labels.append((s, o))
            terms.append(term)
        elif p in IDENTITY_FACTS:
            terms.append(term)
        elif p == FORMAT_IRI:
            formats.append((s, o))
        elif p in MENTION_IRIS:
            mentioned.add(o)
    return Facts(labels, formats, sorted(mentioned), seen_in(terms))


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


def record_of(article: str, lines: list[str]) -> bytes:
    """An article's lines as N-Quads in its own named graph: its block of the record."""
    return "".join(f"{line[:-3]} <{article}> .\n" for line in lines).encode("utf-8")


def _record_articles(record: Path, digest: str | None = None,
                     length: int | None = None) -> Iterator[tuple[str, list[str]]]:
    """(article IRI, its N-Triples lines) from a record this module wrote (sorted, one graph a block).

    With `digest`, the first `length` bytes (all but the closing line) are checked against it as
    they stream: a damaged record is an error before its last article is given."""
    sha = hashlib.sha256()
    current, lines = None, []
    left = length if length is not None else float("inf")
    with record.open("rb") as fh:
        rest = b""
        while left > 0:
            chunk = fh.read(int(min(1 << 20, left)))
            if not chunk:
                break
            left -= len(chunk)
            sha.update(chunk)
            *whole, rest = (rest + chunk).split(b"\n")
            for raw in whole:
                if not raw or raw.startswith(b"#"):
                    continue
                line = raw.decode("utf-8", "replace")
                head, _, graph = line[:-2].rstrip().rpartition(" <")
                graph = graph[:-1]  # the IRI without its closing ">"
                if graph != current:
                    if current is not None:
                        yield current, lines
                    current, lines = graph, []
                lines.append(head + " .\n")
    if digest is not None and (rest or sha.hexdigest() != digest):
        raise GraphError(f"{record}: damaged (its content is not what was written); rebuild the graph from "
                         f"the articles: kg build ARTICLES -o GRAPH")
    if current is not None:
        yield current, lines


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


def _value(literal: str) -> str:
    """The lexical value of an N-Triples literal this package wrote ("..."@vi, "...", "..."^^<dt>)."""
    body = literal[1:literal.rindex('"')]
    if "\\" not in body:
        return body
    return re.sub(r'\\(["\\nr])', lambda m: {"n": "\n", "r": "\r"}.get(m.group(1), m.group(1)), body)


def part_of(line: str) -> int:
    """Which part of the merge a line belongs to: fixed by its subject, the same on every machine."""
    return zlib.crc32(line[:line.index("> ")].encode("utf-8")) % PARTS  # a hash: parts of even size


def parts_of(lines: list[str]) -> list[bytes]:
    """An article's lines split into the parts of the merge, each part's lines as UTF-8 bytes.

    An official's own lines go to one more part, `PARTS`: which node they belong to is known
    only when every article is read (`kg.identity`), and then they move to their part.
    """
    parts: list[list[str]] = [[] for _ in range(PARTS + 1)]
    for line in lines:
        parts[PARTS if OFFICIAL in line[:line.index("> ")] else part_of(line)].append(line)
    return ["".join(part).encode("utf-8") for part in parts]


class StreamMerge:
    """Articles in, one merged graph out, by an external sort: never the corpus in memory.

    Lines are split by subject into `PARTS` parts, and each part's lines are
    appended, as they come, to its spool file. At the end each part is read back,
    sorted, duplicates dropped and the merge rules applied to each subject's block
    of lines; the parts are merged in parallel (`workers` processes) and joined
    in order, so the bytes never depend on the number of workers. In memory stay
    one part at a time per process, and the support of each node's labels and
    formats, and its mention count.
    """

    def __init__(self, work: Path, record: IO[bytes] | None, dataset: bool = False):
        """`dataset`: the output is one named graph per article (TriG, N-Quads), not the merged graph."""
        self.work, self.record, self.dataset = work, record, dataset
        self.work.mkdir(parents=True, exist_ok=True)
        self.blocks = (self.work / "articles.nq").open("wb") if dataset else None
        self.batches: list[list[bytes]] = [[] for _ in range(PARTS + 1)]
        self.batched = 0
        self.labels: dict[str, Counter[str]] = defaultdict(Counter)
        self.formats: dict[str, set[str]] = defaultdict(set)
        self.mentioned: Counter[str] = Counter()
        self.people = Identities()
        self.keys: dict[str, tuple[str, str | None]] = {}  # an article's key for an official -> (name, province)
        self.met: list[tuple[str, ...]] = []  # each article's officials, counted once the nodes are known
        self.nodes: dict[str, str] = {}  # article key -> the official's node, where they differ
        self.count_lines: list[list[str]] = []  # made once the mention counts are final
        self.classes: Counter[str] = Counter()
        self.triples = 0
        self.articles = 0

    def add(self, article: str, lines: list[str] | None, facts: Facts | None = None, record: bytes | None = None,
            parts: list[bytes] | None = None) -> None:
        """One article: its lines, or (from a worker) its facts, record block and parts instead of them."""
        if lines is not None:
            facts, record, parts = facts or facts_of(lines), record or record_of(article, lines), parts or parts_of(lines)
        if self.record is not None:
            self.record.write(record)
        if self.blocks is not None:
            self.blocks.write(record)
            parts = []  # no merged graph to make
        for s, o in facts.labels:
            self.labels[s][o] += 1
        for s, o in facts.formats:
            self.formats[s].add(o)
        self.mentioned.update(m for m in facts.mentioned if OFFICIAL not in m)
        self.met.append(tuple(m for m in facts.mentioned if OFFICIAL in m))
        self.people.add(facts.seen)
        for seen in facts.seen:
            self.keys.setdefault(f"<{seen.key}>", (seen.label, seen.province))
        for batch, part in zip(self.batches, parts):
            if part:
                batch.append(part)
                self.batched += len(part)
        self.articles += 1
        if self.batched >= SPOOL_BYTES:
            self._spill()

    def _spool(self, part: int) -> Path:
        return self.work / f"part-{part:02d}.spool"

    def _spill(self) -> None:
        for part, batch in enumerate(self.batches):
            if batch:
                with self._spool(part).open("ab") as fh:
                    fh.write(b"".join(batch))
        self.batches = [[] for _ in range(PARTS + 1)]
        self.batched = 0

    def lines(self, part: int) -> Iterator[str]:
        """One part of the merged graph as sorted N-Triples lines (without their newline), each subject settled."""
        block: list[str] = []
        subject = previous = None
        for line in self._sorted(part):
            if line == previous:
                continue
            previous = line
            head = line[:line.index("> ") + 1]
            if head != subject:
                yield from self._settle(subject, block)
                subject, block = head, []
            block.append(line)
        yield from self._settle(subject, block)

    def _sorted(self, part: int) -> Iterator[str]:
        """One part's lines in order, duplicates kept: sorted in memory, or, for a part over `SORT_BYTES`
        (a big or dense corpus), each `SORT_BYTES` of it sorted to a run on disk and the runs merged,
        so that memory stays flat. No line is a proper prefix of another, so lines sort the same with or
        without their newline."""
        path, runs, merged = self._spool(part), [], []
        if path.exists():
            with path.open("rb") as fh:
                piece = fh.readlines(SORT_BYTES)
                while piece:
                    merged = self._renamed(b"".join(piece).decode("utf-8").split("\n")[:-1])
                    piece = fh.readlines(SORT_BYTES)
                    if piece:  # more to come: this piece waits on disk, sorted
                        runs.append(self._run(part, len(runs), merged))
                        merged = []
            path.unlink()
        merged += self.count_lines[part]
        merged.sort()
        if not runs:
            yield from merged
            return
        runs.append(self._run(part, len(runs), merged))
        del merged
        with contextlib.ExitStack() as files:
            yield from heapq.merge(*((line[:-1] for line in files.enter_context(run.open(encoding="utf-8")))
                                     for run in runs))
        for run in runs:
            run.unlink()

    def _renamed(self, lines: list[str]) -> list[str]:
        """Lines with an official's node named as their object (a mention, a holding), where identity moved it."""
        if self.nodes:
            nodes = self.nodes
            for i, line in enumerate(lines):
                if OFFICIAL in line:
                    head, _, o = line[:-2].rpartition(" ")
                    if o in nodes:
                        lines[i] = f"{head} {nodes[o]} ."
        return lines

    def _run(self, part: int, n: int, lines: list[str]) -> Path:
        """Sorted lines of one part, written aside to be merged with the part's other runs."""
        lines.sort()
        run = self.work / f"part-{part:02d}.run-{n:03d}"
        with run.open("w", encoding="utf-8") as fh:
            for chunk in _chunks(iter(lines)):
                fh.write(chunk)
        return run

    def _settle(self, subject: str | None, block: list[str]) -> list[str]:
        """One subject's lines with one label (most support, then shorter, then first) and one format."""
        if subject is None:
            return []
        support = self.labels.get(subject)
        if support is not None and len(support) > 1:
            keep = min(support, key=lambda t: label_rank(support[t], _value(t)))
            alt = f"{subject} {ALT_LABEL} "
            block = [f"{alt}{line[len(subject) + len(LABEL):-2]} ." if line.startswith(subject + LABEL)
                     and line[len(subject) + len(LABEL):-2] != keep else line for line in block]
            block = sorted(set(block) - {f"{alt}{keep} ."})
        values = self.formats.get(subject)
        if values is not None and len(values) > 1:
            keep = min(values, key=lambda v: format_rank(_value(v)))
            block = [line for line in block if not (line.startswith(subject + FORMAT)
                                                    and line[len(subject) + len(FORMAT):-2] != keep)]
        for line in block:
            if line.startswith(subject + TYPE):
                self.classes[line[len(subject) + len(TYPE) + 1:-3]] += 1
        self.triples += len(block)
        return block

    def counts(self) -> Counter[str]:
        """Nodes by class IRI, and "triples": known once the graph has been written."""
        return self.classes + Counter({"triples": self.triples})

    def _identify(self) -> None:
        """Decide the officials' nodes (`kg.identity`), then move their lines to their parts and labels."""
        for key, (label, province) in self.keys.items():
            node = f"<{key[1:key.index(OFFICIAL) + len(OFFICIAL)]}{self.people.final(label, province)}>"
            if node != key:
                self.nodes[key] = node
        for key, node in self.nodes.items():
            if key in self.labels:
                self.labels[node] += self.labels.pop(key)
        for met in self.met:
            self.mentioned.update({self.nodes.get(m, m) for m in met})
        self.met = []
        path = self._spool(PARTS)
        if not path.exists():
            return
        with path.open(encoding="utf-8") as fh:
            moved = moved_to_parts(fh, self.nodes)
        path.unlink()
        for part, lines in enumerate(moved):
            if lines:
                with self._spool(part).open("a", encoding="utf-8") as fh:
                    fh.writelines(lines)

    def add_part(self, part: int, pieces: Iterable[bytes]) -> None:
        """Lines of one part made elsewhere (on a cluster's workers: `kg.cluster`), added to its spool."""
        with self._spool(part).open("ab") as fh:
            fh.writelines(pieces)

    def spooled(self, part: int) -> bytes:
        """One part's spooled lines (with --into on a cluster, the old articles'), taken out to be merged elsewhere."""
        path = self._spool(part)
        data = path.read_bytes() if path.exists() else b""
        path.unlink(missing_ok=True)
        return data

    def _count_lines(self) -> list[list[str]]:
        """Each node's `vnkg:articleCount` line, by part."""
        count, integer = f"<{VNKG.articleCount}>", f"<{XSD.integer}>"
        parts: list[list[str]] = [[] for _ in range(PARTS)]
        for node, n in self.mentioned.items():
            line = f'{node} {count} "{n}"^^{integer} .'
            parts[part_of(line)].append(line)
        return parts

    def write_part(self, part: int, fmt: Format) -> tuple[Counter[str], int]:
        """Merge one part into its own file (N-Triples, or Turtle by pyoxigraph); its class counts and size."""
        self.classes, self.triples = Counter(), 0
        nt = self.work / f"part-{part:02d}.nt"
        with nt.open("wb") as fh:
            for chunk in _chunks(self.lines(part)):
                fh.write(chunk.encode("utf-8"))
        if fmt is Format.TURTLE:
            import pyoxigraph as ox

            ox.serialize(ox.parse(path=str(nt), format=ox.RdfFormat.N_TRIPLES), str(self.part_file(part, fmt)),
                         format=ox.RdfFormat.TURTLE, prefixes=PREFIXES)
            nt.unlink()
        return self.classes, self.triples

    def part_file(self, part: int, fmt: Format) -> Path:
        return self.work / f"part-{part:02d}.{'nt' if fmt is Format.NTRIPLES else 'ttl'}"

    def write_dataset(self, out: Path, fmt: Format) -> None:
        """One named graph per article, as the record holds it, each official named by their node."""
        import pyoxigraph as ox

        self.blocks.close()
        self._identify()
        nodes, typed, quads = self.nodes, set(), 0
        spooled = self.work / "resolved.nq"
        with (atomic(out) if fmt is Format.NQUADS else spooled.open("wb")) as fh:
            for article, lines in _record_articles(self.work / "articles.nq"):
                if nodes:
                    lines = sorted(_renamed(line, nodes) for line in lines)
                for line in lines:
                    s, p, o = line[:-3].split(" ", 2)
                    if p == TYPE_IRI:
                        typed.add((s, o[1:-1]))
                quads += len(lines)
                fh.write(record_of(article, lines))
        if fmt is Format.TRIG:
            with atomic(out) as fh:
                ox.serialize(ox.parse(path=str(spooled), format=ox.RdfFormat.N_QUADS), fh,
                             format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        self.classes = Counter(cls for _, cls in typed)
        self.triples = quads

    def write(self, out: Path, fmt: Format, workers: int = 1, merge_parts: "PartsMerger | None" = None) -> None:
        """The merged graph to `out`: its parts merged by `workers` processes (or by `merge_parts`: a
        cluster's tasks), then joined in order."""
        if self.dataset:
            self.write_dataset(out, fmt)
            return
        if fmt not in (Format.TURTLE, Format.NTRIPLES):  # JSON-LD, RDF/XML: written whole from the N-Triples
            import pyoxigraph as ox

            merged = self.work / "merged.nt"
            self.write(merged, Format.NTRIPLES, workers, merge_parts)
            with atomic(out) as fh:
                fmt.serialize(ox.parse(path=str(merged), format=ox.RdfFormat.N_TRIPLES), fh)
            return
        self._spill()
        if self.record is not None:
            self.record.flush()  # nothing buffered may be inherited by the processes below
        self.batches = []
        self._identify()
        self.count_lines = self._count_lines()
        global _ACTIVE
        _ACTIVE = (self, fmt)
        try:
            if merge_parts is not None:
                done = merge_parts(self, fmt)
            elif workers > 1:
                with multiprocessing.get_context("fork").Pool(min(workers, PARTS)) as pool:
                    done = pool.map(_write_part, range(PARTS), chunksize=1)
            else:
                done = [_write_part(part) for part in range(PARTS)]
        finally:
            _ACTIVE = None
        self.classes = sum((classes for classes, _ in done), Counter())
        self.triples = sum(triples for _, triples in done)
        with atomic(out) as fh:
            if fmt is Format.TURTLE:  # one prefix header, sorted, for all the parts
                fh.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())).encode())
            for part in range(PARTS):
                path = self.part_file(part, fmt)
                with path.open("rb") as src:
                    if fmt is Format.TURTLE:
                        head = src.readline()
                        while head.startswith(b"@prefix ") or head == b"\n":
                            head = src.readline()
                        fh.write(head)
                    shutil.copyfileobj(src, fh, 1 << 20)
                path.unlink()


_ACTIVE: tuple[StreamMerge, Format] | None = None  # the merge a forked part worker works on
# merges every part of a StreamMerge whose identity is decided into its `part_file`, in any order: (classes, triples) by part
PartsMerger = Callable[[StreamMerge, Format], list[tuple[Counter[str], int]]]


def moved_to_parts(lines: Iterable[str], nodes: dict[str, str]) -> list[list[str]]:
    """Officials' own lines (the extra part) with their subject named by its node, sent to that node's part."""
    moved: list[list[str]] = [[] for _ in range(PARTS)]
    for line in lines:
        subject, rest = line.split(" ", 1)
        line = f"{nodes.get(subject, subject)} {rest}"
        moved[part_of(line)].append(line)
    return moved


def _write_part(part: int) -> tuple[Counter[str], int]:
    merge, fmt = _ACTIVE
    return merge.write_part(part, fmt)


def _renamed(line: str, nodes: dict[str, str]) -> str:
    """An article's line with its officials' keys replaced by their nodes (subject and object)."""
    if OFFICIAL not in line:
        return line
    s, p, rest = line.split(" ", 2)
    o = rest[:-3]
    return f"{nodes.get(s, s)} {p} {nodes.get(o, o)} .\n"


def _chunks(lines: Iterator[str], size: int = 10_000) -> Iterator[str]:
    """Lines (without their newline) joined into text, `size` lines at a time."""
    chunk: list[str] = []
    for line in lines:
        chunk.append(line)
        if len(chunk) >= size:
            yield "\n".join(chunk) + "\n"
            chunk = []
    if chunk:
        yield "\n".join(chunk) + "\n"


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
