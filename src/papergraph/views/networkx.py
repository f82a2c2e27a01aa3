"""The graph as a ``networkx.MultiDiGraph``: node = IRI, edge key = relation name.

Nodes carry ``kind`` (paper, method, dataset, repository, concept), ``label`` and, for
entities, ``papers`` (how many papers name them, ``pg:paperCount``); edges
carry ``relation``, and for extracted edges the ``evidence`` sentence and ``confidence``
of their best claim.
"""

from __future__ import annotations

from typing import Iterable

from ..schema import KINDS, RELATION_NAMES, relation

__all__ = [
    "to_networkx",
]

RELATIONS = RELATION_NAMES

_NODES = """
SELECT ?n ?kind ?label ?title ?date ?abstract ?url ?pagerank ?community ?papers
       (GROUP_CONCAT(DISTINCT ?alt; separator=" | ") AS ?aliases) WHERE {
  VALUES (?c ?kind) { %s }
  ?n a ?c .
  OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n dcterms:title ?title }
  OPTIONAL { ?n dcterms:date ?date } OPTIONAL { ?n dcterms:abstract ?abstract }
  OPTIONAL { ?n schema:url ?url } OPTIONAL { ?n pg:pagerank ?pagerank } OPTIONAL { ?n pg:community ?community }
  OPTIONAL { ?n skos:altLabel ?alt } OPTIONAL { ?n pg:paperCount ?papers }
} GROUP BY ?n ?kind ?label ?title ?date ?abstract ?url ?pagerank ?community ?papers"""
_EDGES = """
SELECT ?s ?p ?o (MAX(?conf) AS ?confidence) (SAMPLE(?ev) AS ?evidence) (MAX(?w) AS ?weight)
       (COUNT(DISTINCT ?from) AS ?papers) WHERE {
  VALUES ?p { %s }
  ?s ?p ?o .
  OPTIONAL { ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; pg:confidence ?conf ; pg:evidence ?ev
             OPTIONAL { ?c prov:wasDerivedFrom ?from } }
  OPTIONAL { FILTER(?p = pg:sharesConcept) ?ov pg:between ?s , ?o ; pg:weight ?w }
} GROUP BY ?s ?p ?o"""


def to_networkx(graph, kinds: Iterable[str] | None = None, relations: Iterable[str] | None = None):
    """A ``MultiDiGraph`` view of ``graph`` (a :class:`~papergraph.PaperGraph`).

    Nodes are IRIs with ``kind``, ``label`` (a paper's title), ``papers`` and, for papers,
    ``date``; edge keys are relation names with ``evidence``, ``confidence`` and ``papers``.
    ``sharesConcept`` appears once per pair (from the lower IRI to the higher).

    Parameters
    ----------
    graph : PaperGraph
    kinds : iterable of str, optional
        Keep only nodes of these kinds (:data:`papergraph.schema.KINDS`).
    relations : iterable of str, optional
        Keep only edges of these relations.

    Returns
    -------
    networkx.MultiDiGraph

    Raises
    ------
    KeyError
        A relation not in :data:`papergraph.schema.RELATIONS`.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> g = to_networkx(example_graph(), kinds=["method"], relations=["improvesOn"])
    >>> sorted((g.nodes[s]["label"], g.nodes[o]["label"]) for s, o in g.edges())
    [('BarNet', 'FooNet'), ('BazFormer', 'Longformer'), ('FooNet', 'ResNet-50')]
    """
    import networkx as nx

    kinds = set(kinds) if kinds else None
    relations = [relation(r).name for r in relations] if relations is not None else list(RELATIONS)
    g = nx.MultiDiGraph()
    for row in graph.query(_NODES % " ".join(f'(<{k.cls}> "{k.name}")' for k in KINDS)).rows:
        if kinds and row["kind"] not in kinds:
            continue
        attrs = {"kind": row["kind"], "label": row.get("label") or row.get("title") or row["n"]}
        for key in ("title", "date", "abstract", "url", "aliases"):
            if row.get(key):
                attrs[key] = str(row[key])
        for key in ("pagerank", "community", "papers"):
            if key in row:
                attrs[key] = row[key]
        g.add_node(row["n"], **attrs)
    if not relations:
        return g
    query = _EDGES % " ".join(f"pg:{r}" for r in relations)
    for row in graph.query(query).rows:
        s, o, rel = row["s"], row["o"], row["p"].rsplit("#", 1)[1]
        if s not in g or o not in g or (relation(rel).symmetric and s > o):
            continue
        attrs = {"relation": rel}
        if "confidence" in row:
            attrs["confidence"] = row["confidence"]
        if "evidence" in row:
            attrs["evidence"] = row["evidence"]
        if "weight" in row:
            attrs["weight"] = row["weight"]
        if row.get("papers"):
            attrs["papers"] = row["papers"]  # how many papers' claims support the edge
        g.add_edge(s, o, key=rel, **attrs)
    return g
