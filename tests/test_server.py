"""kg serve and kg push against real Oxigraph servers on 127.0.0.1, started and stopped by the tests."""
import json
import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.serve import free_port, oxigraph_binary, start
from tests.conftest import served_page

COUNT = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a <https://w3id.org/vnkg/ontology#Official> }"


@pytest.fixture(scope="module")
def graph_file(seed_graph_file):
    return seed_graph_file


@pytest.fixture(scope="module")
def endpoint(graph_file):
    ep = start(graph_file, port=0, timeout_s=5, row_limit=50)
    yield ep
    ep.stop()


def get(url, accept="application/sparql-results+json"):
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=20) as r:
        return r.status, r.headers.get("Content-Type"), r.read()


def post(url, body, ctype, accept="application/sparql-results+json"):
    req = urllib.request.Request(url, data=body.encode(), method="POST",
                                 headers={"Content-Type": ctype, "Accept": accept})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_binds_loopback_by_default(endpoint):
    assert endpoint.url.startswith("http://127.0.0.1:")


def test_get_and_post_answer_json(endpoint):
    status, ctype, body = get(f"{endpoint.url}/query?query={urllib.parse.quote(COUNT)}")
    assert status == 200 and "json" in ctype
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"
    status, body = post(f"{endpoint.url}/query", COUNT, "application/sparql-query")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"
    status, body = post(f"{endpoint.url}/query", "query=" + urllib.parse.quote(COUNT),
                        "application/x-www-form-urlencoded")
    assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"


def test_update_is_refused(endpoint):
    assert post(f"{endpoint.url}/update", "update=DROP%20ALL", "application/x-www-form-urlencoded")[0] == 403
    assert post(f"{endpoint.url}/query", "update=DROP%20ALL", "application/x-www-form-urlencoded")[0] == 403
    status, body = post(f"{endpoint.url}/query", COUNT, "application/sparql-query")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"  # nothing was dropped


ORDERED = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o LIMIT 20000"  # its LIMIT is over --row-limit


def _oxigraph_rows(graph_file, query):
    """The answer as pyoxigraph gives it on the graph file, each row a tuple of N-Triples terms."""
    from kg.query import oxigraph_store

    answer = oxigraph_store(graph_file).query(query)
    return [tuple(str(row[v]) if row[v] is not None else None for v in answer.variables) for row in answer]


def _rows(body: bytes, media: str):
    """The rows of a results document, read back with pyoxigraph's parsers (CSV with the csv module)."""
    import csv
    import io

    import pyoxigraph as ox

    if media == "text/csv":
        return [tuple(r) for r in csv.reader(io.StringIO(body.decode("utf-8")))][1:]
    answer = ox.parse_query_results(body, ox.QueryResultsFormat.from_media_type(media))
    return [tuple(str(row[v]) if row[v] is not None else None for v in answer.variables) for row in answer]


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml",
                                   "text/csv", "text/tab-separated-values"])
def test_an_answer_over_the_row_limit_is_cut_and_says_so(endpoint, graph_file, media):
    everything = _oxigraph_rows(graph_file, ORDERED)
    assert len(everything) > 800
    status, headers, body = _http(endpoint.url, "POST", body=ORDERED.encode(),
                                  headers={"Content-Type": "application/sparql-query", "Accept": media})
    assert status == 200 and headers["content-type"].startswith(media) and headers["x-vnkg-rows-cut"] == "50"
    assert headers["content-type"].count("charset=") == 1
    got = _rows(body, media)
    if media == "text/csv":  # CSV keeps only values: compare with the lexical forms
        everything = [tuple(_value(t) for t in row) for row in everything]
    assert got == everything[:50]


def _value(term: str) -> str:
    from rdflib.util import from_n3

    return str(from_n3(term))


