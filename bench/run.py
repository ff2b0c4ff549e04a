"""The benchmark: build throughput, memory and query times, written to bench/results.md.

    make bench                      # 1,000, 10,000 and 100,000 articles (about an hour here)
    .venv/bin/python bench/run.py --sizes 1000,10000
    .venv/bin/python bench/run.py --builds-from run.log    # queries only, builds from an earlier run

1. generates N seed-shaped articles (bench/corpus.py, fixed seed) into bench/data/N;
2. times `kg build --workers 1` and `--workers 2` as separate processes (wall time, peak RSS
   of the largest process from GNU time), and reads triples and file size;
3. on the largest graph, times every queries/*.rq with its example parameters: Oxigraph
   (persistent store, loaded once) and rdflib's in-memory engine, median of the runs, each
   rdflib query stopped after --rdflib-timeout seconds;
   (rdflib: --rdflib-runs runs, each stopped after --rdflib-timeout seconds; later ones not run);
4. writes bench/results.md with the tables, the machine and the date.
Figures are printed and written, never asserted.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.corpus import generate  # noqa: E402

KG = str(Path(sys.executable).parent / "kg")
DATA = ROOT / "bench" / "data"


def timed_build(folder: Path, out: Path, workers: int) -> dict:
    cmd = ["/usr/bin/time", "-f", "%M %e", KG, "build", str(folder), "-o", str(out), "--workers", str(workers)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stderr[-500:]}")
    rss_kb, wall = proc.stderr.strip().splitlines()[-1].split()
    summary = dict(re.findall(r"^\s+(\w[\w ]*?)\s+(\d+)$", proc.stdout, re.M))
    return {"workers": workers, "seconds": float(wall), "rss_mb": int(rss_kb) / 1024,
            "triples": int(summary["triples"]), "mb": out.stat().st_size / 1e6}


def example_params(query_file: Path) -> dict[str, str]:
    head = query_file.read_text(encoding="utf-8").split("PREFIX", 1)[0]
    example = " ".join(line.lstrip("#").strip().rstrip("\\") for line in head.splitlines() if line.startswith("#"))
    example = example.split("Example:", 1)[-1]
    params = {}
    words = shlex.split(example)
    for i, w in enumerate(words):
        if w == "--param" and i + 1 < len(words):
            name, _, value = words[i + 1].partition("=")
            params[name] = value
    return params


BUSIEST = {  # a parameter's value in the benchmark: the busiest one of the generated graph
    "conference": "SELECT ?v WHERE { ?p vnkg:conference ?v } GROUP BY ?v ORDER BY DESC(COUNT(?p)) ?v LIMIT 1",
    "name": "SELECT ?v WHERE { ?h vnkg:official/rdfs:label ?v } GROUP BY ?v ORDER BY DESC(COUNT(?h)) ?v LIMIT 1",
    "organizer": "SELECT ?v WHERE { ?c vnkg:organizedBy/rdfs:label ?v } GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1",
    "resolution": "SELECT ?v WHERE { ?c vnkg:implements/rdfs:label ?v } GROUP BY ?v ORDER BY DESC(COUNT(?c)) ?v LIMIT 1",
    "province": "SELECT ?v WHERE { ?p a vnkg:Province ; vnkg:articleCount ?n ; rdfs:label ?v } ORDER BY DESC(?n) ?v LIMIT 1",
    "role": "SELECT ?v WHERE { ?h vnkg:role/rdfs:label ?v } GROUP BY ?v ORDER BY DESC(COUNT(?h)) ?v LIMIT 1",
}


def busiest_params(store, example: dict[str, str]) -> dict[str, str]:
    prefix = ("PREFIX vnkg: <https://w3id.org/vnkg/ontology#> "
              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
    out = {}
    for name, value in example.items():
        if name in BUSIEST:
            row = next(iter(store.query(prefix + BUSIEST[name], use_default_graph_as_union=True)), None)
            if row is not None:
                term = row["v"]
                value = f"<{term.value}>" if value.startswith("<") else term.value
        out[name] = value
    return out


def _extract_chunk(job: list[tuple[str, str]]) -> int:
    from kg.build import extract_ntriples

    return sum(len(extract_ntriples(text, source)) for text, source in job)


def extraction_rates(inputs: list[tuple[str, list[Path], int]], repeats: int = 5) -> list[dict]:
    """Extraction and emission alone (text in memory -> sorted N-Triples lines), 1 and 2 processes.

    Each input is (name, files, articles): the files are read once and repeated up to
    `articles` texts. The median of `repeats` runs is kept.
    """
    import multiprocessing

    from kg.build import extract_ntriples
    from kg.pipeline.read import read_article

    out = []
    for name, files, articles in inputs:
        raws = [read_article(f) for f in files]
        texts = [(raws[i % len(raws)].text, f"{i:06d}-{raws[i % len(raws)].source}") for i in range(articles)]
        mb = sum(len(t.encode("utf-8")) for t, _ in texts) / 1e6
        extract_ntriples(*texts[0])  # the gazetteers load once, before the clock starts
        one, two = [], []
        for _ in range(repeats):
            t = time.perf_counter()
            for text, source in texts:
                extract_ntriples(text, source)
            one.append(time.perf_counter() - t)
        chunks = [texts[i:i + 50] for i in range(0, len(texts), 50)]
        with multiprocessing.get_context("fork").Pool(2) as pool:
            pool.map(_extract_chunk, [texts[:1], texts[1:2]])  # both workers warm
            for _ in range(repeats):
                t = time.perf_counter()
                pool.map(_extract_chunk, chunks, chunksize=1)
                two.append(time.perf_counter() - t)
        row = {"input": name, "articles": articles, "kb_per_article": 1000 * mb / articles,
               "one_s": statistics.median(one), "two_s": statistics.median(two), "mb": mb}
        print(json.dumps(row), flush=True)
        out.append(row)
    return out


def _extraction_table(rows: list[dict]) -> list[str]:
    lines = ["## Extraction and emission", "",
             "The per-article function alone: article text in memory to its sorted N-Triples lines "
             "(`kg.build.extract_ntriples`), in one process and in a pool of two; median of 5 runs.", "",
             "| input | articles | KB/article | 1 process: articles/s | MB/s | 2 processes: articles/s | speed-up |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(f"| {r['input']} | {r['articles']:,} | {r['kb_per_article']:.1f} | {r['articles'] / r['one_s']:.0f} | "
                     f"{r['mb'] / r['one_s']:.2f} | {r['articles'] / r['two_s']:.0f} | {r['one_s'] / r['two_s']:.2f}x |")
    return lines + [""]


RDFLIB_QUERY = """
import json, resource, statistics, sys, time
resource.setrlimit(resource.RLIMIT_AS, (12 << 30, 12 << 30))  # fail cleanly, not through the OOM killer
from pathlib import Path
from kg.query import bind_parameters
from kg.graphio import load_graph
t = time.perf_counter(); g = load_graph(Path(sys.argv[1])); load = time.perf_counter() - t
print(json.dumps({"load": load}), flush=True)
for line in sys.stdin:
    job = json.loads(line)
    q = bind_parameters(Path(job["file"]).read_text(encoding="utf-8"), job["params"])
    times = []
    for _ in range(job["runs"]):
        t = time.perf_counter(); list(g.query(q)); times.append(time.perf_counter() - t)
    print(json.dumps({"median": statistics.median(times)}), flush=True)
