"""The extraction pipeline as a whole: spaCy's tokenizer as papergraph sets it up."""

from __future__ import annotations

import pytest

from papergraph.extract import build_nlp, extract_paper
from papergraph.model import Paper


@pytest.mark.parametrize(
    "sentence,name",
    [
        ("We evaluate FooNet on ImageNet-1K.", "ImageNet"),
        ("We evaluate FooNet on ADE20K.", "ADE20K"),
        ("FooNet is faster than GPT-4V.", "GPT-4V"),
        ("FooNet is smaller than LLaMA-7B.", "LLaMA-7B"),
    ],
)
def test_extract_pipeline_a_name_ending_a_sentence_is_found(sentence, name):
    # spaCy keeps a full stop after a capital ("U.S."); after "1K", "4V", "7B" it is no initial
    pf = extract_paper(Paper("FooNet: Sparse Kernels", "We propose FooNet. " + sentence))
    assert name in {m.name for m in pf.mentions}


def test_extract_pipeline_initials_keep_their_stops():
    assert [t.text for t in build_nlp().make_doc("the U.S. army, e.g. here.")] == [
        "the",
        "U.S.",
        "army",
        ",",
        "e.g.",
        "here",
        ".",
    ]


def test_extract_pipeline_a_size_broken_at_its_hyphen_is_one_name():
    pf = extract_paper(Paper("FooCoder: X", "Our large model, FooCoder- 15B, outperforms BarLM- 34B on code."))
    assert {"FooCoder-15B", "BarLM-34B"} <= {m.name for m in pf.mentions} | {a for m in pf.mentions for a in m.aliases}
