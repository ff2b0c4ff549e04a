"""End-to-end build throughput on a folder of real articles, beside the yardstick of a bare scan.

    .venv/bin/python bench/throughput.py ../shared/corpus/vietnews /data/vietnews-100k --sizes 1000,10000 --out bench/results.md

For each folder: the bare scan (one Python process reads every file and runs one compiled
regular expression over it: the floor any reader of the same files pays), then `kg build` of the
folder with 1 and 2 workers (read, extract, record, merge, Turtle: the whole command, each its
own process), with wall time, CPU time and peak resident memory (`wait4`'s ru_maxrss, of the
build and the worker processes it forks, the largest of them). The ratio build/scan is the
figure issue 17 asks for (the moonshot: within 5x). A 100,000-article real corpus comes from
the VietNews data set (github ThanhChinhBK/vietnews, fetched outside the repository):

    python ../shared/tools/vietnews_select.py VIETNEWS/data/train_tokenized /data/vietnews-100k --n 100000 --all

Figures are printed (and with `--out` written into that file's "Real articles" section), never
asserted; the machine's other load moves wall time, so each is the best of `--runs`.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

KG = str(Path(sys.executable).with_name("kg"))
SECTION = "## Real articles"
# what a scanner of Vietnamese news would look for: a run of capitalised syllables (a name)
SCAN = re.compile(r"(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+ ){1,3}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+")


def bare_scan(folder: Path) -> tuple[float, int, int]:
    """(seconds, files, matches) of reading every article and running one regex over it."""
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html", ".htm"))
    start = time.perf_counter()
    found = 0
    for path in files:
        found += len(SCAN.findall(path.read_text(encoding="utf-8", errors="replace")))
    return time.perf_counter() - start, len(files), found


def tree_pss(pid: int) -> int:
    """Proportional set size in kB of a process and all its descendants: their memory together, shared pages
    (a forked worker's inherited ones) counted once."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += next(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, StopIteration):
            continue  # gone meanwhile
    return total


def timed_build(folder: Path, workers: int) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds of the build and its children, peak RSS of its largest process and peak PSS of
    all its processes together, in MB) of one `kg build`; the PSS is sampled four times a second."""
    with tempfile.TemporaryDirectory(prefix="vnkg-bench-") as tmp:
        start = time.monotonic()
        proc = subprocess.Popen([KG, "build", str(folder), "-o", f"{tmp}/g.ttl", "-q", "--workers", str(workers)])
        peak, done = [0], threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                peak[0] = max(peak[0], tree_pss(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)  # its usage includes the workers it reaped (max RSS: the largest)
        wall = time.monotonic() - start
        done.set()
        sampler.join()
        if status != 0:
            raise SystemExit(f"kg build {folder} failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, peak[0] // 1024


def first(folder: Path, n: int, into: Path) -> Path:
    """A folder of the first `n` articles of `folder` (by name; hard links, not copies), named after both."""
    chosen = into / f"{folder.name}-first-{n}"
    chosen.mkdir()
    for path in sorted(p for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html", ".htm"))[:n]:
        try:
            os.link(path.resolve(), chosen / path.name)  # kg build reads no symbolic link inside a folder
        except OSError:  # another file system
            shutil.copyfile(path, chosen / path.name)
    return chosen


def measure(folder: Path, runs: int) -> list[str]:
    scan, files, _ = min(bare_scan(folder) for _ in range(runs))
    rows = [f"| {folder.name} | {files:,} | bare scan | {scan:.2f} | | {files / scan:,.0f} | | 1x | | | |"]
    for workers in (1, 2):
        wall, cpu, rss, pss = min(timed_build(folder, workers) for _ in range(runs))
        rows.append(f"| {folder.name} | {files:,} | `kg build --workers {workers}` | {wall:.1f} | {cpu:.1f} | "
                    f"{files / wall:,.0f} | {files / cpu:,.0f} | {wall / scan:.0f}x | {cpu / scan:.0f}x | {rss:,} | "
                    f"{pss:,} |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--runs", type=int, default=1, help="best of this many runs of each")
    ap.add_argument("--sizes", default="",
                    help="also the first N articles of each folder bigger than N, e.g. 1000,10000")
    ap.add_argument("--out", type=Path, help="write the table into this file's 'Real articles' section")
    a = ap.parse_args()
    head = ["| corpus | articles | what | wall s | CPU s | articles/s (wall) | articles/s per CPU second | "
            "wall x scan | CPU x scan | largest process, peak RSS MB | all processes, peak PSS MB |",
            "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    sizes = sorted(int(n) for n in a.sizes.split(",") if n.strip())
    rows = []
    with tempfile.TemporaryDirectory(prefix="vnkg-sizes-") as tmp:
        for folder in a.folders:
            total = sum(1 for p in folder.rglob("*") if p.suffix in (".txt", ".md", ".html", ".htm"))
            for n in sizes:
                if n < total:
                    rows += measure(first(folder, n, Path(tmp)), a.runs)
            rows += measure(folder, a.runs)
    table = "\n".join(head + rows)
    print(table)
    if a.out:
        text = a.out.read_text(encoding="utf-8") if a.out.exists() else ""
        stamp = time.strftime("%Y-%m-%d")
        section = (f"{SECTION}\n\nMeasured {stamp} with `bench/throughput.py` (the bare scan: read each file, one "
                   f"regex over it, in one process). Other work on the machine moves wall times.\n\n{table}\n")
        if SECTION in text:
            before, _, after = text.partition(SECTION)
            rest = after.split("\n## ", 1)
            text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        a.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
