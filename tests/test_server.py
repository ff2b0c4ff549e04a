"""kg serve and kg push against real Oxigraph servers on 127.0.0.1, started and stopped by the tests."""
import json
import re
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.serve import free_port, oxigraph_binary, start

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


def test_row_limit_stops_a_large_answer(endpoint):
    status, body = post(f"{endpoint.url}/query", "SELECT * WHERE { ?s ?p ?o }", "application/sparql-query")
    assert status == 400 and b"more than 50 rows" in body


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
