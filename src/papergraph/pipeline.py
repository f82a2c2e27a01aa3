"""The pipeline in one place: papers → facts → resolution → N-Triples lines.

Per-paper extraction (parallel) and the corpus-wide steps (resolution, concept overlaps)
are separate calls, so each can be run, tested and replaced on its own.
"""
from __future__ import annotations

from typing import Any, Iterator, Mapping, Sequence

from . import concepts
from .extract import extract
from .model import Paper
from .namespace import DEFAULT_BASE
from .rdf import ntriples
from .resolve import Resolution, resolve


def resolution(papers: Sequence[Paper], jobs: int = 1, base: str = DEFAULT_BASE, model: str | None = None,
               min_confidence: float = 0.0, concept_options: Mapping[str, Any] | None = None) -> Resolution:
    """Extract every paper, then resolve the corpus."""
    options = dict(concept_options or {})
    facts = extract(papers, jobs=jobs, model=model)
    facts = concepts.assign(facts, **options)
    res = resolve(facts, base=base, min_confidence=min_confidence)
    return concepts.link(res, **options)


def run(papers: Sequence[Paper], **options) -> Iterator[str]:
    """N-Triples lines of the whole graph."""
    res = resolution(papers, **options)
    return ntriples(res, options.get("base", DEFAULT_BASE))
