"""Upload a graph to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Works with any server that speaks the protocol (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso, QLever). A graph file goes to one graph (the
default graph, or `graph_uri`), replacing what was there (HTTP PUT). A dataset
(`.nq`, `.trig`, or a graph with its per-article record) goes one named graph
per article, so each article can later be replaced on the server alone.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from rdflib import Graph

from kg.build import Format, load_corpus, record_path
from kg.errors import KgError
from kg.graphio import load_graph


def _url(endpoint: str, graph_uri: str | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + (f"graph={urllib.parse.quote(graph_uri, safe='')}" if graph_uri else "default")


def _put(endpoint: str, graph_uri: str | None, graph: Graph) -> None:
    body = graph.serialize(format="nt", encoding="utf-8")
    request = urllib.request.Request(_url(endpoint, graph_uri), data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples"})
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        raise KgError(f"{endpoint}: the server refused the upload ({exc.code}): "
                      f"{exc.read().decode('utf-8', 'replace')[:200]}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise KgError(f"{endpoint}: cannot reach the server ({getattr(exc, 'reason', exc)})") from None


def push(graph_file: Path, endpoint: str, graph_uri: str | None = None, per_article: bool = False) -> int:
    """Upload; returns how many graphs were sent."""
    if per_article or Format.of(graph_file).per_article:
        if not Format.of(graph_file).per_article and not record_path(graph_file).exists():
            raise KgError(f"{graph_file}: no per-article record to push article by article")
        corpus = load_corpus(graph_file)
        for article in sorted(corpus.articles):
            g = Graph()
            for t in corpus.articles[article]:
                g.add(t)
            _put(endpoint, str(article), g)
        return len(corpus.articles)
    _put(endpoint, graph_uri, load_graph(graph_file))
    return 1
