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


def test_schema_every_kind_and_relation_reaches_every_view(sample_graph, tmp_path):
    nxg = sample_graph.to_networkx()
    assert {d["kind"] for _, d in nxg.nodes(data=True)} == {k.name for k in KINDS}
    assert {k for *_, k in nxg.edges(keys=True)} == {r.name for r in RELATIONS}
    stats = sample_graph.stats()
    assert all(stats[k.plural] > 0 for k in KINDS) and all(stats[r.name] > 0 for r in RELATIONS)
    assert set(html.STYLE) == {k.name for k in KINDS} and set(html.EDGE_STYLE) == {r.name for r in RELATIONS}
    sample_graph.serialize(tmp_path / "csv", "csv")
    with open(tmp_path / "csv" / "edges.csv", encoding="utf-8") as f:
        assert {row["relation"] for row in csv.DictReader(f)} == {r.name for r in RELATIONS}


def test_schema_an_unknown_relation_is_an_error_not_an_empty_view(tiny_graph):
    import pytest

    with pytest.raises(KeyError, match="improvesOn"):
        tiny_graph.to_networkx(relations=["improvedOn"])
