"""spaCy components: the gazetteer matcher's rules, and a tokenizer cache left for the papers."""

from __future__ import annotations

import pytest
import spacy

from papergraph.extract.pipeline import build_nlp, process


def _known(text):
    nlp = build_nlp()
    doc = process(nlp, text)
    return [(s.text, s.label_) for s in doc.spans["pg_known"]]


def test_components_a_known_word_ending_a_longer_name_is_not_that_model():
    assert ("Transformer", "METHOD") not in _known("Title\n\nWe present the Audio Spectrogram Transformer for audio.")
    assert ("Transformer", "METHOD") in _known("Title\n\nWe compare with the Transformer on long inputs.")


def test_components_a_model_in_the_plural_is_that_model_but_a_kind_in_the_plural_is_not():
    found = _known("Title\n\nWe beat causal GPTs and bidirectional BERTs, but not GANs.")
    assert {("GPTs", "METHOD"), ("BERTs", "METHOD")} <= set(found)
    assert ("GANs", "METHOD") not in found  # the plural of a kind's acronym (data/concepts/acronyms.tsv)


def test_components_a_described_model_is_still_that_model():
    assert ("BERT", "METHOD") in _known("Title\n\nIt matches a Transformer-based BERT baseline on GLUE.")
    assert ("BERT", "METHOD") in _known("Title\n\nWe fine-tune a Pre-trained BERT on GLUE.")


def test_components_a_lowercase_family_of_another_model_is_not_the_transformer():
    assert ("transformers", "METHOD") not in _known("Title\n\nHierarchical vision transformers are slow.")
    assert ("transformers", "METHOD") not in _known("Title\n\nWe study detection transformers.")
    assert ("transformer", "METHOD") in _known("Title\n\nWe use the transformer encoder of the model.")


def test_components_a_name_needing_a_cue_counts_inside_a_list_the_cue_closes():
    found = _known("Title\n\nWe conduct experiments on CNN/DailyMail, Gigaword, and SQuAD 1.1 benchmarks.")
    assert ("Gigaword", "DATASET") in found
    assert ("Gigaword", "DATASET") not in _known("Title\n\nThe gigaword problem of Gigaword is old.")


def test_components_patterns_leave_the_tokenizer_cache_to_the_papers():
    nlp = build_nlp()
    assert nlp.tokenizer.max_cache_size == 10_000  # restored after the patterns were tokenized uncached


@pytest.mark.parametrize(
    "text,found",
    [
        ("We fine-tune on Pascal Context and NYU Depth V2.", {"PASCAL Context", "NYUv2"}),
        ("A new benchmark, Flores-200, and MT-bench.", {"FLoRes-200", "MT-Bench"}),
        ("We study the pascal context of names.", set()),  # not capitalised: no name
        ("Dawn of a new era: Burst photography.", set()),  # one word in capitals (DAWN, BURST) is a word
    ],
)
def test_components_distinctive_dataset_names_in_another_case(text, found):
    nlp = spacy.blank("en")
    nlp.add_pipe("pg_gazetteer")
    doc = nlp(text)
    assert {s.kb_id_ for s in doc.spans["pg_known"] if s.label_ == "DATASET"} == found
