"""Hostile articles and file names through the real `kg build`, counted.

Each batch is a folder of generated articles: sentences of the seeds and test articles cut,
repeated and mixed with what breaks parsers and writers (the vocabulary's own IRIs, N-Triples
and Turtle syntax, control characters, invalid UTF-8, legacy bytes, byte-order marks, bidi
overrides, abbreviations by the thousand, a hundred officials in one sentence, deep or giant
HTML tags, empty files), under file names with the same kinds of trouble (non-UTF-8 bytes,
escape codes, quotes, percent signs, NFD, 200 bytes long). Each batch is built with
`kg build DIR -o g.ttl --article-seconds 1`; then the graph is parsed by Oxigraph.

Counted: builds that did not exit 0 or printed a traceback (aborted), graphs Oxigraph cannot
parse (unparsable), articles skipped for taking longer than 1 s (over 1 s), and the other
skips by reason (a file that is not text is skipped on purpose).

    python bench/fuzz.py --articles 100000 --batch 10000 --out bench/fuzz_results.md
"""
from __future__ import annotations

import argparse
import collections
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).parent / "kg")

HOSTILE_TEXT = [
    " <https://w3id.org/vnkg/ontology#reports> ", " <https://w3id.org/vnkg/ontology#mentions> ",
    '<https://w3id.org/vnkg/id/official/x> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n',
    '@prefix vnkg: <https://w3id.org/vnkg/ontology#> .', '"""', "\\", "\\u0000", '"@vi', "^^<x>", "_:b0",
    "\x00", "\x07", "\x1b[2J", "\x1b]0;title\x07", "\x0b", "\x0c", "\x85", "\u2028", "\u2029", "\ufeff",
    "\u202e", "\u200b", "\u200d", "\ud7ff", "\U0001f600", "e\u0301\u0323", "TS. Anh " * 500,
    "Ông " * 300, "." * 2000, "\n" * 300, " " * 5000, "Hội nghị " * 200, "Nghị quyết số 01-NQ/TW " * 50,
    "Sáng 31/2/2024, ", "ngày 0/0/0000", "năm 99999", "Chủ tịch UBND tỉnh " * 40, "<script>alert(1)</script>",
]
HOSTILE_BYTES = [b"\xff\xfe", b"\xef\xbb\xbf", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x82", b"\xf0\x9f\x98",
                 unicodedata.normalize("NFD", "Hà Nội").encode("cp1258", errors="replace"), b"\x80" * 50, b"\xed\xa0\x80"]
NAME_PARTS = ["bài", "Bài 1", "bai-1", "a b", "%41", "%", "#x", "?q", "'", '"', "-o", "--into", "x\x1b[31m",
              "\u202egnp", "Nghe\u0323\u0302", "tin\x07", "..", "~", "é", "日本", "a" * 150, "index", "&amp;"]
NAME_BYTES = [b"\xff", b"\xc3\x28", b"\x80abc", "ư".encode("cp1258", errors="replace")]
SUFFIXES = [".txt", ".txt", ".txt", ".html", ".htm", ".md", ".TXT"]


def sentences() -> list[str]:
    found = []
    for folder in (ROOT / "seeds", ROOT / "tests" / "articles"):
        for path in sorted(folder.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            found += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s.strip()) > 20]
    return found


def article(rng: random.Random, pool: list[str]) -> bytes:
    parts = [rng.choice(pool) for _ in range(rng.randint(1, 12))]
    for _ in range(rng.randint(0, 6)):
        parts.insert(rng.randint(0, len(parts)), rng.choice(HOSTILE_TEXT))
    if rng.random() < 0.05:  # a hundred officials in one sentence
        parts.append(", ".join(f"đồng chí {rng.choice(pool).split()[0]} Văn {chr(65 + i % 26)}ương" for i in range(100)))
    text = "\n\n".join(parts)
    if rng.random() < 0.1:
        text = unicodedata.normalize(rng.choice(["NFD", "NFKC", "NFKD"]), text)
    how = rng.random()
    if how < 0.6:
        data = text.encode("utf-8")
    elif how < 0.7:
        data = text.encode("utf-16")
    elif how < 0.8:
        data = unicodedata.normalize("NFD", text).encode("cp1258", errors="replace")
    else:
        data = text.encode("utf-8")
        for _ in range(rng.randint(1, 5)):
            at = rng.randint(0, len(data))
            data = data[:at] + rng.choice(HOSTILE_BYTES) + data[at:]
    if rng.random() < 0.01:
        data = b""
    return data


def html(rng: random.Random, body: bytes) -> bytes:
    text = body.decode("utf-8", errors="replace").replace("<", "&lt;")
    paragraphs = "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
    kind = rng.random()
    if kind < 0.2:
        depth = rng.randint(100, 1500)
        paragraphs = "<div>" * depth + paragraphs + "</div>" * depth
    elif kind < 0.3:
        paragraphs = f"<div {' '.join(f'a{i}=x' for i in range(rng.randint(1000, 50000)))}>x</div>" + paragraphs
    elif kind < 0.4:
        paragraphs = "<div>" * 50 + paragraphs  # never closed
    return f"<!DOCTYPE html><html><head><title>{text[:80]}</title></head><body>{paragraphs}</body></html>".encode(
        "utf-8", errors="surrogateescape")


