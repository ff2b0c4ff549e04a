"""Pages of a query's answer: `--param page=N` (or `$page=N` on the endpoint) reads page N of a query
that has one LIMIT, its OFFSET moved on by N-1 pages. A big answer is read page by page, each as fast
as the first when the query cuts its page before it reads names (the ready queries of queries/ do);
under a stable ORDER BY the pages are disjoint and together the whole answer. A query whose own
variable is ?page binds it as any other parameter.
"""
from __future__ import annotations

import re

from kg.errors import QueryError

PAGE = "page"
ALL = "all"  # --param page=all: no page, the whole answer
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)(?:\s+OFFSET\s+(\d+))?", re.I)


def page_size(query: str) -> int | None:
    """The rows of a page: the query's one LIMIT (None without one, or with several: nothing to page)."""
    from kg.query import _code  # the query's text as the grammar reads it (comments and strings blanked)

    limits = list(_LIMIT.finditer(_code(query, decode=False)))
    return int(limits[0].group(1)) if len(limits) == 1 else None


def paged(query: str, page: str) -> str:
    """Page `page` (from 1; `all`: no LIMIT) of a query that has one LIMIT: its OFFSET moved on by that many LIMITs. A
    big answer is read page by page, each as fast as the first (under a stable ORDER BY the pages are
    disjoint and together the whole answer).

    >>> paged("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 100", "3")
    'SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 100 OFFSET 200'
    >>> paged("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 100", "all")
    'SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x '
    """
    size = page_size(query)
    if size is None:
        raise QueryError(f"--param {PAGE}: the query has no one LIMIT to page (write LIMIT n, a page's rows)")
    if page.strip().lower() != ALL and (not re.fullmatch(r"\s*\d+\s*", page) or int(page) < 1):
        raise QueryError(f"--param {PAGE}={page}: a page number is 1, 2, 3, ... (or {ALL}: the whole answer)")
    from kg.query import _code

    limit = _LIMIT.search(_code(query, decode=False))
    if page.strip().lower() == ALL:  # the whole answer at once (a CSV of every row), however long it takes
        return query[:limit.start()] + (f"OFFSET {limit.group(2)}" if limit.group(2) else "") + query[limit.end():]
    offset = int(limit.group(2) or 0) + (int(page) - 1) * size
    return query[:limit.start()] + f"LIMIT {size} OFFSET {offset}" + query[limit.end():]


def next_page(query: str, params: dict[str, str], rows: int) -> list[str]:
    """A note that a page came back full, so more rows may follow, and how to ask for them."""
    from kg.query import variables

    size = None if PAGE in variables(query) else page_size(query)
    if size is None or rows < size or params.get(PAGE, "").strip().lower() == ALL:
        return []
    page = int(params.get(PAGE, 1))
    return [f"page {page} is full ({size} rows): --param {PAGE}={page + 1} gives the next"]
