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


@dataclass(frozen=True)
class Kind:
    """A kind of node: its name in views, its class, and the plural used in counts."""

    name: str
    cls: URIRef
    plural: str


@dataclass(frozen=True)
class Relation:
    """A relation between nodes: ontology property name, label, and the kinds it joins.

    ``extracted`` relations come from text and carry a ``pg:Claim`` with evidence;
    ``symmetric`` ones are stored in both directions and drawn once per pair.
    """

    name: str
    label: str
    subjects: tuple[str, ...]
    objects: tuple[str, ...]
    extracted: bool = True
    symmetric: bool = False

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
    Relation("proposes", "proposes", ("paper",), ("method", "dataset")),
    Relation("mentions", "mentions", ("paper",), ("method", "dataset")),
    Relation("evaluatedOn", "evaluated on", ("paper", "method"), ("dataset",)),
    Relation("improvesOn", "improves on", ("paper", "method"), ("method",)),
    Relation("hasRepository", "has repository", ("paper",), ("repository",)),
    Relation("hasConcept", "has concept", ("paper", "method"), ("concept",)),
    Relation("sharesConcept", "shares concept", ("paper",), ("paper",), extracted=False, symmetric=True),
)

KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
RELATION_NAMES: tuple[str, ...] = tuple(r.name for r in RELATIONS)


def relation(name: str) -> Relation:
    """The relation called ``name`` (a ``KeyError`` naming the known ones otherwise)."""
    for r in RELATIONS:
        if r.name == name:
            return r
    raise KeyError(f"unknown relation {name!r}; known: {', '.join(RELATION_NAMES)}")


def kind(name: str) -> Kind:
    """The node kind called ``name`` (a ``KeyError`` naming the known ones otherwise)."""
    for k in KINDS:
        if k.name == name:
            return k
    raise KeyError(f"unknown kind {name!r}; known: {', '.join(KIND_NAMES)}")
