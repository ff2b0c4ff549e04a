"""kg push against servers that misbehave: each a socket on 127.0.0.1 that answers as the test says."""
from __future__ import annotations

import socket
import threading

import pytest
from click.testing import CliRunner

from kg.cli import main


class FakeServer:
    """Answers each connection with `answer(number)` bytes after reading the request (None: no answer
    at all, the connection held open until the test ends)."""

    def __init__(self, answer):
        self.answer = answer
        self.requests: list[bytes] = []
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/store"
        self.stop = threading.Event()
        self.held: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.requests.append(_read_request(conn))
            reply = self.answer(len(self.requests))
            if reply is None:
                self.held.append(conn)
                continue
            conn.sendall(reply)
            conn.close()

    def close(self):
        self.stop.set()
        for conn in self.held:
            conn.close()
        self.sock.close()


def _read_request(conn: socket.socket) -> bytes:
    conn.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                   if line.lower().startswith(b"content-length:")), 0)
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


@pytest.fixture
def fake():
    servers = []

    def make(answer):
        servers.append(FakeServer(answer))
        return servers[-1]

    yield make
    for s in servers:
        s.close()


def push(*args):
    result = CliRunner().invoke(main, ["push", *map(str, args)])
    assert not result.exception or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("reply, what", [
    (b"NOT HTTP AT ALL\r\n\r\n", "BadStatusLine"),
    (b"HTTP/1.1 200 OK\r\nX-Long: " + b"x" * 200_000 + b"\r\n\r\n", "LineTooLong"),
    (b"HTTP/1.1 204 No Content\r\n" + b"X-Many: y\r\n" * 200 + b"\r\n", "HTTPException"),
    (b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nonly this", "IncompleteRead"),
    (b"", "RemoteDisconnected"),
])
def test_a_malformed_answer_is_a_clear_error_not_a_traceback(seed_graph_file, fake, reply, what):
    server = fake(lambda n: reply)
    result = push(seed_graph_file, "--endpoint", server.url)
    assert result.exit_code == 1
    assert "the server was reached but its answer is not valid HTTP" in result.output and what in result.output
    assert "cannot reach" not in result.output
    assert server.requests and server.requests[0].startswith(b"PUT /store?default HTTP/1.1")


def test_a_server_that_never_answers_waits_only_the_timeout_given(seed_graph_file, fake):
    server = fake(lambda n: None)
    result = push(seed_graph_file, "--endpoint", server.url, "--timeout", "0.5")
    assert result.exit_code == 1 and "did not answer within 0.5 s (--timeout)" in result.output


def test_the_graph_file_is_sent_as_it_is(seed_graph_file, fake):
    server = fake(lambda n: b"HTTP/1.1 204 No Content\r\n\r\n")
    result = push(seed_graph_file, "--endpoint", server.url)
    assert result.exit_code == 0 and "pushed 1 graph to" in result.output
    head, _, body = server.requests[0].partition(b"\r\n\r\n")
    assert b"Content-Type: text/turtle" in head and body == seed_graph_file.read_bytes()


def test_a_refusal_part_way_says_which_article_graphs_are_on_the_server(seed_graph_file, fake):
    server = fake(lambda n: b"HTTP/1.1 204 No Content\r\n\r\n" if n <= 2 else
                  b"HTTP/1.1 507 Insufficient Storage\r\nContent-Length: 9\r\n\r\ndisk full")
    result = push(seed_graph_file, "--endpoint", server.url, "--per-article")
    assert result.exit_code == 1
    sent = [r.split(b" ")[1].decode() for r in server.requests[:2]]
    assert all("graph=https%3A%2F%2Fw3id.org%2Fvnkg%2Fid%2Farticle%2F" in s for s in sent)
    second = sent[1].split("graph=")[1].replace("%3A", ":").replace("%2F", "/")
    assert f"the server refused the upload (507 Insufficient Storage): disk full; 2 of 5 article graphs are on " \
           f"the server (up to and including <{second}>); pushing again replaces them" in result.output


def test_loopback_servers_are_reached_directly_whatever_http_proxy_says(seed_graph_file, fake, monkeypatch):
    proxy = fake(lambda n: b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
    server = fake(lambda n: b"HTTP/1.1 204 No Content\r\n\r\n")
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "all_proxy"):
        monkeypatch.setenv(name, proxy.url.rsplit("/", 1)[0])
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    result = push(seed_graph_file, "--endpoint", server.url.replace("127.0.0.1", "localhost"))
    assert result.exit_code == 0, result.output
    assert proxy.requests == [] and len(server.requests) == 1


def test_nothing_listening_is_cannot_reach(seed_graph_file):
    from kg.serve import free_port

    result = push(seed_graph_file, "--endpoint", f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code == 1 and "cannot reach the server" in result.output


def test_an_endpoint_that_is_not_a_web_address(seed_graph_file):
    result = push(seed_graph_file, "--endpoint", "/tmp/store")
    assert result.exit_code == 1 and "give the endpoint as an http:// or https:// address" in result.output
