"""Per-document facts: relation candidates and their features, proposals of known and variant names."""

from __future__ import annotations

import re

import pytest

from papergraph.extract import extract_paper
from papergraph.extract.facts import doc_facts
from papergraph.extract.pipeline import build_nlp, paper_text, process
from papergraph.model import Paper


def _candidates(title, abstract):
    nlp = build_nlp()
    doc = process(nlp, paper_text(Paper(title, abstract)))
    out: list = []
    doc_facts(doc, nlp.get_pipe("pg_facts").rules, out)
    return out


def test_facts_candidates_carry_features_and_never_a_name():
    cands = _candidates("FooNet: X", "We propose FooNet. FooNet outperforms ResNet-50 and BarNet-2 on ImageNet.")
    assert {c.relation.predicate for c in cands} == {"improvesOn", "evaluatedOn"}
    for c in cands:
        assert all(re.fullmatch(r"[a-z_0-9]+", k) for k in c.features)
        assert not any(name.lower() in " ".join(c.features) for name in ("foonet", "resnet", "imagenet"))


def test_facts_a_known_name_is_proposed_as_the_verbs_object_and_whole():
    pf = extract_paper(Paper("Per-Pixel Classification Is Not All You Need", "We propose MaskFormer, a simple model."))
    assert ("MaskFormer", "proposes") in {(m.name, m.role) for m in pf.mentions}
    pf = extract_paper(
        Paper("A Backbone", "This paper presents a new vision Transformer, called Swin Transformer, that works.")
    )
    assert ("Swin Transformer", "proposes") in {(m.name, m.role) for m in pf.mentions}


def test_facts_size_variants_of_a_proposal_are_proposed():
    pf = extract_paper(
        Paper(
            "StarCoder 2: The Next Generation",
            "We introduce StarCoder 2. StarCoder2-15B outperforms CodeLlama-34B on math benchmarks.",
        )
    )
    proposed = {m.name for m in pf.mentions if m.role == "proposes"}
    assert {"StarCoder 2", "StarCoder2-15B"} <= proposed
    assert ("StarCoder2-15B", "improvesOn", "CodeLlama-34B") in {
        (r.subject, r.predicate, r.object) for r in pf.relations
    }


def test_facts_a_size_of_a_known_family_is_a_method_where_the_family_is_never_written_alone():
    """ "T5-Base" is a size of T5 even in a paper that never writes "T5" by itself."""
    f = extract_paper(Paper("SwitchNet: Sparse Experts", "We design models based off T5-Base and T5-Large."))
    assert {"T5-Base", "T5-Large"} <= {m.name for m in f.mentions if m.kind == "method"}


def test_facts_improves_on_is_a_comparison():
    f = extract_paper(Paper("BazFormer: Attention", "We present BazFormer. BazFormer improves on Longformer on LRA."))
    assert ("BazFormer", "improvesOn", "Longformer") in {(r.subject, r.predicate, r.object) for r in f.relations}


@pytest.mark.parametrize(
    "abstract,name",
    [
        ("We study attention on phones. The improved model, BazViTV2, is state-of-the-art on ImageNet.", "BazViTV2"),
        (
            "We present three techniques: 1) a post-norm; 2) a log-spaced bias; 3) A self-supervised "
            "pre-training method, SimQux, to reduce the need for labels.",
            "SimQux",
        ),
    ],
)
def test_facts_a_name_set_off_after_the_papers_own_model_is_proposed(abstract, name):
    pf = extract_paper(Paper("A Study of Efficient Vision Models", abstract))
    assert (name, "proposes") in {(m.name, m.role) for m in pf.mentions}


def test_facts_a_name_set_off_after_another_model_is_not_proposed():
    pf = extract_paper(Paper("A Study", "We compare with a strong model, BarNetV2, on ImageNet."))
    assert ("BarNetV2", "proposes") not in {(m.name, m.role) for m in pf.mentions}
