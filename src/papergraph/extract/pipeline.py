"""The extraction pipeline: a blank English spaCy pipeline plus papergraph's components.

``extract_paper`` is a pure function of one paper; ``extract`` maps it over many, in
several processes when ``jobs > 1`` (each worker builds its own pipeline once).
"""

from __future__ import annotations

import re

import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Callable, Iterable, Sequence

import spacy
from spacy.language import Language

from ..model import Mention, Paper, PaperFacts
from . import components  # noqa: F401  (registers the pg_* factories)
from .components import doc_text
from .facts import CONFIDENCE
from .results import read_numbers
from .rules import normalize_repository

__all__ = [
    "build_nlp",
    "paper_text",
    "extract_paper",
    "extract",
]


def build_nlp(model: str | None = None) -> Language:
    """The extraction pipeline: ``pg_cues``, ``pg_gazetteer``, ``pg_facts``, ``pg_terms``.

    Without a model, ``spacy.blank("en")`` is enough: ``pg_facts`` splits sentences itself
    when no component has set sentence boundaries (a trained parser's are used if present).

    Parameters
    ----------
    model : str, optional
        An installed spaCy pipeline to start from (``en_core_web_sm``); nothing is downloaded.

    Returns
    -------
    spacy.language.Language

    Examples
    --------
    >>> build_nlp().pipe_names
    ['pg_cues', 'pg_gazetteer', 'pg_facts', 'pg_terms']
    """
    nlp = spacy.load(model, exclude=["ner", "lemmatizer"]) if model else spacy.blank("en")
    # spaCy keeps a full stop after a capital (initials: "U.S."), so a name ending a sentence
    # kept it too: "ImageNet-1K.", "GPT-4V.", "ViT-L." were no names. A stop after a digit or
    # hyphen and one capital is split off.
    suffixes = [*(nlp.Defaults.suffixes or ()), r"(?<=[0-9\-][A-Z])\."]
    nlp.tokenizer.suffix_search = spacy.util.compile_suffix_regex(suffixes).search  # type: ignore[union-attr]
    nlp.add_pipe("pg_cues")
    nlp.add_pipe("pg_gazetteer")
    nlp.add_pipe("pg_facts")
    nlp.add_pipe("pg_terms")
    return nlp


@lru_cache(maxsize=4)
def _shared_nlp(model: str | None) -> Language:
    return build_nlp(model)


def paper_text(paper: Paper) -> str:
    """What extraction reads: the title, a blank line, the abstract.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    str

    Examples
    --------
    >>> paper_text(Paper("FooNet", "We propose FooNet."))
    'FooNet\\n\\nWe propose FooNet.'
    """
    # "StarCoder2- 15B": a name broken at its hyphen where the abstract was wrapped
    return _BROKEN_SIZE.sub("-", f"{paper.title}\n\n{paper.abstract}")


_BROKEN_SIZE = re.compile(r"(?<=[A-Za-z0-9])- (?=\d+(?:\.\d+)?[BMK]\b)")


def process(nlp: Language, text: str):
    """Run the pipeline on ``text``, keeping the text on the doc (``Doc.text`` rebuilds it
    from the tokens on every access, which costs more than the rules themselves)."""
    doc = nlp.make_doc(text)
    doc.user_data["pg_text"] = text
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


