"""Named SPARQL queries shipped with papergraph (``queries/*.rq``).

>>> "improves-on" in names()
True
>>> "SELECT" in named_query("improves-on")
True
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

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


def resolve_query(spec: str) -> str:
    """Query text from a ``.rq`` file path or a shipped query name."""
    path = Path(spec)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    return named_query(spec)
