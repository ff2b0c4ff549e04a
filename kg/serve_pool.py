"""The query workers of `kg serve`: processes that open the graph's store read-only and answer
one query at a time over a pipe, so the front can kill one that overruns and start another.
An answer goes back as a head (status, rows cut, media type) and the body in chunks.

No worker listens on any port: the front is the only way in (tests/test_server.py checks it).
The workers die with the front, even when it is killed outright (Linux parent-death signal).
"""
from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from dataclasses import dataclass, field
from itertools import islice
from multiprocessing import get_context
from pathlib import Path
from queue import Empty, Queue
from typing import Iterator

from kg.rdf.prefixes import PREFIXES  # the queries' predeclared prefixes, as in kg query

CHUNK = 1 << 16

# ---------------------------------------------------------------- answering one query
class _Pipe:
    """A file-like object pyoxigraph serialises into, sending the bytes on in chunks."""

    def __init__(self, conn):
        self.conn, self.buffer = conn, bytearray()

    def write(self, data: bytes) -> int:
        self.buffer += data
        if len(self.buffer) >= CHUNK:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self.buffer:
            self.conn.send_bytes(bytes(self.buffer))
            self.buffer.clear()


def media_format(accept: str, kind: str):
    """The pyoxigraph format the Accept header asks for (first one known), or the default."""
    import pyoxigraph as ox

    known = ox.RdfFormat if kind == "rdf" else ox.QueryResultsFormat
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        found = known.from_media_type(media) if media and "*" not in media else None
        if found is not None and (kind != "rdf" or not found.supports_datasets):
            return found
    return ox.RdfFormat.TURTLE if kind == "rdf" else ox.QueryResultsFormat.JSON


def content_type(fmt) -> str:
    """The Content-Type of a pyoxigraph format, with its charset once (CSV's and TSV's media types carry it)."""
    return fmt.media_type if "charset=" in fmt.media_type else f"{fmt.media_type}; charset=utf-8"


def _head(conn, status: int, media_type: str, cut: int = 0) -> None:
    conn.send_bytes(f"{status} {cut} {media_type}".encode("utf-8"))


class _Reader(io.RawIOBase):
    """A binary file whose bytes are made as they are read: pyoxigraph parses what a generator writes."""

    def __init__(self, chunks):
        self.chunks, self.rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while not self.rest:
            self.rest = next(self.chunks, None)
            if self.rest is None:
                self.rest = b""
                return 0
        n = min(len(buffer), len(self.rest))
        buffer[:n], self.rest = self.rest[:n], self.rest[n:]
        return n


def _first_solutions(answer, limit: int):
    """The first `limit` rows of a SELECT as pyoxigraph solutions, made one by one (nothing is held), so
    that pyoxigraph's own writers write the cut answer in whichever results format was asked for."""
    import pyoxigraph as ox

    from kg.results import json_term

    names = [v.value for v in answer.variables]

    def chunks():
        yield json.dumps({"head": {"vars": names}})[:-1].encode() + b', "results": {"bindings": ['
        for i, row in enumerate(islice(answer, limit)):
            binding = {n: json_term(row[n]) for n in names if row[n] is not None}
            yield (b"," if i else b"") + json.dumps(binding, ensure_ascii=False).encode("utf-8")
        yield b"]}}"

    return ox.parse_query_results(io.BufferedReader(_Reader(chunks())), ox.QueryResultsFormat.JSON)


# Oxigraph's own sentences, met among what its parser expected, in words (others are shown as they are)


def _worded(job: dict, error: SyntaxError) -> str:
    """A syntax error in words, placed in the query as the user wrote it, before its parameters were bound."""
    import pyoxigraph as ox

    from kg.query import syntax_error_in_words

    text = job.get("text", job["query"])
    if text != job["query"]:
        try:
            ox.Store().query(text, prefixes=PREFIXES)  # an empty store: parsed, nothing to evaluate
        except SyntaxError as own:
            return syntax_error_in_words(str(own), text)
        return syntax_error_in_words(str(error), job["query"]) + " (in the query with its parameters bound)"
    return syntax_error_in_words(str(error), text)


