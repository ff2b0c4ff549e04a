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


# Each query's busiest parameters in the graph at hand, chosen by the query: the values that give it
# the most to read (the conference with most articles for the articles query, the official with most
# holdings for the timeline, the role and province held together most often ...).
_MOST = "GROUP BY {v} ORDER BY DESC(COUNT(*)) {v} LIMIT 1"
BUSIEST = {
    "articles_reporting_conference": "SELECT ?conference WHERE { ?a vnkg:reports ?conference } " + _MOST,
    "co_attendance": "SELECT ?name WHERE { ?o vnkg:participatedIn ?c ; rdfs:label ?name } " + _MOST,
    "conferences_by_organizer": "SELECT ?organizer WHERE { ?c vnkg:organizedBy/rdfs:label ?organizer } " + _MOST,
    "conferences_implementing_resolution": "SELECT ?resolution WHERE { ?c vnkg:implements/rdfs:label ?resolution } "
                                           + _MOST,
    "connection_points": "SELECT ?conference WHERE { ?conference a vnkg:Conference ; vnkg:connectionPoint ?p } "
                         + _MOST,
    "merged_provinces": "SELECT ?province WHERE { ?o vnkg:mergedInto/rdfs:label ?province } " + _MOST,
    "official_timeline": "SELECT ?name WHERE { ?h vnkg:role ?r ; vnkg:official/rdfs:label ?name } " + _MOST,
    "officials_from_province": "SELECT ?province WHERE { ?p vnkg:official ?o ; vnkg:connectionPoint/vnkg:mergedInto? ?n . "
                               "?n a vnkg:Province ; rdfs:label ?province } " + _MOST,
    "officials_with_several_roles": "SELECT ?name WHERE { ?h vnkg:role ?r ; vnkg:official/rdfs:label ?name } " + _MOST,
    "participants_by_kind": "SELECT ?conference WHERE { ?p vnkg:conference ?conference } " + _MOST,
    "role_holders_in_province": "SELECT ?role ?province WHERE { ?h vnkg:role/rdfs:label ?role ; "
                                "vnkg:province/vnkg:mergedInto?/rdfs:label ?province } " + _MOST,
}


def busiest_params(store, query: str, example: dict[str, str]) -> dict[str, str]:
    """The example's parameters with the values that make `query` (a file's stem) read the most."""
    from kg.rdf.prefixes import PREFIXES

    if query not in BUSIEST:
        return example
    variables = re.match(r"SELECT ((?:\?\w+ )+)", BUSIEST[query]).group(1).split()
    found = BUSIEST[query].replace("{v}", " ".join(variables))
    row = next(iter(store.query(found, prefixes=PREFIXES, use_default_graph_as_union=True)), None)
    if row is None:
        return example
    out = dict(example)
    for variable in variables:
        term = row[variable[1:]]
        out[variable[1:]] = f"<{term.value}>" if term.__class__.__name__ == "NamedNode" else term.value
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
                rdflib_runs: int = 3, folder: Path = ROOT / "queries") -> tuple[list[dict], dict]:
    """Each query of `folder` with its busiest parameters: Oxigraph's median wall and CPU time (the
    CPU time says what the query costs when other work shares the cores), then rdflib's (not run
    with `rdflib_timeout` 0)."""
    from kg.query import bind_parameters, oxigraph_store, page_size, variables

    t = time.perf_counter()
    ox_store = oxigraph_store(graph, store)
    ox_load = time.perf_counter() - t
    rows = []
    for f in sorted(folder.glob("*.rq")):
        text = f.read_text(encoding="utf-8")
        params = busiest_params(ox_store, f.stem, example_params(f))
        q = bind_parameters(text, params)
        times, cpu, answer = [], [], []
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            answer = list(ox_store.query(q, use_default_graph_as_union=True))
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        paged = page_size(text) if "page" not in variables(text) else None
        rows.append({"query": f.name, "oxigraph_ms": 1000 * statistics.median(times), "params": params,
                     "cpu_ms": 1000 * statistics.median(cpu), "rows": len(answer),
                     "how": f"page 1 of {paged}" if paged else "whole answer"})
    del ox_store
    if rdflib_timeout <= 0:
        for row in rows:
            row["rdflib_ms"] = "not run"
        return rows, {"oxigraph_load_s": ox_load, "rdflib_load_s": None, "rdflib": False}
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


