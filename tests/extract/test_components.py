"""spaCy components: the gazetteer matcher's rules, and a tokenizer cache left for the papers."""

from __future__ import annotations

from papergraph.extract.pipeline import build_nlp, process


def _known(text):
    nlp = build_nlp()
    doc = process(nlp, text)
    return [(s.text, s.label_) for s in doc.spans["pg_known"]]


def test_components_a_known_word_ending_a_longer_name_is_not_that_model():
    assert ("Transformer", "METHOD") not in _known("Title\n\nWe present the Audio Spectrogram Transformer for audio.")
    assert ("Transformer", "METHOD") in _known("Title\n\nWe compare with the Transformer on long inputs.")


def test_components_a_name_needing_a_cue_counts_inside_a_list_the_cue_closes():
    found = _known("Title\n\nWe conduct experiments on CNN/DailyMail, Gigaword, and SQuAD 1.1 benchmarks.")
    assert ("Gigaword", "DATASET") in found
    assert ("Gigaword", "DATASET") not in _known("Title\n\nThe gigaword problem of Gigaword is old.")


def test_components_patterns_leave_the_tokenizer_cache_to_the_papers():
    nlp = build_nlp()
    assert nlp.tokenizer.max_cache_size == 10_000  # restored after the patterns were tokenized uncached
