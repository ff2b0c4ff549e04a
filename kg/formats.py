"""The RDF formats every command reads and writes, from one place.

pyoxigraph's `RdfFormat` knows each format's extension and media type; this adds the names users type, with the usual
aliases, and rdflib's name for the few places that parse with rdflib.

>>> Format.named("ttl") is Format.named("turtle"), Format.of(Path("g.nq")).per_article
(True, True)
>>> Format.of(Path("graph.txt"))
Traceback (most recent call last):
kg.errors.GraphError: graph.txt: '.txt' is no RDF format; use one of .ttl (turtle), .nt (nt), .nq (nquads), .trig (trig), .jsonld (jsonld), .rdf (rdfxml)
>>> Format.to_write(Path("graph.ttl"), "rdfxml")
Traceback (most recent call last):
kg.errors.GraphError: graph.ttl: its extension says turtle and --format says rdfxml; name the file graph.rdf, or leave --format out
"""
from __future__ import annotations

from enum import Enum
from pathlib import Path

import pyoxigraph as ox

from kg.errors import GraphError


class Format(str, Enum):
    """An RDF format of `kg build`, `kg export` and the graphs they read. Named-graph formats
    (TriG, N-Quads) hold one graph per article."""

    TURTLE = "turtle"
    NTRIPLES = "nt"
    NQUADS = "nquads"
    TRIG = "trig"
    JSONLD = "jsonld"
    RDFXML = "rdfxml"

    @property
    def ox(self) -> ox.RdfFormat:
        return _OX[self]

    @property
    def per_article(self) -> bool:
        """One named graph per article (TriG, N-Quads); JSON-LD could hold them too, but a user who asks
        for JSON-LD expects the merged graph."""
        return self in (Format.NQUADS, Format.TRIG)

    @property
    def extension(self) -> str:
        return "jsonld" if self is Format.JSONLD else self.ox.file_extension

    @property
    def media_type(self) -> str:
        return self.ox.media_type

    @property
    def rdflib(self) -> str:
        """rdflib's name of the format (its parser and serialiser plugins)."""
        return _RDFLIB[self]

    def serialize(self, triples, fh) -> None:
        """Write Oxigraph's `triples` (or quads) in this format: JSON-LD compact with its context
        (`kg.rdf.jsonld`), the others by Oxigraph with the project's prefixes."""
        if self is Format.JSONLD:
            from kg.rdf.jsonld import write_jsonld

            write_jsonld(triples, fh)
            return
        from kg.rdf.prefixes import PREFIXES

        ox.serialize(triples, fh, format=self.ox, prefixes=PREFIXES)

    @classmethod
    def named(cls, name: str) -> "Format":
        """The format a user names: its value or an alias ("ttl", "n-triples", "nq", "json-ld", "xml")."""
        try:
            return ALIASES[name.lower()]
        except KeyError:
            raise GraphError(f"{name!r}: no RDF format; use one of {', '.join(NAMES)}") from None

    @classmethod
    def of(cls, path: Path) -> "Format":
        """The format a file's extension names; an extension no format has is refused."""
        found = BY_EXTENSION.get(path.suffix.lower().lstrip("."))
        if found is None:
            listed = ", ".join(f".{f.extension} ({f.value})" for f in cls)
            raise GraphError(f"{path}: {path.suffix or 'no extension'!r} is no RDF format; use one of {listed}")
        return found

    @classmethod
    def to_write(cls, path: Path, name: str | None) -> "Format":
        """The format to write `path` in: the one `name`d, unless the file's extension names another
        (RDF/XML in a `.ttl` file fails every later reader), else the extension's."""
        if name is None:
            try:
                return cls.of(path)
            except GraphError as exc:
                raise GraphError(f"{exc}, or say which with --format") from None
        wanted, found = cls.named(name), BY_EXTENSION.get(path.suffix.lower().lstrip("."))
        if found is not None and found is not wanted:
            raise GraphError(f"{path}: its extension says {found.value} and --format says {wanted.value}; name the "
                             f"file {path.with_suffix('.' + wanted.extension).name}, or leave --format out")
        return wanted


class Network(str, Enum):
    """The network formats of `kg export`, for Gephi and Cytoscape (the RDF ones are `Format`)."""

    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


class ResultFormat(str, Enum):
    """How `kg query` writes the answer of a SELECT or ASK (CONSTRUCT and DESCRIBE: a `Format`)."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"


_OX = {Format.TURTLE: ox.RdfFormat.TURTLE, Format.NTRIPLES: ox.RdfFormat.N_TRIPLES,
       Format.NQUADS: ox.RdfFormat.N_QUADS, Format.TRIG: ox.RdfFormat.TRIG, Format.JSONLD: ox.RdfFormat.JSON_LD,
       Format.RDFXML: ox.RdfFormat.RDF_XML}
_RDFLIB = {Format.TURTLE: "turtle", Format.NTRIPLES: "nt", Format.NQUADS: "nquads", Format.TRIG: "trig",
           Format.JSONLD: "json-ld", Format.RDFXML: "xml"}
ALIASES = {**{f.value: f for f in Format}, "ttl": Format.TURTLE, "ntriples": Format.NTRIPLES,
           "n-triples": Format.NTRIPLES, "nq": Format.NQUADS, "n-quads": Format.NQUADS, "json-ld": Format.JSONLD,
           "rdf": Format.RDFXML, "xml": Format.RDFXML, "rdf/xml": Format.RDFXML, "rdf-xml": Format.RDFXML}
NAMES = sorted(ALIASES)
EXPORT_NAMES = sorted([*NAMES, *(n.value for n in Network)])
BY_EXTENSION = {**{f.extension: f for f in Format}, "json": Format.JSONLD, "xml": Format.RDFXML, "owl": Format.RDFXML}
