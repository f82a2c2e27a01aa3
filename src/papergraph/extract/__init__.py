"""Per-paper extraction with spaCy: Paper → PaperFacts.

>>> from papergraph.model import Paper
>>> facts = extract_paper(Paper("RMT: Retentive Networks Meet Vision Transformers",
...     "We propose RMT. RMT achieves 84.1% Top1-acc on ImageNet-1k."))
>>> sorted((m.name, m.kind, m.role) for m in facts.mentions)
[('ImageNet', 'dataset', 'mentions'), ('RMT', 'method', 'proposes'), ('RetNet', 'method', 'mentions')]
>>> [(r.subject, r.predicate, r.object) for r in facts.relations]
[('RMT', 'evaluatedOn', 'ImageNet')]
"""

from __future__ import annotations

from .pipeline import build_nlp, extract, extract_paper

__all__ = ["build_nlp", "extract", "extract_paper"]
