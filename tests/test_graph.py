"""The PaperGraph facade: building, atomic replacement, safe queries, exports, validation."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from papergraph import GraphNotFoundError, PaperGraph, QueryError

PAPERS = "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pg:Paper }"


def test_graph_sample_corpus_has_one_node_per_paper(sample_graph):
    assert sample_graph.query(PAPERS).rows == [{"n": 311}]
    missing = sample_graph.query("""SELECT ?p WHERE { ?p a pg:Paper .
        FILTER NOT EXISTS { ?p dcterms:title ?t ; dcterms:abstract ?a } }""").rows
    assert missing == []


def test_graph_every_github_link_of_the_pages_is_a_repository(sample_graph, examples_dir):
    import re

    from papergraph.extract.rules import normalize_repository

    links = set()
    for page in examples_dir.glob("*.txt"):
        for url in re.findall(r"https?://github\.com/[^\s]+", page.read_text()):
            links.add(normalize_repository(url))
    repos = {r["r"] for r in sample_graph.query("SELECT ?r WHERE { ?r a pg:Repository }").rows}
    assert links and links <= repos
    assert all(
        r.count("/") == 4 or "/tree/" in r or "/blob/" in r for r in repos if r.startswith("https://github.com/")
    )


def test_graph_every_edge_has_a_claim_with_evidence(sample_graph):
    rows = sample_graph.query("""SELECT ?s ?p ?o WHERE {
        VALUES ?p { pg:proposes pg:mentions pg:evaluatedOn pg:improvesOn pg:hasRepository }
        ?s ?p ?o .
        FILTER NOT EXISTS { ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pg:evidence ?e ;
                            pg:confidence ?conf ; prov:wasDerivedFrom ?paper } }""").rows
    assert rows == []


def test_graph_no_entity_is_both_method_and_dataset(sample_graph):
    assert sample_graph.query("SELECT ?x WHERE { ?x a pg:Method , pg:Dataset }").rows == []


def test_graph_validate_passes_on_sample(sample_graph):
    conforms, text = sample_graph.validate()
    assert conforms, text


def test_graph_validate_reports_violation(tmp_path):
    g = PaperGraph(ox.Store())
    g.store.add(
        ox.Quad(
            ox.NamedNode("https://x/p"),
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode("https://w3id.org/papergraph/ontology#Paper"),
        )
    )
    conforms, text = g.validate()
    assert not conforms and "title" in text


def test_graph_turtle_export_parses_the_same_in_rdflib_and_pyoxigraph(sample_graph, tmp_path):
    out = tmp_path / "g.ttl"
    sample_graph.serialize(out, "ttl")
    rdflib_count = len(Graph().parse(out, format="turtle"))
    store = ox.Store()
    store.load(path=str(out), format=ox.RdfFormat.TURTLE)
    assert rdflib_count == len(store) == len(sample_graph)


@pytest.mark.parametrize("fmt", ["nt", "jsonld"])
def test_graph_rdf_exports_round_trip(tiny_graph, fmt):
    data = tiny_graph.serialize(None, fmt)
    g = Graph().parse(data=data, format={"nt": "nt", "jsonld": "json-ld"}[fmt])
    assert len(g) == len(tiny_graph)


def test_graph_query_binding_is_only_a_value(tiny_graph):
    q = "SELECT ?t ?title WHERE { ?p dcterms:title ?t . BIND(?t AS ?title) }"
    hostile = 'x" } UNION { ?p ?q ?t } #'
    assert tiny_graph.query(q, t=hostile).rows == []
    assert tiny_graph.query(q, t="A Survey of Efficient Transformers").rows == [
        {"t": "A Survey of Efficient Transformers", "title": "A Survey of Efficient Transformers"}
    ]


def test_graph_query_errors_are_query_errors(tiny_graph):
    with pytest.raises(QueryError):
        tiny_graph.query("SELEKT nothing")


def test_graph_binding_a_variable_the_query_does_not_project(tiny_graph):
    q = "SELECT ?t WHERE { ?p dcterms:title ?t ; dcterms:date ?d }"
    assert tiny_graph.query(q, d='2023-05-02" } UNION { ?p ?x ?t').rows == []
    from rdflib import XSD
    import pyoxigraph as ox

    day = ox.Literal("2023-05-02", datatype=ox.NamedNode(str(XSD.date)))
    assert tiny_graph.query(q, d=day).rows == [{"t": "FooNet: Fast Image Classification with Sparse Kernels"}]


def test_graph_open_missing_graph_says_how_to_build(tmp_path):
    with pytest.raises(GraphNotFoundError, match="papergraph build"):
        PaperGraph.open(tmp_path / "nothing")


def test_graph_failed_build_leaves_previous_graph_intact(tmp_path, data_dir, monkeypatch):
    path = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], path)
    before = len(PaperGraph.open(path))

    import papergraph.store as store_module

    def broken(store, lines):
        store.bulk_load(b"<https://x/a> <https://x/b> <https://x/c> .\n", format=ox.RdfFormat.N_TRIPLES)
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_module, "load_lines", broken)
    with pytest.raises(RuntimeError):
        PaperGraph.build([data_dir / "tiny.jsonl"], path)
    assert len(PaperGraph.open(path)) == before
    # nothing left beside it but the lock file that serialises builds of "g"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.lock", "g"]


def test_graph_rebuild_replaces_the_graph(tmp_path, data_dir):
    path = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], path)
    PaperGraph.build_records([{"title": "Only One", "abstract": "x"}], path)
    assert PaperGraph.open(path).query(PAPERS).rows == [{"n": 1}]


def test_graph_refuses_to_overwrite_a_foreign_folder(tmp_path, data_dir):
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "thesis.tex").write_text("precious")
    with pytest.raises(GraphNotFoundError):
        PaperGraph.build([data_dir / "tiny.jsonl"], foreign)
    assert (foreign / "thesis.tex").read_text() == "precious"


def test_graph_stats_counts_kinds(tiny_graph):
    s = tiny_graph.stats()
    assert (s["papers"], s["repositories"]) == (3, 2)
    assert s["improvesOn"] >= 3 and s["claims"] > 0


def test_graph_networkx_view_has_kinds_labels_and_relation_keys(tiny_graph):
    g = tiny_graph.to_networkx()
    kinds = {a["kind"] for _, a in g.nodes(data=True)}
    assert kinds == {"paper", "method", "dataset", "repository", "concept"}
    foonet = next(n for n, a in g.nodes(data=True) if a["label"] == "FooNet")
    resnet = next(n for n, a in g.nodes(data=True) if a["label"] == "ResNet-50")
    edge = g.get_edge_data(foonet, resnet, key="improvesOn")
    assert edge["relation"] == "improvesOn" and "outperforms" in edge["evidence"] and 0 < edge["confidence"] <= 1


def test_graph_query_result_iterates_like_rdflib(tiny_graph):
    # regression: `for row in g.query(...)` raised TypeError
    result = tiny_graph.query("SELECT ?t WHERE { ?p a pg:Paper ; dcterms:title ?t } ORDER BY ?t")
    titles = [row["t"] for row in result]
    assert len(titles) == len(result) == 3 and result[0]["t"] == titles[0]
    assert tiny_graph.query("ASK { ?m rdfs:label ?n }", n="FooNet")
    assert not tiny_graph.query("ASK { ?m rdfs:label ?n }", n="No Such Method")
    triples = tiny_graph.query("CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a pg:Method ; rdfs:label ?l } LIMIT 2")
    assert len(list(triples)) == len(triples) == 2
