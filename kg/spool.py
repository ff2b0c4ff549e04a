"""The streaming merge of a build: an external sort of every article's lines by subject part.

Each article's lines go to the per-article record (N-Quads) and, split by subject into `PARTS`
parts, to spool files; only the support of each node's labels and formats, and what each article
says of its officials, are kept in memory (`Facts`). Once every article is in, `kg.identity`
decides the officials' nodes; each part is then sorted (a piece at a time past `SORT_BYTES`),
duplicates dropped, the merge rules of `kg.rdf.merge` applied to each subject's block, and the
parts joined in order, so the graph is byte-identical for the same articles in any order and
with any number of workers. `kg.stream` feeds it; `kg.cluster` merges its parts on a cluster.
"""
from __future__ import annotations

import contextlib
import hashlib
import heapq
import multiprocessing
import re
import shutil
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator

from rdflib.namespace import XSD

from kg.build import Format, atomic
from kg.errors import GraphError
from kg.identity import FACTS as IDENTITY_FACTS
from kg.identity import Identities, Seen, seen_in
from kg.rdf import emit
from kg.rdf.merge import format_rank, label_rank
from kg.rdf.namespace import VNKG
from kg.rdf.prefixes import PREFIXES

SORT_BYTES = 16 << 20  # a part's lines sorted in memory at once; a bigger part is merged from sorted runs
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
        with path.open(encoding="utf-8") as fh:  # a piece at a time: a dense corpus's officials' lines are many
            while piece := fh.readlines(SORT_BYTES):
                for part, lines in enumerate(moved_to_parts(piece, self.nodes)):
                    if lines:
                        with self._spool(part).open("a", encoding="utf-8") as out:
                            out.writelines(lines)
        path.unlink()

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
