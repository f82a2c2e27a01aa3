"""Every named query runs and answers its question: exactly on the hand-made corpus, and
consistently with the graph on the sample corpus."""

from __future__ import annotations

from collections import defaultdict

import pytest

from papergraph import queries
from papergraph.errors import QueryError


def test_queries_at_least_eight_are_shipped_and_commented():
    names = queries.names()
    assert len(names) >= 8
    assert all(queries.describe(n) for n in names)


#: Queries over reference lists, which the sample corpus (listing pages) does not have: they
#: run on the tiny corpus, whose papers carry OpenAlex reference lists.
CITATION_QUERIES = {"most-cited": {}, "citations": {"title": "A Survey of Efficient Transformers"}}


@pytest.mark.parametrize("name", sorted(CITATION_QUERIES))
def test_queries_citation_queries_run_on_a_corpus_with_reference_lists(tiny_graph, name):
    assert len(tiny_graph.named(name, **CITATION_QUERIES[name]).rows) > 0


def test_queries_most_cited_counts_citing_papers(tiny_graph):
    rows = tiny_graph.named("most-cited").rows
    assert [(r["title"][:6], r["citations"]) for r in rows] == [("FooNet", 2), ("BarFor", 1)]


@pytest.mark.parametrize("name", sorted(set(queries.names()) - set(CITATION_QUERIES)))
def test_queries_each_runs_on_the_sample_corpus(sample_graph, name):
    params = {
        "improves-on": {"target": "Transformer"},
        "evaluated-on": {"dataset": "ImageNet"},
        "dataset-evidence": {"dataset": "ImageNet"},
        "leaderboard": {"dataset": "ImageNet"},
        "best-results": {"method": "Swin Transformer"},
        "methods-introduced": {"from": "2020-01-01", "to": "2025-12-31"},
        "lineage": {"method": "Transformer"},
        "method-evidence": {"method": "Transformer"},
        "similar-papers": {"title": "Transformer in Transformer"},
        "concept-neighbourhood": {"concept": "attention mechanism"},
    }
    result = sample_graph.named(name, **params.get(name, {}))
    assert len(result.rows) > 0, name


def test_queries_improves_on_is_transitive(tiny_graph):
    rows = tiny_graph.named("improves-on", target="ResNet-50").rows
    assert {r["improver"] for r in rows} == {"FooNet", "BarFormer"}


def test_queries_evaluated_on(tiny_graph):
    rows = tiny_graph.named("evaluated-on", dataset="CIFAR-10").rows
    assert [(r["what"], r["papers"]) for r in rows] == [("FooNet", 1)]


def test_queries_dataset_evidence_gives_each_claim_with_its_paper(tiny_graph):
    (row,) = tiny_graph.named("dataset-evidence", dataset="CIFAR10").rows
    assert row["what"] == "FooNet" and row["paper"].startswith("FooNet")
    assert "CIFAR-10" in row["evidence"] and 0 < row["confidence"] <= 1


def test_queries_similar_papers_pages(sample_graph):
    # the paper with the most shared-concept links, so that two pages of three are full
    (row,) = sample_graph.query(
        "SELECT ?t (COUNT(?o) AS ?n) WHERE { ?p pg:sharesConcept ?o ; dcterms:title ?t } "
        "GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1"
    ).rows
    title = row["t"]
    first, second = (sample_graph.named("similar-papers", limit=3, offset=k, title=title).rows for k in (0, 3))
    both = sample_graph.named("similar-papers", limit=6, title=title).rows
    assert len(both) == 6 and len(first) == 3 and first + second == both


def test_queries_leaderboard_best_value_per_method_lower_first_where_lower_is_better():
    from papergraph import PaperGraph

    g = PaperGraph.build_records(
        [
            {
                "title": "FooNet: Speech",
                "abstract": "We propose FooNet. FooNet reaches 5.2 WER on LibriSpeech, "
                "outperforming Conformer (6.0 WER).",
            },
            {"title": "BarNet: Speech", "abstract": "We propose BarNet. BarNet reaches 4.1 WER on LibriSpeech."},
        ]
    )
    rows = g.named("leaderboard", dataset="LibriSpeech").rows
    assert [(r["method"], r["value"]) for r in rows] == [("BarNet", 4.1), ("FooNet", 5.2), ("Conformer", 6.0)]
    (margin,) = g.named("margins").rows
    assert (margin["subject"], margin["object"], margin["margin"], margin["kind"]) == (
        "FooNet",
        "Conformer",
        0.8,
        "absolute",
    )
    assert [(s.method, s.value) for s in g.leaderboard("LibriSpeech", metric="word error rate")][:1] == [
        ("BarNet", 4.1)
    ]


