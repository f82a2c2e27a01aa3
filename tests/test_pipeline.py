"""The corpus-wide steps take only the options they know."""

from __future__ import annotations

import pytest

from papergraph import PaperGraph
from papergraph.concepts import DEFAULTS


def test_pipeline_a_misspelt_concept_option_is_an_error_not_a_silent_default(tmp_path):
    with pytest.raises(TypeError, match="'kk'"):
        PaperGraph.build_records(
            [{"title": "A", "abstract": "We propose FooNet."}], tmp_path / "g", concept_options={"kk": 1}
        )
    assert not (tmp_path / "g").exists()  # refused before anything was written


def test_pipeline_concept_options_change_the_graph():
    records = [
        {
            "title": f"Paper {i}",
            "abstract": "We study token pruning, knowledge distillation, "
            "semantic segmentation and linear attention for vision transformers.",
        }
        for i in range(3)
    ]
    one = PaperGraph.build_records(records, concept_options={"k": 1}).stats()["hasConcept"]
    many = PaperGraph.build_records(records, concept_options={"k": DEFAULTS["k"]}).stats()["hasConcept"]
    assert one == 3 < many
