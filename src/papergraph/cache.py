"""The per-paper extraction cache kept beside a built graph, for ``build --update``.

Two JSON Lines files in the graph folder: ``papers.jsonl`` (every paper the graph holds, as
read) and ``facts.jsonl`` (each paper's extracted facts, keyed by the hash of its title and
abstract). A fingerprint of what extraction is made of (package version, data files and the
extraction code) is stored with them: facts extracted with other gazetteers or rules, or by
an edited checkout, are never reused.
JSON, not pickle: a graph folder may come from someone else.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

from .extract.terms import Term
from ._version import __version__
from .model import Mention, Paper, PaperFacts, Relation, Result

__all__: list[str] = []  # internal: called by PaperGraph (graph.py), not by users

PAPERS, FACTS, META = "papers.jsonl", "facts.jsonl", "cache.json"


@lru_cache(maxsize=None)
def fingerprint() -> str:
    """A hash of everything extraction depends on besides the paper: version, data files and
    code (the facts' shape and rules can change in a checkout without a new version)."""
    h = hashlib.sha256(__version__.encode())
    package = resources.files("papergraph")
    folders = [package.joinpath("data").joinpath(f) for f in ("gazetteers", "cues", "concepts", "models")]
    for folder in [*folders, package.joinpath("extract")]:
        for f in sorted(folder.iterdir(), key=lambda x: x.name):
            if f.is_file() and not f.name.endswith(".pyc"):
                h.update(f.name.encode())
                h.update(f.read_bytes())
    for name in ("model.py", "names.py", "knowledge.py"):  # the facts' types, name keys, data loading
        h.update(package.joinpath(name).read_bytes())
    return h.hexdigest()[:16]


def _paper(d: dict) -> Paper:
    """A paper saved by :func:`save`: JSON lists back to tuples (a cache written before a
    field existed reads as the field's default)."""
    return Paper(
        **{
            **d,
            "authors": tuple(d["authors"]),
            "sources": tuple(d["sources"]),
            "ids": tuple(d.get("ids", ())),
            "cites": tuple(tuple(c) for c in d.get("cites", ())),
        }
    )


def save(folder: Path, papers: Iterable[Paper], facts: Iterable[PaperFacts]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / PAPERS, "w", encoding="utf-8") as f:
        for p in papers:
            f.write(json.dumps(asdict(p), ensure_ascii=False) + "\n")
    with open(folder / FACTS, "w", encoding="utf-8") as f:
        for pf in facts:
            f.write(
                json.dumps(
                    {
                        "hash": pf.paper.content_hash,
                        "mentions": [asdict(m) for m in pf.mentions],
                        "relations": [asdict(r) for r in pf.relations],
                        "terms": [list(t) for t in pf.terms],
                        "results": [asdict(r) for r in pf.results],
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    (folder / META).write_text(json.dumps({"fingerprint": fingerprint()}))


def load(folder: Path) -> tuple[list[Paper], dict[str, PaperFacts]]:
    """The papers a graph holds and its reusable facts by content hash (empty when the
    cache is missing or was made by other extraction knowledge)."""
    if not (folder / PAPERS).is_file():
        return [], {}
    papers = [_paper(json.loads(line)) for line in (folder / PAPERS).read_text(encoding="utf-8").splitlines() if line]
    meta = json.loads((folder / META).read_text()) if (folder / META).is_file() else {}
    if meta.get("fingerprint") != fingerprint() or not (folder / FACTS).is_file():
        return papers, {}
    facts = {}
    for line in (folder / FACTS).read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        facts[d["hash"]] = PaperFacts(
            Paper(""),
            tuple(Mention(**{**m, "aliases": tuple(m["aliases"])}) for m in d["mentions"]),
            tuple(Relation(**r) for r in d["relations"]),
            tuple(Term(*t) for t in d["terms"]),
            tuple(Result(**r) for r in d.get("results", ())),
        )
    return papers, facts
