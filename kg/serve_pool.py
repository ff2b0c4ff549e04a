"""The query workers of `kg serve`: processes that open the graph's store read-only and answer
one query at a time over a pipe, so the front can kill one that overruns and start another.

No worker listens on any port: the front is the only way in (tests/test_server.py checks it).
The workers die with the front, even when it is killed outright (Linux parent-death signal).
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from queue import Empty, Queue


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the thread that started it ends (the front's spawner)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the pipe's end still stops an idle worker
        pass
    if os.getppid() != parent:
        os._exit(0)


def _worker(answer: Callable, store_dir: str, conn, parent: int) -> None:
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
        answer(store, job, conn)
        conn.send_bytes(b"")  # the end of this answer (no chunk is empty)


@dataclass(eq=False)  # each worker is itself: hashed by identity
class _Worker:
    process: object
    conn: object


@dataclass
class Pool:
    """Worker processes on one store; one query at a time each. A worker that overruns is killed and replaced."""

    store_dir: Path
    answer: Callable  # answer(store, job, conn): a module-level function, so that a spawned worker finds it
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
                                        args=(self.answer, str(self.store_dir), theirs, os.getpid()))
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
