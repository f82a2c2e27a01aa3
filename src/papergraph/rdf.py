"""Resolved corpus → RDF triples, following ``data/ontology.ttl``.

Triples are produced as rdflib terms, one paper at a time, so that a store can load a
large corpus as a stream (:func:`ntriples_lines`) without an rdflib ``Graph`` in memory.
"""
from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Iterable, Iterator

from rdflib import RDF, RDFS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS

from .namespace import CLASS_OF_KIND, DEFAULT_BASE, PG
from .resolve import Resolution

Triple = tuple[URIRef, URIRef, object]

_SCHEMA_URL = URIRef("https://schema.org/url")


def _decimal(x: float) -> Literal:
    return Literal(Decimal(str(round(float(x), 4))), datatype=XSD.decimal)


def claim_iri(edge, base: str = DEFAULT_BASE) -> URIRef:
    """A stable IRI for the claim behind one edge of one paper."""
    key = "\x1f".join((edge.subject, edge.predicate, edge.object, edge.paper))
    return URIRef(f"{base}claim/{hashlib.sha1(key.encode()).hexdigest()[:16]}")


def triples(res: Resolution, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """Every triple of the graph: papers, entities, edges and their claims."""
    for iri, paper in res.papers.items():
        p = URIRef(iri)
        yield p, RDF.type, PG.Paper
        yield p, DCTERMS.title, Literal(paper.title)
        if paper.abstract:
            yield p, DCTERMS.abstract, Literal(paper.abstract)
        if paper.date:
            yield p, DCTERMS.date, Literal(paper.date, datatype=XSD.date)
        if paper.date_text:
            yield p, PG.dateText, Literal(paper.date_text)
        for author in paper.authors:
            yield p, DCTERMS.creator, Literal(author)
        if paper.author_count is not None:
            yield p, PG.authorCount, Literal(paper.author_count)
        if paper.upvotes is not None:
            yield p, PG.upvotes, Literal(paper.upvotes)
        if paper.url:
            yield p, _SCHEMA_URL, Literal(paper.url, datatype=XSD.anyURI)
        if paper.arxiv_id:
            yield p, PG.arxivId, Literal(paper.arxiv_id)
        for source in paper.sources:
            yield p, PG.readFrom, Literal(source)
    for iri, ent in res.entities.items():
        e = URIRef(iri)
        yield e, RDF.type, CLASS_OF_KIND[ent.kind]
        yield e, RDFS.label, Literal(ent.label)
        if ent.kind == "concept":
            yield e, SKOS.prefLabel, Literal(ent.label)
        for alias in sorted(ent.aliases):
            yield e, SKOS.altLabel, Literal(alias)
        for broader in ent.broader:
            yield e, SKOS.broader, URIRef(broader)
    for edge in res.edges:
        s, pred, o = URIRef(edge.subject), PG[edge.predicate], URIRef(edge.object)
        yield s, pred, o
        c = claim_iri(edge, base)
        yield c, RDF.type, PG.Claim
        yield c, RDF.subject, s
        yield c, RDF.predicate, pred
        yield c, RDF.object, o
        yield c, PG.evidence, Literal(edge.evidence)
        yield c, PG.extractedBy, Literal(edge.rule)
        yield c, PG.confidence, _decimal(edge.confidence)
        yield c, PROV.wasDerivedFrom, URIRef(edge.paper)
    yield from overlap_triples(res, base)


def overlap_triples(res: Resolution, base: str = DEFAULT_BASE) -> Iterator[Triple]:
    """``pg:sharesConcept`` edges and their ``pg:ConceptOverlap`` nodes."""
    for ov in getattr(res, "overlaps", ()):
        a, b = URIRef(ov.a), URIRef(ov.b)
        yield a, PG.sharesConcept, b
        yield b, PG.sharesConcept, a
        node = URIRef(f"{base}overlap/{hashlib.sha1((ov.a + ov.b).encode()).hexdigest()[:16]}")
        yield node, RDF.type, PG.ConceptOverlap
        yield node, PG.between, a
        yield node, PG.between, b
        for concept in ov.concepts:
            yield node, PG.via, URIRef(concept)
        yield node, PG.weight, _decimal(ov.weight)


def ntriples_lines(ts: Iterable[Triple]) -> Iterator[str]:
    """N-Triples lines of ``ts`` (for streaming into a store)."""
    for s, p, o in ts:
        yield f"{s.n3()} {p.n3()} {o.n3()} .\n"
