"""Corpus-wide resolution: one entity per thing, stable IRIs, edges to the right entities."""

from __future__ import annotations

from papergraph.model import THIS_PAPER, Mention, Paper, PaperFacts, Relation
from papergraph.resolve import name_key, paper_iri, resolve


def test_resolve_acronym_case_hyphen_and_plural_variants_merge():
    facts = [
        PaperFacts(Paper("A"), (Mention("ViT", "method", aliases=("Vision Transformer",)),)),
        PaperFacts(Paper("B"), (Mention("vision-transformers", "method"),)),
        PaperFacts(Paper("C"), (Mention("VIT", "method"),)),
    ]
    res = resolve(facts)
    methods = [e for e in res.entities.values() if e.kind == "method"]
    assert len(methods) == 1 and methods[0].label == "ViT"
    assert {"Vision Transformer", "vision-transformers", "VIT"} <= methods[0].aliases


def test_resolve_dataset_and_method_of_one_name_stay_distinct_entities():
    facts = [PaperFacts(Paper("A"), (Mention("SST", "dataset"), Mention("SST", "method")))]
    kinds = sorted(e.kind for e in resolve(facts).entities.values())
    assert kinds == ["dataset", "method"]


def test_resolve_iris_are_deterministic_and_readable():
    facts = [PaperFacts(Paper("Swin Transformer: Hierarchical"), (Mention("Swin Transformer", "method", "proposes"),))]
    a, b = resolve(facts), resolve(list(facts))
    assert list(a.entities) == list(b.entities) == ["https://w3id.org/papergraph/resource/method/swin-transformer"]
    assert paper_iri(Paper("Swin Transformer: Hierarchical")) == paper_iri(Paper("swin transformer  hierarchical"))


def test_resolve_this_paper_subject_becomes_the_paper():
    p = Paper("Unnamed Method")
    facts = [
        PaperFacts(
            p,
            (Mention("ImageNet", "dataset"),),
            (Relation(THIS_PAPER, "evaluatedOn", "ImageNet", "We test on ImageNet.", "r", 0.7),),
        )
    ]
    res = resolve(facts)
    (edge,) = [e for e in res.edges if e.predicate == "evaluatedOn"]
    assert edge.subject == paper_iri(p) and edge.evidence == "We test on ImageNet."


def test_resolve_relation_to_wrong_kind_is_dropped():
    facts = [
        PaperFacts(
            Paper("X"),
            (Mention("Foo", "method"), Mention("COCO", "dataset")),
            (Relation("Foo", "improvesOn", "COCO", "s", "r", 0.7),),
        )
    ]
    assert not [e for e in resolve(facts).edges if e.predicate == "improvesOn"]


def test_resolve_min_confidence_drops_weak_edges():
    facts = [PaperFacts(Paper("X"), (Mention("Foo", "method", confidence=0.3), Mention("COCO", "dataset")))]
    assert [e.predicate for e in resolve(facts, min_confidence=0.5).edges] == ["mentions"]


def test_resolve_name_key_matches_the_scorer_rules():
    assert name_key("ImageNet-1K") == name_key("imagenet 1k") and name_key("LSTMs") == name_key("LSTM")


def test_resolve_paper_counts_count_each_naming_paper_once():
    facts = [
        PaperFacts(
            Paper("A"), (Mention("ImageNet", "dataset"), Mention("imagenet", "dataset"), Mention("ResNet", "method"))
        ),
        PaperFacts(Paper("B"), (Mention("ImageNet", "dataset"),)),
        PaperFacts(Paper("C"), (Mention("BERT", "method"),)),
    ]
    res = resolve(facts)
    counts = {res.entities[e].label: n for e, n in res.paper_counts().items()}
    assert counts == {"ImageNet": 2, "ResNet": 1, "BERT": 1}
