"""Every named query runs and answers its question: exactly on the hand-made corpus, and
consistently with the graph on the sample corpus."""
from __future__ import annotations

import pytest

from papergraph import queries
from papergraph.errors import QueryError


def test_queries_at_least_eight_are_shipped_and_commented():
    names = queries.names()
    assert len(names) >= 8
    assert all(queries.describe(n) for n in names)


@pytest.mark.parametrize("name", queries.names())
def test_queries_each_runs_on_the_sample_corpus(sample_graph, name):
    params = {"improves-on": {"target": "Transformer"}, "evaluated-on": {"dataset": "ImageNet"},
              "methods-introduced": {"from": "2020-01-01", "to": "2025-12-31"}, "lineage": {"method": "Transformer"},
              "method-evidence": {"method": "Transformer"}, "similar-papers": {"title": "Transformer in Transformer"},
              "concept-neighbourhood": {"concept": "attention mechanism"}}
    result = sample_graph.named(name, **params.get(name, {}))
    assert len(result.rows) > 0, name


def test_queries_improves_on_is_transitive(tiny_graph):
    rows = tiny_graph.named("improves-on", target="ResNet-50").rows
    assert {r["improver"] for r in rows} == {"FooNet", "BarFormer"}


def test_queries_evaluated_on(tiny_graph):
    rows = tiny_graph.named("evaluated-on", dataset="CIFAR-10").rows
    assert [(r["what"], r["paper"]) for r in rows] == [("FooNet", "FooNet: Fast Image Classification with Sparse Kernels")]


def test_queries_papers_with_code(tiny_graph):
    rows = tiny_graph.named("papers-with-code").rows
    assert {r["repository"] for r in rows} == {"https://github.com/example/foonet", "https://github.com/example/barformer"}


def test_queries_methods_introduced_in_range(tiny_graph):
    rows = tiny_graph.named("methods-introduced", **{"from": "2024-01-01", "to": "2024-12-31"}).rows
    assert [r["method"] for r in rows] == ["BarFormer"]


def test_queries_top_datasets_counts_papers(tiny_graph):
    rows = {r["dataset"]: r["papers"] for r in tiny_graph.named("top-datasets").rows}
    assert rows["ImageNet"] == 1 and rows["Long Range Arena"] == 1


def test_queries_lineage_both_directions(tiny_graph):
    rows = {(r["direction"], r["other"]) for r in tiny_graph.named("lineage", method="FooNet").rows}
    assert ("built on by", "BarFormer") in rows and ("builds on", "ResNet-50") in rows


def test_queries_sample_improvers_of_transformer_really_improve_on_it(sample_graph):
    rows = sample_graph.named("improves-on", target="Transformer").rows
    assert rows
    check = """ASK { ?t rdfs:label "Transformer" . ?m pg:improvesOn+ ?t .
                     { ?m rdfs:label ?name } UNION { ?m dcterms:title ?name } }"""
    for r in rows:
        assert sample_graph.query(check, name=r["improver"]).boolean


def test_queries_concept_neighbourhood_rolls_up_narrower_concepts(sample_graph):
    rows = sample_graph.named("concept-neighbourhood", concept="efficient attention").rows
    papers = {r["name"] for r in rows if r["kind"] == "paper"}
    narrow = {r["t"] for r in sample_graph.query("""SELECT ?t WHERE { ?p dcterms:title ?t ;
        pg:hasConcept/skos:prefLabel "linear attention" }""").rows}
    assert narrow and narrow <= papers


def test_queries_concept_trends_count_papers_by_year(sample_graph):
    rows = sample_graph.named("concept-trends").rows
    assert rows and all(r["papers"] > 1 and 2000 < r["year"] < 2030 for r in rows)


def test_queries_papers_with_code_pages_tile_the_whole_answer_newest_first(sample_graph):
    # reference: every paper with a repository, by the query's order, with no paging tricks
    everything = [(r["title"], r["repository"]) for r in sample_graph.query(
        "SELECT ?title ?repository ?date WHERE { ?p pg:hasRepository ?repository ; dcterms:title ?title "
        "OPTIONAL { ?p dcterms:date ?date } } ORDER BY DESC(?date) ?title ?repository").rows]
    assert len(everything) > 30
    first = sample_graph.named("papers-with-code").rows
    assert len(first) == min(100, len(everything))
    pages = []
    for offset in range(0, len(everything) + 10, 10):
        pages += [(r["title"], r["repository"]) for r in sample_graph.named("papers-with-code", limit=10, offset=offset).rows]
    assert pages == everything
    dates = [r["date"] for r in first if "date" in r]
    assert dates == sorted(dates, reverse=True)


def test_queries_page_appends_a_limit_and_refuses_a_query_it_cannot_page():
    assert queries.page("SELECT * WHERE { ?s ?p ?o }", 5).endswith("LIMIT 5 OFFSET 0")
    with pytest.raises(QueryError, match="cannot be paged"):
        queries.page(queries.named_query("top-methods"), 5)
    with pytest.raises(QueryError, match="limit"):
        queries.page("SELECT * WHERE { ?s ?p ?o }", -1)
