"""Read a real corpus and print what the extractor makes of it: rates, time, and suspects.

    .venv/bin/python bench/audit.py ../shared/corpus/vietnews            # figures and suspects
    .venv/bin/python bench/audit.py ../shared/corpus/vietnews --time-only
    .venv/bin/python bench/audit.py DIR --show official-not-person -n 50

Figures (per 100 articles): officials, holdings, participations, conferences.
Extraction time per article: the whole pipeline and emission (text in memory to
N-Triples lines), best of --repeats passes, gazetteers loaded before the clock.

Suspects are what a careful reader would not accept, found by general shapes only:
- official-not-person: an official label of one syllable, or one that is a province,
  a country, a title word or an organisation head;
- titled-no-official: a known role title followed by capitalised words where no
  official starts (a name the people stage missed);
- verb-no-participation: a sentence with a participation verb and an official in it,
  where that official got no participation;
- split-names: one name that is two official IRIs in one article;
- official-not-person-strict: the same, less one-word labels that are a foreign family
  name alone ("Tổng thống Trump" where the article never gives the full name) and a
  province's name the article gives a title ("Chủ tịch Hồ Chí Minh": the person).
Figures are printed, never asserted.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.document import Kind  # noqa: E402
from kg.gazetteer import load  # noqa: E402
from kg.pipeline import run  # noqa: E402
from kg.pipeline.names import vietnamese_shaped  # noqa: E402
from kg.pipeline.read import read_article  # noqa: E402
from kg.rdf.emit import article_lines  # noqa: E402
from kg.text import UPPER  # noqa: E402

CAPITALISED_AFTER = re.compile(rf"\s+(?:ông|bà|đồng chí)?\s*({UPPER}\w*(?:\s+{UPPER}\w*){{1,3}})")


def texts_of(folder: Path) -> list[tuple[str, str]]:
    files = sorted(p for p in folder.iterdir() if p.suffix in (".txt", ".html", ".htm", ".md"))
    return [(p.name, read_article(p).text) for p in files]


def timing(texts: list[tuple[str, str]], repeats: int) -> float:
    """Best CPU seconds per article over `repeats` passes (CPU time: other work on the machine
    changes wall time far more than it changes this)."""
    article_lines(run(*reversed(texts[0])))
    best = float("inf")
    for _ in range(repeats):
        t = time.process_time()
        for source, text in texts:
            article_lines(run(source, text))
        best = min(best, time.process_time() - t)
    return best / len(texts)


def not_a_person(label: str) -> bool:
    kb = load()
    words = label.split()
    if len(words) < 2 and not any(c.isdigit() for c in label):
        return True
    if label in kb.provinces or label in kb.countries:
        return True
    return bool(kb.role_lexicon.match_at(label, 0) or kb.org_lexicon.match_at(label, 0))


TITLE_BEFORE = re.compile(r"(?:Chủ tịch|Tổng thống|Thủ tướng|ông|bà|đồng chí|Bác)\s+$")


def titled(doc, key: str) -> bool:
    """A province's name that the article gives a title or a form of address ("Chủ tịch Hồ Chí Minh"):
    the person, whose name the city bears, not a place read as a person."""
    return any(TITLE_BEFORE.search(doc.text, max(0, m.start - 12), m.start)
               for m in doc.of_kind(Kind.OFFICIAL) if m.key == key)


def audit(texts: list[tuple[str, str]], show: str | None, limit: int) -> None:
    kb = load()
    totals: Counter[str] = Counter()
    suspects: dict[str, list[str]] = defaultdict(list)
    for source, text in texts:
        doc = run(source, text)
        officials = doc.of_kind(Kind.OFFICIAL)
        totals["officials"] += len({m.key for m in officials})
        totals["holdings"] += len(doc.holdings)
        totals["participations"] += len(doc.participations)
        totals["conferences"] += len(doc.conferences)
        for key in sorted({m.key for m in officials}):
            if not_a_person(key):
                suspects["official-not-person"].append(f"{source}: {key}")
                if (" " in key or vietnamese_shaped(key)) and not titled(doc, key):
                    suspects["official-not-person-strict"].append(f"{source}: {key}")
        starts = {m.start for m in officials}
        for role in doc.of_kind(Kind.ROLE):
            m = CAPITALISED_AFTER.match(doc.text, role.end)
            if m and m.start(1) not in starts and m.group(1).split()[0] in kb.surnames:
                suspects["titled-no-official"].append(f"{source}: {doc.text[role.start:m.end(1)]}")
        took_part = {p.official for p in doc.participations}
        for s in doc.sentences:
            people = [m for m in officials if s.start <= m.start < s.end and m.key not in took_part]
            if people and doc.conferences and any(True for _ in kb.verb_lexicon.find(doc.text, s.start, s.end)):
                suspects["verb-no-participation"].append(
                    f"{source}: [{', '.join(p.key for p in people)}] {' '.join(doc.text[s.start:s.end].split())[:200]}")
    n = len(texts)
    print(f"{n} articles; per 100 articles: " + ", ".join(
        f"{k} {100 * totals[k] / n:.1f}" for k in ("officials", "holdings", "participations", "conferences")))
    for kind in ("official-not-person", "official-not-person-strict", "titled-no-official", "verb-no-participation"):
        print(f"{kind}: {len(suspects[kind])}")
        if show in (kind, "all"):
            for line in suspects[kind][:limit]:
                print("   ", line)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--time-only", action="store_true")
    ap.add_argument("--no-time", action="store_true")
    ap.add_argument("--show", help="print the suspects of one kind (or all)")
    ap.add_argument("-n", type=int, default=30, help="how many suspects to print")
    a = ap.parse_args()
    texts = texts_of(a.folder)
    if not a.no_time:
        print(f"extraction and emission: {1000 * timing(texts, a.repeats):.2f} ms an article "
              f"({len(texts)} articles, best of {a.repeats})")
    if not a.time_only:
        audit(texts, a.show, a.n)


if __name__ == "__main__":
    main()
