from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests with a fixed seed, so a landing never hangs on a new random example;
# local runs explore new examples each time (and keep the failures they find in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="session")
def seed_graph():
    from kg.build import build_graph

    graph, report = build_graph([SEEDS])
    assert report.articles == 5 and not report.skipped
    return graph


@pytest.fixture(scope="session")
def seed_graph_file(tmp_path_factory):
    """The seeds' graph written to a Turtle file (with its per-article record beside it)."""
    from kg.build import extract_corpus, write_corpus

    out = tmp_path_factory.mktemp("seed-graph") / "graph.ttl"
    write_corpus(extract_corpus([SEEDS])[0], out)
    return out


@pytest.fixture
def full_disk(monkeypatch):
    """`full_disk(n)`: from now on, the files kg writes take `n` bytes in all, then fail as a full
    disk does (ENOSPC)."""
    import errno

    real = os.fdopen

    def fill_after(room: int) -> None:
        left = [room]

        class Filling:
            def __init__(self, fh):
                self.fh = fh

            def write(self, data):
                if len(data) > left[0]:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                left[0] -= len(data)
                return self.fh.write(data)

            def __getattr__(self, name):
                return getattr(self.fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return self.fh.__exit__(*exc)

        monkeypatch.setattr(os, "fdopen", lambda *a, **k: Filling(real(*a, **k)))

    return fill_after


CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a browser Playwright downloads)."""
    if not CHROMIUM.exists():
        import warnings

        warnings.warn("CHROMIUM IS NOT INSTALLED: the pages were NOT tested in a browser")
        pytest.skip("LOUD: /usr/bin/chromium is missing (apt-get install chromium): pages NOT tested in a browser")
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    b = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
    yield b
    b.close()
    pw.stop()


def served_page(browser, base: str, path: str, viewport: dict | None = None, ignore: str | None = None):
    """A page of a server at `base`: (page, the console and page errors, every request that left the
    server, refused and counted). `ignore`: a console error the browser itself logs for an expected refusal."""
    page = browser.new_page(viewport=viewport) if viewport else browser.new_page()
    errors, outside = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and not (ignore and ignore in m.text)
            else None)

    def route(r):
        if r.request.url.startswith(base + "/"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto(base + path)
    return page, errors, outside
