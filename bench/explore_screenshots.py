"""The screenshots of /explore and of `kg viz`'s offline page in docs/ (the README shows them), taken on the
seed graph at 1400×900.

Usage: .venv/bin/python bench/explore_screenshots.py   (needs /usr/bin/chromium)
"""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.explorer import FLAGS  # noqa: E402
from kg.build import extract_corpus, write_corpus  # noqa: E402
from kg.serve import start  # noqa: E402
from kg.viz import write_page  # noqa: E402

ID = "https://w3id.org/vnkg/id/"


def main() -> None:
    from playwright.sync_api import sync_playwright

    root = Path(__file__).resolve().parent.parent
    docs = root / "docs"
    with tempfile.TemporaryDirectory() as tmp:
        graph = Path(tmp) / "graph.ttl"
        write_corpus(extract_corpus([root / "seeds"])[0], graph)
        ep = start(graph)
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS, headless=True)
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(ep.url) else r.abort())
                page.goto(ep.url + "/explore")
                page.wait_for_function("window.vnkg && window.vnkg.ready")

                def settle() -> None:
                    page.wait_for_function("window.vnkg.state.busy === 0")
                    page.wait_for_timeout(2500)  # the layout settles

                page.fill("#search", "nguyen")
                page.wait_for_selector("#results button")
                page.screenshot(path=str(docs / "explore-search.png"))
                page.locator(f'#results button[data-id="{ID}official/nguyen-phu-trong"]').click()
                settle()
                page.screenshot(path=str(docs / "explore-official.png"))
                page.evaluate(f"window.vnkg.open({json.dumps(ID + 'conference/2021-12-14-hoi-nghi-doi-ngoai-toan-quoc')})")
                settle()
                page.screenshot(path=str(docs / "explore-expand.png"))
                page.evaluate("""() => { const f = document.getElementById('from');
                    f.value = String(Number(f.max) - 30); f.dispatchEvent(new Event('input')); }""")
                settle()
                page.screenshot(path=str(docs / "explore-time.png"))
                page.evaluate("""() => { const f = document.getElementById('from');
                    f.value = '0'; f.dispatchEvent(new Event('input')); }""")
                page.fill("#search", "binh phuoc")
                page.locator(f'#results button[data-id="{ID}province/binh-phuoc"]').click()
                settle()
                page.screenshot(path=str(docs / "explore-province.png"))
                offline(browser, graph, docs)
                browser.close()
        finally:
            ep.stop()


def offline(browser, graph: Path, docs: Path) -> None:
    """`kg viz`'s page of the same graph, from file:// with nothing else loaded: its panels and time range."""
    from rdflib import Graph

    page_file = graph.with_suffix(".html")
    write_page(Graph().parse(graph), page_file)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto(page_file.as_uri())
    page.wait_for_function("window.vnkg && window.vnkg.ready", timeout=90_000)
    page.evaluate("""() => { const f = document.getElementById('from'), t = document.getElementById('to');
        f.value = String(Number(t.max) - 365); f.dispatchEvent(new Event('input')); window.vnkg.network.fit(); }""")
    page.screenshot(path=str(docs / "explorer-time.png"))
    page.evaluate("""() => { const f = document.getElementById('from');
        f.value = '0'; f.dispatchEvent(new Event('input')); window.vnkg.network.fit(); }""")
    page.evaluate("window.vnkg.select('official/nguyen-phu-trong')")
    page.screenshot(path=str(docs / "explorer-official.png"))
    page.evaluate("window.vnkg.select('province/binh-phuoc')")
    page.screenshot(path=str(docs / "explorer-province.png"))

if __name__ == "__main__":
    main()