def file_name(rng: random.Random, i: int) -> bytes:
    name = "".join(rng.choice(NAME_PARTS) for _ in range(rng.randint(1, 3))).replace("/", "_")
    raw = name.encode("utf-8")[:180]
    if rng.random() < 0.2:
        raw += rng.choice(NAME_BYTES)
    return raw.replace(b"/", b"_").replace(b"\x00", b"_") + f"-{i}".encode() + rng.choice(SUFFIXES).encode()


def make_batch(folder: Path, first: int, count: int, rng: random.Random, pool: list[str]) -> None:
    folder.mkdir(parents=True)
    for i in range(first, first + count):
        name = file_name(rng, i)
        data = article(rng, pool)
        if name.lower().endswith((b".html", b".htm")):
            data = html(rng, data)
        sub = folder / f"d{i % 7}" if rng.random() < 0.3 else folder
        sub.mkdir(exist_ok=True)
        with open(os.fsencode(sub) + b"/" + name, "wb") as fh:
            fh.write(data)


def parse_count(graph: Path) -> int:
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(path=str(graph), format=ox.RdfFormat.TURTLE))


def run(articles: int, batch: int, seed: int, workers: int, keep: Path | None) -> dict:
    rng = random.Random(seed)
    pool = sentences()
    totals = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    slowest_build = 0.0
    work = Path(tempfile.mkdtemp(prefix="vnkg-fuzz-"))
    try:
        for first in range(0, articles, batch):
            count = min(batch, articles - first)
            folder = work / f"batch{first}"
            make_batch(folder, first, count, rng, pool)
            out = work / f"g{first}.ttl"
            started = time.perf_counter()
            done = subprocess.run([KG, "build", str(folder), "-o", str(out), "--article-seconds", "1",
                                   "--workers", str(workers), "-q"], capture_output=True)
            slowest_build = max(slowest_build, time.perf_counter() - started)
            err = done.stderr.decode("utf-8", errors="replace")
            totals["articles"] += count
            totals["builds"] += 1
            if done.returncode != 0 or "Traceback" in err:
                totals["aborted builds"] += 1
                at = max(0, err.find("Traceback") - 300)
                print(f"ABORTED batch {first}: exit {done.returncode}\n{err[at:at + 3000]}", file=sys.stderr)
                if keep:
                    shutil.copytree(folder, keep / folder.name, symlinks=True)
                continue
            for line in err.splitlines():
                if line.startswith("skipped "):
                    why = re.sub(r"^skipped .*?: (?=[a-z(])", "", line)
                    why = re.sub(r"[\d.]+ ?(MB|s|bytes?)\b", "N", why)[:70]
                    reasons[why] += 1
                    totals["skipped"] += 1
                    if "took longer than" in line:
                        totals["over 1 s"] += 1
                        print(f"OVER 1 S: {line}", file=sys.stderr)
                        slow = line.split("skipped ", 1)[1].split(": took longer")[0]
                        if keep and os.path.exists(slow):  # names with escapes are printed escaped: not kept
                            shutil.copy(slow, keep)
                elif line.startswith("warning: "):
                    totals["warnings"] += 1
            try:
                totals["triples"] += parse_count(out)
            except (SyntaxError, ValueError, OSError) as exc:
                totals["unparsable outputs"] += 1
                print(f"UNPARSABLE batch {first}: {exc}", file=sys.stderr)
            shutil.rmtree(folder)
            print(f"batch {first}: {count} articles, exit {done.returncode}, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"totals": totals, "reasons": reasons, "slowest build s": slowest_build}


def report(result: dict, args) -> str:
    t = result["totals"]
    lines = [f"## Fuzz run ({time.strftime('%Y-%m-%d')}, seed {args.seed}, batches of {args.batch}, "
             f"{args.workers} workers)", "",
             "| articles | builds | aborted builds | unparsable outputs | articles over 1 s | skipped (on purpose) "
             "| warnings | triples |", "|---:|---:|---:|---:|---:|---:|---:|---:|",
             f"| {t['articles']:,} | {t['builds']} | {t['aborted builds']} | {t['unparsable outputs']} | "
             f"{t['over 1 s']} | {t['skipped']:,} | {t['warnings']:,} | {t['triples']:,} |", "",
             "Skips by reason:", "", "| reason | articles |", "|---|---:|"]
    lines += [f"| {why.replace('|', '/')} | {n:,} |" for why, n in result["reasons"].most_common(15)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", type=Path, help="write the table here (bench/fuzz_results.md)")
    parser.add_argument("--keep", type=Path, help="copy a batch that aborted here")
    args = parser.parse_args()
    result = run(args.articles, args.batch, args.seed, args.workers, args.keep)
    text = report(result, args)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    t = result["totals"]
    return 1 if t["aborted builds"] or t["unparsable outputs"] or t["over 1 s"] else 0


if __name__ == "__main__":
    sys.exit(main())
