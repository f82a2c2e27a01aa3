"""Key-phrase candidates: n-grams, singulars, acronyms defined by the paper or known to the field."""

from __future__ import annotations

from papergraph.extract.terms import key_phrases


def _terms(title, abstract, acronyms=()):
    return {t.phrase: t for t in key_phrases(title, abstract, list(acronyms))}


def test_terms_a_known_acronym_counts_for_its_long_form():
    terms = _terms("Pruning LLMs to the Bone", "Pruned LLMs lose little. We prune an LLM twice.")
    assert terms["large language model"].frequency == 3
    assert terms["large language model"].in_title and terms["large language model"].in_claim


def test_terms_a_paper_defining_an_acronym_otherwise_wins():
    # "LM" is the field's "language model"; this paper defines it as something else
    terms = _terms(
        "Lattice Machines", "A lattice machine (LM) is fast. Each LM is small.", acronyms=[("lattice machine", "LM")]
    )
    assert "language model" not in terms
    assert terms["lattice machine"].frequency == 3  # title, definition, one more use
    assert terms["lattice machine"].acronym and not terms["lattice"].acronym


def test_terms_plurals_are_singular_and_vocabulary_phrases_may_hold_of():
    terms = _terms("Mixture of Experts for Vision Transformers", "Vision transformers route tokens.")
    assert terms["vision transformer"].frequency == 2
    assert terms["mixture of expert"].in_title  # the vocabulary's "mixture of experts", singularised


def test_terms_keep_dimensions_and_break_at_other_numbers():
    terms = _terms(
        "3D Object Detection from 2D Images", "We train 12 models for 6D pose estimation with ResNet50 backbones."
    )
    assert {"3d object detection", "2d image", "6d pose estimation"} <= set(terms)
    assert not any(t[0].isdigit() and not t.startswith(("2d", "3d", "6d")) for t in terms)  # no "12 model"
    assert "resnet" in terms and "resnet50 backbone" not in terms


def test_terms_a_possessive_ends_a_phrase():
    terms = _terms("MetaFormer's Baselines", "Attention's quadratic complexity limits the models' context.")
    assert {"metaformer", "attention", "quadratic complexity"} <= set(terms)
    assert not any("'" in t for t in terms)