@pytest.mark.parametrize("media", ["application/sparql-results+json", "text/tab-separated-values"])
def test_an_answer_that_fits_is_oxigraphs_own_and_not_marked(endpoint, graph_file, media):
    import pyoxigraph as ox

    from kg.query import oxigraph_store

    fits = ORDERED.replace("LIMIT 20000", "LIMIT 50")
    status, headers, body = _http(endpoint.url, "POST", body=fits.encode(),
                                  headers={"Content-Type": "application/sparql-query", "Accept": media})
    assert status == 200 and "x-vnkg-rows-cut" not in headers
    own = oxigraph_store(graph_file).query(fits).serialize(format=ox.QueryResultsFormat.from_media_type(media))
    assert body == own and len(_rows(body, media)) == 50


def test_a_construct_over_the_limit_is_cut_to_its_first_triples(endpoint, graph_file):
    from rdflib import Graph

    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    status, headers, body = _http(endpoint.url, "POST", body=construct.encode(),
                                  headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert status == 200 and headers["x-vnkg-rows-cut"] == "50"
    cut, whole = Graph().parse(data=body.decode(), format="turtle"), Graph().parse(graph_file)
    assert len(cut) == 50 and all(triple in whole for triple in cut)


def test_query_page_is_offline(endpoint):
    status, ctype, body = get(f"{endpoint.url}/", accept="text/html")
    assert status == 200 and "html" in ctype
    # namespace IRIs in example queries are text; nothing is loaded from a network
    assert not re.search(rb"""(?:src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|fetch\(\s*["']https?:|import\s""", body)


@pytest.fixture
def writable_server(tmp_path):
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


@pytest.mark.parametrize("as_nt", [False, True])
def test_oxigraphs_own_bulk_loader_and_server_answer_as_kg_query(graph_file, tmp_path, as_nt):
    """The README's way past one machine's memory: `oxigraph load` (Turtle, or `kg export --format nt`), then
    `oxigraph serve-read-only`; its answers are kg query's, row for row."""
    from kg.query import run_query

    source = graph_file
    if as_nt:
        source = tmp_path / "graph.nt"
        assert CliRunner().invoke(main, ["export", str(graph_file), "--format", "nt", "-o", str(source)]).exit_code == 0
    loaded = subprocess.run([oxigraph_binary(), "load", "--location", str(tmp_path / "db"), "--file", str(source)],
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    port = free_port()
    proc = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(tmp_path / "db"),
                             "--bind", f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    query = ("SELECT ?o ?name WHERE { ?o a <https://w3id.org/vnkg/ontology#Official> ; "
             "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?o")
    try:
        for _ in range(100):
            try:
                _, _, body = get(f"http://127.0.0.1:{port}/query?query={urllib.parse.quote(query)}")
                break
            except OSError:
                time.sleep(0.1)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    served = [(b["o"]["value"], b["name"]["value"]) for b in json.loads(body)["results"]["bindings"]]
    ours = [(str(r["o"]), str(r["name"])) for r in run_query(graph_file, query).rows]
    assert len(ours) >= 15 and served == ours


def test_push_with_the_graph_store_protocol_and_read_back(graph_file, writable_server):
    result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint", f"{writable_server}/store",
                                       "--graph-uri", "https://example.org/news"])
    assert result.exit_code == 0, result.output
    query = "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH <https://example.org/news> { " \
            "?o a <https://w3id.org/vnkg/ontology#Official> } }"
    _, _, body = get(f"{writable_server}/query?query={urllib.parse.quote(query)}")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"


def test_push_per_article_gives_one_named_graph_each(graph_file, writable_server):
    result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint", f"{writable_server}/store",
                                       "--per-article"])
    assert result.exit_code == 0 and "pushed 5 graphs" in result.output
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <https://w3id.org/vnkg/ontology#Article> } }"
    _, _, body = get(f"{writable_server}/query?query={urllib.parse.quote(query)}")
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "5"


def test_push_to_nowhere_is_a_clear_error(graph_file):
    result = CliRunner().invoke(main, ["push", str(graph_file), "--endpoint", f"http://127.0.0.1:{free_port()}/store"])
    assert result.exit_code != 0 and "cannot reach the server" in result.output


def test_a_query_past_the_time_limit_is_stopped_with_a_clear_error(graph_file):
    ep = start(graph_file, port=0, timeout_s=1, row_limit=100)
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 886 ** 3 rows to count
        status, body = post(f"{ep.url}/query", slow, "application/sparql-query")
        assert status == 503 and b"ran past the time limit of 1 s" in body
    finally:
        ep.stop()


