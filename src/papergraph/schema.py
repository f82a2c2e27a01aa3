"""The schema table: the node kinds and the relations between them, in one place.

Every stage and view that names a kind or a relation reads it from here: resolution
(which kinds a relation joins), RDF writing, the counts of ``stats``, the networkx and HTML
views and the command line. A test checks this table against ``data/ontology.ttl``, so
adding a relation is: the ontology, the cue data that finds it, and one row below.

>>> [r.name for r in RELATIONS if "dataset" in r.objects]
['proposes', 'mentions', 'evaluatedOn']
>>> relation("improvesOn").label, relation("improvesOn").subjects
('improves on', ('paper', 'method'))
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from .namespace import PG

__all__ = [
    "Kind",
    "Relation",
    "KINDS",
    "RELATIONS",
    "relation",
    "kind",
]


@dataclass(frozen=True)
class Kind:
    """A kind of node: its name in views, its class, and the plural used in counts."""

    name: str
    cls: URIRef
    plural: str


@dataclass(frozen=True)
class Relation:
    """A relation between nodes: ontology property name, label, and the kinds it joins.

    ``extracted`` relations carry a ``pg:Claim`` with evidence (from text, or for ``cites``
    from a service's reference list); ``symmetric`` ones are stored in both directions and
    drawn once per pair. ``headings`` say how the relation reads from its subject and from
    its object (the explorer's details group a node's neighbours under them).
    """

    name: str
    label: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    extracted: bool = True
    symmetric: bool = False
    headings: tuple[str, str] = ("", "")

    @property
    def iri(self) -> URIRef:
        return PG[self.name]


KINDS: tuple[Kind, ...] = (
    Kind("paper", PG.Paper, "papers"),
    Kind("method", PG.Method, "methods"),
    Kind("dataset", PG.Dataset, "datasets"),
    Kind("repository", PG.Repository, "repositories"),
    Kind("concept", PG.Concept, "concepts"),
)

RELATIONS: tuple[Relation, ...] = (
    Relation("proposes", "proposes", ("paper",), ("method", "dataset"), headings=("Proposes", "Proposed by")),
    Relation("mentions", "mentions", ("paper",), ("method", "dataset"), headings=("Mentions", "Mentioned by")),
    Relation(
        "evaluatedOn", "evaluated on", ("paper", "method"), ("dataset",), headings=("Evaluated on", "Evaluated here")
    ),
    Relation("improvesOn", "improves on", ("paper", "method"), ("method",), headings=("Improves on", "Improved on by")),
    Relation("hasRepository", "has repository", ("paper",), ("repository",), headings=("Code", "Code of")),
    Relation("hasConcept", "has concept", ("paper", "method"), ("concept",), headings=("Concepts", "Held by")),
    Relation(
        "sharesConcept",
        "shares concept",
        ("paper",),
        ("paper",),
        extracted=False,
        symmetric=True,
        headings=("Shares concepts with", "Shares concepts with"),
    ),
    # from reference lists that a service gives (papergraph fetch --references), not from
    # text; each carries a claim whose rule names the service
    Relation("cites", "cites", ("paper",), ("paper",), headings=("Cites", "Cited by")),
)

KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
RELATION_NAMES: tuple[str, ...] = tuple(r.name for r in RELATIONS)


def relation(name: str) -> Relation:
    """The relation called ``name``.

    Parameters
    ----------
    name : str
        A relation's local name in the ontology (``improvesOn``).

    Returns
    -------
    Relation

    Raises
    ------
    KeyError
        No such relation; the message names the known ones.

    Examples
    --------
    >>> r = relation("improvesOn")
    >>> r.label, r.subjects, r.objects, r.headings
    ('improves on', ('paper', 'method'), ('method',), ('Improves on', 'Improved on by'))
    """
    for r in RELATIONS:
        if r.name == name:
            return r
    raise KeyError(f"unknown relation {name!r}; known: {', '.join(RELATION_NAMES)}")


def kind(name: str) -> Kind:
    """The node kind called ``name``.

    Parameters
    ----------
    name : str
        ``paper``, ``method``, ``dataset``, ``repository`` or ``concept``.

    Returns
    -------
    Kind

    Raises
    ------
    KeyError
        No such kind; the message names the known ones.

    Examples
    --------
    >>> kind("method").plural, str(kind("method").cls)
    ('methods', 'https://w3id.org/papergraph/ontology#Method')
    """
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(f"unknown kind {name!r}; known: {', '.join(KIND_NAMES)}")