def _answer(store, job: dict, conn) -> None:
    """Answer one query on the pipe: a head (status, rows cut, media type), then the body in chunks.

    An answer over the row limit is cut to its first rows (triples for CONSTRUCT/DESCRIBE) and the head
    says so: the query runs once to count (holding nothing), then again to write what is sent."""
    import pyoxigraph as ox

    def run():
        return store.query(job["query"], prefixes=PREFIXES, use_default_graph_as_union=not job["default"],
                           default_graph=[ox.NamedNode(g) for g in job["default"]] or None,
                           named_graphs=[ox.NamedNode(g) for g in job["named"]] or None)

    def fail(status: int, message: str) -> None:
        _head(conn, status, "text/plain; charset=utf-8")
        conn.send_bytes(message.encode("utf-8"))

    try:
        answer, limit, cut = run(), job["limit"], 0
        if not isinstance(answer, ox.QueryBoolean):
            cut = limit if sum(1 for _ in islice(answer, limit + 1)) > limit else 0
            answer = run()
        out = _Pipe(conn)
        if isinstance(answer, ox.QueryTriples):
            fmt = media_format(job["accept"], "rdf")
            _head(conn, 200, content_type(fmt), cut)
            ox.serialize(islice(answer, limit) if cut else answer, out, fmt,
                         prefixes=PREFIXES if fmt == ox.RdfFormat.TURTLE else None)
        else:
            fmt = media_format(job["accept"], "results")
            _head(conn, 200, content_type(fmt), cut)
            (_first_solutions(answer, limit) if cut else answer).serialize(out, fmt)
        out.flush()
    except SyntaxError as exc:
        fail(400, f"{_worded(job, exc)}\n")
    except (OSError, ValueError, RuntimeError) as exc:
        fail(400, f"query failed: {' '.join(str(exc).split())[:500]}\n")


# ---------------------------------------------------------------- the processes
def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the thread that started it ends (the front's spawner)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pipe's end still stops an idle worker
        pass
    if os.getppid() != parent:
        os._exit(0)


def _worker(store_dir: str, conn, parent: int) -> None:
    """Open the store read-only and answer one job after another until the pipe closes."""
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the front, which stops the workers
    import pyoxigraph as ox

    store = ox.Store.read_only(store_dir)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        _answer(store, job, conn)
        conn.send_bytes(b"")  # the end of this answer (no chunk is empty)


class Overrun(Exception):
    """No worker was free in time, or the query ran past the time limit: the client is told to try again (503)."""


@dataclass(eq=False)  # each worker is itself: hashed by identity
class _Worker:
    process: object
    conn: object


@dataclass
class Pool:
    """Worker processes on one store; one query at a time each. A worker that overruns is killed and replaced."""

    store_dir: Path
    size: int = 2
    idle: Queue = field(default_factory=Queue)
    _wanted: Queue = field(default_factory=Queue)
    _all: set = field(default_factory=set)
    _closed: bool = False

    def __post_init__(self) -> None:
        self._ctx = get_context("spawn")
        # one long-lived thread starts every worker: the parent-death signal follows the thread that forked
        self._spawner = threading.Thread(target=self._spawn_loop, daemon=True)
        self._spawner.start()
        for _ in range(self.size):
            self._wanted.put(True)

    def _spawn_loop(self) -> None:
        while self._wanted.get() and not self._closed:
            ours, theirs = self._ctx.Pipe()
            process = self._ctx.Process(target=_worker, daemon=True,
                                        args=(str(self.store_dir), theirs, os.getpid()))
            process.start()
            theirs.close()
            worker = _Worker(process, ours)
            self._all.add(worker)
            self.idle.put(worker)

    def take(self, wait_s: float) -> _Worker | None:
        try:
            return self.idle.get(timeout=wait_s)
        except Empty:
            return None

    def answer(self, job: dict, timeout_s: float) -> Iterator[bytes]:
        """One query's answer from a free worker: its head (`status cut media-type`), then its body in chunks,
        all within `timeout_s`. A worker that overruns, dies or is left mid-answer (the generator closed early)
        is killed and replaced; one that finished goes back to the pool. The endpoint's protocol and the
        explorer's API both answer through here, so both keep the same time limit."""
        deadline = time.monotonic() + timeout_s
        worker = self.take(timeout_s)
        if worker is None:
            raise Overrun(f"busy: no query worker free within {timeout_s} s; try again")
        healthy = False
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                raise Overrun(f"query stopped: it ran past the time limit of {timeout_s} s")
            yield worker.conn.recv_bytes()
            while worker.conn.poll(max(0.0, deadline - time.monotonic())):
                chunk = worker.conn.recv_bytes()
                if not chunk:
                    healthy = True
                    return
                yield chunk
        finally:
            if healthy:
                self.give_back(worker)
            else:
                self.replace(worker)

    def give_back(self, worker: _Worker) -> None:
        self.idle.put(worker)

    def replace(self, worker: _Worker) -> None:
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self._all.discard(worker)
        if not self._closed:
            self._wanted.put(True)

    def close(self) -> None:
        self._closed = True
        self._wanted.put(False)
        for worker in list(self._all):
            worker.process.kill()
            worker.process.join(5)
            worker.conn.close()
