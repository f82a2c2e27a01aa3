"""`papergraph serve`, started the real way, queried with SPARQLWrapper."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
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
def endpoint(sample_graph_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "papergraph.cli", "serve", "--graph", str(sample_graph_path),
                             "--port", str(port), "--timeout", "3", "--max-rows", "50"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(proc.stderr.read().decode())
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def client(url, fmt=JSON, query=Q):
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_serve_select_equals_papergraph_query(endpoint, sample_graph_path):
    theirs = client(endpoint).queryAndConvert()
    ours = json.loads(CliRunner().invoke(main, ["query", "-e", Q, "--graph", str(sample_graph_path),
                                                "--format", "json"]).output)
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
    req = urllib.request.Request(endpoint + "/sparql?" + urllib.parse.urlencode({"query": q}),
                                 headers={"Accept": "application/n-triples"})
    assert len(urllib.request.urlopen(req).read().decode().strip().splitlines()) == 20


def test_serve_refuses_updates(endpoint):
    req = urllib.request.Request(endpoint + "/sparql", data=b"DELETE WHERE { ?s ?p ?o }", method="POST",
                                 headers={"Content-Type": "application/sparql-update"})
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
    assert "http://" not in page.replace('http://127', '') and "https://" not in page.split("<select")[0]
