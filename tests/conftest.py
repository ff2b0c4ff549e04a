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
