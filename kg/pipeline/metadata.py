"""Stage: headline, publication date and publisher.

The headline is the first line that reads like one (Vietnamese words, not a
site banner in capitals). The publication date is a date on a short line near
the top ("Đăng ngày 14 - 12 - 2021", "14/12/2021", "Thứ ba - 19/12/2023 16:44"),
never one from the body. The publisher is a lead's "(Baohatinh.vn) -" tag.
"""
from __future__ import annotations

import itertools
import re

from kg.document import Document
from kg.pipeline.dates import find_dates
from kg.text import squash

REQUIRES = ("text",)
ASSIGNS = ("headline", "published", "publisher")

TOP_LINES = 12
LONG = 26  # words: a line this long is the body, unless it is the headline
PUBLISHER = re.compile(r"^\(([^()]{2,40})\)\s*[-–]")


def _is_headline(line: str) -> bool:
    words = line.split()
    return (len(words) >= 5 and not line.isupper() and bool(re.search(r"[^\W\da-z_]", line.lower()))  # a Vietnamese letter
            and not re.match(r"^[\d/\s:-]", line))


def apply(doc: Document) -> Document:
    # the top lines, and their first words: a line may be the whole body, read in full only if need be
    lines = list(itertools.islice((x for x in doc.text.split("\n") if x.strip()), TOP_LINES))
    heads = [line.split(None, LONG) for line in lines]  # LONG + 1 items: the line has more words
    doc.headline = next((full for line, words in zip(lines, heads) if len(words) >= 5
                         and _is_headline(full := " ".join(words) if len(words) <= LONG else squash(line))), None)
    headline = doc.headline.split() if doc.headline else []
    for line, words in zip(lines, heads):
        if len(words) <= 8:
            dates = [d for d in find_dates(" ".join(words)) if d.year]
            if dates:
                doc.published = dates[0].resolve(None)
                break
        elif len(words) > 25 and (words != headline if len(words) <= LONG
                                  else len(headline) <= LONG or squash(line) != doc.headline):
            break  # the body has begun: a date from here on is not the article's
    for words in heads:
        m = PUBLISHER.match(" ".join(words[:23])) if words[0].startswith("(") else None  # "(Baohatinh.vn) -"
        if m:
            doc.publisher = m.group(1).strip()
            break
    return doc
