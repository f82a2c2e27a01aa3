"""Named SPARQL queries shipped with papergraph (``queries/*.rq``).

>>> "improves-on" in names()
True
>>> "SELECT" in named_query("improves-on")
True
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from typing import Any

import pyoxigraph as ox

from .errors import QueryError


def _folder():
    return resources.files("papergraph").joinpath("data").joinpath("queries")


def names() -> list[str]:
    """Names of the shipped queries, sorted."""
    return sorted(p.name[:-3] for p in _folder().iterdir() if p.name.endswith(".rq"))


def named_query(name: str) -> str:
    """The text of a shipped query by name (with or without ``.rq``)."""
    name = name[:-3] if name.endswith(".rq") else name
    path = _folder().joinpath(f"{name}.rq")
    if not path.is_file():
        raise QueryError(f"no named query {name!r}; the shipped ones are: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def describe(name: str) -> str:
    """The first comment line of a named query: what question it answers."""
    for line in named_query(name).splitlines():
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    return ""


_PAGE = re.compile(r"LIMIT\s+\d+(\s+OFFSET\s+\d+)?(?=\s*#\s*page\s*$)", re.IGNORECASE | re.MULTILINE)
_THROUGH_PAGE = re.compile(r"LIMIT\s+\d+(?=[\s}]*#\s*through page\s*$)", re.IGNORECASE | re.MULTILINE)
_ANY_LIMIT = re.compile(r"\bLIMIT\s+\d+", re.IGNORECASE)


#: Rows per page when only an offset is given.
DEFAULT_PAGE = 100


def page(sparql: str, limit: int | None = None, offset: int = 0) -> str:
    """The query's rows ``offset`` to ``offset + limit``, in its own order.

    With neither ``limit`` nor ``offset`` the text is returned as it is; with an offset
    alone, the page is ``DEFAULT_PAGE`` rows.

    A query that pages itself marks its final ``LIMIT`` with ``# page`` and any inner
    ``LIMIT`` that must reach the page's last row with ``# through page`` (a named query
    picks its page on cheap keys first; see papers-with-code.rq). Any other query without a
    ``LIMIT`` of its own gets one appended.

    >>> page("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 10, 20)
    'SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s\\nLIMIT 10 OFFSET 20'
    >>> print(page("SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 100 }  # through page\\n"
    ...            "} LIMIT 100  # page", 10, 20))
    SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 30 }  # through page
    } LIMIT 10 OFFSET 20  # page
    """
    if limit is None and not offset:
        return sparql
    limit = DEFAULT_PAGE if limit is None else limit
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        raise QueryError(f"a page's limit is a whole number >= 0, got {limit!r}")
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise QueryError(f"a page's offset is a whole number >= 0, got {offset!r}")
    if _PAGE.search(sparql):
        sparql = _THROUGH_PAGE.sub(f"LIMIT {offset + limit}", sparql)
        return _PAGE.sub(f"LIMIT {limit} OFFSET {offset}", sparql)
    if _ANY_LIMIT.search(sparql):
        raise QueryError("this query has a LIMIT of its own and no '# page' mark, so it cannot be paged")
    return f"{sparql.rstrip()}\nLIMIT {limit} OFFSET {offset}"


def resolve_query(spec: str) -> str:
    """Query text from a ``.rq`` file path or a shipped query name."""
    path = Path(spec)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    return named_query(spec)


def to_term(value: Any):
    """A query binding as an RDF term: IRIs stay IRIs, everything else is a literal.

    A string is always a literal, whatever it contains, so it can never change a query's
    structure. Pass an ``rdflib.URIRef`` or ``pyoxigraph.NamedNode`` to bind an IRI.
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    from rdflib import URIRef
    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
    return ox.Literal(str(value))


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)
#: A comment line that marks where a query's parameters join (see :func:`bind`).
PARAMETERS_MARK = re.compile(r"^([ \t]*)#[ \t]*parameters[ \t]*$", re.MULTILINE)


def bind(sparql: str, **bindings: Any) -> str:
    """The query with a VALUES block binding ``bindings``, the terms written escaped by the
    RDF library. The block replaces each ``# parameters`` comment line where the query has
    them (a query that picks a page in subqueries binds its parameters there), and otherwise opens
    the WHERE clause, so that every engine joins it first (one that evaluates
    ``?x pg:improvesOn+ ?t`` with ``?t`` still open may answer wrongly or slowly); a query
    without WHERE gets it at the end, as SPARQL allows.

    >>> print(bind("SELECT ?x WHERE { { SELECT ?x WHERE {\\n  # parameters\\n  ?x ?p ?o } LIMIT 1 } }", o=3))
    SELECT ?x WHERE { { SELECT ?x WHERE {
      VALUES (?o) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }
      ?x ?p ?o } LIMIT 1 } }
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{k}" for k in bindings)
    row = " ".join(str(to_term(v)) for v in bindings.values())
    block = f"VALUES ({names}) {{ ({row}) }}"
    if PARAMETERS_MARK.search(sparql):
        return PARAMETERS_MARK.sub(lambda m: m.group(1) + block, sparql)
    m = _WHERE.search(sparql)
    if m:
        return f"{sparql[:m.end()]} {block} {sparql[m.end():]}"
    return f"{sparql}\n{block}"
