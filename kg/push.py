"""Upload a graph to a SPARQL server with the SPARQL 1.1 Graph Store HTTP Protocol.

Works with any server that speaks the protocol (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso, QLever). A graph file goes to one graph (the
default graph, or `graph_uri`), replacing what was there (HTTP PUT), streamed
from the file as it is. A dataset (`.nq`, `.trig`, or a graph with its
per-article record) goes one named graph per article, so each article can
later be replaced on the server alone.

A server on this machine (localhost, 127.0.0.0/8, ::1) is always reached
directly, whatever `http_proxy` says; other servers go through the proxies the
environment names, as every web client does.
"""
from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import IO, Callable

from kg.errors import KgError
from kg.formats import Format

TIMEOUT_S = 120.0


def _url(endpoint: str, graph_uri: str | None) -> str:
    sep = "&" if "?" in endpoint else "?"
    return endpoint + sep + (f"graph={urllib.parse.quote(graph_uri, safe='')}" if graph_uri else "default")


def is_loopback(url: str) -> bool:
    """Whether `url` names this machine."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def opener(url: str) -> urllib.request.OpenerDirector:
    """An opener for `url`: no proxy for this machine (a proxy would send loopback requests elsewhere)."""
    if is_loopback(url):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


class PushError(KgError):
    """An upload that did not complete."""


def _put(endpoint: str, graph_uri: str | None, body: bytes | IO[bytes], length: int, media_type: str,
         timeout: float) -> None:
    url = _url(endpoint, graph_uri)
    request = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": media_type, "Content-Length": str(length)})
    try:
        with opener(url).open(request, timeout=timeout) as answer:
            answer.read()
    except urllib.error.HTTPError as exc:
        try:
            said = exc.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            said = ""
        raise PushError(f"{endpoint}: the server refused the upload ({exc.code} {exc.reason})"
                        + (f": {' '.join(said.split())[:200]}" if said.strip() else "")) from None
    except http.client.HTTPException as exc:  # IncompleteRead, BadStatusLine, LineTooLong, RemoteDisconnected
        raise PushError(f"{endpoint}: the server was reached but its answer is not valid HTTP "
                        f"({type(exc).__name__}: {str(exc)[:120] or 'no answer'}): is this a SPARQL "
                        f"Graph Store endpoint?") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise PushError(f"{endpoint}: the server did not answer within {timeout:g} s (--timeout)") from None
        if isinstance(reason, (ConnectionRefusedError, socket.gaierror)) or not isinstance(reason, OSError):
            raise PushError(f"{endpoint}: cannot reach the server ({reason})") from None
        raise PushError(f"{endpoint}: the connection failed during the upload ({reason})") from None
    except (TimeoutError, socket.timeout):
        raise PushError(f"{endpoint}: the server did not answer within {timeout:g} s (--timeout)") from None
    except OSError as exc:  # reached, then reset or broken while sending or reading
        raise PushError(f"{endpoint}: the connection failed during the upload ({exc.strerror or exc})") from None


class _Telling:
    """A file read by the HTTP client, telling `progress` how many bytes have gone."""

    def __init__(self, fh: IO[bytes], size: int, progress: Callable[[str, int, int], None]):
        self.fh, self.size, self.progress, self.sent = fh, size, progress, 0

    def read(self, n: int = -1) -> bytes:
        block = self.fh.read(n)
        self.sent += len(block)
        self.progress("uploading", self.sent, self.size)
        return block


def push(graph_file: Path, endpoint: str, graph_uri: str | None = None, per_article: bool = False,
         timeout: float = TIMEOUT_S, progress: Callable[[str, int, int], None] | None = None) -> int:
    """Upload; returns how many graphs were sent. A failure part way through an article-by-article
    upload says how many article graphs are already on the server. `progress(stage, done, total)`
    is told of each article graph sent ("sending article graphs") or of the bytes sent ("uploading")."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise KgError(f"{endpoint}: give the endpoint as an http:// or https:// address")
    fmt = Format.of(graph_file)
    if per_article or fmt.per_article:
        from kg.stream import record_articles

        articles = list(record_articles(graph_file))  # checked against the graph before anything is sent
        for done, (article, lines) in enumerate(articles):
            body = "".join(lines).encode("utf-8")
            try:
                _put(endpoint, article, body, len(body), "application/n-triples", timeout)
            except PushError as exc:
                sent = (f"{done} of {len(articles)} article graphs are on the server (up to and including <"
                        f"{articles[done - 1][0]}>)" if done else f"none of the {len(articles)} article graphs "
                                                                 f"was sent")
                raise PushError(f"{exc}; {sent}; pushing again replaces them and sends the rest") from None
            if progress:
                progress("sending article graphs", done + 1, len(articles))
        return len(articles)
    try:
        size = graph_file.stat().st_size
        with graph_file.open("rb") as fh:
            _put(endpoint, graph_uri, _Telling(fh, size, progress) if progress else fh, size, fmt.media_type, timeout)
    except OSError as exc:
        raise KgError(f"{graph_file}: cannot read ({exc.strerror or exc})") from None
    return 1
