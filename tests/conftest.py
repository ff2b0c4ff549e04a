from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
ONTOLOGY = ROOT / "ontology"


@pytest.fixture(scope="session")
def seed_graph():
    from kg.build import build_graph

    graph, report = build_graph([SEEDS])
    assert report.articles == 5 and not report.skipped
    return graph
