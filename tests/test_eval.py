"""The seed floors, measured with `kg eval` (its agreement with the reference scorer is `make eval`)."""
from pathlib import Path

import pytest

from kg.evaluate import MAIN, evaluate
from tests.conftest import SEEDS

GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def result():
    return evaluate(GOLD, SEEDS)


def test_every_main_category_meets_its_floor(result):
    for category in MAIN:
        assert result.totals[category].prf()[2] >= 0.95, (category, result.totals[category].misses,
                                                          result.totals[category].extras)
    assert result.macro_f1 >= 0.97


def test_invalid_gold_file_gives_a_clear_error(tmp_path):
    from kg.errors import GoldError
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json"):
        evaluate(tmp_path, SEEDS)
    (tmp_path / "bad.json").write_text('{"article": "x.txt"}', encoding="utf-8")
    with pytest.raises(GoldError, match="lacks officials"):
        evaluate(tmp_path, SEEDS)


def test_a_full_disk_leaves_the_previous_json_figures_whole(tmp_path, full_disk):
    from click.testing import CliRunner

    from kg.cli import main

    figures = tmp_path / "figures.json"
    args = ["eval", "--gold", str(GOLD), "--inputs", str(SEEDS), "--json", str(figures)]
    assert CliRunner().invoke(main, args).exit_code == 0
    before = figures.read_bytes()
    full_disk(100)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1 and "figures.json: cannot write (No space left on device)" in result.output
    assert figures.read_bytes() == before and [p.name for p in tmp_path.iterdir()] == ["figures.json"]
