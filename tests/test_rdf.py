"""Resolved corpus → N-Triples: terms escaped, a claim per extracted edge, what rdflib reads."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef

from papergraph.model import Paper
from papergraph.namespace import PG
from papergraph.rdf import analysis_lines, iri, literal, ntriples
from papergraph.resolve import Resolution


def test_rdf_terms_are_escaped_so_hostile_text_stays_a_literal():
    assert iri('https://x/a b"c') == "<https://x/a%20b%22c>"
    text = 'He said "hi"\n\\ and left'
    g = Graph().parse(data=f"<https://x/s> <https://x/p> {literal(text)} .\n", format="nt")
    assert g.value(URIRef("https://x/s"), URIRef("https://x/p")) == Literal(text)


def test_rdf_every_extracted_edge_has_a_claim_with_evidence(tiny_graph):
    g = Graph().parse(data=tiny_graph.ntriples(), format="nt")
    edges = [(s, p, o) for p in (PG.improvesOn, PG.evaluatedOn) for s, o in g.subject_objects(p)]
    assert edges
    for s, p, o in edges:
        claims = set(g.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#subject"), s))
        assert any(
            (c, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#object"), o) in g and g.value(c, PG.evidence)
            for c in claims
        ), (s, p, o)


def test_rdf_paper_lines_parse_and_analysis_values_are_typed():
    res = Resolution(papers={"https://x/p": Paper("A Title: with a colon", "An abstract.")})
    g = Graph().parse(data="".join(ntriples(res)), format="nt")
    assert str(g.value(URIRef("https://x/p"), URIRef("http://purl.org/dc/terms/title"))) == "A Title: with a colon"
    g = Graph().parse(data="".join(analysis_lines({"https://x/m": 0.125}, {"https://x/m": 3})), format="nt")
    assert g.value(URIRef("https://x/m"), PG.pagerank).toPython() == 0.125
    assert g.value(URIRef("https://x/m"), PG.community).toPython() == 3
