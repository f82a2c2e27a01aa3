"""Questions over the graph: typed records, alias-aware lookup, paths and filters."""

from __future__ import annotations

import pytest

from papergraph import EntityNotFoundError
from papergraph.questions import EntityRecord, PaperRecord


def test_questions_find_resolves_aliases_and_suggests_near_misses(tiny_graph):
    assert tiny_graph.find("resnet50").label == "ResNet-50"
    assert tiny_graph.find("Vision Transformer", "method").label == "ViT"
    with pytest.raises(EntityNotFoundError, match="did you mean 'FooNet'"):
        tiny_graph.find("FoNet")


def test_questions_improvements_over_are_transitive_with_paths(tiny_graph):
    found = {i.method: i.path for i in tiny_graph.improvements_over("ResNet-50")}
    assert found == {"FooNet": ("FooNet", "ResNet-50"), "BarFormer": ("BarFormer", "FooNet", "ResNet-50")}
    direct = {i.method for i in tiny_graph.improvements_over("ResNet-50", transitive=False)}
    assert direct == {"FooNet"}


def test_questions_lineage_both_ways(tiny_graph):
    lin = tiny_graph.lineage("FooNet")
    assert {i.method for i in lin["builds_on"]} == {"ResNet-50", "ViT"}
    assert [i.method for i in lin["built_on_by"]] == ["BarFormer"]


def test_questions_evaluated_on_keeps_evidence(tiny_graph):
    (ev,) = tiny_graph.evaluated_on("CIFAR10")
    assert ev.what == "FooNet" and "CIFAR-10" in ev.evidence and 0 < ev.confidence <= 1


def test_questions_papers_filters(tiny_graph):
    assert [p.title[:6] for p in tiny_graph.papers(has_code=True)] == ["FooNet", "BarFor"]
    assert [p.date for p in tiny_graph.papers(since="2024-01-01")] == ["2024-01-15"]
    assert [p.title[:6] for p in tiny_graph.papers(dataset="Long Range Arena")] == ["BarFor"]
    assert all(isinstance(p, PaperRecord) for p in tiny_graph.papers())


def test_questions_entity_listings_count_papers(tiny_graph):
    methods = {m.label: m.papers for m in tiny_graph.methods()}
    assert methods["Longformer"] == 2 and methods["FooNet"] == 2
    assert all(isinstance(d, EntityRecord) and d.kind == "dataset" for d in tiny_graph.datasets())
    assert {r.label for r in tiny_graph.repositories()} == {
        "https://github.com/example/foonet",
        "https://github.com/example/barformer",
    }


def test_questions_as_frame_needs_pandas_or_says_so(tiny_graph):
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="pip install pandas"):
            tiny_graph.methods(as_frame=True)
    else:
        assert list(tiny_graph.methods(as_frame=True).columns) == ["iri", "kind", "label", "papers"]


def test_questions_similar_papers_on_sample(sample_graph):
    mamba = "Mamba: Linear-Time Sequence Modeling with Selective State Spaces"
    similar = sample_graph.similar_papers(mamba, k=5)
    assert 0 < len(similar) <= 5 and all(s.shared for s in similar)
    assert [s.weight for s in similar] == sorted((s.weight for s in similar), reverse=True)
