"""Loading the knowledge files (gazetteers, cue words, word lists, the concept vocabulary)
from package data: the one place that reads ``papergraph/data``.

Each loader returns a fresh immutable value, cached: callers can never change what
another caller sees (scispacy's shared mutable ``BASE_PATTERNS`` is the warning).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from .names import name_key

__all__ = [
    "data_file",
    "read_text",
]


def data_file(*parts: str):
    """The package data file ``data/<parts...>``.

    Parameters
    ----------
    *parts : str
        The path inside ``data/``, one part per argument.

    Returns
    -------
    importlib.resources.abc.Traversable
        Works from an installed wheel as from a source tree.

    Examples
    --------
    >>> data_file("cues", "cues.json").name
    'cues.json'
    """
    path = resources.files("papergraph").joinpath("data")
    for part in parts:
        path = path.joinpath(part)
    return path


def read_text(*parts: str) -> str:
    """The text of the package data file ``data/<parts...>`` (UTF-8).

    Parameters
    ----------
    *parts : str
        The path inside ``data/``, one part per argument.

    Returns
    -------
    str

    Examples
    --------
    >>> "@prefix pg:" in read_text("ontology.ttl")
    True
    """
    return data_file(*parts).read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def lines(*parts: str) -> tuple[str, ...]:
    """The lines of a word-list file, stripped, without blank lines and ``#`` comments.

    >>> "model" in lines("cues", "weak_concepts.txt")
    True
    """
    return tuple(s for line in read_text(*parts).split("\n") if (s := line.strip()) and not s.startswith("#"))


@lru_cache(maxsize=None)
def words(*parts: str) -> frozenset[str]:
    """Every word of a word-list file (several may share a line)."""
    return frozenset(w for line in lines(*parts) for w in line.split())


@lru_cache(maxsize=None)
def gazetteer(name: str) -> tuple[Mapping[str, object], ...]:
    """Pattern records of ``data/gazetteers/<name>.jsonl`` (``label``, ``pattern``, ``id``, ...).

    >>> any(r["pattern"] == "ImageNet-1K" for r in gazetteer("datasets"))
    True
    """
    text = read_text("gazetteers", f"{name}.jsonl")
    return tuple(MappingProxyType(json.loads(line)) for line in text.split("\n") if line.strip())


@lru_cache(maxsize=None)
def cues() -> Mapping[str, tuple[str, ...]]:
    """Cue-word lists by role (``comparative``, ``experiment``, ...) from ``data/cues/cues.json``."""
    raw = json.loads(read_text("cues", "cues.json"))
    return MappingProxyType({k: tuple(v) for k, v in raw.items() if not k.startswith("_")})


@lru_cache(maxsize=None)
def metric_spellings() -> Mapping[str, str]:
    """Each way abstracts write a metric, lowercase, to its canonical name
    (``data/cues/metrics.json``: "acc@1" -> "top-1 accuracy").

    >>> metric_spellings()["acc@1"]
    'top-1 accuracy'
    """
    raw = json.loads(read_text("cues", "metrics.json"))
    return MappingProxyType({s.lower(): name for name, spellings in raw["metrics"].items() for s in spellings})


@lru_cache(maxsize=None)
def metric_words(key: str) -> frozenset[str]:
    """A word list of ``data/cues/metrics.json``: ``lower_is_better`` metrics, ``size_words``."""
    return frozenset(json.loads(read_text("cues", "metrics.json"))[key])


@lru_cache(maxsize=None)
def generic_terms() -> frozenset[str]:
    """Words that look like names but name nothing particular ("LLMs", "SOTA", "mIoU")."""
    return frozenset(lines("cues", "generic_terms.txt"))


@lru_cache(maxsize=None)
def vocabulary() -> Mapping[str, dict]:
    """The concept vocabulary by name key: ``{"label", "broader": [labels], "sources"}``
    (``data/concepts/vocabulary.jsonl``, built by ``tools/build_concepts.py``)."""
    out: dict[str, dict] = {}
    for line in read_text("concepts", "vocabulary.jsonl").split("\n"):
        if line:
            rec = json.loads(line)
            out.setdefault(name_key(rec["label"]), rec)
    return MappingProxyType(out)
