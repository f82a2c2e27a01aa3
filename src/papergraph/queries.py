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

__all__ = [
    "names",
    "named_query",
    "parameters",
    "describe",
    "page",
    "resolve_query",
    "to_term",
    "check_name",
    "code_only",
    "uses_federation",
    "nesting_depth",
    "bind",
]


def _folder():
    return resources.files("papergraph").joinpath("data").joinpath("queries")


def names() -> list[str]:
    """Names of the shipped queries, sorted.

    Returns
    -------
    list of str
        The names, without ``.rq``.

    Examples
    --------
    >>> 'leaderboard' in names()
    True
    """
    return sorted(p.name[:-3] for p in _folder().iterdir() if p.name.endswith(".rq"))


def named_query(name: str) -> str:
    """The text of a shipped query by name (with or without ``.rq``).

    Parameters
    ----------
    name : str
        A shipped query's name, with or without ``.rq``.

    Returns
    -------
    str
        Its SPARQL text.

    Examples
    --------
    >>> named_query("top-methods").splitlines()[0]
    '# The most mentioned methods and models: how many papers name each (pg:paperCount, counted at build).'
    """
    name = name[:-3] if name.endswith(".rq") else name
    path = _folder().joinpath(f"{name}.rq")
    if not path.is_file():
        raise QueryError(f"no named query {name!r}; the shipped ones are: {', '.join(names())}")
    return path.read_text(encoding="utf-8")


def parameters(name: str) -> list[str]:
    """The variables a named query wants bound, as its first comment line names them
    ("bind ?target", "bind ?from and ?to").

    Parameters
    ----------
    name : str
        A shipped query's name.

    Returns
    -------
    list of str
        Variable names, without ``?``.

    Examples
    --------
    >>> parameters("improves-on"), parameters("methods-introduced"), parameters("top-methods")
    (['target'], ['from', 'to'], [])
    """
    m = re.search(r"\bbind\s+((?:\?\w+(?:\s*(?:,|and)\s*)?)+)", describe(name))
    return re.findall(r"\?(\w+)", m.group(1)) if m else []


def describe(name: str) -> str:
    """The first comment line of a named query: what question it answers.

    Parameters
    ----------
    name : str
        A shipped query's name.

    Returns
    -------
    str

    Examples
    --------
    >>> describe('top-methods')[:26]
    'The most mentioned methods'
    """
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

    Parameters
    ----------
    sparql : str
        The query text.
    limit : int, optional
        Rows of the page.
    offset : int
        Rows skipped before it.

    Returns
    -------
    str
        The paged query text.

    Raises
    ------
    QueryError
        A negative or non-integer limit or offset, or a query with an unmarked ``LIMIT``.

    Examples
    --------
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
    """Query text from a ``.rq`` file path or a shipped query name.

    Parameters
    ----------
    spec : str
        A path to a ``.rq`` file, or a shipped query's name.

    Returns
    -------
    str
        The query text.

    Examples
    --------
    >>> 'SELECT' in resolve_query('lineage')
    True
    """
    path = Path(spec)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    return named_query(spec)


def to_term(value: Any):
    """A query binding as an RDF term: IRIs stay IRIs, everything else is a literal.

    A string is always a literal, whatever it contains, so it can never change a query's
    structure. Pass an ``rdflib.URIRef`` or ``pyoxigraph.NamedNode`` to bind an IRI.

    Parameters
    ----------
    value : object
        A string, number, boolean, ``rdflib.URIRef`` or pyoxigraph term.

    Returns
    -------
    pyoxigraph.NamedNode or pyoxigraph.Literal

    Examples
    --------
    >>> str(to_term(3)), str(to_term('x'))
    ('"3"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"')
    """
    if isinstance(value, (ox.NamedNode, ox.Literal, ox.BlankNode)):
        return value
    from rdflib import URIRef

    if isinstance(value, URIRef):
        return ox.NamedNode(str(value))
    if isinstance(value, bool):
        return ox.Literal(
            "true" if value else "false", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")
        )
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#double"))
    return ox.Literal(str(value))


#: SPARQL's VARNAME production (SPARQL 1.1 grammar, rules 166 and 164-168): what a
#: parameter name may be, so that a name can never carry query text.
_PN_CHARS_U = (
    "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_VARNAME = re.compile(f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*")


