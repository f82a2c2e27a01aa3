"""Concepts: per-paper selection, hierarchy, inheritance, and capped, informative overlaps."""

from __future__ import annotations

import math

from papergraph import PaperGraph
from papergraph.concepts import assign, candidates, choose, ranking, score, shares_concept
from papergraph.extract.terms import Term
from papergraph.model import Mention, Paper, PaperFacts
from papergraph.resolve import Edge


def _facts(title, *phrases, mentions=()):
    return PaperFacts(Paper(title, "x"), tuple(mentions), (), tuple(Term(p, 2, False) for p in phrases))


def test_concepts_assign_keeps_at_most_k_and_skips_what_the_paper_proposes():
    facts = [
        _facts(
            "A",
            "knowledge distillation",
            "semantic segmentation",
            "token pruning",
            "linear attention",
            "foonet",
            mentions=(Mention("FooNet", "method", "proposes"),),
        ),
        _facts("B", "knowledge distillation"),
    ]
    out = assign(facts, k=3)
    names = [m.name for m in out[0].mentions if m.kind == "concept"]
    assert len(names) == 3 and "foonet" not in names
    assert assign(facts, k=3) == out  # deterministic


def test_concepts_overlap_weights_are_idf_sums_and_common_concepts_link_nothing():
    edges = [
        Edge(p, "hasConcept", c, p, "", "", 1.0)
        for p, c in [
            ("p1", "everywhere"),
            ("p2", "everywhere"),
            ("p3", "everywhere"),
            ("p4", "everywhere"),
            ("p1", "rare"),
            ("p2", "rare"),
        ]
    ]
    overlaps = shares_concept(edges, n_papers=4, min_weight=0.1, top_k=20, max_df=0.5)
    assert [(o.a, o.b, o.concepts) for o in overlaps] == [("p1", "p2", ("rare",))]
    assert math.isclose(overlaps[0].weight, math.log(4 / 2), rel_tol=1e-3)


def test_concepts_top_k_caps_every_paper():
    edges = [Edge(f"p{i}", "hasConcept", "c", f"p{i}", "", "", 1.0) for i in range(30)]
    edges += [Edge(f"p{i}", "hasConcept", "d", f"p{i}", "", "", 1.0) for i in range(60)]
    overlaps = shares_concept(edges, n_papers=100, min_weight=0.0, top_k=5, max_df=0.5)
    degree = {}
    for o in overlaps:
        degree[o.a] = degree.get(o.a, 0) + 1
        degree[o.b] = degree.get(o.b, 0) + 1
    assert max(degree.values()) == 5


def test_concepts_hierarchy_and_method_inheritance_in_the_graph():
    g = PaperGraph.build_records(
        [
            {
                "title": "FooFormer: Linear Attention for Long Sequences",
                "abstract": "We propose FooFormer, a linear attention model. Linear attention "
                "reduces the cost of long sequences.",
            }
        ]
    )
    rows = g.query("""SELECT ?b WHERE { ?c skos:prefLabel "linear attention" ; skos:broader+ ?x .
                      ?x skos:prefLabel ?b }""").rows
    assert {"efficient attention", "attention mechanism"} <= {r["b"] for r in rows}
    inherited = g.query(
        """SELECT ?c WHERE { ?m rdfs:label "FooFormer" ; a pg:Method ; pg:hasConcept/skos:prefLabel ?c }"""
    ).rows
    assert {"c": "linear attention"} in inherited


def test_concepts_sample_corpus_links_are_capped_and_informative(sample_graph):
    degree = sample_graph.query("""SELECT ?p (COUNT(DISTINCT ?q) AS ?n) WHERE { ?p pg:sharesConcept ?q } GROUP BY ?p
                                   ORDER BY DESC(?n) LIMIT 1""").rows
    assert 0 < degree[0]["n"] <= 20
    n = sample_graph.query("SELECT (COUNT(*) AS ?n) WHERE { ?p a pg:Paper }").rows[0]["n"]
    df = {
        r["c"]: r["df"]
        for r in sample_graph.query(
            "SELECT ?c (COUNT(DISTINCT ?p) AS ?df) WHERE { ?p a pg:Paper ; pg:hasConcept ?c } GROUP BY ?c"
        ).rows
    }
    via: dict[str, list] = {}
    for r in sample_graph.query("SELECT ?o ?c WHERE { ?o a pg:ConceptOverlap ; pg:via ?c }").rows:
        via.setdefault(r["o"], []).append(r["c"])
    assert via and all(any(df[c] <= n / 2 for c in cs) for cs in via.values())


