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

REQUIRES = ("text",)
ASSIGNS = ("headline", "published", "publisher")

TOP_LINES = 12
PUBLISHER = re.compile(r"^\(([^()]{2,40})\)\s*[-–]")


def _is_headline(line: str) -> bool:
    words = line.split()
    return (len(words) >= 5 and not line.isupper() and bool(re.search(r"[^\W\da-z_]", line.lower()))  # a Vietnamese letter
            and not re.match(r"^[\d/\s:-]", line))


def apply(doc: Document) -> Document:
    # the top lines as words: a line may be the whole body, which is never squashed whole
    lines = [x.split() for x in itertools.islice((x for x in doc.text.split("\n") if x.strip()), TOP_LINES)]
    doc.headline = next((" ".join(words) for words in lines if len(words) >= 5 and _is_headline(" ".join(words))), None)
    headline = doc.headline.split() if doc.headline else None
    for words in lines:
        if len(words) <= 8:
            dates = [d for d in find_dates(" ".join(words)) if d.year]
            if dates:
                doc.published = dates[0].resolve(None)
                break
        elif len(words) > 25 and words != headline:
            break  # the body has begun: a date from here on is not the article's
    for words in lines:
        m = PUBLISHER.match(" ".join(words[:23])) if words[0].startswith("(") else None  # "(Baohatinh.vn) -"
        if m:
            doc.publisher = m.group(1).strip()
            break
    return doc
