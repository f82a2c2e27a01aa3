"""Exports: RDF serialisations from the store; GraphML, GEXF and CSV from the networkx view."""

from __future__ import annotations

import csv
import re
import io
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import PapergraphError

__all__ = [
    "write",
    "jsonld",
]

FORMATS = ("ttl", "nt", "jsonld", "rdf", "graphml", "gexf", "csv", "html")


def write(graph, fmt: str, path=None) -> bytes | None:
    """Write ``graph`` in ``fmt`` to ``path`` (bytes returned when ``path`` is None).

    Parameters
    ----------
    graph : PaperGraph
    fmt : str
        ``ttl``, ``nt``, ``jsonld``, ``rdf`` (RDF/XML), ``graphml``, ``gexf``, ``csv`` (a folder
        with ``nodes.csv`` and ``edges.csv``) or ``html``.
    path : str or path, optional
        Where to write; required for ``csv`` and ``html``.

    Returns
    -------
    bytes or None
        The serialisation when ``path`` is None.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> b"pg:improvesOn" in write(example_graph(), "ttl")
    True
    """
    from ..store import RDF_FORMATS

    if fmt not in FORMATS:
        raise PapergraphError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "jsonld":
        return _out(jsonld(graph), path)
    if fmt in RDF_FORMATS:
        store = graph.store
        if store is None:  # a remote graph: fetch it once into a local store
            store = ox.Store()
            store.load(graph.ntriples(), format=ox.RdfFormat.N_TRIPLES)
        kwargs: dict[str, Any] = {"from_graph": ox.DefaultGraph()}
        if fmt == "ttl":
            from ..namespace import PREFIXES

            kwargs["prefixes"] = dict(PREFIXES, pgr=graph.base)
        data = store.dump(format=RDF_FORMATS[fmt], **kwargs)
        return _out(data, path)
    if fmt == "html":
        if path is None:
            raise PapergraphError("the html export needs an output file (-o FILE)")
        graph.to_html(path)
        return None
    g = graph.to_networkx()
    if fmt == "csv":
        return _csv(g, path)
    import networkx as nx

    flat = _flat(g)
    buf = io.BytesIO()
    (nx.write_graphml if fmt == "graphml" else nx.write_gexf)(flat, buf)
    return _out(buf.getvalue(), path)


def jsonld(graph) -> bytes:
    """The graph as JSON-LD with an ``@context`` of papergraph's prefixes, so that keys read
    ``pg:proposes``, ``dcterms:title``... rather than full IRIs.

    Parameters
    ----------
    graph : PaperGraph

    Returns
    -------
    bytes
        UTF-8 JSON.

    Examples
    --------
    >>> import json
    >>> from papergraph import example_graph
    >>> doc = json.loads(jsonld(example_graph()))
    >>> doc["@context"]["pg"]
    'https://w3id.org/papergraph/ontology#'
    """
    from ..namespace import PREFIXES

    context = dict(PREFIXES, pgr=graph.base)
    return graph.to_rdflib().serialize(format="json-ld", context=context, auto_compact=True).encode()


def _flat(g):
    """GraphML and GEXF take only scalar attributes; drop empty ones and stringify the rest."""
    import networkx as nx

    flat = nx.MultiDiGraph()
    for n, attrs in g.nodes(data=True):
        flat.add_node(n, **{k: v for k, v in attrs.items() if v is not None})
    for s, o, k, attrs in g.edges(keys=True, data=True):
        flat.add_edge(s, o, key=k, **{k2: v for k2, v in attrs.items() if v is not None})
    return flat


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def spreadsheet_safe(value):
    """A cell that a spreadsheet shows as text, never runs: text starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return gets a leading ``'`` (OWASP, CSV injection);
    numbers stay numbers.

    >>> [spreadsheet_safe(v) for v in ["=1+1", "@SUM(A1)", "-2.5", 0.9, "BERT"]]
    ["'=1+1", "'@SUM(A1)", '-2.5', 0.9, 'BERT']
    """
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def _csv(g, path):
    """``nodes.csv`` and ``edges.csv`` in the folder ``path``."""
    if path is None:
        raise PapergraphError("the csv export writes a folder: give -o FOLDER")
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    node_keys = ["id", "kind", "label", "date"]
    with open(folder / "nodes.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=node_keys, extrasaction="ignore")
        w.writeheader()
        for n, attrs in sorted(g.nodes(data=True)):
            w.writerow({k: spreadsheet_safe(v) for k, v in {"id": n, **attrs}.items()})
    with open(folder / "edges.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(
            f, fieldnames=["source", "target", "relation", "confidence", "evidence"], extrasaction="ignore"
        )
        w.writeheader()
        for s, o, attrs in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["relation"])):
            w.writerow({k: spreadsheet_safe(v) for k, v in {"source": s, "target": o, **attrs}.items()})
    return None


def _out(data: bytes, path) -> bytes | None:
    if path is None:
        return data
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(data)
    return None
