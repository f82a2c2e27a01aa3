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

__all__ = [
    "extract_all",
    "resolution",
]


def extract_all(
    papers: Sequence[Paper],
    jobs: int = 1,
    model: str | None = None,
    cached: Mapping[str, PaperFacts] | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    progress: bool | None = None,
) -> list[PaperFacts]:
    """Facts of every paper; those whose title and abstract are in ``cached`` are reused.

    Parameters
    ----------
    papers : sequence of Paper
    jobs : int, default 1
        Worker processes (0: one per core).
    model : str, optional
        An installed spaCy pipeline to start from (``spacy.blank("en")`` when None).
    cached : mapping, optional
        Facts of an earlier build by :attr:`Paper.content_hash` (:func:`papergraph.cache.load`).
    engine, scheduler : str
        ``"local"``, or ``"dask"`` with the scheduler's address (:func:`papergraph.extract.extract`).
    progress : bool, optional
        Draw a bar with a time estimate on stderr; None: when stderr is a terminal.

    Returns
    -------
    list of PaperFacts
        In input order, each carrying its own ``Paper`` (a cached one too).

    Examples
    --------
    >>> from papergraph import Paper
    >>> first = extract_all([Paper("FooNet: Sparse Kernels", "We propose FooNet.")])
    >>> again = extract_all([Paper("FooNet: Sparse Kernels", "We propose FooNet.", date="2024")],
    ...                     cached={pf.paper.content_hash: pf for pf in first})
    >>> again[0].paper.date, [m.name for m in again[0].mentions]
    ('2024', ['FooNet'])
    """
    import sys

    from tqdm import tqdm

    cached = cached or {}
    todo = [p for p in papers if p.content_hash not in cached]
    quiet = (not sys.stderr.isatty()) if progress is None else not progress
    with tqdm(total=len(todo), unit="papers", desc="extracting", file=sys.stderr, disable=quiet or not todo) as bar:
        extracted = extract(todo, jobs=jobs, model=model, engine=engine, scheduler=scheduler, progress=bar.update)
    fresh = {pf.paper.content_hash: pf for pf in extracted}
    return [replace(fresh.get(p.content_hash) or cached[p.content_hash], paper=p) for p in papers]


def check_concept_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """``options`` as a dict, or a ``TypeError`` naming the keys :func:`resolution` does not know.

    >>> check_concept_options({"kk": 1})
    Traceback (most recent call last):
    TypeError: unknown concept option(s) 'kk'; known: k, max_df, min_weight, top_k
    """
    options = dict(options or {})
    unknown = sorted(set(options) - set(concepts.DEFAULTS))
    if unknown:
        raise TypeError(
            f"unknown concept option(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(concepts.DEFAULTS))}"
        )
    return options


def resolution(
    facts: Sequence[PaperFacts],
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    concept_options: Mapping[str, Any] | None = None,
) -> Resolution:
    """The corpus-wide steps: concepts per paper, resolution, concept hierarchy and links.

    Parameters
    ----------
    facts : sequence of PaperFacts
        Every paper's facts (:func:`extract_all`).
    base : str
        The namespace of the graph's resources.
    min_confidence : float, default 0
        Claims below this confidence are left out.
    concept_options : mapping, optional
        ``k`` (concepts kept per paper), ``min_weight``, ``top_k`` and ``max_df`` (shares-concept
        links; see :data:`papergraph.concepts.DEFAULTS`).

    Returns
    -------
    Resolution
        Papers, entities, edges, results and concept overlaps, ready for :mod:`papergraph.rdf`.

    Raises
    ------
    TypeError
        An unknown concept option: a misspelt option never builds silently with the default.

    Examples
    --------
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> facts = extract([Paper("FooNet: Sparse Kernels", "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."),
    ...                  Paper("BarNet: Dense Kernels", "We propose BarNet. BarNet outperforms FooNet on ImageNet.")])
    >>> res = resolution(facts)
    >>> sorted((res.entities[e.subject].label, res.entities[e.object].label) for e in res.edges if e.predicate == "improvesOn")
    [('BarNet', 'FooNet'), ('FooNet', 'ResNet-50')]
    >>> resolution(facts, concept_options={"kk": 1})
    Traceback (most recent call last):
    TypeError: unknown concept option(s) 'kk'; known: k, max_df, min_weight, top_k
    """
    options = check_concept_options(concept_options)
    facts = concepts.assign(facts, k=options.pop("k", concepts.DEFAULTS["k"]))
    res = resolve(facts, base=base, min_confidence=min_confidence)
    return concepts.link(res, **options)
