"""The learned decision over relation candidates: what it keeps, and how it is fitted."""

from __future__ import annotations

import pytest

from papergraph.extract import decide, extract_paper
from papergraph.model import Paper


def _relations(abstract: str, title: str = "FooNet: A Test"):
    return {(r.subject, r.predicate, r.object): r for r in extract_paper(Paper(title, abstract)).relations}


def test_decide_an_outperforming_claim_is_kept_with_the_models_probability():
    rels = _relations("We propose FooNet. FooNet outperforms ResNet-50 by 2.1% top-1 accuracy on ImageNet.")
    kept = rels[("FooNet", "improvesOn", "ResNet-50")]
    model = decide.models()["improvesOn"]
    assert model["threshold"] <= kept.confidence <= 1.0


def test_decide_parity_alone_is_not_improvement_parity_at_lower_cost_is():
    # GUIDELINES: "comparable to", "competitive with" alone do not count; the annotations
    # count parity with fewer parameters or lower cost ("matches BERT-base with 27% fewer parameters")
    alone = _relations("We propose FooNet. FooNet achieves accuracy comparable to ResNet-50.")
    assert not any(p == "improvesOn" for _, p, _ in alone)
    cheaper = _relations("We propose FooNet. FooNet achieves accuracy comparable to ResNet-50 with fewer parameters.")
    assert ("FooNet", "improvesOn", "ResNet-50") in cheaper


def test_decide_a_negated_comparison_is_not_improvement():
    for abstract in (
        "We propose FooNet. FooNet fails to outperform ResNet-50.",
        "We propose FooNet. FooNet does not surpass ResNet-50, but it is smaller.",
    ):
        assert not any(p == "improvesOn" for _, p, _ in _relations(abstract)), abstract


def test_decide_without_a_model_every_candidate_keeps_its_rule_confidence(monkeypatch):
    monkeypatch.setattr(decide, "models", lambda: {})
    assert decide.decide("improvesOn", {"strong": 1.0}, 0.7) == 0.7


def test_decide_probability_is_logistic_in_the_features():
    model = {"bias": 0.0, "weights": {"a": 1.0, "b": -1.0}, "threshold": 0.5}
    assert decide.probability(model, {"a": 1.0, "b": 1.0}) == pytest.approx(0.5)
    assert decide.probability(model, {"a": 1000.0}) == pytest.approx(1.0)  # clipped, no overflow
    assert decide.decide("nothing-fitted", {}, 0.4) == 0.4


def test_decide_shipped_weights_name_features_never_names():
    import re

    for predicate, model in decide.models().items():
        assert predicate in ("improvesOn", "evaluatedOn")
        assert all(re.fullmatch(r"[a-z_0-9]+", k) for k in model["weights"]), model["weights"]
