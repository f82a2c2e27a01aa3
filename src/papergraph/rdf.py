"""Resolved corpus → RDF, following ``data/ontology.ttl``, written as N-Triples lines.

Lines are produced one at a time so that a store can load a large corpus as a stream
without an rdflib ``Graph`` in memory; terms are written directly (rdflib's ``n3()`` per
term would cost more than extraction). :func:`to_rdflib` gives an rdflib graph for small
corpora and tests.

>>> from papergraph.resolve import Resolution
>>> from papergraph.model import Paper
>>> res = Resolution(papers={"https://x/p": Paper('Say "hi"')})
>>> print("".join(ntriples(res)), end="")
<https://x/p> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://w3id.org/papergraph/ontology#Paper> .
<https://x/p> <http://purl.org/dc/terms/title> "Say \\"hi\\"" .
<https://x/p> <https://w3id.org/papergraph/ontology#sortKey> "0"^^<http://www.w3.org/2001/XMLSchema#integer> .
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterator

from rdflib import RDF, RDFS, XSD
from rdflib.namespace import DCTERMS, PROV, SKOS

from .namespace import DEFAULT_BASE, PG
from . import knowledge
from .resolve import Resolution
from .schema import KINDS, RELATIONS

__all__ = [
    "iri",
    "literal",
    "ntriples",
    "to_rdflib",
]

_SCHEMA_URL = "https://schema.org/url"
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def iri(value: str) -> str:
    """An IRI in N-Triples form; characters IRIs may not hold are percent-encoded.

    Parameters
    ----------
    value : str

    Returns
    -------
    str

    Examples
    --------
    >>> iri("https://github.com/a/b c")
    '<https://github.com/a/b%20c>'
    """
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: "%%%02X" % ord(m.group()), value)
    return f"<{value}>"


def literal(value: str, datatype: str | None = None) -> str:
    r"""A literal in N-Triples form, escaped.

    Parameters
    ----------
    value : str
    datatype : str, optional
        The datatype's IRI; None for a plain (``xsd:string``) literal.

    Returns
    -------
    str

    Examples
    --------
    >>> print(literal('a "quoted"\nline'), literal("3", "http://www.w3.org/2001/XMLSchema#integer"))
    "a \"quoted\"\nline" "3"^^<http://www.w3.org/2001/XMLSchema#integer>
    """
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{text}"^^<{datatype}>' if datatype else f'"{text}"'


def claim_iri(edge, base: str = DEFAULT_BASE) -> str:
    """A stable IRI for the claim behind one edge of one paper (and its margin: a paper may
    quantify one improvement several ways)."""
    parts: tuple[str, ...] = (edge.subject, edge.predicate, edge.object, edge.paper)
    if edge.margin is not None:
        parts += (repr(edge.margin), edge.margin_kind or "", edge.on_dataset or "")
    key = "\x1f".join(parts)
    return f"{base}claim/{hashlib.sha1(key.encode()).hexdigest()[:16]}"


def claim_ranks(res: Resolution, claims: list[str], keys: dict[str, int]) -> list[int]:
    """Each claim's ``pg:rank``: its position among all claims, most confident first, then by
    relation, subject and object (by their ``pg:sortKey``), then IRI. Queries page a node's
    claims on this one number instead of looking up three values per claim."""

    def position(i: int) -> tuple:
        edge = res.edges[i]
        return (
            -round(float(edge.confidence), 4),
            _PRED[edge.predicate],
            keys[edge.subject],
            keys[edge.object],
            claims[i],
        )

    order = sorted(range(len(claims)), key=position)
    ranks = [0] * len(claims)
    for rank, i in enumerate(order):
        ranks[i] = rank
    return ranks


# Terms written once, as N-Triples, from the generated vocabulary.
_T = {
    name: iri(str(term))
    for name, term in {
        "type": RDF.type,
        "title": DCTERMS.title,
        "abstract": DCTERMS.abstract,
        "date": DCTERMS.date,
        "creator": DCTERMS.creator,
        "label": RDFS.label,
        "pref": SKOS.prefLabel,
        "alt": SKOS.altLabel,
        "broader": SKOS.broader,
        "subject": RDF.subject,
        "predicate": RDF.predicate,
        "object": RDF.object,
        "derived": PROV.wasDerivedFrom,
        "url": _SCHEMA_URL,
        "Paper": PG.Paper,
        "Claim": PG.Claim,
        "ConceptOverlap": PG.ConceptOverlap,
        "dateText": PG.dateText,
        "sortDate": PG.sortDate,
        "authorCount": PG.authorCount,
        "upvotes": PG.upvotes,
        "arxivId": PG.arxivId,
        "readFrom": PG.readFrom,
        "identifier": DCTERMS.identifier,
        "evidence": PG.evidence,
        "extractedBy": PG.extractedBy,
        "confidence": PG.confidence,
        "sharesConcept": PG.sharesConcept,
        "between": PG.between,
        "via": PG.via,
        "weight": PG.weight,
        "paperCount": PG.paperCount,
        "sortKey": PG.sortKey,
        "rank": PG.rank,
        "ConceptYear": PG.ConceptYear,
        "concept": PG.concept,
        "year": PG.year,
        "reports": PG.reports,
        "Result": PG.Result,
        "method": PG.method,
        "dataset": PG.dataset,
        "metric": PG.metric,
        "value": PG.value,
        "unit": PG.unit,
        "higherIsBetter": PG.higherIsBetter,
        "margin": PG.margin,
        "marginKind": PG.marginKind,
        "onDataset": PG.onDataset,
    }.items()
}
_CLASS = {k.name: iri(str(k.cls)) for k in KINDS}
_PRED = {r.name: iri(str(r.iri)) for r in RELATIONS if r.extracted}
_DATE, _INT, _DEC, _URI = str(XSD.date), str(XSD.integer), str(XSD.decimal), str(XSD.anyURI)
_BOOL = str(XSD.boolean)
#: A paper's date by its precision: a day, a month (xsd:gYearMonth) or a year (xsd:gYear).
_DATE_TYPES = {10: _DATE, 7: str(XSD.gYearMonth), 4: str(XSD.gYear)}


def _decimal(x: float) -> str:
    return literal(f"{round(float(x), 4):.4f}".rstrip("0").rstrip(".") or "0", _DEC)


def ntriples(res: Resolution, base: str = DEFAULT_BASE) -> Iterator[str]:
    """Every triple of the graph as an N-Triples line: papers, entities, edges, claims, overlaps.

    A generator, so a corpus of any size streams into the store's bulk loader.

    Parameters
    ----------
    res : Resolution
        As :func:`papergraph.pipeline.resolution` gives it.
    base : str
        The namespace of the graph's resources (claim IRIs are made under it).

    Returns
    -------
    iterator of str
        Lines ending in a newline.

    Examples
    --------
    >>> from papergraph.pipeline import resolution
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> facts = extract([Paper("FooNet: Sparse Kernels", "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."),
    ...                  Paper("BarNet: Dense Kernels", "We propose BarNet. BarNet outperforms FooNet on ImageNet.")])
    >>> lines = list(ntriples(resolution(facts)))
    >>> print(next(line for line in lines if line.split()[1].endswith("#improvesOn>")), end="")
    <https://w3id.org/papergraph/resource/method/foonet> <https://w3id.org/papergraph/ontology#improvesOn> <https://w3id.org/papergraph/resource/method/resnet-50> .
    """
    T = _T
    keys = res.sort_keys()
    for piri, paper in res.papers.items():
        p = iri(piri)
        yield f"{p} {T['type']} {T['Paper']} .\n"
        yield f"{p} {T['title']} {literal(paper.title)} .\n"
        yield f"{p} {T['sortKey']} {literal(str(keys[piri]), _INT)} .\n"
        optional = (
            ("abstract", paper.abstract, None),
            ("date", paper.date, _DATE_TYPES.get(len(paper.date or ""), _DATE)),
            ("sortDate", paper.sort_date, _DATE),
            ("dateText", paper.date_text, None),
            ("authorCount", paper.author_count, _INT),
            ("upvotes", paper.upvotes, _INT),
            ("url", paper.url, _URI),
            ("arxivId", paper.arxiv_id, None),
        )
        for term, value, datatype in optional:
            if value not in (None, ""):
                yield f"{p} {T[term]} {literal(str(value), datatype)} .\n"
        for term, values in (("creator", paper.authors), ("readFrom", paper.sources), ("identifier", paper.ids)):
            for value in values:
                yield f"{p} {T[term]} {literal(value)} .\n"
    counts = res.paper_counts()
    for eiri, ent in res.entities.items():
        e = iri(eiri)
        if counts[eiri]:
            yield f"{e} {T['paperCount']} {literal(str(counts[eiri]), _INT)} .\n"
        yield f"{e} {T['type']} {_CLASS[ent.kind]} .\n"
        yield f"{e} {T['label']} {literal(ent.label)} .\n"
        yield f"{e} {T['sortKey']} {literal(str(keys[eiri]), _INT)} .\n"
        if ent.kind == "concept":
            yield f"{e} {T['pref']} {literal(ent.label)} .\n"
        for alias in sorted(ent.aliases):
            yield f"{e} {T['alt']} {literal(alias)} .\n"
        for broader in ent.broader:
            yield f"{e} {T['broader']} {iri(broader)} .\n"
    claims = [claim_iri(edge, base) for edge in res.edges]
    ranks = claim_ranks(res, claims, keys)
    for edge, claim, rank in zip(res.edges, claims, ranks):
        s, pred, o = iri(edge.subject), _PRED[edge.predicate], iri(edge.object)
        c = iri(claim)
        yield f"{s} {pred} {o} .\n"
        yield f"{c} {T['type']} {T['Claim']} .\n"
        yield f"{c} {T['subject']} {s} .\n"
        yield f"{c} {T['predicate']} {pred} .\n"
        yield f"{c} {T['object']} {o} .\n"
        yield f"{c} {T['evidence']} {literal(edge.evidence)} .\n"
        yield f"{c} {T['extractedBy']} {literal(edge.rule)} .\n"
        yield f"{c} {T['confidence']} {_decimal(edge.confidence)} .\n"
        yield f"{c} {T['rank']} {literal(str(rank), _INT)} .\n"
        yield f"{c} {T['derived']} {iri(edge.paper)} .\n"
        if edge.margin is not None:
            yield f"{c} {T['margin']} {_decimal(edge.margin)} .\n"
            yield f"{c} {T['marginKind']} {literal(edge.margin_kind or 'absolute')} .\n"
            if edge.on_dataset:
                yield f"{c} {T['onDataset']} {iri(edge.on_dataset)} .\n"
            if edge.metric:
                yield f"{c} {T['metric']} {literal(edge.metric)} .\n"
    for r in res.results:
        key = f"{r.paper} {r.method} {r.dataset} {r.metric} {r.value} {r.unit}"
        node = iri(f"{base}result/{hashlib.sha1(key.encode()).hexdigest()[:16]}")
        yield f"{iri(r.paper)} {T['reports']} {node} .\n"
        yield f"{node} {T['type']} {T['Result']} .\n"
        yield f"{node} {T['method']} {iri(r.method)} .\n"
        yield f"{node} {T['dataset']} {iri(r.dataset)} .\n"
        yield f"{node} {T['metric']} {literal(r.metric)} .\n"
        yield f"{node} {T['value']} {_decimal(r.value)} .\n"
        yield f"{node} {T['unit']} {literal(r.unit)} .\n"
        yield f"{node} {T['higherIsBetter']} {literal('false' if r.metric in knowledge.metric_words('lower_is_better') else 'true', _BOOL)} .\n"
        yield f"{node} {T['evidence']} {literal(r.evidence)} .\n"
        yield f"{node} {T['derived']} {iri(r.paper)} .\n"
    for (concept, year), n in sorted(res.concept_years().items()):
        node = iri(f"{base}concept-year/{hashlib.sha1(f'{concept} {year}'.encode()).hexdigest()[:16]}")
        yield f"{node} {T['type']} {T['ConceptYear']} .\n"
        yield f"{node} {T['concept']} {iri(concept)} .\n"
        yield f"{node} {T['year']} {literal(str(year), _INT)} .\n"
        yield f"{node} {T['paperCount']} {literal(str(n), _INT)} .\n"
    for ov in res.overlaps:
        a, b = iri(ov.a), iri(ov.b)
        node = iri(f"{base}overlap/{hashlib.sha1((ov.a + ov.b).encode()).hexdigest()[:16]}")
        yield f"{a} {T['sharesConcept']} {b} .\n"
        yield f"{b} {T['sharesConcept']} {a} .\n"
        yield f"{node} {T['type']} {T['ConceptOverlap']} .\n"
        yield f"{node} {T['between']} {a} .\n"
        yield f"{node} {T['between']} {b} .\n"
        for concept in ov.concepts:
            yield f"{node} {T['via']} {iri(concept)} .\n"
        yield f"{node} {T['weight']} {_decimal(ov.weight)} .\n"


def analysis_lines(pagerank: dict[str, float], community: dict[str, int]) -> Iterator[str]:
    """N-Triples of network-analysis results: ``pg:pagerank`` (decimal, six places) and
    ``pg:community`` (integer) by node IRI.

    >>> print("".join(analysis_lines({"https://x/m": 0.25}, {})), end="")
    <https://x/m> <https://w3id.org/papergraph/ontology#pagerank> "0.250000"^^<http://www.w3.org/2001/XMLSchema#decimal> .
    """
    for node, value in pagerank.items():
        yield f"{iri(node)} {iri(str(PG.pagerank))} {literal(f'{value:.6f}', _DEC)} .\n"
    for node, part in community.items():
        yield f"{iri(node)} {iri(str(PG.community))} {literal(str(part), _INT)} .\n"


def to_rdflib(res: Resolution, base: str = DEFAULT_BASE):
    """The graph as an in-memory ``rdflib.Graph`` (for small corpora and tests).

    Parameters
    ----------
    res : Resolution
    base : str
        The namespace of the graph's resources.

    Returns
    -------
    rdflib.Graph

    Examples
    --------
    >>> from papergraph.pipeline import resolution
    >>> from papergraph.namespace import PG
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> facts = extract([Paper("FooNet: Sparse Kernels", "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."),
    ...                  Paper("BarNet: Dense Kernels", "We propose BarNet. BarNet outperforms FooNet on ImageNet.")])
    >>> g = to_rdflib(resolution(facts))
    >>> sorted(str(label) for label in g.objects(None, PG.improvesOn))[:1]
    ['https://w3id.org/papergraph/resource/method/foonet']
    """
    from rdflib import Graph

    return Graph().parse(data="".join(ntriples(res, base)), format="nt")
