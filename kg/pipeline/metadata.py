"""Stage: headline, publication date and publisher.

The headline is the first line that reads like one (Vietnamese words, not a
site banner in capitals). The publication date is a date on a short line near
the top ("Đăng ngày 14 - 12 - 2021", "14/12/2021", "Thứ ba - 19/12/2023 16:44"),
never one from the body. The publisher is a lead's "(Baohatinh.vn) -" tag.
"""
from __future__ import annotations

import re

from kg.document import Document
from kg.pipeline.dates import find_dates
from kg.text import squash

REQUIRES = ("text",)
ASSIGNS = ("headline", "published", "publisher")

TOP_LINES = 12
PUBLISHER = re.compile(r"^\(([^()]{2,40})\)\s*[-–]")


def _is_headline(line: str) -> bool:
    words = line.split()
    return (len(words) >= 5 and not line.isupper() and bool(re.search(r"[^\W\da-z_]", line.lower()))  # a Vietnamese letter
            and not re.match(r"^[\d/\s:-]", line))


def apply(doc: Document) -> Document:
    lines = [squash(x) for x in doc.text.split("\n") if x.strip()]
    doc.headline = next((line for line in lines[:TOP_LINES] if _is_headline(line)), None)
    for line in lines[:TOP_LINES]:
        if len(line.split()) <= 8:
            dates = [d for d in find_dates(line) if d.year]
            if dates:
                doc.published = dates[0].resolve(None)
                break
        elif len(line.split()) > 25 and line != doc.headline:
            break  # the body has begun: a date from here on is not the article's
    for line in lines[:TOP_LINES]:
        m = PUBLISHER.match(line)
        if m:
            doc.publisher = m.group(1).strip()
            break
    return doc