def _query_table(title: str, queries: list[dict], loads: dict) -> list[str]:
    rdflib = ("not run." if loads.get("rdflib") is False else f"{loads['rdflib_load_s']:.1f} s."
              if loads["rdflib_load_s"] is not None else "did not finish (12 GB address-space cap, or past 30 minutes).")
    lines = [f"## Queries on {title}", "",
             f"Loading: Oxigraph store {loads['oxigraph_load_s']:.1f} s (once, persistent; 0 when already loaded), "
             f"rdflib in memory {rdflib}", "",
             "Parameters: each query's busiest in this graph, chosen from the graph by the query (`BUSIEST` in "
             "`bench/run.py`: the official with most holdings for the timeline, the role and province held "
             "together most often ...). A query with a page answers its first page (100 rows); CPU is the "
             "query's own CPU time, which other work on the machine moves less than the wall time.", "",
             "| query | parameters | answer | rows | Oxigraph median (ms) | CPU (ms) | rdflib median (ms) | rdflib / Oxigraph |",
             "|---|---|---|---:|---:|---:|---:|---:|"]
    for q in queries:
        r = q.get("rdflib_ms")
        rd = f"{r:.1f}" if isinstance(r, float) else ("stopped past the time limit" if r is None else "not run")
        ratio = f"{r / q['oxigraph_ms']:.0f}x" if isinstance(r, float) and q["oxigraph_ms"] > 0 else "—"
        params = ", ".join(f"{k}={v}" for k, v in q["params"].items()) or "—"
        lines.append(f"| `{q['query']}` | {params} | {q.get('how', '')} | {q['rows']} | {q['oxigraph_ms']:.1f} | "
                     f"{q.get('cpu_ms', float('nan')):.1f} | {rd} | {ratio} |")
    return lines + [""]


def write_section(path: Path, heading: str, lines: list[str]) -> None:
    """`lines` (a section opening with `heading`) in place of that section of `path`, or at its end."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    section = "\n".join(lines).rstrip("\n") + "\n"
    if heading + "\n" in text:
        before, _, after = text.partition(heading + "\n")
        rest = after.split("\n## ", 1)
        text = before + section + ("\n## " + rest[1] if len(rest) > 1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    path.write_text(text, encoding="utf-8")


def queries_on(named: list[str], runs: int, out: Path, folder: Path, stores: Path) -> None:
    """The queries' table of each `NAME=GRAPH` (its store in `stores`/store-NAME, loaded once), written
    in place of that graph's section of `out`: "real=/data/g100k.ttl" for a graph of real articles,
    which `make bench`'s generated corpora are not."""
    import pyoxigraph as ox

    for item in named:
        name, _, graph = item.rpartition("=")
        graph = Path(graph)
        store = stores / f"store-{name or graph.stem}"
        queries, loads = query_times(graph, store, runs, 0, folder=folder)
        articles = next(iter(ox.Store.read_only(str(store)).query(
            "SELECT (COUNT(*) AS ?n) WHERE { ?a a <https://w3id.org/vnkg/ontology#Article> }",
            use_default_graph_as_union=True)))[0].value
        for q in queries:
            print(json.dumps(q, ensure_ascii=False), flush=True)
        title = f"the {int(articles):,}-article {name + ' ' if name else ''}graph"
        write_section(out, f"## Queries on {title}", _query_table(title, queries, loads) +
                      [f"Measured {dt.date.today().isoformat()} (`bench/run.py --queries-on {name}=GRAPH`) on "
                       f"{machine()}; load average {os.getloadavg()[0]:.1f} at the end.", ""])


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
    lines += _query_table(f"the {largest:,}-article generated graph", queries, loads)
    if extra:
        lines += _query_table(f"the {extra[0]:,}-article generated graph", extra[1], extra[2])
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
    ap.add_argument("--queries-on", action="append", metavar="NAME=GRAPH",
                    help="only the queries' table of this graph (repeatable), e.g. real=/data/g100k.ttl; its store "
                         "is loaded once into --stores/store-NAME")
    ap.add_argument("--stores", type=Path, default=DATA, help="where --queries-on keeps its stores")
    ap.add_argument("--queries", type=Path, default=ROOT / "queries", help="the folder of queries to time")
    a = ap.parse_args()
    if a.queries_on:
        queries_on(a.queries_on, a.runs, a.out, a.queries, a.stores)
        return
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
