"""Loading the knowledge files (gazetteers, cue words, generic terms) from package data.

Each loader returns a fresh immutable value, cached: callers can never change what
another caller sees (scispacy's shared mutable ``BASE_PATTERNS`` is the warning).
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping


def _data(*parts: str):
    path = resources.files("papergraph").joinpath("data")
    for part in parts:
        path = path.joinpath(part)
    return path


@lru_cache(maxsize=None)
def gazetteer(name: str) -> tuple[Mapping[str, object], ...]:
    """Pattern records of ``data/gazetteers/<name>.jsonl`` (``label``, ``pattern``, ``id``, ...).

    >>> any(r["pattern"] == "ImageNet-1K" for r in gazetteer("datasets"))
    True
    """
    text = _data("gazetteers", f"{name}.jsonl").read_text(encoding="utf-8")
    return tuple(MappingProxyType(json.loads(line)) for line in text.split("\n") if line.strip())


@lru_cache(maxsize=None)
def cues() -> Mapping[str, tuple[str, ...]]:
    """Cue-word lists by role (``comparative``, ``experiment``, ...) from ``data/cues/cues.json``."""
    raw = json.loads(_data("cues", "cues.json").read_text(encoding="utf-8"))
    return MappingProxyType({k: tuple(v) for k, v in raw.items() if not k.startswith("_")})


@lru_cache(maxsize=None)
def generic_terms() -> frozenset[str]:
    """Words that look like names but name nothing particular ("LLMs", "SOTA", "mIoU")."""
    text = _data("cues", "generic_terms.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.split("\n") if line.strip() and not line.startswith("#"))
