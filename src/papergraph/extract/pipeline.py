"""The extraction pipeline: a blank English spaCy pipeline plus papergraph's components.

``extract_paper`` is a pure function of one paper; ``extract`` maps it over many, in
several processes when ``jobs > 1`` (each worker builds its own pipeline once).
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Iterable, Sequence

import spacy
from spacy.language import Language

from ..model import Paper, PaperFacts
from . import components  # noqa: F401  (registers the pg_* factories)


def build_nlp(model: str | None = None) -> Language:
    """The extraction pipeline; ``model`` names an installed spaCy pipeline to start from.

    Without one, ``spacy.blank("en")`` is enough: ``pg_facts`` splits sentences itself
    when no component has set sentence boundaries (a trained parser's are used if present).
    """
    nlp = spacy.load(model, exclude=["ner", "lemmatizer"]) if model else spacy.blank("en")
    nlp.add_pipe("pg_cues")
    nlp.add_pipe("pg_gazetteer")
    nlp.add_pipe("pg_facts")
    nlp.add_pipe("pg_terms")
    return nlp


@lru_cache(maxsize=4)
def _shared_nlp(model: str | None) -> Language:
    return build_nlp(model)


def paper_text(paper: Paper) -> str:
    """What extraction reads: the title, a blank line, the abstract."""
    return f"{paper.title}\n\n{paper.abstract}"


def process(nlp: Language, text: str):
    """Run the pipeline on ``text``, keeping the text on the doc (``Doc.text`` rebuilds it
    from the tokens on every access, which costs more than the rules themselves)."""
    doc = nlp.make_doc(text)
    doc.user_data["pg_text"] = text
    for _name, component in nlp.pipeline:
        doc = component(doc)
    return doc


def extract_paper(paper: Paper, nlp: Language | None = None) -> PaperFacts:
    """The facts of one paper (pure: the same paper always gives the same facts)."""
    nlp = nlp or _shared_nlp(None)
    # spaCy refuses longer texts (E088); the readers cut abstracts long before this, so only a
    # paper made in Python without them gets here, and it loses its tail, not the build
    doc = process(nlp, paper_text(paper)[: nlp.max_length - 1])
    return PaperFacts(paper, tuple(doc._.pg_mentions), tuple(doc._.pg_relations), tuple(doc._.pg_terms or ()))


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
) -> list[PaperFacts]:
    """Facts of every paper, in input order.

    ``engine="local"`` uses ``jobs`` worker processes on this machine (0 = one per core);
    ``engine="dask"`` sends chunks of papers to the Dask cluster whose scheduler is at
    ``scheduler`` (``tcp://host:8786``) — the per-paper work is the same pure function either
    way, so the facts, and the graph built from them, are identical.
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
    if jobs == 1 or len(papers) < 2 * chunk_size:
        return _extract_chunk((papers, model))
    from ..processes import die_with_parent

    with ProcessPoolExecutor(max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        return [facts for chunk in pool.map(_extract_chunk, chunks) for facts in chunk]
