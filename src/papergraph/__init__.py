"""papergraph: paper listings → a knowledge graph of papers, methods, datasets, code and concepts.

>>> from papergraph import PaperGraph
>>> g = PaperGraph.build_records([{"title": "TokenFormer: Rethinking Transformer Scaling",
...     "abstract": "We introduce TokenFormer. Code is at https://github.com/Haiyang-W/TokenFormer."}])
>>> g.stats()["papers"], g.stats()["repositories"]
(1, 1)
"""

from __future__ import annotations

from ._version import __version__

from .errors import EntityNotFoundError, GraphNotFoundError, InputError, PapergraphError, QueryError, ValidationError
from .graph import PaperGraph, QueryResult, example_graph
from .model import Entity, Mention, Paper, PaperFacts, Relation
from .questions import EntityRecord, Evaluation, Improvement, PaperRecord, Similar, Standing

__all__ = [
    "PaperGraph",
    "QueryResult",
    "example_graph",
    "Paper",
    "PaperFacts",
    "Mention",
    "Relation",
    "Entity",
    "EntityRecord",
    "PaperRecord",
    "Improvement",
    "Evaluation",
    "Similar",
    "Standing",
    "PapergraphError",
    "InputError",
    "GraphNotFoundError",
    "QueryError",
    "EntityNotFoundError",
    "ValidationError",
    "__version__",
]
