"""Concepts, corpus-wide: which key phrases characterise each paper, their hierarchy, and
which papers share informative concepts.

Two explicit steps around resolution:

- :func:`assign` (before :func:`~papergraph.resolve.resolve`): scores every paper's
  key-phrase candidates by how often and where the paper uses them, whether the concept
  vocabulary knows them, and how rare they are in the corpus (IDF); the top ``k`` become
  the paper's concept mentions.
- :func:`link` (after): adds the broader concepts of the vocabulary (``skos:broader``),
  lets methods inherit the concepts of the papers that propose them, and computes
  ``pg:sharesConcept`` links weighted by the IDF of the shared concepts, keeping only links
  of at least ``min_weight``, at most ``top_k`` per paper, and never through a concept that
  more than ``max_df`` of the papers hold.

>>> from papergraph.model import Paper, PaperFacts
>>> from papergraph.extract.terms import Term
>>> f = [PaperFacts(Paper(f"P{i}", "x"), terms=(Term("knowledge distillation", 2, True),)) for i in range(2)]
>>> [m.name for m in assign(f)[0].mentions]
['knowledge distillation']
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from .model import Entity, Mention, PaperFacts
from .resolve import Edge, Resolution, name_key, slug

#: Defaults of the concept step (``build --concepts-per-paper`` etc. override them).
DEFAULTS = {"k": 6, "min_weight": 2.5, "top_k": 20, "max_df": 0.5}


#: How much each signal counts when ranking a paper's key phrases (tuned on the dev set's
#: paper-level concepts; each is a multiplier, 1.0 = no effect).
WEIGHTS = {"known": 2.0, "task": 2.5, "general": 0.7, "title": 2.0, "claim": 1.2, "single": 0.25,
           "three": 0.8, "four": 0.5, "tf": 1.0, "idf_floor": 1.0}


@dataclass(frozen=True)
class Overlap:
    """Two papers (IRIs ``a`` < ``b``) and the informative concepts they share."""

    a: str
    b: str
    concepts: tuple[str, ...]
    weight: float


@lru_cache(maxsize=None)
def vocabulary() -> Mapping[str, dict]:
    """The concept vocabulary by name key: ``{"label", "broader": [labels], "sources"}``."""
    text = resources.files("papergraph").joinpath("data").joinpath("concepts").joinpath(
        "vocabulary.jsonl").read_text(encoding="utf-8")
    out = {}
    for line in text.split("\n"):
        if line:
            rec = json.loads(line)
            out.setdefault(name_key(rec["label"]), rec)
    return out


@lru_cache(maxsize=None)
def general_concepts() -> frozenset[str]:
    """Name keys of concepts the vocabulary files twenty or more others under: fields
    ("computer vision") that characterise a paper less than its own topics do."""
    under: Counter = Counter()
    for rec in vocabulary().values():
        under.update(name_key(b) for b in rec["broader"])
    return frozenset(k for k, n in under.items() if n >= 20)


@lru_cache(maxsize=None)
def weak_concepts() -> frozenset[str]:
    """Name keys of labels too general to characterise a paper alone ("model", "deep learning")."""
    text = resources.files("papergraph").joinpath("data").joinpath("cues").joinpath("weak_concepts.txt").read_text()
    return frozenset(name_key(line) for line in text.split("\n") if line.strip() and not line.startswith("#"))


def assign(facts: Iterable[PaperFacts], k: int = DEFAULTS["k"], **_ignored) -> list[PaperFacts]:
    """Each paper's facts with its top-``k`` concepts added as ``concept`` mentions (pure)."""
    facts = list(facts)
    vocab, weak, general = vocabulary(), weak_concepts(), general_concepts()
    df: Counter = Counter()
    for pf in facts:
        df.update({name_key(t.phrase) for t in pf.terms})
    n = len(facts)
    out = []
    for pf in facts:
        scored = []
        # What the paper proposes and the datasets it names are entities, not concepts; a
        # method it mentions is a concept only where the vocabulary knows it ("vision transformer").
        names = {name_key(n) for m in pf.mentions if m.kind in ("method", "dataset") for n in (m.name, *m.aliases)}
        own = {name_key(n) for m in pf.mentions if m.role == "proposes" or m.kind == "dataset"
               for n in (m.name, *m.aliases)}
        terms = _without_fragments(pf.terms, vocab)
        for t in terms:
            key = name_key(t.phrase)
            words = t.phrase.split()
            known = key in vocab
            if key in weak or key in own or len(key) < 4 or (len(words) == 1 and not known):
                continue
            if not known:
                if key in names or t.count < 2 and not t.in_title and not t.in_claim and df[key] < 2:
                    continue  # a name, or a phrase used once in passing by one paper
                if any(name_key(w) in names for w in words) or _is_verb(words[0]) or any(
                        w.endswith("s") and not w.endswith(("ss", "us", "is")) for w in words[:-1]):
                    continue  # "rmt exhibits ...", "discuss training", "tokens act": a name or a verb
            w = WEIGHTS
            length = w["single"] if len(words) == 1 else (1.0, w["three"], w["four"])[min(len(words), 4) - 2] \
                if not known else 1.0
            quality = ((w["known"] if known else 1.0) * (w["task"] if known and "pwc" in vocab[key]["sources"] else 1.0)
                       * (w["general"] if key in general else 1.0)
                       * (w["title"] if t.in_title else 1.0) * (w["claim"] if t.in_claim else 1.0) * length)
            idf = math.log((n + 1) / (df[key] + 0.5)) + w["idf_floor"]
            scored.append((quality * (1.0 + w["tf"] * math.log(t.count)) * idf, t.phrase, key))
        scored.sort(key=lambda x: (-x[0], x[1]))
        chosen: list[tuple[float, str, str]] = []
        for item in scored:
            if len(chosen) == k:
                break
            if any(item[2] == c[2] or item[1] in c[1] or c[1] in item[1] for c in chosen):
                continue  # "token pruning" and "pruning" say one thing twice
            chosen.append(item)
        top = chosen[0][0] if chosen else 1.0
        mentions = tuple(
            Mention(vocab[key]["label"] if key in vocab else phrase, "concept", "mentions", (),
                    _evidence(pf, phrase), "key-phrase", round(0.5 + 0.45 * score / top, 3))
            for score, phrase, key in chosen)
        out.append(replace(pf, mentions=pf.mentions + mentions))
    return out


