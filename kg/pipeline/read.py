"""Stage 1, before the pipeline proper: bytes on disk to article text.

UTF-8 with or without BOM and UTF-16 with BOM are read as they are; any other
bytes are decoded as Windows-1258 (the legacy Vietnamese code page) with a
warning. HTML goes through trafilatura's boilerplate remover, keeping the
title and date the page declares.
"""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")


@dataclass
class RawArticle:
    source: str  # the file name as given
    text: str
    warnings: list[str]


def decode(data: bytes) -> tuple[str, list[str]]:
    """Text of the bytes, and warnings about how it was decoded.

    >>> decode("Hà Nội".encode("utf-16"))[0]
    'Hà Nội'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        return data.decode("cp1258", errors="replace"), ["not UTF-8: decoded as Windows-1258"]


def html_to_text(html: str) -> str:
    """The article of an HTML page: title, date line and main text."""
    import trafilatura  # imported here: loading it costs half a second

    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False) or ""
    meta = trafilatura.extract_metadata(html)
    lines = []
    if meta is not None and meta.title and meta.title.strip() not in body[:300]:
        lines.append(meta.title.strip())
    if meta is not None and meta.date:
        y, m, d = meta.date[:10].split("-")
        lines.append(f"{d}/{m}/{y}")
    return "\n\n".join(lines + [body])


def read_article(path: Path) -> RawArticle:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    text, warnings = decode(data)
    if path.suffix.lower() in HTML_SUFFIXES:
        text = html_to_text(text)
    return RawArticle(path.name, text, warnings)


def article_paths(paths: list[Path]) -> list[Path]:
    """The article files named by `paths` (files, or folders searched recursively), sorted."""
    out: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            out += [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES]
        else:
            out.append(p)
    return sorted(set(out), key=lambda f: (f.name, str(f)))
