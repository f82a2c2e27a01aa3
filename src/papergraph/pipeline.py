"""The pipeline in one place: papers → facts → resolution → N-Triples lines.

Per-paper extraction (parallel, cacheable) and the corpus-wide steps (concept selection,
resolution, concept links) are separate calls, so each can be run, tested and replaced
on its own.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping, Sequence

from . import concepts
from .extract import extract
from .model import Paper, PaperFacts
from .namespace import DEFAULT_BASE
from .resolve import Resolution, resolve


def extract_all(papers: Sequence[Paper], jobs: int = 1, model: str | None = None,
                cached: Mapping[str, PaperFacts] | None = None, engine: str = "local",
                scheduler: str | None = None) -> list[PaperFacts]:
    """Facts of every paper; those whose title and abstract are in ``cached`` are reused."""
    cached = cached or {}
    todo = [p for p in papers if p.content_hash not in cached]
    fresh = {pf.paper.content_hash: pf for pf in extract(todo, jobs=jobs, model=model, engine=engine,
                                                          scheduler=scheduler)}
    return [replace(fresh.get(p.content_hash) or cached[p.content_hash], paper=p) for p in papers]


def resolution(facts: Sequence[PaperFacts], base: str = DEFAULT_BASE, min_confidence: float = 0.0,
               concept_options: Mapping[str, Any] | None = None) -> Resolution:
    """The corpus-wide steps: concepts per paper, resolution, concept hierarchy and links."""
    options = dict(concept_options or {})
    facts = concepts.assign(facts, **options)
    res = resolve(facts, base=base, min_confidence=min_confidence)
    return concepts.link(res, **options)
