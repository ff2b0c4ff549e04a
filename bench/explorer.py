"""Measure how long the explorer pages take to become usable.

Usage: .venv/bin/python bench/explorer.py   (needs /usr/bin/chromium)
Prints the size of `kg viz`'s page for the seed graph and a 2,000-node graph, and the median of 3 loads.

       .venv/bin/python bench/explorer.py --served GRAPH [--store DIR]
Serves GRAPH as `kg serve` does and measures its /explore page in Chromium (medians): the time to
first paint and until the page is usable, a search answered and drawn, one expansion (25 neighbours)
answered and drawn, and how long the endpoint took to start (the store load, the label index and the
neighbour table, worked out or read back from a kept --store) and its peak memory then.
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from kg.build import extract_corpus  # noqa: E402
from kg.rdf.namespace import VNKG  # noqa: E402
from kg.viz import write_page  # noqa: E402

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]
ID = "https://w3id.org/vnkg/id/"


def synthetic(n_officials: int = 1800, n_conferences: int = 200) -> Graph:
    rng, g = random.Random(7), Graph()
    conferences = [URIRef(f"{ID}conference/c{i}") for i in range(n_conferences)]
    for c in conferences:
        g.add((c, RDF.type, VNKG.Conference))
        g.add((c, RDFS.label, Literal(f"Hội nghị {c[-4:]}", lang="vi")))
    for i in range(n_officials):
        o, p = URIRef(f"{ID}official/o{i}"), URIRef(f"{ID}participation/p{i}")
        g.add((o, RDF.type, VNKG.Official))
        g.add((o, RDFS.label, Literal(f"Nguyễn Văn {i}", lang="vi")))
        g.add((p, RDF.type, VNKG.Participation))
        g.add((p, VNKG.official, o))
        g.add((p, VNKG.conference, rng.choice(conferences)))
        g.add((p, VNKG.participationKind, VNKG.Attendee))
    return g


SEARCHES = ["trong", "bi thu tinh uy", "ha noi", "hoi nghi", "nguyen van", "pham minh", "nghi quyet",
            "thanh hoa", "chu tich", "le"]  # names, roles, places, conferences, resolutions
TIMED = """async ([what, arg]) => { const t = performance.now(); await window.vnkg[what](arg);
  return performance.now() - t; }"""


def served(graph: Path, store: Path | None, runs: int = 10) -> None:
    """The /explore page of `kg serve` on `graph`: first paint, usable, search, expansion (medians of `runs`)."""
    from playwright.sync_api import sync_playwright

    from kg.serve import start

    from kg.explore_table import FILE

    kept = store is not None and (store / FILE).is_file()  # the neighbour table saved by an earlier start
    began = time.perf_counter()
    ep = start(graph, store_dir=store, timeout_s=60)
    started = time.perf_counter() - began
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # the front's peak so far: its start
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS, headless=True)
            paint, usable, search, expand = [], [], [], []
            for i in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(ep.url) else r.abort())
                t = time.perf_counter()
                page.goto(ep.url + "/explore")
                page.wait_for_function("window.vnkg && window.vnkg.ready", timeout=60_000)
                usable.append(time.perf_counter() - t)
                paint.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime") / 1000)
                search.append(page.evaluate(TIMED, ["find", SEARCHES[i % len(SEARCHES)]]))
                found = page.evaluate(f"window.vnkg.find({json.dumps(SEARCHES[i % len(SEARCHES)])})")["results"]
                if found:  # the first match is expanded, as a click on it does: its first 25 neighbours
                    page.evaluate("(card) => window.vnkg.nodes.add({id: card.id, label: card.label})", found[0])
                    expand.append(page.evaluate(TIMED, ["expand", found[0]["id"]]))
                page.close()
            browser.close()
    finally:
        ep.stop()
    med = statistics.median
    print(json.dumps({"graph": str(graph), "endpoint start s": round(started, 1), "endpoint peak RSS MB": round(rss),
                      "table read back": kept, "runs": runs,
                      "first paint s": round(med(paint), 3), "usable s": round(med(usable), 3),
                      "search ms": round(med(search), 1), "expansion ms": round(med(expand), 1),
                      "search ms max": round(max(search), 1), "expansion ms max": round(max(expand), 1)}, indent=1))


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--served", type=Path, help="a graph file to serve and measure /explore on")
    parser.add_argument("--store", type=Path, help="its Oxigraph store folder (kept; reused when it holds the graph)")
    args = parser.parse_args()
    if args.served:
        return served(args.served, args.store)

    root = Path(__file__).resolve().parent.parent
    graphs = {"seed graph (5 articles)": extract_corpus([root / "seeds"])[0].graph(), "2,000 nodes": synthetic()}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS, headless=True)
        for name, g in graphs.items():
            page_file = Path(tmp) / "page.html"
            nodes, edges = write_page(g, page_file)
            times = []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                start = time.perf_counter()
                page.goto(page_file.as_uri())
                page.wait_for_function("window.vnkg && window.vnkg.ready", timeout=120_000)
                times.append(time.perf_counter() - start)
                page.close()
            print(f"{name:26} {nodes:5} nodes {edges:5} edges  {page_file.stat().st_size:>9,} bytes  "
                  f"usable after {statistics.median(times):.2f} s (median of 3)")
        browser.close()


if __name__ == "__main__":
    main()
