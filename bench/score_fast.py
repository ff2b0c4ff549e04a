"""The reference scorer's figures, with the graphs built in this process (a few seconds, not a minute).

    .venv/bin/python bench/score_fast.py                    # ../shared/dev
    .venv/bin/python bench/score_fast.py --set seeds -v
    .venv/bin/python bench/score_fast.py --only vn014290 -v

For development only: it imports `../shared/eval/score.py` and scores the graph of
`kg.extract` for each article, which is what `kg build ARTICLE -o x.ttl` writes. The
figures that count are the reference scorer's, run on the command (see ../shared/dev/README.md).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from rdflib import URIRef  # noqa: E402

from kg.build import Corpus, extract  # noqa: E402
from kg.pipeline.read import read_article  # noqa: E402


def scorer():
    spec = importlib.util.spec_from_file_location("score", SHARED / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["score"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--set", choices=("dev", "seeds"), default="dev")
    ap.add_argument("--only", help="score the articles whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    sc = scorer()
    gold_dir, inputs = ((SHARED / "dev" / "gold", SHARED / "dev" / "texts") if a.set == "dev"
                        else (SHARED / "gold", ROOT / "seeds"))
    total = {c: sc.Tally() for c in sc.CATEGORIES}
    for gp in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gp.read_text(encoding="utf-8"))
        if a.only and a.only not in gold["article"]:
            continue
        raw = read_article(inputs / gold["article"])
        g = Corpus({URIRef(raw.source): extract(raw.text, raw.source)}).graph()  # as `kg build` makes it
        res = sc.score_article(gold, g)
        for c in sc.CATEGORIES:
            total[c].add(res[c])
        if a.verbose:
            print(f"== {gold['article']}")
            for c in sc.CATEGORIES:
                for m in res[c].misses:
                    print(f"   missed  {m}")
                for e in res[c].extras:
                    print(f"   extra   {e}")
    print(f"{'category':22} {'tp':>4} {'fp':>4} {'fn':>4}  {'P':>5} {'R':>5} {'F1':>5}")
    for c in sc.CATEGORIES:
        t = total[c]
        p, r, f = t.prf()
        print(f"{c:22} {t.tp:4} {t.fp:4} {t.fn:4}  {p:5.2f} {r:5.2f} {f:5.2f}{'  *' if c in sc.MAIN else ''}")
    macro = sum(total[c].prf()[2] for c in sc.MAIN) / len(sc.MAIN)
    print(f"macro F1 over * categories: {macro:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
