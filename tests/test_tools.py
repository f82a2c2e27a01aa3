"""The maintainers' tools under tools/: what they report must follow from their input."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from papergraph.concepts import candidates
from papergraph.extract.terms import Term
from papergraph.model import Paper, PaperFacts

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _tool(name):
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_concept_ceiling_oracle_finds_what_the_ranking_puts_below_the_cut():
    fit = _tool("fit_concept_ranking")
    # Twelve phrases, the more used the better ranked; the annotation wants the eighth.
    phrases = [f"{w} layout" for w in "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda omicron".split()]
    pf = PaperFacts(Paper("T", "x"), (), (), tuple(Term(p, 40 - 3 * i, False) for i, p in enumerate(phrases)))
    found = candidates(pf, {}, 10)
    assert [c.label for c in found] == phrases
    wanted = {fit.norm("theta layout")}
    report = dict(fit.ceiling([(found, None, None, None, wanted)], k=6))
    assert report["top 6 as shipped"] == 0.0
    assert report["oracle in top 10"] == report["oracle in all"] == 2 * (1 / 6) / (1 / 6 + 1)
    assert report["oracle in top 15"] == report["oracle in top 10"]


def test_fit_relations_refits_the_shipped_weights_and_cross_validates_by_paper():
    import json

    import numpy as np

    fit = _tool("fit_relations")
    shipped = json.loads(fit.OUT.read_text())
    sets = {"dev": fit.examples("dev"), "external-dev": fit.examples("external")}
    assert len(sets["dev"]) == 60 and len(sets["external-dev"]) == 90  # every annotated paper is used
    everything = sets["dev"] + sets["external-dev"]
    for predicate in fit.FIELDS:
        keys = sorted(shipped[predicate]["weights"])
        full = fit.fit_and_score(everything, everything, predicate, keys)
        assert full["threshold"] == shipped[predicate]["threshold"]
        assert np.allclose(full["w"], [shipped[predicate]["weights"][k] for k in keys], atol=1e-3)
        # folds hold whole papers: every test paper's gold pairs are counted once
        cv = fit.cross_validate(everything, predicate, keys, folds=5)
        assert cv["tp"] + cv["fn"] == sum(p["gold"][predicate] for p in everything)
