"""`kg eval` against the reference scorer of ../shared/eval on the seeds: the same counts, category by category.

    .venv/bin/python bench/eval_agreement.py       # part of `make eval`

Needs ../shared/ beside the project; `make test` never does.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.evaluate import evaluate  # noqa: E402

REFERENCE = ROOT.parent / "shared" / "eval" / "score.py"


def main() -> int:
    if not REFERENCE.exists():
        print(f"{REFERENCE} is absent: nothing to compare kg eval with")
        return 0
    gold, seeds = ROOT / "tests" / "gold", ROOT / "seeds"
    mine = evaluate(gold, seeds)
    kg = Path(sys.executable).parent / "kg"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "ref.json"
        subprocess.run([sys.executable, str(REFERENCE), "--gold", str(gold), "--inputs", str(seeds), "--build",
                        f"{kg} build {{input}} -o {{output}} -q", "--json", str(out)], check=True, capture_output=True)
        reference = json.loads(out.read_text(encoding="utf-8"))
    differ = [c for c, f in reference["categories"].items()
              if (mine.totals[c].tp, mine.totals[c].fp, mine.totals[c].fn) != (f["tp"], f["fp"], f["fn"])]
    if differ or abs(reference["macro_f1"] - mine.macro_f1) > 1e-9:
        print(f"kg eval and the reference scorer disagree on: {', '.join(differ) or 'macro F1'}")
        return 1
    print(f"kg eval agrees with the reference scorer on the seeds (macro F1 {mine.macro_f1:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
