"""Extraction rules on small hand-made sentences."""

from __future__ import annotations

import pytest

from papergraph.extract import extract_paper
from papergraph.extract.rules import Rules, normalize_repository
from papergraph.model import THIS_PAPER, Paper


@pytest.fixture(scope="module")
def rules():
    return Rules()


def facts_of(title, abstract):
    f = extract_paper(Paper(title, abstract))
    mentions = {(m.name, m.kind, m.role) for m in f.mentions}
    relations = {(r.subject, r.predicate, r.object) for r in f.relations}
    return mentions, relations, f


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://github.com/sail-sg/poolformer.", "https://github.com/sail-sg/poolformer"),
        ("https://github.com/x/y.git", "https://github.com/x/y"),
        ("https://github.com/x/y/tree/main", "https://github.com/x/y"),
        ("https://github.com/x/y/tree/main/src", "https://github.com/x/y/tree/main/src"),
        ("https://ma-lab-berkeley.github.io/CRATE", "https://ma-lab-berkeley.github.io/CRATE"),
        ("http://www.github.com/x/y)", "https://github.com/x/y"),
        (
            "https://gitee.com/mindspore/models/tree/master/research/cv/TNT.",
            "https://gitee.com/mindspore/models/tree/master/research/cv/TNT",
        ),
        ("https://example.org/paper", None),
    ],
)
def test_rules_normalize_repository(url, expected):
    assert normalize_repository(url) == expected


def test_rules_every_github_link_of_a_text_is_found(rules):
    text = "Code: https://github.com/a/b. Also github.com/c/d, and https://gitlab.com/e/f."
    assert [u for u, _ in rules.repositories(text)] == [
        "https://github.com/a/b",
        "https://github.com/c/d",
        "https://gitlab.com/e/f",
    ]


@pytest.mark.parametrize(
    "word,namelike",
    [
        ("RMT", True),
        ("kMaX-DeepLab", True),
        ("FlashAttention-2", True),
        ("T5", True),
        ("mT5", True),
        ("CNNs", False),
        ("LLMs", False),
        ("SOTA", False),
        ("3x", False),
        ("16K", False),
        ("the", False),
    ],
)
def test_rules_name_shape(rules, word, namelike):
    assert rules.is_namelike(word) is namelike


def test_rules_acronym_definition_pairs_long_and_short(rules):
    pairs = {(lf, sf) for lf, sf, *_ in rules.acronym_pairs("We build a Large Brain Model (LaBraM) on EEG.")}
    assert ("Large Brain Model", "LaBraM") in pairs


def test_rules_title_colon_names_the_proposed_method():
    mentions, _, _ = facts_of("TokenFormer: Rethinking Transformer Scaling", "We study scaling.")
    assert ("TokenFormer", "method", "proposes") in mentions


def test_rules_acronym_in_proposal_sentence_is_proposed_with_its_long_form():
    _, _, f = facts_of(
        "Learning Generic EEG Representations",
        "We propose a unified foundation model called Large Brain Model (LaBraM) for EEG.",
    )
    proposed = [m for m in f.mentions if m.role == "proposes"]
    assert [m.name for m in proposed] == ["LaBraM"]
    assert "Large Brain Model" in proposed[0].aliases


def test_rules_improves_on_resolves_our_method_to_the_proposed_one():
    _, relations, f = facts_of(
        "FooNet: Sparse Kernels", "We propose FooNet. Our model outperforms ResNet-50 and DeiT on ImageNet."
    )
    assert ("FooNet", "improvesOn", "ResNet-50") in relations
    assert ("FooNet", "improvesOn", "DeiT") in relations
    assert all(r.evidence.startswith("Our model outperforms") for r in f.relations if r.predicate == "improvesOn")


def test_rules_evaluated_on_links_the_method_to_each_dataset():
    _, relations, _ = facts_of(
        "FooNet: Sparse Kernels", "We propose FooNet. Experiments on CIFAR-10 and COCO show gains."
    )
    assert {("FooNet", "evaluatedOn", "CIFAR-10"), ("FooNet", "evaluatedOn", "COCO")} <= relations


def test_rules_unnamed_method_is_this_paper():
    _, relations, _ = facts_of("Better Sparse Kernels", "We achieve 81% accuracy on ImageNet with our approach.")
    assert (THIS_PAPER, "evaluatedOn", "ImageNet") in relations


def test_rules_generic_class_nouns_are_not_methods():
    mentions, _, _ = facts_of("Thoughts on Models", "CNNs, RNNs and LLMs dominate NLP, and SOTA moves fast.")
    assert not [m for m in mentions if m[1] == "method" and m[0] in {"CNNs", "RNNs", "LLMs", "NLP", "SOTA"}]


def test_rules_dataset_right_after_a_comparison_is_a_compared_system():
    mentions, relations, _ = facts_of(
        "FlatFormer: Flattened Window Attention",
        "FlatFormer delivers accuracy on Waymo Open Dataset with 4.6x speedup over SST.",
    )
    assert ("SST", "method", "mentions") in mentions
    assert ("FlatFormer", "improvesOn", "SST") in relations


def test_rules_a_benchmark_year_is_a_dataset_and_its_longest_name_wins():
    mentions, _, _ = facts_of("Optimizers", "We test on WMT'14 machine translation, and FooNet on WMT'14 En-De.")
    datasets = {m[0] for m in mentions if m[1] == "dataset"}
    assert {"WMT 2014", "WMT'14 En-De"} <= datasets
    assert not [m for m in mentions if m[1] == "method" and m[0].startswith("WMT")]


def test_rules_an_acronym_after_for_is_the_domain_not_the_proposal():
    mentions, _, _ = facts_of(
        "Code Models",
        "We present FooCode, a bimodal pre-trained model for programming language (PL) and natural language (NL).",
    )
    proposed = {m[0] for m in mentions if m[2] == "proposes"}
    assert "FooCode" in proposed and not proposed & {"PL", "NL"}


def test_rules_a_capitalised_naming_word_belongs_to_a_name():
    mentions, _, _ = facts_of(
        "KLUE", "KLUE covers 8 tasks, including Topic Classification and Named Entity Recognition."
    )
    assert not [m for m in mentions if m[0] == "Entity"]


def test_rules_an_acronym_followed_by_benchmark_is_a_proposed_dataset():
    mentions, _, _ = facts_of(
        "Evaluation for Korean",
        "We introduce Korean Language Understanding Evaluation (KLUE) benchmark. KLUE is a collection of 8 tasks.",
    )
    assert ("KLUE", "dataset", "proposes") in mentions


def test_rules_a_naming_word_names_what_follows_it_not_a_later_acronym():
    mentions, _, _ = facts_of(
        "Cross-lingual Learning",
        "Our model, dubbed FooXL, significantly outperforms multilingual BERT (mBERT) on many benchmarks.",
    )
    roles = {m[0]: m[2] for m in mentions if m[1] == "method"}
    assert roles.get("FooXL") == "proposes" and roles.get("mBERT") == "mentions"


def test_rules_an_acronym_long_form_stays_in_its_clause():
    pairs = Rules().acronym_pairs(
        "Our model, dubbed XLM-R, outperforms multilingual BERT (mBERT) and a Large Brain Model (LaBraM)."
    )
    assert [p[:2] for p in pairs] == [("multilingual BERT", "mBERT"), ("Large Brain Model", "LaBraM")]
