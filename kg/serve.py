"""A read-only SPARQL 1.1 Protocol endpoint for a graph: the API behind `kg serve`.

One process listens: the front, an HTTP server bound to 127.0.0.1 unless told otherwise.
Queries run in a few worker processes that open the graph's Oxigraph store read-only
(pyoxigraph); nothing else listens, so the limits below cannot be gone round.
- `/` is a query page that works offline; `GET/POST /query` (and `/sparql`) answer as
  the protocol defines, in the results format or RDF syntax the client accepts; `GET /query`
  without a query is the service description, naming the address the client reached.
  OPTIONS says what each path answers; with `cors`, pages of any origin may read answers.
- SPARQL Update (`/update`, an `update=` form, PUT, DELETE) is refused with 403;
  SERVICE, which would make the endpoint send requests into the user's network, with
  403 unless the endpoint was started with `allow_service`.
- Bounded: a query past the time limit is stopped (its worker is killed and replaced);
  an answer over `row_limit` rows (triples for CONSTRUCT/DESCRIBE) is cut to its first
  `row_limit`, with the header X-Vnkg-Rows-Cut saying so (the query's own LIMIT is
  honoured up to there; nothing big is held); a request body over
  `MAX_BODY` gets 413; idle or half-open connections are closed after `IDLE_S`; at most
  `MAX_CONNECTIONS` are served at once, more get 503.
- The workers die with the front, even when it is killed outright (Linux parent-death
  signal), and a temporary store left by a killed endpoint is removed by the next one.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import tempfile
import threading
import urllib.parse
from contextlib import closing
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import KgError, QueryError
from kg.serve_pool import Overrun, Pool, content_type, media_format

MAX_BODY = 1 << 20  # a query is text: 1 MiB is far more than any
IDLE_S = 20  # seconds a connection may sit without sending its request
MAX_CONNECTIONS = 64


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` server of the PyPI package (the tests run a writable one for `kg push`)."""
    import sys

    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise KgError("the 'oxigraph' server is not installed: pip install oxigraph (make test installs it)")
    return found


