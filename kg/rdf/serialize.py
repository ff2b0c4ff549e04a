"""Deterministic line formats: N-Quads written sorted, so the same data gives the same bytes."""
from __future__ import annotations

from pathlib import Path
from typing import IO, Iterator

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Literal, Node

from kg.errors import GraphError
from kg.rdf.emit import Triple


def _term(node: Node) -> str:
    return _quoteLiteral(node) if isinstance(node, Literal) else node.n3()


def nquad(s: Node, p: Node, o: Node, g: URIRef | None) -> str:
    """One N-Quads line; with no graph, one N-Triples line."""
    return f"{_term(s)} {_term(p)} {_term(o)} {g.n3() + ' ' if g is not None else ''}.\n"


def write_nquads(articles: dict[URIRef, set[Triple]], fh: IO[bytes]) -> None:
    """One named graph per article, every line sorted."""
    for article in sorted(articles):
        lines = sorted(nquad(s, p, o, article) for s, p, o in articles[article])
        fh.write("".join(lines).encode("utf-8"))


def read_nquads(path: Path) -> Iterator[tuple[Node, Node, Node, URIRef]]:
    try:
        ds = Dataset()
        ds.parse(path, format="nquads")
    except Exception as exc:  # rdflib raises parser-specific types
        raise GraphError(f"{path}: not valid N-Quads: {str(exc).splitlines()[0][:200]}") from None
    for s, p, o, ctx in ds.quads():
        if ctx is not None:
            yield s, p, o, URIRef(getattr(ctx, "identifier", ctx))


def write_trig(articles: dict[URIRef, set[Triple]], fh: IO[bytes], prefixes: dict[str, str]) -> None:
    """One named graph per article, in article order, each block Turtle (which rdflib writes sorted)."""
    fh.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())).encode("utf-8"))
    for article in sorted(articles):
        g = Graph()
        for prefix, ns in prefixes.items():
            g.bind(prefix, ns, override=True)
        for t in articles[article]:
            g.add(t)
        body = "\n".join(line for line in g.serialize(format="turtle").splitlines()
                         if not line.startswith("@prefix")).strip()
        fh.write(f"\n{article.n3()} {{\n{body}\n}}\n".encode("utf-8"))
