"""Measure how long the explorer page takes to become usable (layout settled).

Usage: .venv/bin/python bench/explorer.py   (needs /usr/bin/chromium)
Prints the median of 3 loads for the seed graph and a 2,000-node graph.
"""
from __future__ import annotations

import random
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


def main() -> None:
    from playwright.sync_api import sync_playwright

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
            print(f"{name:26} {nodes:5} nodes {edges:5} edges  usable after {statistics.median(times):.2f} s (median of 3)")
        browser.close()


if __name__ == "__main__":
    main()