# ---------------------------------------------------------------- hostile clients and the endpoint's bounds
class _Listener:
    """A local HTTP server that counts the requests it receives (the target of a SERVICE call)."""

    def __init__(self):
        import http.server
        import threading

        self.hits = 0
        outer = self

        class H(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802
                outer.hits += 1
                self.send_response(500)
                self.end_headers()

            do_POST = do_GET

        self.server = http.server.HTTPServer(("127.0.0.1", 0), H)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    target = _Listener()
    yield target
    target.close()


def _service_queries(url):
    plain = f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"
    return [plain, plain.replace("SERVICE", "service silent"), plain.replace("SERVICE", "\\u0053ERVICE"),
            f"SELECT * WHERE {{ ?x ?y ?z . # }}\n SERVICE <{url}> {{ ?s ?p ?o }} }}"]


def test_service_is_refused_and_never_reaches_the_network(endpoint, listener):
    for query in _service_queries(listener.url):
        status, body = post(f"{endpoint.url}/query", query, "application/sparql-query")
        assert status == 403 and b"SERVICE is refused" in body, query
        status, body = post(f"{endpoint.url}/query", "query=" + urllib.parse.quote(query),
                            "application/x-www-form-urlencoded")
        assert status == 403
        try:
            get(f"{endpoint.url}/query?query={urllib.parse.quote(query)}")
            raise AssertionError("a GET with SERVICE was answered")
        except urllib.error.HTTPError as exc:
            assert exc.code == 403
    assert listener.hits == 0
    harmless = 'SELECT ?service WHERE { ?service ?p "SERVICE" } # SERVICE <http://x/>'
    assert post(f"{endpoint.url}/query", harmless, "application/sparql-query")[0] == 200


def test_service_is_called_only_when_allowed(graph_file, listener):
    ep = start(graph_file, port=0, timeout_s=5, allow_service=True)
    try:
        post(f"{ep.url}/query", _service_queries(listener.url)[0], "application/sparql-query")
        assert listener.hits >= 1  # the opt-in works, so the refusal above is what stopped the calls
    finally:
        ep.stop()


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_kg_query_calls_no_other_server(graph_file, listener, engine):
    refused = CliRunner().invoke(main, ["query", _service_queries(listener.url)[0], "--graph", str(graph_file),
                                        "--engine", engine])
    assert refused.exit_code != 0 and "SERVICE is refused" in refused.output
    from_web = f"SELECT (COUNT(*) AS ?n) FROM <{listener.url}> WHERE {{ ?s ?p ?o }}"
    CliRunner().invoke(main, ["query", from_web, "--graph", str(graph_file), "--engine", engine])
    assert listener.hits == 0  # FROM names a graph of the dataset; nothing is fetched


def test_a_row_limit_under_one_is_refused_in_one_line(graph_file):
    import sys
    from pathlib import Path

    kg = str(Path(sys.executable).with_name("kg"))
    done = subprocess.run([kg, "serve", str(graph_file), "--port", "0", "--row-limit", "0"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "--row-limit" in done.stderr and "Traceback" not in done.stderr


def test_a_huge_answer_is_cut_without_being_held(endpoint):
    cartesian = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # about 7 * 10**8 rows, answered in 5 s
    status, body = post(f"{endpoint.url}/query", cartesian, "application/sparql-query")
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 50
    small = "CONSTRUCT { ?o a vnkg:Official } WHERE { ?o a vnkg:Official } LIMIT 3"  # vnkg: is predeclared
    status, body = post(f"{endpoint.url}/query", small, "application/sparql-query", accept="text/turtle")
    from rdflib import Graph
    assert status == 200 and len(Graph().parse(data=body.decode(), format="turtle")) == 3


def _raw(url, data: bytes, wait: float = 10.0) -> bytes:
    import socket

    host, port = url.split("//")[1].split(":")
    with socket.create_connection((host, int(port)), timeout=wait) as s:
        s.sendall(data)
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
        return b"".join(chunks)


def test_a_huge_body_is_refused_unread(endpoint):
    head = b"POST /query HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/sparql-query\r\n" \
           b"Content-Length: 200000000\r\n\r\n"
    answer = _raw(endpoint.url, head + b"SELECT")  # 200 MB announced, 6 bytes sent: answered at once
    assert answer.startswith(b"HTTP/1.0 413") and b"request body over" in answer


def test_idle_connections_are_closed_and_extra_ones_turned_away(graph_file):
    import socket

    ep = start(graph_file, port=0, idle_s=1, max_connections=2)
    try:
        host, port = ep.url.split("//")[1].split(":")
        idle = [socket.create_connection((host, int(port)), timeout=10) for _ in range(2)]
        time.sleep(0.3)
        assert _raw(ep.url, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 503")  # both slots taken
        assert all(s.recv(10) == b"" for s in idle)  # closed by the endpoint after 1 s of silence
        time.sleep(0.3)
        assert _raw(ep.url, b"GET / HTTP/1.0\r\n\r\n").startswith(b"HTTP/1.0 200")  # slots free again
        for s in idle:
            s.close()
    finally:
        ep.stop()


def test_many_clients_at_once_are_all_answered(endpoint):
    from concurrent.futures import ThreadPoolExecutor

    def ask(_):
        return post(f"{endpoint.url}/query", COUNT, "application/sparql-query")

    with ThreadPoolExecutor(40) as pool:
        answers = list(pool.map(ask, range(40)))
    assert all(s == 200 and json.loads(b)["results"]["bindings"][0]["n"]["value"] == "15" for s, b in answers)


def _listening_ports(pids):
    """Where these processes can be reached (from /proc): TCP ports in LISTEN state, bound UDP ports,
    and listening Unix sockets (as 'unix:PATH')."""
    import os

    inodes = set()
    for pid in pids:
        for fd in os.listdir(f"/proc/{pid}/fd"):
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6", "/proc/net/udp", "/proc/net/udp6"):
        for line in open(table).read().splitlines()[1:]:
            cols = line.split()
            if (cols[3] == "0A" or "udp" in table) and cols[9] in inodes:
                ports.add(int(cols[1].split(":")[1], 16))
    for line in open("/proc/net/unix").read().splitlines()[1:]:
        cols = line.split()  # Num RefCount Protocol Flags Type St Inode [Path]; flag 0x10000: listening
        if int(cols[3], 16) & 0x10000 and cols[6] in inodes:
            ports.add(f"unix:{cols[7] if len(cols) > 7 else '?'}")
    return ports


def _children(pid):
    import os

    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = open(f"/proc/{entry}/stat").read()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def _alive(pid):
    import os

    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _serve(graph_file, *options):
    import sys
    from pathlib import Path

    kg = str(Path(sys.executable).with_name("kg"))
    proc = subprocess.Popen([kg, "serve", str(graph_file), "--port", "0", *options], stdout=subprocess.PIPE, text=True)
    url = re.search(r"http://[\d.]+:\d+", proc.stdout.readline()).group(0)
    for _ in range(100):  # the workers have started once a query is answered
        try:
            get(f"{url}/query?query={urllib.parse.quote(COUNT)}")
            break
        except OSError:
            time.sleep(0.1)
    return proc, url


def test_only_the_front_listens(graph_file):
    proc, url = _serve(graph_file)
    try:
        workers = _children(proc.pid)  # the query workers, and multiprocessing's resource tracker
        assert len(workers) >= 2, "no query workers"
        everyone = [proc.pid, *workers, *(c for w in workers for c in _children(w))]
        assert _listening_ports(everyone) == {int(url.rsplit(":", 1)[1])}
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP])
def test_the_workers_and_the_store_go_with_the_endpoint(graph_file, sig):
    import tempfile
    from pathlib import Path

    proc, url = _serve(graph_file)
    workers = _children(proc.pid)
    stores = list(Path(tempfile.gettempdir()).glob(f"vnkg-serve-{proc.pid}-*"))
    assert workers and len(stores) == 1
    proc.send_signal(sig)
    proc.wait(10)
    for _ in range(50):
        if not any(_alive(w) for w in workers):
            break
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)
    if sig == signal.SIGHUP:  # closing the terminal: a clean stop
        assert not stores[0].exists()
    else:  # killed outright: nothing could clean up, so the next endpoint does
        assert stores[0].exists()
        ep = start(graph_file, port=0)
        ep.stop()
        assert not stores[0].exists()


def test_http_proxy_in_the_environment_does_not_touch_the_endpoint(graph_file, monkeypatch):
    # The front once reached its back end over HTTP, and a proxy setting sent that elsewhere.
    from tests.test_push import FakeServer

    proxy = FakeServer(lambda n: b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")
    for name in ("http_proxy", "HTTP_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy.url.rsplit("/", 1)[0])
    monkeypatch.delenv("no_proxy", raising=False)
    ep = start(graph_file, port=0, timeout_s=5, row_limit=50)
    try:
        direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        request = urllib.request.Request(f"{ep.url}/query?query={urllib.parse.quote(COUNT)}",
                                         headers={"Accept": "application/sparql-results+json"})
        with direct.open(request, timeout=20) as answer:
            assert json.loads(answer.read())["results"]["bindings"][0]["n"]["value"] == "15"
    finally:
        ep.stop()
        proxy.close()
    assert proxy.requests == []


# ---------------------------------------------------------------- CORS, OPTIONS, the service description
def _http(url, method="GET", path="/query", headers=None, body=None):
    """One request with http.client: (status, headers as a lowercased dict, body)."""
    import http.client

    host, port = url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=20)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


PREFLIGHT = {"Origin": "http://example.org", "Access-Control-Request-Method": "POST",
             "Access-Control-Request-Headers": "content-type, accept"}


def test_cors_headers_are_sent_only_when_asked(graph_file, endpoint):
    path = f"/query?query={urllib.parse.quote(COUNT)}"
    status, headers, _ = _http(endpoint.url, path=path, headers={"Origin": "http://example.org"})
    assert status == 200 and not [h for h in headers if h.startswith("access-control-")]
    status, headers, _ = _http(endpoint.url, "OPTIONS", headers=PREFLIGHT)
    assert status == 204 and not [h for h in headers if h.startswith("access-control-")]
    proc, url = _serve(graph_file, "--cors")
    try:
        status, headers, body = _http(url, path=path, headers={"Origin": "http://example.org",
                                                                  "Accept": "application/sparql-results+json"})
        assert status == 200 and headers["access-control-allow-origin"] == "*"
        assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "15"
        status, headers, body = _http(url, "OPTIONS", headers=PREFLIGHT)
        assert status == 204 and body == b"" and headers["access-control-allow-origin"] == "*"
        assert {"GET", "POST"} <= {m.strip() for m in headers["access-control-allow-methods"].split(",")}
        allowed = {h.strip().lower() for h in headers["access-control-allow-headers"].split(",")}
        assert {"content-type", "accept"} <= allowed
        status, headers, _ = _http(url, "POST", body=b"update=DROP%20ALL",
                                   headers={"Content-Type": "application/x-www-form-urlencoded", "Origin": "http://x"})
        assert status == 403 and headers["access-control-allow-origin"] == "*"  # a refusal a page can read
    finally:
        proc.terminate()
        proc.wait(10)


def test_options_names_the_methods_of_each_path(endpoint):
    for path, methods in [("/query", {"GET", "POST", "OPTIONS"}), ("/sparql", {"GET", "POST", "OPTIONS"}),
                          ("/", {"GET", "OPTIONS"})]:
        status, headers, body = _http(endpoint.url, "OPTIONS", path=path)
        assert status == 204 and body == b"", path
        assert {m.strip() for m in headers["allow"].split(",")} == methods, path
    assert _http(endpoint.url, "OPTIONS", path="/nowhere")[0] == 404


SD = "http://www.w3.org/ns/sparql-service-description#"


def _described_endpoints(body: bytes, fmt: str = "turtle"):
    from rdflib import Graph, URIRef

    graph = Graph().parse(data=body.decode("utf-8"), format=fmt)
    return graph, {str(o) for o in graph.objects(None, URIRef(SD + "endpoint"))}


def test_the_service_description_names_the_front(endpoint):
    from rdflib import RDF, URIRef

    port = endpoint.url.rsplit(":", 1)[1]
    status, headers, body = _http(endpoint.url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    graph, endpoints = _described_endpoints(body)
    assert endpoints == {f"{endpoint.url}/query"}
    service = next(graph.subjects(URIRef(SD + "endpoint"), None))
    assert (service, RDF.type, URIRef(SD + "Service")) in graph
    assert (service, URIRef(SD + "supportedLanguage"), URIRef(SD + "SPARQL11Query")) in graph
    formats = {str(o) for o in graph.objects(service, URIRef(SD + "resultFormat"))}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in formats
    assert "http://www.w3.org/ns/formats/Turtle" in formats
    assert set(re.findall(rb"127\.0\.0\.1:(\d+)", body)) == {port.encode()}  # no other port is named
    # reached at another name or path: that is the endpoint it names
    _, _, body = _http(endpoint.url, path="/sparql", headers={"Host": f"localhost:{port}", "Accept": "text/turtle"})
    assert _described_endpoints(body)[1] == {f"http://localhost:{port}/sparql"}
    _, _, body = _http(endpoint.url, headers={"Accept": "application/rdf+xml"})
    assert _described_endpoints(body, "xml")[1] == {f"{endpoint.url}/query"}
    # an HTTP/1.0 client that sends no Host: the address the front listens on
    answer = _raw(endpoint.url, b"GET /query HTTP/1.0\r\nAccept: text/turtle\r\n\r\n")
    assert _described_endpoints(answer.split(b"\r\n\r\n", 1)[1])[1] == {f"{endpoint.url}/query"}
    # a forged Host that is no host name is refused, never echoed into the description
    status, _, body = _http(endpoint.url, headers={"Host": "x> ; <http://evil/", "Accept": "text/turtle"})
    assert status == 403 and b"evil" not in body.split(b"not to")[0]


# ---------------------------------------------------------------- syntax errors in words
def _error_of(query: str) -> str:
    import pyoxigraph as ox

    try:
        ox.Store().query(query)
    except SyntaxError as exc:
        return str(exc)
    raise AssertionError(f"no syntax error in {query!r}")


def _worded(query: str) -> str:
    from kg.query import syntax_error_in_words

    return syntax_error_in_words(_error_of(query), query)


def test_an_unknown_prefix_is_named_where_it_starts():
    assert _worded("SELECT ?x WHERE { ?x foo:bar ?y }").startswith(
        "SPARQL syntax error at 1:22 near 'foo:bar': unknown prefix 'foo:'")
    query = 'SELECT ?x WHERE {\n  ?x <http://e/tên> "Hà Nội" . ?x chức:vụ ?y }'  # columns count characters
    column = query.split("\n")[1].index("chức:vụ") + 1
    assert _worded(query).startswith(f"SPARQL syntax error at 2:{column} near 'chức:vụ': unknown prefix 'chức:'")


def test_a_bad_iri_and_an_ungrouped_variable_are_said_in_words():
    assert "not a valid IRI" in _worded("SELECT ?x WHERE { ?x <http://a b> ?y }")
    assert "neither grouped nor aggregated" in _worded("SELECT ?x WHERE { ?x ?p ?o } GROUP BY ?p")


def test_a_name_not_found_where_the_parser_stopped_is_not_made_up():
    from kg.query import syntax_error_in_words

    words = syntax_error_in_words(_error_of("SELECT ?x WHERE { ?x foo:bar ?y }"), "SELECT ?x WHERE { ?x ?p ?y }")
    assert words == "SPARQL syntax error at 1:29 at the end of the query: unknown prefix"


@pytest.mark.parametrize("query", ["SELECT ?x WHERE {", "SELECT ?x WHERE { ?x ?p ?o FILTER(?x = ) }",
                                   "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x", "SELECT ?x WHERE { ?x ?p ?o . } }",
                                   'SELECT * WHERE { ?x ?p "a"@ }', "SELEC ?x WHERE {}",
                                   "SELECT (1 AS ?x) ?x WHERE {}", 'SELECT ?x WHERE { ?x ?p "abc }'])
def test_every_syntax_error_is_one_line_without_the_parsers_character_classes(query):
    words = _worded(query)
    line, column = re.match(r"SPARQL syntax error at (\d+):(\d+) \S", words).groups()
    assert (int(line), int(column)) <= (1, len(query) + 1)
    assert "\n" not in words and "\\u{" not in words and "[_]" not in words and "..=" not in words, words


def test_the_endpoint_says_a_syntax_error_in_words(endpoint):
    status, body = post(f"{endpoint.url}/query", "SELECT ?x WHERE { ?x foo:bar ?y }", "application/sparql-query")
    assert status == 400
    assert body.decode().startswith("SPARQL syntax error at 1:22 near 'foo:bar': unknown prefix 'foo:'")
    assert body.decode().count("\n") == 1 and "\\u{" not in body.decode()


# ---------------------------------------------------------------- the ready queries and the query page
def test_the_ready_queries_are_the_shipped_files_with_their_parameters():
    from tests.conftest import ROOT

    from kg.ready_queries import ready_queries

    ready = {q.name: q for q in ready_queries()}
    files = sorted((ROOT / "queries").glob("*.rq"))
    assert sorted(ready) == [f.stem for f in files]
    assert all(ready[f.stem].text == f.read_text(encoding="utf-8") for f in files)
    assert [p.name for p in ready["role_holders_in_province"].parameters] == ["role", "province", "onDate", "page"]
    assert "2021-12-31" in ready["role_holders_in_province"].parameters[2].hint
    assert ready["most_cited_resolutions"].parameters == ()
    assert ready["official_timeline"].question == "What roles did an official hold over time, as the articles " \
                                                  "state them?"
    for query in ready.values():  # a parameter is a variable of its query, which --param binds, or its page
        assert all(re.search(rf"\?{p.name}\b", query.text.split("PREFIX", 1)[1]) for p in query.parameters
                   if p.name != "page")
        assert all(re.search(r"\bLIMIT 100\b", query.text) for p in query.parameters if p.name == "page")


def test_the_ready_queries_are_package_data():
    """pip install users get them: the package's data patterns take every file of queries/ (kg/queries
    links to it, as kg/ontology does), so the wheel holds them under kg/queries/."""
    import tomllib

    from tests.conftest import ROOT

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package = ROOT / "kg"
    shipped = {f.resolve() for pattern in config["tool"]["setuptools"]["package-data"]["kg"]
               for f in package.glob(pattern)}
    assert {f.resolve() for f in (ROOT / "queries").glob("*.rq")} <= shipped
    assert (package / "queries").resolve() == (ROOT / "queries").resolve()  # one copy of each file


def test_a_query_with_parameters_over_the_protocol(endpoint):
    """`$name=value` binds ?name as `kg query --param name=value` does (RDF4J and Stardog spell it so)."""
    from tests.conftest import ROOT

    text = (ROOT / "queries" / "official_timeline.rq").read_text(encoding="utf-8")
    form = urllib.parse.urlencode({"query": text, "$name": "Bùi Thanh Sơn"})
    status, body = post(f"{endpoint.url}/query", form, "application/x-www-form-urlencoded")
    rows = [(r["asOf"]["value"], r["role"]["value"]) for r in json.loads(body)["results"]["bindings"]]
    minister = "Bộ trưởng Bộ Ngoại giao"
    assert status == 200 and rows == [("2023-01-10", minister), ("2023-12-19", minister)]
    # a value that smuggles SERVICE in is refused: the check reads the query as it will run
    service = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }",
                                      "$s": "<x:y> } SERVICE <http://x/> { <z:z>"})
    assert post(f"{endpoint.url}/query", service, "application/x-www-form-urlencoded")[0] == 403
    bad = urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }", "$s p": "1"})
    status, body = post(f"{endpoint.url}/query", bad, "application/x-www-form-urlencoded")
    assert status == 400 and b"not a variable name" in body
    # a syntax error is placed in the query as written, not as bound (VALUES is written into it)
    broken = urllib.parse.urlencode({"query": "SELECT ?name WHERE { ?x foo:bar ?name }", "$name": "Hà Nội"})
    status, body = post(f"{endpoint.url}/query", broken, "application/x-www-form-urlencoded")
    assert status == 400 and body.decode().startswith("SPARQL syntax error at 1:25 near 'foo:bar': unknown prefix 'foo:'")


