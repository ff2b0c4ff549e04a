"""Extraction time per article, stage by stage, in CPU time: this checkout, or another one beside it.

    .venv/bin/python bench/stages.py ../shared/corpus/vietnews
    .venv/bin/python bench/stages.py ../shared/corpus/vietnews --code /tmp/old-checkout   # the same, for older code

Each stage of the pipeline and the emission are timed on every article, best of
`--repeats` passes (CPU time of this process: other work on a two-core machine moves
wall time far more). Run this checkout and the other one alternately, several times,
and compare the minimums. Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--code", type=Path, default=ROOT, help="the checkout whose kg/ is timed (default: this one)")
    ap.add_argument("--repeats", type=int, default=2)
    a = ap.parse_args()
    sys.path.insert(0, str(a.code.resolve()))
    from kg.document import Document
    from kg.pipeline import STAGES
    from kg.pipeline.read import read_article
    from kg.rdf.emit import article_lines

    texts = [(p.name, read_article(p).text) for p in sorted(a.folder.glob("*.txt"))]
    best: dict[str, float] = {}
    for _ in range(a.repeats):
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
        for name, seconds in spent.items():
            best[name] = min(best.get(name, float("inf")), seconds)
    n = len(texts)
    print(" ".join(f"{name}={1000 * s / n:.2f}" for name, s in best.items()),
          f"total={1000 * sum(best.values()) / n:.2f} ms an article ({n} articles, {a.code})")


if __name__ == "__main__":
    main()
