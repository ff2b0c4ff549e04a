"""A read-only SPARQL 1.1 Protocol endpoint for a graph: the API behind `kg serve`.

The SPARQL engine is the `oxigraph` server (PyPI package `oxigraph`), started
read-only on a private loopback port with a query time limit. In front of it a
small HTTP server:
- serves `/` , a query page that works offline (Oxigraph's own page loads its
  editor from a CDN);
- forwards `GET/POST /query` (and `/sparql`) as the protocol defines them;
- refuses SPARQL Update (`/update`, or an `update=` form) with 403;
- stops an answer of more than `row_limit` rows with a clear 400.
It binds 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from kg.errors import KgError

PAGE = (Path(__file__).parent / "static" / "query.html")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise KgError("the 'oxigraph' server is not installed: pip install oxigraph (make test installs it)")
    return found


def load_store(graph_file: Path, location: Path) -> None:
    """Load a graph file into an Oxigraph store folder (atomically, with the oxigraph CLI)."""
    proc = subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(graph_file)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise KgError(f"{graph_file}: oxigraph could not load it: {proc.stderr.strip().splitlines()[-1:]}")


def _count_rows(body: bytes, content_type: str) -> int:
    if "json" in content_type:
        try:
            return len(json.loads(body).get("results", {}).get("bindings", []))
        except ValueError:
            return 0
    if "xml" in content_type:
        return body.count(b"<result>") + body.count(b"<result ")
    if "csv" in content_type or "tab-separated" in content_type:
        return max(0, body.count(b"\n") - 1)
    return 0


@dataclass
class Endpoint:
    """A running endpoint: stop() ends both servers."""

    url: str
    server: ThreadingHTTPServer
    backend: subprocess.Popen
    tmp: tempfile.TemporaryDirectory | None

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.backend.terminate()
        try:
            self.backend.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.backend.kill()
        if self.tmp is not None:
            self.tmp.cleanup()


def _handler(backend: str, row_limit: int, timeout_s: int) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "vnkg"

        def log_message(self, fmt: str, *args) -> None:  # quiet: the CLI prints the URL once
            pass

        def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path, _, query = self.path.partition("?")
            if path in ("/", "/index.html"):
                self._send(200, PAGE.read_bytes(), "text/html; charset=utf-8")
            elif path in ("/query", "/sparql"):
                if "update" in urllib.parse.parse_qs(query):
                    self._send(403, b"this endpoint is read-only: SPARQL Update is not accepted\n")
                else:
                    self._forward("GET", query, None)
            else:
                self._send(404, b"not found: try / or /query\n")

        def do_POST(self) -> None:  # noqa: N802
            path = self.path.partition("?")[0]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            ctype = self.headers.get("Content-Type", "")
            if path in ("/update", "/store") or "sparql-update" in ctype or (
                    "form-urlencoded" in ctype and "update" in urllib.parse.parse_qs(body.decode("utf-8", "replace"))):
                self._send(403, b"this endpoint is read-only: SPARQL Update is not accepted\n")
            elif path in ("/query", "/sparql"):
                self._forward("POST", self.path.partition("?")[2], body)
            else:
                self._send(404, b"not found: try / or /query\n")

        do_PUT = do_DELETE = lambda self: self._send(403, b"this endpoint is read-only\n")  # noqa: E731

        def _forward(self, method: str, query: str, body: bytes | None) -> None:
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("accept", "content-type")}
            request = urllib.request.Request(f"{backend}/query" + (f"?{query}" if query else ""), data=body,
                                             method=method, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=timeout_s + 5) as answer:
                    status, ctype, data = answer.status, answer.headers.get("Content-Type", ""), answer.read()
            except urllib.error.HTTPError as exc:
                status, ctype, data = exc.code, exc.headers.get("Content-Type", "text/plain"), exc.read()
                if b"timeout" in data.lower() or b"time limit" in data.lower():
                    data = f"query stopped: it ran past the time limit of {timeout_s} s\n".encode()
            except (urllib.error.URLError, TimeoutError, OSError):
                self._send(504, f"query stopped: no answer within {timeout_s} s\n".encode())
                return
            if status == 200 and b"operation has been cancelled" in data[-200:]:
                # oxigraph streams: past its time limit it cuts the answer short inside a 200
                self._send(503, f"query stopped: it ran past the time limit of {timeout_s} s\n".encode())
                return
            if status == 200 and _count_rows(data, ctype) > row_limit:
                self._send(400, f"query stopped: more than {row_limit} rows; add a LIMIT\n".encode())
                return
            self._send(status, data, ctype)

    return Handler


def start(graph_file: Path, host: str = "127.0.0.1", port: int = 0, timeout_s: int = 30, row_limit: int = 10_000,
          store_dir: Path | None = None) -> Endpoint:
    """Load the graph and start the endpoint; returns once it answers."""
    tmp = None
    if store_dir is None:
        tmp = tempfile.TemporaryDirectory(prefix="vnkg-store-")
        store_dir = Path(tmp.name)
    load_store(graph_file, store_dir)
    inner = free_port()
    backend = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(store_dir),
                                "--bind", f"127.0.0.1:{inner}", "--timeout-s", str(timeout_s),
                                "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    backend_url = f"http://127.0.0.1:{inner}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{backend_url}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except (urllib.error.URLError, OSError):
            if backend.poll() is not None or time.monotonic() > deadline:
                backend.kill()
                raise KgError(f"the oxigraph server did not start: {backend.stderr.read().decode()[-300:]}") from None
            time.sleep(0.1)
    server = ThreadingHTTPServer((host, port), _handler(backend_url, row_limit, timeout_s))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return Endpoint(f"http://{host}:{server.server_address[1]}", server, backend, tmp)