def _run_on_page(page, runs: int) -> str:
    page.click("#run")
    page.wait_for_function(f"window.vnkgRuns === {runs}", timeout=60_000)
    return page.text_content("#status")


def test_the_query_page_runs_ready_queries_constructs_and_says_errors_offline(browser, endpoint):
    from rdflib import Graph, URIRef
    from rdflib.namespace import RDF

    # a refused query is logged by the browser itself (status of 400); the page shows it in words
    page, errors, outside = served_page(browser, endpoint.url, "/", ignore="status of 400")
    # a ready query with its parameter, bound by the endpoint
    page.select_option("#ready", "official_timeline")
    assert "What roles did an official hold over time" in page.text_content("#question")
    assert "# What roles did an official hold over time" in page.input_value("#query")
    page.fill("#param-name", "Bùi Thanh Sơn")
    assert _run_on_page(page, 1).startswith("2 rows")
    cells = page.eval_on_selector_all("#results tbody tr", "rows => rows.map(r => r.innerText)")
    assert len(cells) == 2 and all("Bùi Thanh Sơn" in c and "Bộ trưởng Bộ Ngoại giao" in c for c in cells)
    assert "2023-01-10" in cells[0] and "2023-12-19" in cells[1]
    assert [p.get_attribute("id") for p in page.query_selector_all("#params input")] == ["param-name", "param-page"]
    page.fill("#param-page", "2")  # the page after the last: no rows (the endpoint binds $page as kg query does)
    assert _run_on_page(page, 2).startswith("0 rows")
    page.fill("#param-page", "")
    # a CONSTRUCT, as Turtle
    page.select_option("#ready", "")
    assert page.query_selector_all("#params input") == []
    page.fill("#query", 'CONSTRUCT { ?o a vnkg:Official } WHERE {\n'
                        '  ?o a vnkg:Official ; rdfs:label "Bùi Thanh Sơn"@vi }')
    assert _run_on_page(page, 3).startswith("Turtle")
    triples = Graph().parse(data=page.text_content("#turtle"), format="turtle")
    assert set(triples) == {(URIRef("https://w3id.org/vnkg/id/official/bui-thanh-son"), RDF.type,
                             URIRef("https://w3id.org/vnkg/ontology#Official"))}
    # an answer over the row limit: cut, and the page says so
    page.fill("#query", "SELECT * WHERE { ?s ?p ?o }")
    assert "cut to the first 50" in _run_on_page(page, 4)
    assert len(page.query_selector_all("#results tbody tr")) == 50
    # a broken query: its error in words, on one line
    page.fill("#query", "SELECT ?x WHERE { ?x foo:bar ?y }")
    said = _run_on_page(page, 5)
    assert said.startswith("SPARQL syntax error at 1:22 near 'foo:bar': unknown prefix 'foo:'") and "\n" not in said
    assert page.get_attribute("#status", "class") == "error"
    assert errors == [] and outside == []
    page.close()


def test_a_request_naming_another_host_is_refused_on_loopback(endpoint):
    """DNS rebinding: a page at evil.example whose name is made to point at 127.0.0.1 sends its requests
    with `Host: evil.example`; the endpoint on loopback answers only this machine's names."""
    import http.client

    port = int(endpoint.url.rsplit(":", 1)[1])
    for host, status in (("evil.example", 403), (f"evil.example:{port}", 403), (f"localhost:{port}", 200),
                         (f"127.0.0.1:{port}", 200), ("app.localhost", 200)):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", "/query?query=ASK%7B%7D", headers={"Host": host})
        answer = conn.getresponse()
        body = answer.read()
        conn.close()
        assert answer.status == status, (host, body)
        if status == 403:
            assert b"answers requests to this machine's names only" in body
