"""`kg build --cluster ADDRESS`: the build engine of `kg.stream`, run on a Dask distributed cluster.

A user with millions of articles needs more than one machine; Dask (`distributed`) runs
the tasks, retries those of a worker that died, and moves data between machines. The
steps are those of a local build, so the bytes are the same:

1. extraction: batches of articles, as tasks. Workers read the articles by path (the
   client sends absolute paths, never the bytes: a client that read and sent millions of
   articles would be the bottleneck), so the articles must be on storage every worker sees
   at the same path. Each batch's lines stay on its worker, split into the merge's parts;
2. the client gathers, batch after batch in article order, what is small: each article's
   facts and its block of the record, which it writes (`StreamMerge.add`, as locally);
3. the client decides the officials' identity from the facts (`StreamMerge._identify`);
4. the shuffle by subject part: each batch's lines are routed to their parts (the officials'
   to their node's part: `moved_to_parts`), and each part is merged and written by its own
   task from its lines of every batch, with the merge rules of `StreamMerge.write_part`;
   the client joins the parts in order (`StreamMerge.write`).

Named-graph outputs (TriG, N-Quads) are the record's articles, written by the client as locally.
Results are gathered in a fixed order, so the bytes never depend on which task ends first.
"""
from __future__ import annotations

import contextlib
import math
import operator
import os
import socket
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from kg.build import Format, work_folder
from kg.errors import KgError
from kg.pipeline.read import HTML_SUFFIXES
from kg.spool import PARTS, StreamMerge, moved_to_parts, part_of
from kg.stream import Extracted, article_iri, extract_lines, warm_up

if TYPE_CHECKING:
    from distributed import Client, Future

BATCH = 64  # the most articles in one task: a task costs the scheduler about a millisecond, an article ten
TASKS_PER_THREAD = 4  # small corpora are cut finer, so that every worker's thread gets work


class ClusterError(KgError):
    """A Dask cluster that cannot be reached, or that could not finish a build."""