def test_concepts_similar_papers_query_gives_shared_concepts_as_reason(sample_graph):
    rows = sample_graph.named(
        "similar-papers", title="Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    ).rows
    assert rows and all(r["shared"] for r in rows)
    assert rows == sorted(rows, key=lambda r: -r["weight"])


def test_concepts_candidates_keep_a_phrase_ending_at_the_head_and_mark_fragments():
    pf = _facts("A", "entropy-based block pruning", "block pruning", "entropy-based block")
    signals = {c.label: c.signals for c in candidates(pf, df={}, n=1)}
    assert signals["block pruning"]["fragment"] == 0.0  # the head is kept: a concept of its own
    assert signals["entropy-based block"]["fragment"] == 1.0  # the head is cut off


def test_concepts_a_phrase_ending_in_a_task_word_names_a_task_even_when_no_vocabulary_has_it():
    pf = PaperFacts(
        Paper("Burst image restoration", "x"),
        (),
        (),
        (
            Term("burst image restoration", 1, True),
            Term("reference frame", 1, True),
            Term("semantic segmentation", 1, True),
        ),
    )
    signals = {c.label: c.signals for c in candidates(pf, df={}, n=1)}
    assert signals["burst image restoration"]["task_head"] == 1.0 and signals["burst image restoration"]["known"] == 0.0
    assert signals["reference frame"]["task_head"] == 0.0
    assert signals["semantic segmentation"]["known_in_title"] == 1.0
    assert signals["burst image restoration"]["known_in_title"] == 0.0
    probability = {c.label: score(c.signals) for c in candidates(pf, df={}, n=1)}
    assert probability["burst image restoration"] > probability["reference frame"]


def test_concepts_ranking_weighs_every_signal_and_gives_probabilities():
    pf = _facts("A", "knowledge distillation", "semantic segmentation", "close look")
    found = candidates(pf, df={}, n=1)
    assert set(ranking()["weights"]) == set(found[0].signals)
    out = assign([pf], k=3)[0]
    confidences = [m.confidence for m in out.mentions if m.kind == "concept"]
    assert all(0.0 < c < 1.0 for c in confidences) and confidences == sorted(confidences, reverse=True)
    # what the vocabulary knows as a task outranks a phrase opening with a generic modifier
    assert [m.name for m in out.mentions][-1] == "close look"


def test_concepts_choose_does_not_say_one_thing_twice():
    pf = _facts("A", "token pruning", "pruning", "linear attention")
    found = {c.label: c for c in candidates(pf, df={}, n=1)}
    chosen = choose([(0.9, found["token pruning"]), (0.8, found["pruning"]), (0.7, found["linear attention"])], k=2)
    assert [c.label for _, c in chosen] == ["token pruning", "linear attention"]


def test_concepts_a_concept_named_by_an_acronym_of_the_field_cites_that_sentence():
    g = PaperGraph.build_records(
        [
            {
                "title": "Pruning at Scale",
                "abstract": "Pruning is old. We prune LLMs without retraining. LLMs stay accurate.",
            }
        ]
    )
    rows = g.query("""SELECT ?evidence WHERE { ?c rdf:predicate pg:hasConcept ; rdf:object ?x ; pg:evidence ?evidence .
                      ?x skos:prefLabel "large language model" }""").rows
    assert rows == [{"evidence": "We prune LLMs without retraining."}]


def test_concepts_clauses_are_no_candidates_but_nouns_that_are_verbs_too_are():
    pf = _facts("A", "analysis reveal", "model trained", "layer pruned", "token design", "kernel transfer")
    assert sorted(c.label for c in candidates(pf, {}, 10)) == ["kernel transfer", "token design"]


def test_concepts_words_that_only_look_plural_may_stand_inside_a_candidate():
    pf = _facts("A", "time-series transformer", "physics simulation", "images generation")
    assert sorted(c.label for c in candidates(pf, {}, 10)) == ["physics simulation", "time-series transformer"]
