"""Build a graph from article files: the public API behind `kg build`.

>>> from pathlib import Path
>>> g, report = build_graph([Path("seeds")])  # doctest: +SKIP
"""
from __future__ import annotations

import os
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from kg.errors import GraphError, KgError
from kg.pipeline import run
from kg.pipeline.read import article_paths, read_article
from kg.rdf.emit import Triple, article_triples, to_graph
from kg.rdf.merge import merge
from kg.rdf.namespace import DEFAULT_BASE, VNKG


@dataclass
class BuildReport:
    """What a build read, skipped and produced."""

    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def summary(self, graph: Graph) -> dict[str, int]:
        counts = Counter(o for o in graph.objects(None, RDF.type))
        return {
            "articles": self.articles,
            "skipped": len(self.skipped),
            "officials": counts[VNKG.Official],
            "role holdings": counts[VNKG.RoleHolding],
            "conferences": counts[VNKG.Conference],
            "participations": counts[VNKG.Participation],
            "resolutions": counts[VNKG.Resolution],
            "provinces": counts[VNKG.Province],
            "organisations": counts[VNKG.Organization],
            "triples": len(graph),
        }


def extract(text: str, source: str, base: str = DEFAULT_BASE) -> set[Triple]:
    """The triples of one article: a pure function of its text and source name."""
    return article_triples(run(source, text), base)


def build_graph(paths: list[Path], base: str = DEFAULT_BASE, strict: bool = False) -> tuple[Graph, BuildReport]:
    """Read every article under `paths` into one graph.

    An article that cannot be read is skipped and reported, unless `strict`.
    """
    report = BuildReport()
    articles: list[set[Triple]] = []
    for path in article_paths(paths):
        try:
            raw = read_article(path)
            if not raw.text.strip():
                raise KgError(f"{path}: empty: no text to read")
        except KgError as exc:
            if strict:
                raise
            report.skipped.append((str(path), str(exc)))
            continue
        report.warnings += [(str(path), w) for w in raw.warnings]
        articles.append(extract(raw.text, raw.source, base))
        report.articles += 1
    return to_graph(merge(articles)), report


def write_graph(graph: Graph, out: Path, fmt: str = "turtle") -> None:
    """Serialise atomically: a temp file beside `out`, then a rename."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            graph.serialize(fh, format=fmt, encoding="utf-8")
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a graph is an ordinary file
        os.replace(tmp, out)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise GraphError(f"{out}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
