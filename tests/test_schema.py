"""The schema table agrees with the ontology, and every view shows every kind and relation."""

from __future__ import annotations

import csv

from rdflib import OWL, RDF, RDFS, Graph

from papergraph import knowledge
from papergraph.namespace import PG
from papergraph.schema import KINDS, RELATIONS
from papergraph.views import html


def _ontology() -> Graph:
    return Graph().parse(data=knowledge.read_text("ontology.ttl"), format="turtle")


def test_schema_relations_are_the_ontologys_properties_between_node_classes():
    g = _ontology()
    node_classes = {k.cls for k in KINDS}
    between_nodes = {
        str(p)[len(str(PG)) :]
        for p in g.subjects(RDF.type, OWL.ObjectProperty)
        if ({g.value(p, RDFS.domain), g.value(p, RDFS.range)} - {None}) <= node_classes
    }
    assert between_nodes == {r.name for r in RELATIONS}
    for r in RELATIONS:  # the table's kinds respect the declared domain and range
        domain, range_ = g.value(r.iri, RDFS.domain), g.value(r.iri, RDFS.range)
        kinds = {k.name: k.cls for k in KINDS}
        assert domain is None or {kinds[s] for s in r.subjects} == {domain}, r.name
        assert range_ is None or {kinds[o] for o in r.objects} == {range_}, r.name
        assert str(g.value(r.iri, RDFS.label)) == r.label


def test_schema_every_kind_and_relation_reaches_every_view(sample_graph, tiny_graph, tmp_path):
    """The sample corpus has every kind and every relation read from text; cites come from
    reference lists, which the tiny corpus has (tests/data/tiny.jsonl)."""
    seen_nodes, seen_edges, seen_csv, stats = set(), set(), set(), {}
    for i, graph in enumerate((sample_graph, tiny_graph)):
        nxg = graph.to_networkx()
        seen_nodes |= {d["kind"] for _, d in nxg.nodes(data=True)}
        seen_edges |= {k for *_, k in nxg.edges(keys=True)}
        for key, n in graph.stats().items():
            stats[key] = stats.get(key, 0) + n
        graph.serialize(tmp_path / f"csv{i}", "csv")
        with open(tmp_path / f"csv{i}" / "edges.csv", encoding="utf-8") as f:
            seen_csv |= {row["relation"] for row in csv.DictReader(f)}
    assert seen_nodes == {k.name for k in KINDS}
    assert seen_edges == seen_csv == {r.name for r in RELATIONS}
    assert all(stats[k.plural] > 0 for k in KINDS) and all(stats[r.name] > 0 for r in RELATIONS)
    assert set(html.STYLE) == {k.name for k in KINDS} and set(html.EDGE_STYLE) == {r.name for r in RELATIONS}


def test_schema_an_unknown_relation_is_an_error_not_an_empty_view(tiny_graph):
    import pytest

    with pytest.raises(KeyError, match="improvesOn"):
        tiny_graph.to_networkx(relations=["improvedOn"])


def test_schema_every_relation_says_how_it_reads_both_ways():
    """The explorer's details group neighbours under these; a relation without them would
    show its neighbours under no heading."""
    assert all(r.headings[0] and r.headings[1] for r in RELATIONS)