def check_name(name: str) -> str:
    """``name`` if it is a SPARQL variable name (without ``?``); :class:`QueryError` otherwise.

    Parameters
    ----------
    name : str
        A variable name, without ``?``.

    Returns
    -------
    str
        ``name``.

    Raises
    ------
    QueryError
        Not a SPARQL variable name.

    Examples
    --------
    >>> check_name("target")
    'target'
    >>> check_name("x) { ?s ?p ?o } #")
    Traceback (most recent call last):
    ...
    papergraph.errors.QueryError: 'x) { ?s ?p ?o } #' is not a SPARQL variable name (letters, digits and _ only)
    """
    if not isinstance(name, str) or not _VARNAME.fullmatch(name):
        raise QueryError(f"{name!r} is not a SPARQL variable name (letters, digits and _ only)")
    return name


#: Strings, IRIs and comments: the parts of a query where a keyword or a brace is not one.
#: (An IRI cannot hold '<', '{' or a space, so no stretch read as one here can hide a
#: keyword that the engine would see.)
_LEXEMES = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r'|<[^<>"{}|^`\\\x00-\x20]*>'
    r"|#[^\n]*",
    re.S,
)
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.I)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _unescape(m: re.Match) -> str:
    code = int(m.group(1) or m.group(2), 16)
    return chr(code) if code < 0x110000 else "?"


def code_only(sparql: str) -> str:
    """The query with its strings, IRIs and comments blanked out: what is left are keywords,
    names, variables and punctuation (``\\u`` escapes decoded first, as SPARQL allows them
    anywhere in a query).

    Parameters
    ----------
    sparql : str
        Query text.

    Returns
    -------
    str
        The text with strings, IRIs and comments blanked.

    Examples
    --------
    >>> code_only('SELECT * WHERE { ?s ?p "SERVICE {" } # SERVICE')
    'SELECT * WHERE { ?s ?p   }  '
    """
    return _LEXEMES.sub(" ", _ESCAPE.sub(_unescape, sparql))


def uses_federation(sparql: str) -> bool:
    """Whether the query has a ``SERVICE`` clause (one that makes the engine send requests).

    Parameters
    ----------
    sparql : str
        Query text.

    Returns
    -------
    bool

    Examples
    --------
    >>> uses_federation("SELECT * WHERE { service silent <http://127.0.0.1:8080/> { ?s ?p ?o } }")
    True
    >>> uses_federation('SELECT * WHERE { ?s pg:service "SERVICE" } # SERVICE <x>')
    False
    """
    return bool(_SERVICE.search(code_only(sparql)))


def nesting_depth(sparql: str) -> int:
    """The deepest nesting of braces, parentheses and brackets in the query.

    Parameters
    ----------
    sparql : str
        Query text.

    Returns
    -------
    int

    Examples
    --------
    >>> nesting_depth("SELECT * WHERE { { ?s ?p ?o FILTER(?o > (1 + 2)) } }")
    4
    """
    depth = deepest = 0
    for ch in code_only(sparql):
        if ch in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "})]":
            depth = max(0, depth - 1)
    return deepest


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

    Parameters
    ----------
    sparql : str
        Query text.
    **bindings
        Variable names (without ``?``) to values, written as escaped terms (:func:`to_term`).

    Returns
    -------
    str
        The query with a ``VALUES`` block.

    Examples
    --------
    >>> print(bind("SELECT ?x WHERE { { SELECT ?x WHERE {\\n  # parameters\\n  ?x ?p ?o } LIMIT 1 } }", o=3))
    SELECT ?x WHERE { { SELECT ?x WHERE {
      VALUES (?o) { ("3"^^<http://www.w3.org/2001/XMLSchema#integer>) }
      ?x ?p ?o } LIMIT 1 } }
    """
    if not bindings:
        return sparql
    names = " ".join(f"?{check_name(k)}" for k in bindings)
    row = " ".join(str(to_term(v)) for v in bindings.values())
    block = f"VALUES ({names}) {{ ({row}) }}"
    if PARAMETERS_MARK.search(sparql):
        return PARAMETERS_MARK.sub(lambda m: m.group(1) + block, sparql)
    m = _WHERE.search(sparql)
    if m:
        return f"{sparql[: m.end()]} {block} {sparql[m.end() :]}"
    return f"{sparql}\n{block}"
