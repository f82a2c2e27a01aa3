"""One exception tree for papergraph; every message says where and what to do."""

from __future__ import annotations

__all__ = [
    "PapergraphError",
    "InputError",
    "UnknownFormatError",
    "GraphNotFoundError",
    "GraphBusyError",
    "QueryError",
    "EntityNotFoundError",
    "ValidationError",
    "FetchError",
]


class PapergraphError(Exception):
    """Base class of every error papergraph raises on purpose."""


class InputError(PapergraphError):
    """An input file or record could not be read.

    ``path`` and ``line`` locate the problem so that a user can open the file there.
    """

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}: " if path and line else (f"{path}: " if path else "")
        super().__init__(f"{where}{message}")


class UnknownFormatError(InputError):
    """The input format could not be detected; ``--format`` names it explicitly."""


class GraphNotFoundError(PapergraphError):
    """``--graph`` names no graph built by papergraph."""


class GraphBusyError(PapergraphError):
    """Another build is writing the same ``--graph``; builds of one graph run one at a time."""


class QueryError(PapergraphError):
    """A SPARQL query or a named query is wrong or missing."""


class EntityNotFoundError(PapergraphError, LookupError):
    """A name given to a question matches no entity of the graph (the message lists near misses)."""


class ValidationError(PapergraphError):
    """The graph does not conform to papergraph's SHACL shapes."""


class FetchError(PapergraphError):
    """A service could not be reached or refused a request (``papergraph fetch``)."""