@lru_cache(maxsize=None)
def verbs() -> frozenset[str]:
    """Base forms of English verbs (``data/cues/verbs.txt``)."""
    text = resources.files("papergraph").joinpath("data").joinpath("cues").joinpath("verbs.txt").read_text()
    return frozenset(w for line in text.split("\n") if not line.startswith("#") for w in line.split())


def _is_verb(word: str) -> bool:
    """Whether ``word`` is a form of a known verb ("discusses", "collected", "solving")."""
    v = verbs()
    if word in v:
        return True
    for suffix, repl in (("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", "")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in v:
            return True
    return False


def _without_fragments(terms, vocab) -> list:
    """Terms less the fragments of longer ones: a phrase the paper never uses but inside one
    longer phrase ("burst image" of "burst image restoration"); a phrase the vocabulary knows
    is a fragment only of a longer known one ("state space" of "state space model")."""
    # name key of each proper part of a longer phrase -> the longer phrase's count (for any
    # longer phrase, and for longer phrases the vocabulary knows)
    inside: dict[str, int] = {}
    inside_known: dict[str, int] = {}
    for t in terms:
        if " " not in t.phrase and "-" not in t.phrase:
            continue
        words = t.phrase.replace("-", " ").split()
        n, known = len(words), name_key(t.phrase) in vocab
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i < n:
                    key = name_key(" ".join(words[i:j]))
                    inside[key] = max(inside.get(key, 0), t.count)
                    if known:
                        inside_known[key] = max(inside_known.get(key, 0), t.count)
    return [t for t in terms
            if (inside_known if (key := name_key(t.phrase)) in vocab else inside).get(key, 0) < t.count]


def _evidence(pf: PaperFacts, phrase: str) -> str:
    """The first sentence of the paper that uses the phrase (hyphens and spaces alike)."""
    needle = phrase.lower().replace("-", " ")
    needle = needle[:-1] if needle.endswith("y") else needle  # "dependency" in "dependencies"
    for sentence in [pf.paper.title, *re.split(r"(?<=[.!?])\s+", pf.paper.abstract)]:
        if needle in sentence.lower().replace("-", " "):
            return sentence
    return pf.paper.title


def link(res: Resolution, min_weight: float = DEFAULTS["min_weight"], top_k: int = DEFAULTS["top_k"],
         max_df: float = DEFAULTS["max_df"], **_ignored) -> Resolution:
    """The resolution with broader concepts, inherited method concepts and concept overlaps."""
    _add_broader(res)
    concept_edges = [e for e in res.edges if e.predicate == "hasConcept" and e.subject in res.papers]
    # Methods inherit the concepts of the papers that propose them.
    proposed_by = defaultdict(list)
    for e in res.edges:
        if e.predicate == "proposes" and res.entities[e.object].kind == "method":
            proposed_by[e.subject].append(e.object)
    res.edges += [Edge(m, "hasConcept", e.object, e.paper, e.evidence, "inherited-from-paper", e.confidence)
                  for e in concept_edges for m in proposed_by.get(e.subject, ())]
    res.overlaps = shares_concept(concept_edges, len(res.papers), min_weight, top_k, max_df)
    return res


def _add_broader(res: Resolution) -> None:
    """Concept entities for the broader concepts (transitively) and their ``skos:broader`` links."""
    vocab = vocabulary()
    iri_of = {name_key(e.label): iri for iri, e in res.entities.items() if e.kind == "concept"}
    prefix = None
    for iri, e in res.entities.items():
        if e.kind == "concept":
            prefix = iri[: iri.rfind("/") + 1]
            break
    if prefix is None:
        return
    todo = [k for k in iri_of]
    seen = set(todo)
    while todo:
        key = todo.pop()
        rec = vocab.get(key)
        if not rec:
            continue
        broader_iris = []
        for label in rec["broader"]:
            bkey = name_key(label)
            if bkey not in iri_of:
                iri_of[bkey] = f"{prefix}{slug(label)}"
                if iri_of[bkey] in res.entities and res.entities[iri_of[bkey]].kind != "concept":
                    iri_of[bkey] += "-concept"
                res.entities[iri_of[bkey]] = Entity(iri_of[bkey], "concept", label)
            broader_iris.append(iri_of[bkey])
            if bkey not in seen:
                seen.add(bkey)
                todo.append(bkey)
        iri = iri_of[key]
        if broader_iris:
            res.entities[iri] = replace(res.entities[iri], broader=tuple(sorted(set(broader_iris))))


def shares_concept(concept_edges: list[Edge], n_papers: int, min_weight: float = DEFAULTS["min_weight"],
                   top_k: int = DEFAULTS["top_k"], max_df: float = DEFAULTS["max_df"]) -> list[Overlap]:
    """Weighted, capped links between papers sharing informative concepts.

    A concept's weight is its IDF, ``log(N / df)``; a concept held by more than ``max_df``
    of the papers weighs nothing. Links are taken strongest first while neither paper
    has ``top_k`` links yet, so no paper ever has more than ``top_k``.
    """
    holders: dict[str, set[str]] = defaultdict(set)
    held: dict[str, set[str]] = defaultdict(set)
    for e in concept_edges:
        holders[e.object].add(e.subject)
        held[e.subject].add(e.object)
    idf = {c: math.log(n_papers / len(ps)) for c, ps in holders.items()
           if len(ps) > 1 and len(ps) <= max_df * n_papers}
    postings = {c: sorted(holders[c]) for c in idf}
    # Each paper's partners come from the postings of its concepts, rarest concept first, up to
    # a bound: a small corpus sees every pair, a large one is spared the quadratic blow-up of
    # common concepts (where partners would tie anyway). Weights are then exact.
    limit = max(20 * top_k, 200)
    shared: dict[tuple[str, str], list[str]] = {}
    for p in sorted(held):
        found: set[str] = set()
        for c in sorted((c for c in held[p] if c in idf), key=lambda c: (len(postings[c]), c)):
            for q in postings[c]:
                if q != p:
                    found.add(q)
                    if len(found) >= limit:
                        break
            if len(found) >= limit:
                break
        for q in found:
            pair = (p, q) if p < q else (q, p)
            if pair not in shared:
                shared[pair] = sorted(c for c in held[p] & held[q] if c in idf)
    candidates = sorted(((sum(idf[c] for c in cs), pair, cs) for pair, cs in shared.items()),
                        key=lambda x: (-x[0], x[1]))
    degree: Counter = Counter()
    out = []
    for weight, (a, b), cs in candidates:
        if weight < min_weight:
            break
        if degree[a] >= top_k or degree[b] >= top_k:
            continue
        degree[a] += 1
        degree[b] += 1
        out.append(Overlap(a, b, tuple(cs), round(weight, 4)))
    return out
