"""Errors a user can act on, each with a one-line message. Tracebacks are for bugs."""
from __future__ import annotations

ARTICLE_SECONDS = 30.0  # one article's time budget in a build: a news article takes milliseconds
MAX_NODES = 3000  # the most nodes kg viz draws in one page: a browser lays out no more in reasonable time


class KgError(Exception):
    """Base of every error kg reports to the user."""


class InputError(KgError):
    """An input path or file that cannot be read as an article."""


class GraphError(KgError):
    """A graph file that cannot be read or written."""


class GoldError(KgError):
    """A gold annotation file that is not valid."""


class QueryError(KgError):
    """A query that does not parse, or a parameter that does not fit it."""


class TableError(KgError):
    """A knowledge table of kg/data/ whose rows break its declared columns."""


class OverTime(KgError):
    """An article that took longer than its time budget."""


class ClosedPipe(KgError):
    """The reader of what kg writes to standard output (or a pipe) stopped reading, as `kg ... | head`
    does: not an error to report, the command ends quietly as shell tools do (exit 141, SIGPIPE's)."""
