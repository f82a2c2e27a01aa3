"""`papergraph serve`, started the real way, queried with SPARQLWrapper."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request

import pytest
from click.testing import CliRunner
from rdflib import Graph
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper

from papergraph.cli import main

Q = "SELECT ?t ?d WHERE { ?p a pg:Paper ; dcterms:title ?t . OPTIONAL { ?p dcterms:date ?d } } ORDER BY ?t LIMIT 25"
PREFIXES = """PREFIX pg: <https://w3id.org/papergraph/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def endpoint(sample_graph_path, start_serve):
    with start_serve(sample_graph_path, "--timeout", "3", "--max-rows", "50") as url:
        yield url


def client(url, fmt=JSON, query=Q):
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_serve_select_equals_papergraph_query(endpoint, sample_graph_path):
    theirs = client(endpoint).queryAndConvert()
    ours = json.loads(
        CliRunner().invoke(main, ["query", "-e", Q, "--graph", str(sample_graph_path), "--format", "json"]).output
    )
    assert theirs["head"]["vars"] == ours["head"]["vars"] == ["t", "d"]
    assert theirs["results"]["bindings"] == ours["results"]["bindings"]
    assert len(theirs["results"]["bindings"]) == 25


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_serve_other_result_formats(endpoint, fmt):
    result = client(endpoint, fmt).query()
    body = result.response.read().decode()
    assert "Transformer" in body
    if fmt == XML:
        assert body.startswith("<?xml") and "<sparql" in body
    else:
        assert len(body.strip().splitlines()) == 26


def test_serve_post_form_and_direct(endpoint):
    for request in (None, POSTDIRECTLY):
        sw = client(endpoint, JSON, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }")
        sw.setMethod(POST)
        if request:
            sw.setRequestMethod(request)
        assert sw.queryAndConvert()["results"]["bindings"][0]["n"]["value"] == "311"


def test_serve_construct_as_turtle_and_ntriples(endpoint):
    q = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a pg:Method ; rdfs:label ?l } LIMIT 20"
    data = client(endpoint, TURTLE, q).query().response.read()
    assert len(Graph().parse(data=data, format="turtle")) == 20
    req = urllib.request.Request(
        endpoint + "/sparql?" + urllib.parse.urlencode({"query": q}), headers={"Accept": "application/n-triples"}
    )
    assert len(urllib.request.urlopen(req).read().decode().strip().splitlines()) == 20


def test_serve_refuses_updates(endpoint):
    req = urllib.request.Request(
        endpoint + "/sparql",
        data=b"DELETE WHERE { ?s ?p ?o }",
        method="POST",
        headers={"Content-Type": "application/sparql-update"},
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req)
    assert err.value.code == 403
    form = urllib.parse.urlencode({"update": "DELETE WHERE { ?s ?p ?o }"}).encode()
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(urllib.request.Request(endpoint + "/sparql", data=form))
    assert err.value.code == 403
    assert client(endpoint, JSON, PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }").queryAndConvert()


def test_serve_caps_rows_and_stops_long_queries(endpoint):
    result = client(endpoint, JSON, "SELECT * WHERE { ?s ?p ?o }").query()
    assert result.response.headers["X-Papergraph-Truncated"] == "true"
    assert len(json.loads(result.response.read())["results"]["bindings"]) == 50
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(endpoint + "/sparql?" + urllib.parse.urlencode({"query": slow}))
    assert err.value.code == 503
    assert client(endpoint).queryAndConvert()["results"]["bindings"]  # a fresh worker answers again


def test_serve_bad_query_is_a_400_with_the_reason(endpoint):
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(endpoint + "/sparql?" + urllib.parse.urlencode({"query": "SELEKT"}))
    assert err.value.code == 400 and err.value.read()


def test_serve_query_page_works_offline(endpoint):
    page = urllib.request.urlopen(endpoint + "/").read().decode()
    assert "papergraph SPARQL" in page and "improves-on" in page
    assert "http://" not in page.replace("http://127", "") and "https://" not in page.split("<select")[0]