def test_queries_papers_with_code(tiny_graph):
    rows = tiny_graph.named("papers-with-code").rows
    assert {r["repository"] for r in rows} == {
        "https://github.com/example/foonet",
        "https://github.com/example/barformer",
    }


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
    narrow = {
        r["t"]
        for r in sample_graph.query("""SELECT ?t WHERE { ?p dcterms:title ?t ;
        pg:hasConcept/skos:prefLabel "linear attention" }""").rows
    }
    assert narrow and narrow <= papers


def test_queries_concept_trends_count_papers_by_year(sample_graph):
    rows = sample_graph.named("concept-trends").rows
    assert rows and all(r["papers"] > 1 and 2000 < r["year"] < 2030 for r in rows)


def test_queries_papers_with_code_pages_tile_the_whole_answer_newest_first(sample_graph):
    # reference: every paper with a repository, by the query's order, with no paging tricks
    everything = [
        (r["title"], r["repository"])
        for r in sample_graph.query(
            "SELECT ?title ?repository ?date WHERE { ?p pg:hasRepository ?repository ; dcterms:title ?title "
            "OPTIONAL { ?p dcterms:date ?date } } ORDER BY DESC(?date) ?title ?repository"
        ).rows
    ]
    assert len(everything) > 30
    first = sample_graph.named("papers-with-code").rows
    assert len(first) == min(100, len(everything))
    pages = [(r["title"], r["repository"]) for r in _pages(sample_graph, "papers-with-code", 10, len(everything))]
    assert pages == everything
    dates = [r["date"] for r in first if "date" in r]
    assert dates == sorted(dates, reverse=True)


def _pages(graph, name, size, total, **params):
    rows = []
    for offset in range(0, total + size, size):
        rows += graph.named(name, limit=size, offset=offset, **params).rows
    return rows


_REPORTED = {  # what each query counts, written plainly: (subject, its name, a paper reporting it)
    "evaluated-on": ("dataset", "ImageNet", "what", "?s pg:evaluatedOn ?x . ?x a pg:Dataset"),
    "improves-on": ("target", "Transformer", "improver", "?s pg:improvesOn+ ?x . ?x a pg:Method"),
}


@pytest.mark.parametrize("name", sorted(_REPORTED))
def test_queries_counted_answers_page_most_reported_first_then_by_name(sample_graph, name):
    param, value, column, pattern = _REPORTED[name]
    rows = sample_graph.query(
        f"""SELECT DISTINCT ?s ?name ?source WHERE {{
        {{ ?x rdfs:label ?v }} UNION {{ ?x skos:altLabel ?v }} {pattern} .
        OPTIONAL {{ ?s rdfs:label ?l }} OPTIONAL {{ ?s dcterms:title ?t }} BIND(COALESCE(?l, ?t) AS ?name)
        OPTIONAL {{ ?proposer pg:proposes ?s }} BIND(COALESCE(?proposer, ?s) AS ?source) }}""",
        v=value,
    ).rows
    sources, names = defaultdict(set), {}
    for r in rows:
        sources[r["s"]].add(r["source"])
        names[r["s"]] = r["name"]
    expected = [(names[s], len(sources[s])) for s in sorted(sources, key=lambda s: (-len(sources[s]), names[s], s))]
    assert len(expected) > 10
    assert [(r[column], r["papers"]) for r in sample_graph.named(name, **{param: value}).rows] == expected
    assert [
        (r[column], r["papers"]) for r in _pages(sample_graph, name, 7, len(expected), **{param: value})
    ] == expected


def test_queries_page_appends_a_limit_and_refuses_a_query_it_cannot_page():
    assert queries.page("SELECT * WHERE { ?s ?p ?o }", 5).endswith("LIMIT 5 OFFSET 0")
    with pytest.raises(QueryError, match="cannot be paged"):
        queries.page(queries.named_query("top-methods"), 5)
    with pytest.raises(QueryError, match="limit"):
        queries.page("SELECT * WHERE { ?s ?p ?o }", -1)


def test_queries_methods_introduced_pages_oldest_first_then_by_name(sample_graph):
    span = {"from": "2020-01-01", "to": "2025-12-31"}
    everything = [
        (r["method"], r["title"], r["date"])
        for r in sample_graph.query(
            """SELECT ?method ?title ?date WHERE { ?p dcterms:date ?date ; pg:proposes ?m ; dcterms:title ?title .
           ?m a pg:Method ; rdfs:label ?method FILTER(?date >= "2020-01-01"^^xsd:date && ?date <= "2025-12-31"^^xsd:date) }
           ORDER BY ?date ?method ?title"""
        ).rows
    ]
    assert len(everything) > 20
    pages = [
        (r["method"], r["title"], r["date"])
        for r in _pages(sample_graph, "methods-introduced", 9, len(everything), **span)
    ]
    assert pages == everything


