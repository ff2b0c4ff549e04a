"""Stage 1, before the pipeline proper: bytes on disk to article text.

UTF-8 with or without BOM and UTF-16 with BOM are read as they are; any other
bytes are decoded as Windows-1258 (the legacy Vietnamese code page) with a
warning. HTML goes through trafilatura's boilerplate remover, keeping the
title and date the page declares.
"""
from __future__ import annotations

import codecs
import os
import re
import stat
from html import escape
from html.parser import HTMLParser
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from kg.errors import InputError

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
MIN_PAGE_WORDS = 15  # what the boilerplate remover keeps of a page with no article: a menu, a caption
MAX_ARTICLE_BYTES = 5_000_000  # a news article is ~10 KB; a bigger file is a dump to split first
MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image",
         b"PK\x03\x04": "a ZIP file (or .docx/.xlsx)", b"\xd0\xcf\x11\xe0": "an old Office document",
         b"\x7fELF": "a program", b"\x1f\x8b": "a gzip file"}


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
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(0) > len(sample) // 4:  # UTF-16 without a BOM: every other byte is 0
        odd_zeros = sample[1::2].count(0) > sample[0::2].count(0)
        encoding = "utf-16-le" if odd_zeros else "utf-16-be"
        return data.decode(encoding, errors="replace"), [f"no byte-order mark: decoded as {encoding.upper()}"]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        first = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if bad <= max(3, len(data) // 1000):  # a few broken bytes in UTF-8 text: keep the text, say where
        return text, [f"{bad} byte(s) not valid UTF-8, replaced (the first at byte {first})"]
    return data.decode("cp1258", errors="replace"), ["not UTF-8: decoded as Windows-1258"]


PAGE_DATE = {"original_date": True, "extensive_search": False, "max_date": "2199-12-31"}
MAX_TAG_CHARS = 20_000  # a real tag is short (an inline image's data can be longer: its attributes carry no text)
MAX_DEPTH = 200  # libxml2's HTML parser stops nesting at 255: what is deeper would be lost
_GIANT_TAG = re.compile(r"<([A-Za-z][\w:.-]{0,40})[^<>]{%d,}>" % MAX_TAG_CHARS)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_OPTIONAL_END = frozenset("p li td th tr dt dd option optgroup thead tbody tfoot colgroup rb rt rp html head "
                          "body".split())  # often left open: they do not nest
_BLOCK = frozenset("p div section article main header footer li ul ol table tr td th h1 h2 h3 h4 h5 h6 "
                   "blockquote pre figure figcaption".split())


class _Flattener(HTMLParser):
    """A page with its elements deeper than MAX_DEPTH unwrapped: their text kept, a line break
    where a block ended."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            self.out.append(f"<{tag}>" if tag == "br" else "")
        elif len(self.open) < MAX_DEPTH:
            self.open.append(tag)
            self.out.append(f"<{tag}>")
        else:
            self.open.append("")  # unwrapped
            self.out.append("<br>" if tag in _BLOCK else "")

    def handle_endtag(self, tag):
        if tag not in self.open and tag not in _BLOCK:
            return
        while self.open:
            name = self.open.pop()
            if name:
                self.out.append(f"</{name}>")
            if name == tag or (not name and tag in _BLOCK):
                if not name:
                    self.out.append("<br>")
                break

    def handle_data(self, data):
        self.out.append(escape(data, quote=False))


def _flattened(html: str) -> str:
    flattener = _Flattener()
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out + [f"</{t}>" for t in reversed(flattener.open) if t])


def _too_deep(html: str) -> bool:
    """Whether the page nests elements deeper than the HTML parser keeps."""
    depth = 0
    for m in re.finditer(r"<(/?)([A-Za-z][\w:-]*)[^<>]*?(/?)>", html):
        if m.group(1):
            depth -= m.group(2).lower() not in _OPTIONAL_END
        elif not m.group(3) and m.group(2).lower() not in _VOID | _OPTIONAL_END:
            depth += 1
            if depth > MAX_DEPTH:
                return True
    return False


def tamed(html: str) -> tuple[str, list[str]]:
    """The page as the HTML parser can read it in time, and what was changed: the attributes of a
    giant tag dropped (200,000 attributes take the parser minutes), elements nested deeper than
    it keeps unwrapped (their text would be lost)."""
    warnings = []
    giant = _GIANT_TAG.findall(html)
    if giant:
        html = _GIANT_TAG.sub(r"<\1>", html)
        warnings.append(f"{len(giant)} tag(s) of more than {MAX_TAG_CHARS:,} characters: their attributes dropped")
    if _too_deep(html):
        html = _flattened(html)
        warnings.append(f"elements nested more than {MAX_DEPTH} deep: unwrapped, their text kept")
    return html, warnings


def html_to_text(html: str, warnings: list[str] | None = None) -> str:
    """The article of an HTML page: title, date line and main text."""
    import trafilatura  # imported here: loading it costs half a second

    html, changed = tamed(html)
    if warnings is not None:
        warnings.extend(changed)
    body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False) or ""
    # The date the page declares (meta tags, structured data), not a search of its text with every
    # language's date words (seconds per page; the pipeline reads the dates in the text itself); no
    # "not after today" cut: the same page gives the same graph whenever it is built.
    meta = trafilatura.extract_metadata(html, date_config=PAGE_DATE)
    lines = []
    if meta is not None and meta.title and meta.title.strip() not in body[:300]:
        lines.append(meta.title.strip())
    if meta is not None and meta.date:
        y, m, d = meta.date[:10].split("-")
        lines.append(f"{d}/{m}/{y}")
    return "\n\n".join(lines + [body])


def _binary(data: bytes) -> str | None:
    """What a file is, when it is not text."""
    for magic, what in MAGIC.items():
        if data.startswith(magic):
            return what
    head = data[:4000]
    if b"\x00" in head and head.count(0) < len(head) // 4:  # NULs, but not the pattern of UTF-16
        return "binary data"
    return None


def read_article(path: Path, name: str | None = None) -> RawArticle:
    """The text of one article file (known as `name`, by default its file name), or an InputError
    that says why not and what to do."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would hang the build or never end
            raise InputError(f"{path}: not a regular file (a pipe, a device or a socket): save the article as a file")
        size = info.st_size
        if size > MAX_ARTICLE_BYTES:
            raise InputError(f"{path}: {size / 1e6:.1f} MB is too big for one article (limit "
                             f"{MAX_ARTICLE_BYTES / 1e6:.0f} MB): split it into articles")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if not data.strip():
        raise InputError(f"{path}: empty: no text to read")
    what = _binary(data)
    if what:
        raise InputError(f"{path}: not a text article ({what}): convert it to .txt or .html first")
    text, warnings = decode(data)
    if path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:200].lower().startswith(("<!doctype html", "<html")):
        text = html_to_text(text, warnings)
        if len(text.split()) < MIN_PAGE_WORDS:
            raise InputError(f"{path}: no article text found in the page (it may be a menu, a gallery or a "
                             f"script-built page): save the article's own page")
    return RawArticle(name or path.name, text, warnings)


