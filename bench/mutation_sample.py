"""A seeded random sample of mutmut's mutants, so many per module, and the score per module.

A whole mutmut run over the core is about 3,400 mutants; on two cores that is most of a day,
because a mutant of the emitter or the build engine runs most of the suite. A random sample
of each module gives its kill rate with a stated margin instead.

    # in a clone of the project: make the mutants without checking any
    mutmut run 'no-such-mutant*' ; mutmut results --all true > names.txt
    python bench/mutation_sample.py pick names.txt --per-module 40 --seed 14 > sample.txt
    mutmut run --max-children 2 $(cat sample.txt)
    python bench/mutation_sample.py score sample.txt --mutants mutants/
    # mutmut's timeouts, run again by hand with their tests (see `recheck`), then scored with them
    cd mutants && python ../bench/mutation_sample.py recheck $(cat ../timeouts.txt) > ../rechecked.txt
    python bench/mutation_sample.py score sample.txt --rechecked rechecked.txt

Why recheck: mutmut forks each mutant's test run from a process that has threads, and on this
machine some of those children hang (a lock held at the fork) whatever the mutant; mutmut then
calls the mutant "timeout" and counts it killed. `recheck` runs the mutant's tests in a fresh
process (mutmut's trampoline chooses the mutant from MUTANT_UNDER_TEST), bounded by a wall
clock: a test that fails kills it, all passing means it survived.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

_NAME = re.compile(r"^\s*([\w.]+)\.(x[_ǁ][^\s:]*__mutmut_\d+)")


def module_of(name: str) -> str:
    return name.rsplit(".", 1)[0]


def names(lines) -> list[str]:
    found = []
    for line in lines:
        m = _NAME.match(line)
        if m:
            found.append(f"{m.group(1)}.{m.group(2)}")
    return found


def pick(all_names: list[str], per_module: int, seed: int) -> list[str]:
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(all_names)):
        by_module[module_of(name)].append(name)
    rng = random.Random(seed)
    chosen = []
    for module in sorted(by_module):
        pool = by_module[module]
        chosen.extend(pool if len(pool) <= per_module else sorted(rng.sample(pool, per_module)))
    return chosen


def outcome(code) -> str:
    """mutmut's own reading of a mutant's exit code (killed, survived, timeout, no tests, ...)."""
    from mutmut.stats import status_by_exit_code

    return status_by_exit_code[code]


def results(sample: list[str], mutants: Path) -> dict[str, str]:
    codes: dict[str, object] = {}
    for meta in mutants.rglob("*.meta"):
        codes.update(json.loads(meta.read_text())["exit_code_by_key"])
    return {name: outcome(codes.get(name)) for name in sample}


# run in the mutants folder: its `kg` first on the path, not the editable install of the checkout
_RUN = """import os, sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in type(f).__module__]
sys.path.insert(0, os.getcwd())
import kg, pytest
assert kg.__file__.startswith(os.getcwd()), kg.__file__
sys.exit(pytest.main(sys.argv[1:]))
"""


def recheck(name: str, seconds: float) -> str:
    """'killed', 'survived' or 'hung' for one mutant: its tests (as mutmut recorded them, less those its
    configuration leaves out), run in a fresh process under a wall clock."""
    from mutmut.configuration import config

    stats = json.loads(Path("mutmut-stats.json").read_text())
    tests = sorted(set(stats["tests_by_mangled_function_name"].get(name.split("__mutmut_")[0], [])))
    env = dict(os.environ, MUTANT_UNDER_TEST=name)
    try:
        done = subprocess.run([sys.executable, "-c", _RUN, "-x", "-q", *config().pytest_add_cli_args, *tests],
                              env=env, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:
        return "hung"
    return "survived" if done.returncode == 0 else "killed" if done.returncode == 1 else f"error-{done.returncode}"


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def table(outcomes: dict[str, str], population: dict[str, int], timed_out: set[str] = frozenset()) -> str:
    rows = ["| module | mutants | sampled | checked | killed | survived | no tests | mutmut's timeouts (rechecked) "
            "| score | 95 % interval |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    by_module: dict[str, list[str]] = defaultdict(list)
    for name, what in outcomes.items():
        by_module[module_of(name)].append(what)
    for module in sorted(by_module):
        got = by_module[module]
        killed = sum(got.count(k) for k in ("killed", "timeout", "segfault", "caught by type check"))
        survived = got.count("survived") + got.count("no tests")
        checked = killed + survived
        lo, hi = wilson(killed, checked)
        score = f"{killed / checked:.0%}" if checked else "–"
        late = sum(1 for name in outcomes if module_of(name) == module and name in timed_out)
        rows.append(f"| {module} | {population.get(module, len(got))} | {len(got)} | {checked} | {killed} "
                    f"| {got.count('survived')} | {got.count('no tests')} | {late} | {score} | {lo:.0%}–{hi:.0%} |")
    return "\n".join(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("pick", help="choose the sample from `mutmut results --all true` output")
    p.add_argument("names", type=Path)
    p.add_argument("--per-module", type=int, default=40)
    p.add_argument("--seed", type=int, default=14)
    s = sub.add_parser("score", help="score a sample from mutmut's result files")
    s.add_argument("sample", type=Path)
    s.add_argument("--mutants", type=Path, default=Path("mutants"))
    s.add_argument("--names", type=Path, help="all names, for the population per module")
    s.add_argument("--survivors", action="store_true", help="also list the surviving mutants")
    s.add_argument("--rechecked", type=Path, help="`recheck`'s verdicts, in place of mutmut's timeouts")
    r = sub.add_parser("recheck", help="run timed-out mutants' tests again, in the mutants folder")
    r.add_argument("mutants", nargs="+")
    r.add_argument("--seconds", type=float, default=600)
    args = parser.parse_args(argv)
    if args.command == "recheck":
        for name in args.mutants:
            print(name, recheck(name, args.seconds), flush=True)
        return 0
    if args.command == "pick":
        print("\n".join(pick(names(args.names.read_text().splitlines()), args.per_module, args.seed)))
        return 0
    sample = args.sample.read_text().split()
    population: dict[str, int] = defaultdict(int)
    if args.names:
        for name in names(args.names.read_text().splitlines()):
            population[module_of(name)] += 1
    outcomes = results(sample, args.mutants)
    timed_out = {name for name, what in outcomes.items() if what == "timeout"}
    if args.rechecked:
        for line in args.rechecked.read_text().splitlines():
            name, verdict = line.split()[:2]
            if name in outcomes and verdict in ("killed", "survived"):
                outcomes[name] = verdict
    print(table(outcomes, population, timed_out))
    if args.survivors:
        for name, what in outcomes.items():
            if what in ("survived", "no tests"):
                print(f"{what}: {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