# ---------------------------------------------------------------- the front
class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, handler, limit: int):
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(limit)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(2)
                request.sendall(b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                                b"Connection: close\r\n\r\nbusy: too many connections; try again\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()


def query_page() -> bytes:
    """The query page with the ready queries written in: it works offline, from one request."""
    from importlib import resources

    from kg.ready_queries import ready_queries
    from kg.static import script_json

    offered = [{"name": q.name, "question": q.question, "text": q.text,
                "parameters": [{"name": p.name, "hint": p.hint} for p in q.parameters]} for q in ready_queries()]
    data = script_json(offered)
    page = resources.files("kg.static").joinpath("query.html").read_text(encoding="utf-8")
    return page.replace("/*READY_QUERIES*/[]", data, 1).encode("utf-8")


def bound_query(params: dict[str, list[str]]) -> tuple[str, str]:
    """The query as sent, and as it runs: `$name=value` binds ?name as `kg query --param name=value` does
    (the spelling of RDF4J's and Stardog's protocols), so the query page's parameter fields work."""
    from kg.query import bind_parameters

    text = params["query"][0]
    values = {key[1:]: given[-1] for key, given in params.items() if key.startswith("$")}
    for name in values:
        if not re.fullmatch(r"\w+", name):
            raise QueryError(f"${name}: not a variable name (a parameter is sent as $name=value)")
    try:
        return text, bind_parameters(text, values)
    except QueryError:
        raise QueryError("parameters ($name=value) need a query with a WHERE clause") from None


@dataclass(frozen=True)
class Settings:
    """What a request handler needs to know of how the endpoint was started."""

    row_limit: int = 10_000
    timeout_s: int = 30
    allow_service: bool = False
    idle_s: float = IDLE_S
    cors: bool = False


def service_description(url: str, accept: str) -> tuple[bytes, str]:
    """The SPARQL 1.1 Service Description of the endpoint at `url`, in the RDF syntax the client accepts:
    what a client (YASGUI, a federation engine) reads to learn where to send queries and in which formats."""
    import pyoxigraph as ox

    sd = "http://www.w3.org/ns/sparql-service-description#"
    service = ox.BlankNode("service")  # a fixed label: the same description for the same address
    facts = [(ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(sd + "Service")),
             (ox.NamedNode(sd + "endpoint"), ox.NamedNode(url)),
             (ox.NamedNode(sd + "supportedLanguage"), ox.NamedNode(sd + "SPARQL11Query")),
             (ox.NamedNode(sd + "feature"), ox.NamedNode(sd + "UnionDefaultGraph"))]
    results = ox.QueryResultsFormat
    graphs = [ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.N3]
    facts += [(ox.NamedNode(sd + "resultFormat"), ox.NamedNode(f.iri))
              for f in [results.JSON, results.XML, results.CSV, results.TSV, *graphs]]
    fmt = media_format(accept, "rdf")
    body = ox.serialize([ox.Triple(service, p, o) for p, o in facts], format=fmt,
                        prefixes={"sd": sd} if fmt == ox.RdfFormat.TURTLE else None)
    return body, content_type(fmt)


_HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")
ALLOW = {"/": "GET, OPTIONS", "/index.html": "GET, OPTIONS", "/query": "GET, POST, OPTIONS",
         "/sparql": "GET, POST, OPTIONS", "/explore": "GET, OPTIONS", "/explore/search": "GET, OPTIONS",
         "/explore/expand": "GET, OPTIONS", "/explore/node": "GET, OPTIONS"}  # what each path answers: OPTIONS says it, others get 404
CUT_HEADER = "X-Vnkg-Rows-Cut"


def _is_loopback_address(address: str) -> bool:
    import ipaddress

    return ipaddress.ip_address(address).is_loopback


def _names_this_machine(host: str) -> bool:
    """A Host header of a loopback name or address (`localhost:7878`, `127.0.0.1`, `[::1]:80`)."""
    from kg.push import is_loopback

    return bool(_HOST.fullmatch(host)) and is_loopback(f"http://{host}")


def _asker(pool: Pool, settings: Settings):
    """The explorer's way to run a SELECT: in the pool's read-only workers, under the endpoint's limits."""
    from kg.explore import rows_of

    def ask(query: str) -> list[dict]:
        job = {"query": query, "text": query, "accept": "application/sparql-results+json",
               "limit": settings.row_limit, "default": [], "named": []}
        with closing(pool.answer(job, settings.timeout_s)) as answer:
            status = next(answer).decode("utf-8").split(" ", 1)[0]
            body = b"".join(answer)
        if status != "200":
            raise QueryError(body.decode("utf-8", "replace").strip())
        return rows_of(body)

    return ask


def _handler(pool: Pool, settings: Settings, index) -> type[BaseHTTPRequestHandler]:
    from kg.explore import page as explore_page
    from kg.explore import respond
    from kg.query import calls_out

    page, explorer, ask = query_page(), explore_page(index), _asker(pool, settings)

    class Handler(BaseHTTPRequestHandler):
        server_version = "vnkg"
        timeout = settings.idle_s  # a connection that sends nothing is closed

        def log_message(self, fmt: str, *args) -> None:  # quiet: the CLI prints the URL once
            pass

        def end_headers(self) -> None:
            if settings.cors:  # every answer, refusals included, readable by a page of any origin
                self.send_header("Access-Control-Allow-Origin", "*")
                self.send_header("Access-Control-Expose-Headers", CUT_HEADER)
            super().end_headers()

        def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's name
            """The methods a path answers, and with --cors what a browser's preflight asks for."""
            allow = ALLOW.get(self.path.partition("?")[0])
            if allow is None:
                return self._send(404, b"not found: try / or /query\n")
            self.send_response(204)
            self.send_header("Allow", allow)
            if settings.cors:
                self.send_header("Access-Control-Allow-Methods", allow)
                self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
                self.send_header("Access-Control-Max-Age", "86400")
            self.end_headers()

        def parse_request(self) -> bool:
            """Refuse a request that names another host (DNS rebinding: a web page whose name is made to
            point at 127.0.0.1 could otherwise read the graph) when the front listens on loopback."""
            if not super().parse_request():
                return False
            host, listening = self.headers.get("Host"), self.server.server_address[0]
            if host is not None and _is_loopback_address(listening) and not _names_this_machine(host):
                self._send(403, f"this endpoint listens on {listening} and answers requests to this "
                                f"machine's names only, not to {host[:80]!r}\n".encode())
                return False
            return True

        def _front_url(self) -> str:
            """The address the client reached: its Host if it is a host name, else where the front listens."""
            host = self.headers.get("Host", "")
            if not _HOST.fullmatch(host):
                host = "{}:{}".format(*self.server.server_address[:2])
            return f"http://{host}"

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path, _, query = self.path.partition("?")
            if path in ("/", "/index.html"):
                self._send(200, page, "text/html; charset=utf-8")
            elif path in ("/query", "/sparql") and not query:
                self._send(200, *service_description(self._front_url() + path, self.headers.get("Accept", "")))
            elif path in ("/query", "/sparql"):
                self._protocol(urllib.parse.parse_qs(query))
            elif path == "/explore":
                self._send(200, explorer, "text/html; charset=utf-8")
            elif path.startswith("/explore/"):
                self._explore(path, query)
            else:
                self._send(404, b"not found: try / or /query\n")

        def do_POST(self) -> None:  # noqa: N802
            path, _, query = self.path.partition("?")
            length = self.headers.get("Content-Length")
            if self.headers.get("Transfer-Encoding") or length is None or not length.isdigit():
                self._send(411, b"a POST needs a Content-Length\n")
                return
            if int(length) > MAX_BODY:
                self.close_connection = True
                self._send(413, f"request body over {MAX_BODY:,} bytes\n".encode())
                return
            body = self.rfile.read(int(length))
            ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if path in ("/update", "/store") or ctype == "application/sparql-update":
                self._send(403, b"this endpoint is read-only: SPARQL Update is not accepted\n")
            elif path not in ("/query", "/sparql"):
                self._send(404, b"not found: try / or /query\n")
            elif ctype == "application/x-www-form-urlencoded":
                self._protocol(urllib.parse.parse_qs(query) | urllib.parse.parse_qs(body.decode("utf-8", "replace")))
            elif ctype == "application/sparql-query":
                self._protocol(urllib.parse.parse_qs(query) | {"query": [body.decode("utf-8", "replace")]})
            else:
                self._send(415, b"send the query as application/sparql-query or an url-encoded form\n")

        def _explore(self, path: str, query: str) -> None:
            """The explorer's small JSON answers (kg.explore), run by SPARQL in the read-only workers."""
            try:
                status, answer = respond(index, ask, path, query)
            except Overrun as exc:
                status, answer = 503, {"error": str(exc)}
            except (QueryError, OSError, EOFError) as exc:
                status, answer = 500, {"error": f"the explorer's query failed: {exc}"}
            body = json.dumps(answer, ensure_ascii=False, sort_keys=True).encode("utf-8")
            self._send(status, body, "application/json; charset=utf-8")

        def _refuse(self, status: int, message: str) -> None:
            self._send(status, message.encode("utf-8"))

        do_PUT = do_DELETE = lambda self: self._refuse(403, "this endpoint is read-only\n")  # noqa: E731

        def _protocol(self, params: dict[str, list[str]]) -> None:
            if "update" in params:
                return self._refuse(403, "this endpoint is read-only: SPARQL Update is not accepted\n")
            if len(params.get("query", [])) != 1:
                return self._refuse(400, "give one query: ?query=... or a POST body\n")
            try:
                text, query = bound_query(params)
            except QueryError as exc:
                return self._refuse(400, f"{exc}\n")
            if not settings.allow_service and calls_out(query):  # the query as it will run, values and all
                return self._refuse(403, "SERVICE is refused: this endpoint answers from its own graph and never "
                                         "calls other servers (kg serve --allow-service allows it)\n")
            self._run({"query": query, "text": text, "accept": self.headers.get("Accept", ""),
                       "limit": settings.row_limit,
                       "default": params.get("default-graph-uri", []), "named": params.get("named-graph-uri", [])})

        def _run(self, job: dict) -> None:
            with closing(pool.answer(job, settings.timeout_s)) as answer:
                try:
                    status, cut, ctype = next(answer).decode("utf-8").split(" ", 2)
                except Overrun as exc:
                    return self._refuse(503, f"{exc}\n")
                except (OSError, EOFError):  # the worker died
                    return
                self.send_response(int(status))
                self.send_header("Content-Type", ctype)
                if cut != "0":
                    self.send_header(CUT_HEADER, cut)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for chunk in answer:
                        self.wfile.write(chunk)
                except (OSError, EOFError):  # the client went away, or the worker died
                    return

    return Handler


@dataclass
class Endpoint:
    """A running endpoint: stop() ends the front and its workers."""

    url: str
    server: ThreadingHTTPServer
    pool: Pool
    tmp: tempfile.TemporaryDirectory | None

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.pool.close()
        if self.tmp is not None:
            self.tmp.cleanup()


def start(graph_file: Path, host: str = "127.0.0.1", port: int = 0, timeout_s: int = 30, row_limit: int = 10_000,
          store_dir: Path | None = None, workers: int = 2, allow_service: bool = False, idle_s: float = IDLE_S,
          max_connections: int = MAX_CONNECTIONS, cors: bool = False) -> Endpoint:
    """Load the graph (into `store_dir`, kept and reused, or a temporary store) and start the endpoint."""
    from kg.build import work_folder
    from kg.query import oxigraph_store

    tmp = None
    if store_dir is None:
        tmp = work_folder("serve")  # a store left by an endpoint killed outright is removed here
        store_dir = Path(tmp.name)
    from kg.explore import build_index
    from kg.explore_table import FILE

    store = oxigraph_store(graph_file, store_dir)  # loaded and flushed, or already there
    # the explorer's names and links, worked out once (a kept store keeps them, for the graph it holds)
    kept = tmp is None and (store_dir / "vnkg-source.txt").is_file()
    index = build_index(store, store_dir / FILE if kept else None,
                        (store_dir / "vnkg-source.txt").read_text(encoding="utf-8") if kept else "")
    del store  # closed: the workers open it read-only
    pool = Pool(store_dir, workers)
    try:
        handler = _handler(pool, Settings(row_limit, timeout_s, allow_service, idle_s, cors), index)
        server = _Server((host, port), handler, max_connections)
    except OSError as exc:
        pool.close()
        raise KgError(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Endpoint(f"http://{host}:{server.server_address[1]}", server, pool, tmp)
