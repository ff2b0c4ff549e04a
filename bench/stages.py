"""Extraction time per article, stage by stage, in CPU time: this checkout, or another one beside it.

    .venv/bin/python bench/stages.py ../shared/corpus/vietnews
    .venv/bin/python bench/stages.py ../shared/corpus/vietnews --code /tmp/old-checkout   # the same, for older code
    .venv/bin/python bench/stages.py ../shared/corpus/vietnews --vs /tmp/old-checkout --repeats 10

Each stage of the pipeline and the emission are timed on every article, best of
`--repeats` passes (CPU time of this process: other work on a two-core machine moves
wall time far more). With `--vs`, two worker processes, one for each checkout, run one
pass over the articles in turn, A B B A A B ..., and the ratio of their totals is given pass
by pass as well as from the minimums: a pair of passes run a few seconds apart sees the
same machine, where two runs of the whole command a minute apart may not. Figures are
printed, never asserted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(code: Path, folder: Path):
    sys.path.insert(0, str(code.resolve()))
    from kg.document import Document
    from kg.pipeline import STAGES
    from kg.pipeline.read import read_article
    from kg.rdf.emit import article_lines

    texts = [(p.name, read_article(p).text) for p in sorted(folder.glob("*.txt"))]

    def one_pass() -> dict[str, float]:
        spent: dict[str, float] = {}
        for source, text in texts:
            doc = Document(source=source, raw=text)
            for stage in STAGES:
                started = time.process_time()
                doc = stage.apply(doc)
                name = stage.__name__.rsplit(".", 1)[-1]
                spent[name] = spent.get(name, 0.0) + time.process_time() - started
            started = time.process_time()
            article_lines(doc)
            spent["emit"] = spent.get("emit", 0.0) + time.process_time() - started
        return spent

    return texts, one_pass


def _line(best: dict[str, float], n: int, code: Path) -> str:
    return " ".join(f"{name}={1000 * s / n:.2f}" for name, s in best.items()) + \
        f" total={1000 * sum(best.values()) / n:.2f} ms an article ({n} articles, {code})"


def _worker(code: Path, folder: Path) -> None:
    """Load once, then one pass for each line read; print the pass's seconds by stage as JSON."""
    texts, one_pass = _load(code, folder)
    one_pass()  # warm: tables loaded, patterns compiled
    print(json.dumps({"articles": len(texts)}), flush=True)
    for _ in sys.stdin:
        print(json.dumps(one_pass()), flush=True)


def _paired(a: Path, b: Path, folder: Path, repeats: int) -> None:
    def start(code: Path) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, __file__, str(folder), "--code", str(code), "--worker"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    workers = [start(a), start(b)]
    n = [json.loads(w.stdout.readline())["articles"] for w in workers][0]
    runs: list[list[dict[str, float]]] = [[], []]
    for round_ in range(repeats):
        for i in ((0, 1) if round_ % 2 == 0 else (1, 0)):  # A B, B A, ...: neither always goes first
            workers[i].stdin.write("go\n")
            workers[i].stdin.flush()
            runs[i].append(json.loads(workers[i].stdout.readline()))
    for w in workers:
        w.stdin.close()
        w.wait()
    for code, passes in zip((a, b), runs):
        best = {name: min(p[name] for p in passes) for name in passes[0]}
        print(_line(best, n, code))
    totals = [[sum(p.values()) for p in passes] for passes in runs]
    ratios = [x / y for x, y in zip(*totals)]
    print(f"A/B total, pass by pass: median {statistics.median(ratios):.3f}, min {min(ratios):.3f}, "
          f"max {max(ratios):.3f} ({repeats} pairs); of the minimums {min(totals[0]) / min(totals[1]):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose kg/ is timed (default: this one)")
    ap.add_argument("--vs", type=Path, help="another checkout, timed in turn with --code, pass by pass")
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.worker:
        _worker(a.code, a.folder)
    elif a.vs:
        _paired(a.code, a.vs, a.folder, a.repeats)
    else:
        texts, one_pass = _load(a.code, a.folder)
        best: dict[str, float] = {}
        for _ in range(a.repeats):
            for name, seconds in one_pass().items():
                best[name] = min(best.get(name, float("inf")), seconds)
        print(_line(best, len(texts), a.code))


if __name__ == "__main__":
    main()
