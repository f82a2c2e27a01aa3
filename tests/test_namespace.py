"""The Python vocabulary stays in step with the shipped ontology."""

from __future__ import annotations

from importlib import resources

from rdflib import OWL, RDF, Graph

from papergraph.namespace import ONTOLOGY_IRI, PG


def test_namespace_matches_ontology_terms():
    g = Graph().parse(data=resources.files("papergraph").joinpath("data/ontology.ttl").read_text(), format="turtle")
    terms = {str(s)[len(ONTOLOGY_IRI) :] for s in g.subjects(RDF.type, None) if str(s).startswith(ONTOLOGY_IRI)}
    declared = set(PG.__annotations__)
    assert terms == declared


def test_namespace_every_term_has_label_and_comment():
    from rdflib import RDFS

    g = Graph().parse(data=resources.files("papergraph").joinpath("data/ontology.ttl").read_text(), format="turtle")
    for term in PG.__annotations__:
        assert g.value(PG[term], RDFS.label) is not None, term
        assert g.value(PG[term], RDFS.comment) is not None, term
    assert (None, RDF.type, OWL.Ontology) in g
