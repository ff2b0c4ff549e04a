"""The seed floors, measured with `kg eval`, and its agreement with the reference scorer."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.evaluate import MAIN, evaluate
from tests.conftest import ROOT, SEEDS

GOLD = Path(__file__).parent / "gold"
REFERENCE = ROOT.parent / "shared" / "eval" / "score.py"


@pytest.fixture(scope="module")
def result():
    return evaluate(GOLD, SEEDS)


def test_every_main_category_meets_its_floor(result):
    for category in MAIN:
        assert result.totals[category].prf()[2] >= 0.95, (category, result.totals[category].misses,
                                                          result.totals[category].extras)
    assert result.macro_f1 >= 0.97


def test_kg_eval_agrees_with_the_reference_scorer(result, tmp_path):
    if not REFERENCE.exists():
        pytest.fail(f"{REFERENCE} is missing: cannot compare with the reference scorer")
    kg = Path(sys.executable).parent / "kg"
    out = tmp_path / "ref.json"
    subprocess.run([sys.executable, str(REFERENCE), "--gold", str(GOLD), "--inputs", str(SEEDS), "--build",
                    f"{kg} build {{input}} -o {{output}} -q", "--json", str(out)], check=True, capture_output=True)
    reference = json.loads(out.read_text(encoding="utf-8"))
    assert reference["macro_f1"] == pytest.approx(result.macro_f1)
    for category, figures in reference["categories"].items():
        mine = result.totals[category]
        assert (mine.tp, mine.fp, mine.fn) == (figures["tp"], figures["fp"], figures["fn"]), category


def test_invalid_gold_file_gives_a_clear_error(tmp_path):
    from kg.errors import GoldError
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(GoldError, match="bad.json"):
        evaluate(tmp_path, SEEDS)
    (tmp_path / "bad.json").write_text('{"article": "x.txt"}', encoding="utf-8")
    with pytest.raises(GoldError, match="lacks officials"):
        evaluate(tmp_path, SEEDS)
