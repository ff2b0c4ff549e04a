"""The commands that read a built graph, on a big one: wall time and peak memory of each.

    .venv/bin/python bench/commands.py --graph /data/b100k/graph.ttl --store /data/b100k/store

Each command runs as its own process (`kg ...`), and its peak resident memory is the
kernel's figure for that process (`wait4`'s ru_maxrss), as `/usr/bin/time -f %M` gives.
The first command loads the persistent Oxigraph store (skipped when `--store` already holds
this graph); the others read through it. The focus of `kg viz` is the official with most
participations (found by a query, not named here). Writes a Markdown table to standard
output, or with `--out` into that file's "Commands on a big graph" section.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = str(Path(sys.executable).with_name("kg"))
SECTION = "## Commands on a big graph"
BUSIEST = """PREFIX vnkg: <https://w3id.org/vnkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?name (COUNT(?c) AS ?n) WHERE { ?o a vnkg:Official ; rdfs:label ?name ; vnkg:participatedIn ?c }
GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1"""


def timed(args: list[str]) -> tuple[float, int, int, str]:
    """(seconds, peak RSS in MB, exit status, last line of output) of one process."""
    start = time.monotonic()
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.monotonic() - start
        log.seek(0)
        lines = [ln for ln in log.read().decode("utf-8", "replace").splitlines() if ln.strip()]
    return seconds, usage.ru_maxrss // 1024, os.waitstatus_to_exitcode(status), (lines[-1] if lines else "")[:90]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--graph", type=Path, required=True, help="a built graph (Turtle or N-Triples)")
    ap.add_argument("--store", type=Path, required=True, help="its persistent Oxigraph store (made if absent)")
    ap.add_argument("--out", type=Path, help="write the table into this Markdown file's section")
    a = ap.parse_args()
    g, s = str(a.graph), str(a.store)
    with tempfile.TemporaryDirectory(prefix="vnkg-bench-") as tmp:
        rows = [("load the store (`kg query --store`, once)",
                 timed([KG, "query", "--graph", g, "--store", s, "ASK { ?s ?p ?o }"]))]
        busiest = subprocess.run([KG, "query", "--graph", g, "--store", s, "--format", "tsv", BUSIEST],
                                 capture_output=True, text=True, check=True).stdout.splitlines()[1]
        name = busiest.split("\t")[0].strip('"')
        name = re.sub(r'"(@\w+)?$', "", name)
        commands = [
            ("`kg stats --store`", ["stats", g, "--store", s, "--format", "json"]),
            ("`kg validate --store`", ["validate", g, "--store", s]),
            (f"`kg viz --focus` (busiest official, depth 1)",
             ["viz", g, "-o", f"{tmp}/focus.html", "--focus", name, "--depth", "1", "--store", s]),
            ("`kg viz` of the whole graph", ["viz", g, "-o", f"{tmp}/all.html", "--store", s]),
            ("`kg export --format nt`", ["export", g, "--format", "nt", "-o", f"{tmp}/graph.nt"]),
            ("`kg export --format graphml`", ["export", g, "--format", "graphml", "-o", f"{tmp}/graph.graphml"]),
        ]
        for label, args in commands:
            print(f"running kg {' '.join(args[:1])} ...", file=sys.stderr, flush=True)
            rows.append((label, timed([KG, *args])))
    size = a.graph.stat().st_size / 1e6
    table = [SECTION, "",
             f"Measured {time.strftime('%Y-%m-%d')} with `bench/commands.py` on `{a.graph.name}` ({size:,.1f} MB); "
             f"each command a separate process, peak memory as the kernel counts it for that process.", "",
             "| command | seconds | peak RSS (MB) | exit | last line |", "|---|---:|---:|---:|---|"]
    for label, (sec, mb, code, last) in rows:
        table.append(f"| {label} | {sec:,.1f} | {mb:,} | {code} | {last.replace('|', '/')} |")
    text = "\n".join(table) + "\n"
    if a.out is None:
        print(text)
        return
    old = a.out.read_text(encoding="utf-8") if a.out.exists() else ""
    head, _, rest = old.partition(SECTION)
    tail = rest[rest.find("\n## "):] if "\n## " in rest else ""
    a.out.write_text(head.rstrip("\n") + "\n\n" + text + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
