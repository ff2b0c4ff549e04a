"""List, over a corpus, what the extractor makes of resolutions, organisations and places.

    .venv/bin/python bench/places_orgs.py ../shared/corpus/vietnews resolutions   # each "Nghị quyết ..." and its key
    .venv/bin/python bench/places_orgs.py ../shared/corpus/vietnews orgs          # organisation labels, most frequent first
    .venv/bin/python bench/places_orgs.py ../shared/corpus/vietnews places        # province/country hits with context
    .venv/bin/python bench/places_orgs.py ../shared/corpus/vietnews implements    # reported conference -> resolutions

For reading, not asserting: a reviewer greps the output for misses ("-" where a
phrase got no resolution, labels cut at a lower-case word, places inside names).
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.document import Kind  # noqa: E402
from kg.pipeline import run  # noqa: E402
from kg.pipeline.read import read_article  # noqa: E402

PHRASE = re.compile(r"[Nn]ghị quyết")


def _flat(text: str) -> str:
    return " ".join(text.split())


def resolutions(source: str, doc) -> None:
    found = doc.of_kind(Kind.RESOLUTION)
    for m in PHRASE.finditer(doc.text):
        hit = next((r for r in found if r.start <= m.start() < r.end), None)
        where = _flat(doc.text[m.start():m.start() + 110])
        print(f"{source}\t{hit.key if hit else '-'}\t{where}")


def orgs(doc, counts: Counter[str]) -> None:
    for m in doc.of_kind(Kind.ORGANIZATION):
        counts[m.key] += 1


def places(source: str, doc) -> None:
    for m in doc.mentions:
        if m.kind in (Kind.PROVINCE, Kind.COUNTRY):
            around = _flat(doc.text[max(0, m.start - 30):m.start]) + " [" + m.surface + "] " + \
                _flat(doc.text[m.end:m.end + 30])
            print(f"{source}\t{m.kind.value}\t{m.key}\t{around}")


def implements(source: str, doc) -> None:
    for c in doc.conferences:
        print(f"{source}\t{c.name[:90]}\t{c.implements}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("what", choices=("resolutions", "orgs", "places", "implements"))
    a = ap.parse_args()
    counts: Counter[str] = Counter()
    for path in sorted(p for p in a.folder.iterdir() if p.suffix == ".txt"):
        doc = run(path.name, read_article(path).text)
        if a.what == "resolutions":
            resolutions(path.name, doc)
        elif a.what == "orgs":
            orgs(doc, counts)
        elif a.what == "places":
            places(path.name, doc)
        else:
            implements(path.name, doc)
    for key, n in counts.most_common():
        print(f"{n}\t{key}")


if __name__ == "__main__":
    main()