def article_files(paths: list[Path], follow_links: bool = False) -> list[tuple[Path, str]]:
    """The article files named by `paths`, each with its name: its path inside the folder given
    (`x/index.txt`), or for a file given itself its file name. The name is the article's identity:
    a later build that meets the same name replaces that article's facts. Sorted by name."""
    out: set[tuple[Path, str]] = set()
    for p in paths:
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            found = list(_walk(p, follow_links))
            if not found:
                raise InputError(f"{p}: no articles in this folder (looked for {', '.join(ARTICLE_SUFFIXES)})")
            out.update((f, f.relative_to(p).as_posix()) for f in found)
        else:
            out.add((p, p.name))
    return sorted(out, key=lambda fn: (fn[1], str(fn[0])))


def article_paths(paths: list[Path], follow_links: bool = False) -> list[Path]:
    """The article files named by `paths` (files, or folders searched to any depth), sorted by name.

    A link inside a folder that leads out of it is not followed (a link to /etc/passwd is not an
    article) unless `follow_links`; folders are walked with a stack, so depth costs no recursion.
    """
    return sorted((f for f, _ in article_files(paths, follow_links)), key=lambda f: (f.name, str(f)))


def _walk(root: Path, follow_links: bool) -> Iterator[Path]:
    top = root.resolve()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # unreadable: nothing to take from it
        for entry in entries:
            path = Path(entry.path)
            if entry.is_symlink() and not follow_links:
                target = path.resolve()
                if target != top and top not in target.parents:
                    continue  # leads out of the tree
            if entry.is_dir():
                if not entry.is_symlink() or follow_links:
                    stack.append(path)
            elif entry.is_file() and path.suffix.lower() in ARTICLE_SUFFIXES:
                yield path