"""


def query_times(graph: Path, store: Path, runs: int, rdflib_timeout: float, rdflib_load_timeout: float = 1800,
                rdflib_runs: int = 3) -> tuple[list[dict], dict]:
    from kg.query import bind_parameters, oxigraph_store

    t = time.perf_counter()
    ox_store = oxigraph_store(graph, store)
    ox_load = time.perf_counter() - t
    rows = []
    for f in sorted((ROOT / "queries").glob("*.rq")):
        params = busiest_params(ox_store, example_params(f))
        q = bind_parameters(f.read_text(encoding="utf-8"), params)
        times, answer = [], []
        for _ in range(runs):
            t = time.perf_counter()
            answer = list(ox_store.query(q, use_default_graph_as_union=True))
            times.append(time.perf_counter() - t)
        rows.append({"query": f.name, "oxigraph_ms": 1000 * statistics.median(times), "params": params,
                     "rows": len(answer)})
    del ox_store
    # rdflib in a child process, so a query past its time limit can be stopped
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    import select

    proc = subprocess.Popen([sys.executable, "-c", RDFLIB_QUERY, str(graph)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, env=env)
    ready, _, _ = select.select([proc.stdout], [], [], rdflib_load_timeout)
    first = proc.stdout.readline() if ready else ""
    if not first:  # killed (memory) or too slow to load: say so in the table
        proc.kill()
        for row in rows:
            row["rdflib_ms"] = "not run"
        return rows, {"oxigraph_load_s": ox_load, "rdflib_load_s": None}
    load = json.loads(first)["load"]
    for row in rows:
        proc.stdin.write(json.dumps({"file": str(ROOT / "queries" / row["query"]), "params": row["params"],
                                     "runs": rdflib_runs}) + "\n")
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], rdflib_timeout * rdflib_runs)
        if not ready:
            proc.kill()
            row["rdflib_ms"] = None
            for rest in rows[rows.index(row) + 1:]:
                rest["rdflib_ms"] = "not run"
            break
        row["rdflib_ms"] = 1000 * json.loads(proc.stdout.readline())["median"]
    proc.kill()
    return rows, {"oxigraph_load_s": ox_load, "rdflib_load_s": load}


def machine() -> str:
    mem = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), "?")
    libs = ", ".join(f"{p} {metadata.version(p)}" for p in ("rdflib", "pyoxigraph", "networkx", "pyshacl"))
    return (f"{os.cpu_count()} cores, {int(mem) / 1024 / 1024:.0f} GiB memory, {platform.platform()}, "
            f"Python {platform.python_version()}; {libs}")


def _query_table(size: int, queries: list[dict], loads: dict) -> list[str]:
    lines = [f"## Queries on the {size:,}-article graph", "",
             f"Loading: Oxigraph store {loads['oxigraph_load_s']:.1f} s (once, persistent), rdflib in memory "
             + (f"{loads['rdflib_load_s']:.1f} s." if loads["rdflib_load_s"] is not None
                else "did not finish (12 GB address-space cap, or past 30 minutes)."), "",
             "Parameters: the busiest value of the generated graph for each (the conference with most participants, "
             "the official with most holdings ...).", "",
             "| query | parameters | rows | Oxigraph median (ms) | rdflib median (ms) | rdflib / Oxigraph |",
             "|---|---|---:|---:|---:|---:|"]
    for q in queries:
        r = q.get("rdflib_ms")
        rd = f"{r:.1f}" if isinstance(r, float) else ("stopped past the time limit" if r is None else "not run")
        ratio = f"{r / q['oxigraph_ms']:.0f}x" if isinstance(r, float) and q["oxigraph_ms"] > 0 else "—"
        params = ", ".join(f"{k}={v}" for k, v in q["params"].items()) or "—"
        lines.append(f"| `{q['query']}` | {params} | {q['rows']} | {q['oxigraph_ms']:.1f} | {rd} | {ratio} |")
    return lines + [""]


def write_results(builds: list[dict], queries: list[dict], loads: dict, largest: int, path: Path,
                  extra: tuple | None = None, extraction: list[dict] | None = None) -> None:
    lines = ["# Benchmark results", "", f"Measured {dt.date.today().isoformat()} on {machine()}.",
             "Command: `make bench` (`.venv/bin/python bench/run.py`). Figures are measured, never asserted.", ""]
    lines += _extraction_table(extraction or [])
    lines += ["## Build", "",
             "`kg build DIR -o graph.ttl --workers N` end to end, each a separate process: reading, extraction, "
             "the per-article record, the merge and the Turtle.", "",
             "| articles | workers | seconds | articles/s | MB/s | peak RSS (MB) | triples | Turtle (MB) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for b in builds:
        lines.append(f"| {b['articles']:,} | {b['workers']} | {b['seconds']:.1f} | {b['articles'] / b['seconds']:.0f} | "
                     f"{b['input_mb'] / b['seconds']:.2f} | {b['rss_mb']:.0f} | {b['triples']:,} | {b['mb']:.1f} |")
    speedups = [(n, [b for b in builds if b["articles"] == n]) for n in sorted({b["articles"] for b in builds})]
    lines += ["", "Speed-up of 2 workers over 1: " + ", ".join(
        f"{n:,} articles {pair[0]['seconds'] / pair[1]['seconds']:.2f}x" for n, pair in speedups if len(pair) == 2), ""]
    lines += _query_table(largest, queries, loads)
    if extra:
        lines += _query_table(extra[0], extra[1], extra[2])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--rdflib-runs", type=int, default=3, help="runs of each rdflib query (it is slow)")
    ap.add_argument("--rdflib-timeout", type=float, default=30.0, help="seconds per rdflib query run")
    ap.add_argument("--builds-from", type=Path, help="take the build figures from this run's printed log")
    ap.add_argument("--compare-at", type=int, default=10000,
                    help="also time both engines on this size's graph (rdflib cannot hold the largest)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    a = ap.parse_args()
    builds = []
    sizes = [int(s) for s in a.sizes.split(",")]
    if a.builds_from:
        builds = [json.loads(line) for line in a.builds_from.read_text().splitlines() if '"workers"' in line]
        sizes = []
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    extraction = extraction_rates([("the five seeds, repeated", seeds, 2000),
                                   ("generated (bench/corpus.py)", sorted(generate(2000, DATA / "2000")), 2000)])
    for n in sizes:
        folder = DATA / str(n)
        files = generate(n, folder)
        input_mb = sum(f.stat().st_size for f in files) / 1e6
        for workers in (1, 2):
            b = timed_build(folder, DATA / f"graph-{n}-w{workers}.ttl", workers) | {"articles": n, "input_mb": input_mb}
            print(json.dumps(b), flush=True)
            builds.append(b)
    largest = max(b["articles"] for b in builds)
    queries, loads = query_times(DATA / f"graph-{largest}-w2.ttl", DATA / f"store-{largest}", a.runs,
                                 a.rdflib_timeout, rdflib_runs=a.rdflib_runs)
    for q in queries:
        print(json.dumps(q, ensure_ascii=False), flush=True)
    extra = None
    if a.compare_at and a.compare_at != largest and (DATA / f"graph-{a.compare_at}-w2.ttl").exists():
        extra = (a.compare_at, *query_times(DATA / f"graph-{a.compare_at}-w2.ttl", DATA / f"store-{a.compare_at}",
                                            a.runs, a.rdflib_timeout, rdflib_runs=a.rdflib_runs))
    write_results(builds, queries, loads, largest, a.out, extra, extraction)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