@contextlib.contextmanager
def connect(address: str) -> Iterator["DaskBuild"]:
    """A build on the Dask cluster whose scheduler is at `address`, refused in words if it cannot be
    reached (in the time of Dask's `distributed.comm.timeouts.connect`) or has no worker."""
    from distributed import Client

    try:
        client = Client(address, set_as_default=False)
    except (OSError, ValueError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {_line(exc)}") from None
    try:
        if not client.nthreads():
            raise ClusterError(f"the Dask scheduler at {address} has no worker: start one with "
                               f"dask worker {address}")
        yield DaskBuild(client, address)
    finally:
        client.close()


class DaskBuild:
    """The cluster's side of one build: `extract` then `merge_parts`, called by `kg.stream.stream_build`."""

    def __init__(self, client: "Client", address: str):
        self.client, self.address = client, address
        self.batches: list[Future] = []  # each batch's (articles, lines by part), kept on its worker

    def extract(self, files: list[tuple[Path, str]], base: str, seconds: float | None,
                dataset: bool) -> Iterator[Extracted]:
        """Each article's facts and record block (its lines stay on the cluster), in the order of `files`."""
        threads = sum(self.client.nthreads().values())
        size = max(1, min(BATCH, math.ceil(len(files) / (TASKS_PER_THREAD * threads))))
        jobs = [(os.path.abspath(f), name, str(f)) for f, name in files]
        html = any(f.suffix.lower() in HTML_SUFFIXES for f, _ in files)
        self.batches = [self.client.submit(_extract_batch, jobs[i:i + size], base, seconds, dataset, html, pure=False)
                        for i in range(0, len(jobs), size)]
        for batch in self.batches:
            yield from self._result(self.client.submit(operator.getitem, batch, 0, pure=False))

    def merge_parts(self, merge: StreamMerge, fmt: Format) -> list[tuple[Counter[str], int]]:
        """Every part merged by its own task into `merge.part_file` (a `kg.spool.PartsMerger`), once the
        client's `merge` has decided the officials' nodes."""
        submit = self.client.submit
        [nodes] = self.client.scatter([merge.nodes])
        routed = [submit(_route, batch, nodes, pure=False) for batch in self.batches]
        self.batches = []  # their lines live on in `routed` only
        contexts, merged = _contexts(merge), []
        for part in range(PARTS):  # scattered data lives while the client holds it: until its part is merged
            contexts[part] = self.client.scatter([(*contexts[part], merge.spooled(part))])[0]  # --into: old lines
            pieces = [submit(operator.getitem, lines, part, pure=False) for lines in routed]
            merged.append(submit(_merge_part, part, fmt, contexts[part], nodes, *pieces, pure=False))
        del routed, pieces
        done = []
        for part in range(PARTS):
            classes, triples, data = self._result(merged[part])
            merged[part] = contexts[part] = None  # released on the cluster
            merge.part_file(part, fmt).write_bytes(data)
            done.append((classes, triples))
        return done

    def _result(self, future: "Future") -> Any:
        """A task's result, or the cluster's failure in one line (Dask has retried the tasks of a
        worker that died; this is when it gave up)."""
        try:
            return future.result()
        except KgError:
            raise
        except BaseException as exc:  # KilledWorker, a lost connection, a worker without kg...
            if isinstance(exc, KeyboardInterrupt):
                raise
            raise ClusterError(f"the Dask cluster at {self.address} could not finish the build "
                               f"({type(exc).__name__}: {_line(exc)}); the graph is left as it was") from None


def _line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else "no reason given"


def _contexts(merge: StreamMerge) -> list[tuple[dict, dict, list[str]]]:
    """What each part's merge needs beside its lines: its subjects' label support and formats, its count lines."""
    labels: list[dict] = [{} for _ in range(PARTS)]
    formats: list[dict] = [{} for _ in range(PARTS)]
    for subject, support in merge.labels.items():
        labels[part_of(f"{subject} ")][subject] = support
    for subject, values in merge.formats.items():
        formats[part_of(f"{subject} ")][subject] = values
    return [(labels[part], formats[part], merge.count_lines[part]) for part in range(PARTS)]


# ---- on the workers

_WARM: set[bool] = set()  # what this worker process has loaded: the lexicons (False), the HTML reader too (True)


def _extract_batch(jobs: list[tuple[str, str, str]], base: str, seconds: float | None, dataset: bool,
                   html: bool) -> tuple[list[Extracted], list[bytes]]:
    """A batch of (absolute path, name, path as given) read: each article's facts and record block, and
    the batch's lines split into the merge's parts (none for a named-graph output: it needs no merge)."""
    if html not in _WARM:
        warm_up(html)
        _WARM.add(html)
    items, parts = [], [[] for _ in range(PARTS + 1)]
    for path, name, shown in jobs:
        item = _extract(path, name, shown, base, seconds)
        for lines, part in zip(parts, [] if dataset else item.parts or []):
            if part:
                lines.append(part)
        item.lines, item.parts = None, []
        items.append(item)
    return items, [b"".join(lines) for lines in parts]


def _extract(path: str, name: str, shown: str, base: str, seconds: float | None) -> Extracted:
    """`extract_lines` on a worker, its messages naming the file as the user gave it."""
    if not os.path.exists(path):
        return Extracted(shown, article_iri(name, base), None,
                         f"{shown}: cannot read (no such file on the Dask worker at {socket.gethostname()}: "
                         f"workers read the articles by path; put them on storage every worker sees at {path})", [])
    item = extract_lines(Path(path), base, name, seconds)
    if path != shown:
        item.path = shown
        item.error = item.error and item.error.replace(path, shown)
    return item


def _route(batch: tuple[list[Extracted], list[bytes]], nodes: dict[str, str]) -> list[bytes]:
    """A batch's lines by part, its officials' own lines renamed to their node and sent to its part."""
    parts = batch[1]
    officials = parts[PARTS].decode("utf-8").split("\n")[:-1]
    moved = moved_to_parts((f"{line}\n" for line in officials), nodes)
    return [parts[part] + "".join(moved[part]).encode("utf-8") for part in range(PARTS)]


def _merge_part(part: int, fmt: Format, context: tuple[dict, dict, list[str], bytes], nodes: dict[str, str],
                *pieces: bytes) -> tuple[Counter[str], int, bytes]:
    """One part merged from its lines of every batch (and the client's old lines), as a local build
    merges it (`StreamMerge.write_part`): its class counts, triples and bytes."""
    labels, formats, counts, old = context
    with work_folder("part") as tmp:
        merge = StreamMerge(Path(tmp), None)
        merge.labels, merge.formats, merge.nodes = labels, formats, nodes
        merge.count_lines = [counts if p == part else [] for p in range(PARTS)]
        merge.add_part(part, [old, *pieces])
        classes, triples = merge.write_part(part, fmt)
        return classes, triples, merge.part_file(part, fmt).read_bytes()
