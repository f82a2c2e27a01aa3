"""Name normalisation: one function whose variants agree with the scorer and with each other."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from papergraph.names import fold, name_key, slug, title_key

SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"
SAMPLES = [
    "Vision-Transformers",
    "C++",
    "ImageNet-1K",
    "LSTMs",
    "Bus",
    "GPT-4o",
    "α-Net",
    "BERT_base",
    "T5 (Large)",
    "Ｆｕｌｌ－ｗｉｄｔｈ",
    "ResNet+",
    "Mixture of Experts",
    "  spaced  out  ",
    "CO2",
]


def test_names_name_keys_merge_spelling_variants_of_one_name():
    assert name_key("Vision-Transformers") == name_key("vision transformer")
    assert name_key("ImageNet-1K") == name_key("imagenet 1k") and name_key("LSTMs") == name_key("LSTM")
    assert name_key("C++") != name_key("C")  # a name key keeps "+": C++ is not C


def test_names_title_keys_keep_every_letter_and_never_fold_a_plural():
    assert title_key("BERT: Pre-training!") == title_key("bert  pre training")
    assert title_key("Graph Networks") != title_key("Graph Network")


@pytest.mark.skipif(not SCORER.is_file(), reason="../shared/eval/score.py is not beside the checkout")
def test_names_gold_style_is_the_scorers_normalisation():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    assert [fold(s, "gold") for s in SAMPLES] == [score.norm(s) for s in SAMPLES]


def test_names_slugs_are_iri_safe():
    assert slug("Swin Transformer") == "swin-transformer" and slug("C++") == "c-plus-plus"
    assert all(set(slug(s)) <= set("abcdefghijklmnopqrstuvwxyz0123456789-") for s in SAMPLES)