def test_queries_concept_neighbourhood_pages_most_shared_first(sample_graph):
    rows = sample_graph.query("""SELECT ?kind ?name (COUNT(DISTINCT ?p) AS ?papers) WHERE {
        ?c skos:prefLabel "computer vision" . ?n skos:broader* ?c . ?p pg:hasConcept ?n .
        { ?p a pg:Paper ; dcterms:title ?name BIND("paper" AS ?kind) }
        UNION { ?p pg:proposes ?x . ?x a pg:Method ; rdfs:label ?name BIND("method" AS ?kind) }
        UNION { ?p pg:evaluatedOn ?x . ?x rdfs:label ?name BIND("dataset" AS ?kind) }
        UNION { ?p pg:proposes/pg:evaluatedOn ?x . ?x rdfs:label ?name BIND("dataset" AS ?kind) }
        } GROUP BY ?kind ?name""").rows
    expected = sorted(((r["kind"], r["name"], r["papers"]) for r in rows), key=lambda t: (-t[2], t[0], t[1]))
    assert len(expected) > 100 and expected[0][2] > 1
    pages = [
        (r["kind"], r["name"], r["papers"])
        for r in _pages(sample_graph, "concept-neighbourhood", 50, len(expected), concept="computer vision")
    ]
    assert pages == expected


def test_queries_proposals_pages_newest_first_with_each_claims_confidence(sample_graph):
    everything = [
        (r["title"], r["name"], r["kind"], r["confidence"])
        for r in sample_graph.query(
            """SELECT ?title ?name ?kind ?confidence WHERE {
             ?c rdf:predicate pg:proposes ; rdf:subject ?p ; rdf:object ?x ; pg:confidence ?confidence .
             ?p dcterms:title ?title . OPTIONAL { ?p dcterms:date ?date }
             ?x rdfs:label ?name ; a ?class BIND(STRAFTER(STR(?class), "#") AS ?kind)
           } ORDER BY DESC(?date) ?title ?name"""
        ).rows
    ]
    assert len(everything) > 100 and {kind for *_, kind, _ in everything} == {"Method", "Dataset"}
    pages = [
        (r["title"], r["name"], r["kind"], r["confidence"])
        for r in _pages(sample_graph, "proposals", 30, len(everything))
    ]
    assert pages == everything


def test_queries_method_evidence_pages_most_confident_first(sample_graph):
    # most confident first, then by relation, subject and object (by name, then IRI), then claim
    everything = [
        (r["relation"], r["other"], r["confidence"], r["evidence"])
        for r in sample_graph.query(
            """SELECT ?relation ?other ?confidence ?evidence WHERE {
             ?m rdfs:label "Transformer" .
             { ?c rdf:subject ?m ; rdf:object ?x } UNION { ?c rdf:object ?m ; rdf:subject ?x }
             ?c rdf:predicate ?p ; pg:confidence ?confidence ; pg:evidence ?evidence ; rdf:subject ?s ; rdf:object ?o .
             OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?s dcterms:title ?st } OPTIONAL { ?o rdfs:label ?ol }
             OPTIONAL { ?o dcterms:title ?ot } OPTIONAL { ?x rdfs:label ?label } OPTIONAL { ?x dcterms:title ?title }
             BIND(COALESCE(?label, ?title) AS ?other) BIND(STRAFTER(STR(?p), "#") AS ?relation)
           } ORDER BY DESC(?confidence) ?p COALESCE(?sl, ?st) ?s COALESCE(?ol, ?ot) ?o ?c"""
        ).rows
    ]
    assert len(everything) > 100 and len({r[2] for r in everything}) > 2
    pages = [
        (r["relation"], r["other"], r["confidence"], r["evidence"])
        for r in _pages(sample_graph, "method-evidence", 40, len(everything), method="Transformer")
    ]
    assert pages == everything


def test_queries_concept_trends_equal_counting_every_concept_link(sample_graph):
    direct = sample_graph.query("""SELECT ?concept ?year (COUNT(DISTINCT ?p) AS ?papers) WHERE {
        ?p pg:hasConcept ?c ; dcterms:date ?d . ?c skos:prefLabel ?concept BIND(YEAR(?d) AS ?year)
        } GROUP BY ?concept ?year HAVING (COUNT(DISTINCT ?p) > 1) ORDER BY ?concept ?year""").rows
    assert len(direct) > 5 and sample_graph.named("concept-trends").rows == direct