def extract_paper(paper: Paper, nlp: Language | None = None) -> PaperFacts:
    """The facts of one paper (pure: the same paper always gives the same facts).

    Parameters
    ----------
    paper : Paper
    nlp : spacy.language.Language, optional
        A pipeline from :func:`build_nlp` (one is built and kept when None).

    Returns
    -------
    PaperFacts
        Mentions (with their role: proposes or mentions), relations with evidence and
        confidence, key-phrase terms and reported results.

    Examples
    --------
    >>> pf = extract_paper(Paper("FooNet: Sparse Kernels", "We propose FooNet. FooNet reaches 81.2% top-1 accuracy on ImageNet."))
    >>> [(m.name, m.kind, m.role) for m in pf.mentions]
    [('FooNet', 'method', 'proposes'), ('ImageNet', 'dataset', 'mentions')]
    >>> [(r.method, r.dataset, r.metric, r.value) for r in pf.results]
    [('FooNet', 'ImageNet', 'top-1 accuracy', 81.2)]
    """
    nlp = nlp or _shared_nlp(None)
    # spaCy refuses longer texts (E088); the readers cut abstracts long before this, so only a
    # paper made in Python without them gets here, and it loses its tail, not the build
    doc = process(nlp, paper_text(paper)[: nlp.max_length - 1])
    mentions = tuple(doc._.pg_mentions) + _given_code(paper, doc._.pg_mentions)
    surfaces = [(s.text, s.kb_id_ or s.text) for s in doc.spans.get("pg_known", ())]
    results, relations = read_numbers(doc_text(doc), mentions, tuple(doc._.pg_relations), surfaces=surfaces)
    return PaperFacts(paper, mentions, relations, tuple(doc._.pg_terms or ()), results)


def _given_code(paper: Paper, found: Iterable[Mention]) -> tuple[Mention, ...]:
    """The code repository the input names (Hugging Face's ``githubRepo``), unless the
    abstract links it already."""
    url = normalize_repository(paper.code) if paper.code else None
    if not url or any(m.kind == "repository" and m.name == url for m in found):
        return ()
    return (Mention(url, "repository", "mentions", (), f"code: {paper.code}", "metadata", CONFIDENCE["metadata"]),)


def _extract_chunk(args: tuple[Sequence[Paper], str | None]) -> list[PaperFacts]:
    papers, model = args
    nlp = _shared_nlp(model)
    return [extract_paper(p, nlp) for p in papers]


def extract(
    papers: Iterable[Paper],
    jobs: int = 1,
    model: str | None = None,
    chunk_size: int = 500,
    engine: str = "local",
    scheduler: str | None = None,
    progress: Callable[[int], object] | None = None,
) -> list[PaperFacts]:
    """Facts of every paper, in input order.

    ``engine="local"`` uses ``jobs`` worker processes on this machine; ``engine="dask"``
    sends chunks of papers to the Dask cluster whose scheduler is at ``scheduler`` — the
    per-paper work is the same pure function either way, so the facts, and the graph built
    from them, are identical.

    Parameters
    ----------
    papers : iterable of Paper
    jobs : int, default 1
        Worker processes (0: one per core).
    model : str, optional
        An installed spaCy pipeline to start from.
    chunk_size : int, default 500
        Papers sent to a worker at a time.
    engine : str, default "local"
        ``"local"`` or ``"dask"``.
    scheduler : str, optional
        The Dask scheduler's address (``tcp://host:8786``).
    progress : callable, optional
        Called with the number of papers done after each chunk.

    Returns
    -------
    list of PaperFacts

    Examples
    --------
    >>> facts = extract([Paper("FooNet", "We propose FooNet."), Paper("BarNet", "We propose BarNet.")])
    >>> [pf.mentions[0].name for pf in facts]
    ['FooNet', 'BarNet']
    """
    papers = list(papers)
    if engine == "dask":
        chunk_size = min(chunk_size, 100)  # small tasks spread over every worker
    chunks = [(papers[i : i + chunk_size], model) for i in range(0, len(papers), chunk_size)]
    if engine == "dask":
        from distributed import Client

        with Client(scheduler) as client:
            futures = client.map(_extract_chunk, chunks, pure=False)
            return [facts for chunk in client.gather(futures) for facts in chunk]
    if engine != "local":
        raise ValueError(f"unknown engine {engine!r}; use 'local' or 'dask'")
    jobs = jobs or os.cpu_count() or 1

    def done(facts: list[PaperFacts]) -> list[PaperFacts]:
        if progress is not None:
            progress(len(facts))
        return facts

    if jobs == 1 or len(papers) < 2 * chunk_size:
        return [facts for chunk in chunks for facts in done(_extract_chunk(chunk))]
    from ..processes import die_with_parent

    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return [facts for chunk in pool.map(_extract_chunk, chunks) for facts in done(chunk)]
