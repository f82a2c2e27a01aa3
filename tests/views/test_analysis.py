"""Network analysis: influence, communities, idea paths, and their place in exports."""

from __future__ import annotations

import networkx as nx
import pytest

from papergraph.views.analysis import communities, idea_path, influence


def test_analysis_influence_ranks_what_is_improved_on(tiny_graph):
    rank = influence(tiny_graph.to_networkx())
    by_label = {a["label"]: rank[n] for n, a in tiny_graph.to_networkx().nodes(data=True)}
    assert (
        by_label["ResNet-50"] > by_label["BarFormer"] and by_label["FooNet"] > by_label["BarFormer"]
    )  # nothing improves on BarFormer
    assert by_label["ImageNet"] > by_label["BarFormer"]
    assert abs(sum(rank.values()) - 1.0) < 1e-6


def test_analysis_communities_split_two_cliques():
    g = nx.MultiDiGraph()
    for a, b in [("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")]:
        g.add_edge(a, b, key="sharesConcept", weight=0.1 if (a, b) == ("c", "x") else 5.0)
    parts = communities(g)
    assert parts["a"] == parts["b"] == parts["c"] != parts["x"] == parts["y"] == parts["z"]


def test_analysis_idea_path_goes_through_concepts():
    g = nx.MultiDiGraph()
    for n, kind in [("p1", "paper"), ("p2", "paper"), ("p3", "paper"), ("c1", "concept"), ("c2", "concept")]:
        g.add_node(n, kind=kind)
    g.add_edge("p1", "c1", key="hasConcept")
    g.add_edge("p2", "c1", key="hasConcept")
    g.add_edge("p2", "c2", key="hasConcept")
    g.add_edge("p3", "c2", key="hasConcept")
    assert idea_path(g, "p1", "p3") == ["p1", "c1", "p2", "c2", "p3"]
    g.add_node("p4", kind="paper")
    with pytest.raises(nx.NetworkXNoPath):
        idea_path(g, "p1", "p4")


def test_analysis_written_attributes_reach_the_exports(tmp_path, data_dir):
    from papergraph import PaperGraph

    path = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], path)
    g = PaperGraph.open(path, read_only=False)
    counts = g.write_analysis()
    assert counts["pagerank"] == g.to_networkx().number_of_nodes()
    g.serialize(tmp_path / "g.graphml", "graphml")
    exported = nx.read_graphml(tmp_path / "g.graphml")
    assert all("pagerank" in a for _, a in exported.nodes(data=True))


def test_analysis_write_refuses_a_read_only_graph(tmp_path, data_dir):
    from papergraph import PaperGraph, PapergraphError

    PaperGraph.build([data_dir / "tiny.jsonl"], tmp_path / "g")
    with pytest.raises(PapergraphError, match="read_only=False"):
        PaperGraph.open(tmp_path / "g").write_analysis()