# --- hardening: a hostile client on loopback (issue 17) -------------------------------------------------
def _post(url, query, headers=None, timeout=30):
    req = urllib.request.Request(
        url + "/sparql", data=urllib.parse.urlencode({"query": query}).encode(), headers=headers or {}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode(), dict(r.headers)
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode(), dict(err.headers)


def _raw(url, request: bytes, timeout=10) -> bytes:
    host, port = url.rsplit("/", 1)[1].split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as s:
        s.sendall(request)
        chunks = []
        while True:
            try:
                data = s.recv(65536)
            except socket.timeout:
                break
            if not data:
                break
            chunks.append(data)
        return b"".join(chunks)


COUNT = PREFIXES + "SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }"


def test_serve_a_query_that_crashes_the_engine_costs_one_worker_not_the_server(endpoint):
    # 20,000 triple patterns make pyoxigraph 0.5 segfault: the request gets a 500 naming the
    # cause and every later request is answered (the dead worker used to stay in the pool)
    crash = "SELECT * WHERE { " + " ".join(f"?s{i} ?p ?o ." for i in range(20_000)) + " }"
    status, body, _ = _post(endpoint, crash)
    assert status == 500 and "crashed" in body and "SIGSEGV" in body
    for _ in range(4):  # both workers, twice
        status, body, _ = _post(endpoint, COUNT, {"Accept": "application/sparql-results+json"})
        assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "311"


def test_serve_refuses_deeply_nested_queries_before_they_reach_the_engine(endpoint):
    nested = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o " + "} " * 10_000
    status, body, _ = _post(endpoint, nested)
    assert status == 400 and "nests 10000 levels" in body
    assert _post(endpoint, COUNT)[0] == 200


@pytest.mark.parametrize("clause", ["SERVICE", "service silent", "SeRvIcE"])
def test_serve_refuses_federated_queries_and_sends_nothing(endpoint, clause):
    with socket.socket() as listener:  # where a SERVICE call would go: nothing may arrive
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        status, body, _ = _post(endpoint, f"SELECT * WHERE {{ {clause} <{target}> {{ ?s ?p ?o }} }}")
        assert status == 403 and "--allow-federation" in body
        with pytest.raises(socket.timeout):
            listener.accept()
    # the word inside a string or an IRI is no SERVICE clause
    assert _post(endpoint, 'SELECT * WHERE { ?s ?p "SERVICE <http://x/> {}" } LIMIT 1')[0] == 200


def test_serve_sends_no_cors_header_and_checks_host(endpoint):
    status, _, headers = _post(endpoint, COUNT)
    assert status == 200 and "Access-Control-Allow-Origin" not in headers
    port = endpoint.rsplit(":", 1)[1]
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example"):
        reply = _raw(
            endpoint, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        assert reply.startswith(b"HTTP/1.0 403") and b"Host header" in reply
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        reply = _raw(
            endpoint, f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        assert reply.startswith(b"HTTP/1.0 200")


@pytest.mark.parametrize("length, status", [("abc", b"400"), ("-1", b"400"), ("99999999999", b"413")])
def test_serve_bad_content_length_is_an_answer_not_a_dropped_connection(endpoint, length, status):
    reply = _raw(
        endpoint,
        (
            f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            f"Content-Length: {length}\r\n\r\nASK {{}}"
        ).encode(),
    )
    assert reply.split(b" ")[1] == status


@pytest.fixture
def tiny_endpoint(tmp_path, data_dir):
    """An in-process endpoint on a tiny graph, with short limits, and the graph's path."""
    from papergraph import PaperGraph
    from papergraph.serve import serve

    path = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], path)
    server = serve(
        path, port=0, workers=1, timeout=5, queue_wait=0.5, cors="http://notebook.example", socket_timeout=1.0
    )
    import threading

    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", path
    server.shutdown()
    server.pool.close()
    server.server_close()


def test_serve_busy_workers_give_503_with_retry_after_not_an_endless_wait(tiny_endpoint):
    import threading

    url, _ = tiny_endpoint
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    first = threading.Thread(target=_post, args=(url, slow))
    first.start()
    time.sleep(0.3)
    t0 = time.monotonic()
    status, body, headers = _post(url, COUNT)
    assert status == 503 and headers.get("Retry-After") == "1" and "busy" in body
    assert time.monotonic() - t0 < 3
    first.join()


def test_serve_cors_only_for_the_origin_given(tiny_endpoint):
    url, _ = tiny_endpoint
    assert _post(url, COUNT)[2]["Access-Control-Allow-Origin"] == "http://notebook.example"


def test_serve_drops_a_client_that_stops_sending(tiny_endpoint):
    url, _ = tiny_endpoint
    t0 = time.monotonic()
    reply = _raw(url, b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nASK", timeout=10)
    assert time.monotonic() - t0 < 5 and not reply.startswith(b"HTTP/1.0 200")
    assert _post(url, COUNT)[0] == 200


def test_serve_answers_from_the_new_build_after_a_rebuild(tiny_endpoint):
    from papergraph import PaperGraph

    url, path = tiny_endpoint
    count = lambda: json.loads(_post(url, COUNT, {"Accept": "application/sparql-results+json"})[1])[  # noqa: E731
        "results"
    ]["bindings"][0]["n"]["value"]
    assert count() == "3"
    PaperGraph.build_records([{"title": "Only One", "abstract": "We propose OneNet."}], path)
    assert [count() for _ in range(4)] == ["1"] * 4
