"""The networkx view: kinds, labels, paper counts, relation filters, symmetric edges once."""

from __future__ import annotations

import pytest

from papergraph.schema import RELATION_NAMES


def test_networkx_nodes_carry_kind_label_and_paper_counts(tiny_graph):
    g = tiny_graph.to_networkx()
    foonet = tiny_graph.find("FooNet").iri
    assert g.nodes[foonet]["kind"] == "method" and g.nodes[foonet]["label"] == "FooNet"
    assert g.nodes[foonet]["papers"] == tiny_graph.find("FooNet").papers >= 2  # proposed and compared
    assert {k for *_, k in g.edges(keys=True)} <= set(RELATION_NAMES)


def test_networkx_filters_keep_only_what_is_asked(tiny_graph):
    g = tiny_graph.to_networkx(kinds=["method"], relations=["improvesOn"])
    assert {a["kind"] for _, a in g.nodes(data=True)} == {"method"}
    assert {k for *_, k in g.edges(keys=True)} == {"improvesOn"}
    assert all("evidence" in a and 0 < a["confidence"] <= 1 for *_, a in g.edges(data=True))


def test_networkx_shares_concept_once_per_pair(sample_graph):
    g = sample_graph.to_networkx(kinds=["paper"], relations=["sharesConcept"])
    pairs = [(s, o) for s, o in g.edges()]
    assert pairs and all(s < o for s, o in pairs) and len(set(pairs)) == len(pairs)


def test_networkx_an_unknown_relation_names_the_known_ones(tiny_graph):
    with pytest.raises(KeyError, match="hasRepository"):
        tiny_graph.to_networkx(relations=["hasRepo"])
