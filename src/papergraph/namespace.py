"""The ontology's terms as Python names (kept in step with ``data/ontology.ttl`` by a test).

A mistyped term is an error, not a new IRI:

>>> PG.Paper
rdflib.term.URIRef('https://w3id.org/papergraph/ontology#Paper')
>>> PG.Papre  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
AttributeError: term 'Papre' not in namespace
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

__all__ = ["DEFAULT_BASE", "ONTOLOGY_IRI", "PG"]

ONTOLOGY_IRI = "https://w3id.org/papergraph/ontology#"
DEFAULT_BASE = "https://w3id.org/papergraph/resource/"


class PG(DefinedNamespace):
    """papergraph ontology terms (``pg:``)."""

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # classes
    Paper: URIRef
    Method: URIRef
    Dataset: URIRef
    Repository: URIRef
    Concept: URIRef
    Claim: URIRef
    ConceptOverlap: URIRef
    ConceptYear: URIRef
    # paper metadata
    authorCount: URIRef
    upvotes: URIRef
    arxivId: URIRef
    dateText: URIRef
    sortDate: URIRef
    readFrom: URIRef
    # relations
    proposes: URIRef
    mentions: URIRef
    evaluatedOn: URIRef
    improvesOn: URIRef
    hasRepository: URIRef
    hasConcept: URIRef
    sharesConcept: URIRef
    cites: URIRef
    # results and margins
    Result: URIRef
    reports: URIRef
    method: URIRef
    dataset: URIRef
    metric: URIRef
    value: URIRef
    unit: URIRef
    higherIsBetter: URIRef
    margin: URIRef
    marginKind: URIRef
    onDataset: URIRef
    between: URIRef
    via: URIRef
    weight: URIRef
    # corpus statistics
    paperCount: URIRef
    sortKey: URIRef
    rank: URIRef
    concept: URIRef
    year: URIRef
    # evidence
    evidence: URIRef
    extractedBy: URIRef
    confidence: URIRef
    # analysis
    pagerank: URIRef
    community: URIRef


#: Prefixes every query gets for free.
PREFIXES = {
    "pg": ONTOLOGY_IRI,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}
