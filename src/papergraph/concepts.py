"""Concepts, corpus-wide: which key phrases characterise each paper, their hierarchy, and
which papers share informative concepts.

Two explicit steps around resolution:

- :func:`assign` (before :func:`~papergraph.resolve.resolve`): ranks every paper's
  key-phrase :func:`candidates` by their signals (how often and where the paper uses them,
  whether the concept vocabulary knows them and as what, how rare they are in the corpus,
  their form) with a logistic model (:func:`score`, weights in ``data/concepts/ranking.json``);
  the top ``k`` that do not repeat each other become the paper's concept mentions, with the
  model's probability as their confidence.
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
from typing import Any, Iterable, Mapping, NamedTuple

import numpy as np

from . import knowledge
from .extract.terms import Term, known_acronyms, singular
from .model import Entity, Mention, PaperFacts
from .knowledge import vocabulary
from .names import name_key, slug
from .resolve import Edge, Resolution

__all__ = [
    "DEFAULTS",
    "Overlap",
    "assign",
    "link",
    "shares_concept",
]

#: Defaults of the concept step (``build --concepts-per-paper`` etc. override them).
DEFAULTS: dict[str, Any] = {"k": 6, "min_weight": 2.5, "top_k": 20, "max_df": 0.5}


@dataclass(frozen=True)
class Overlap:
    """Two papers (IRIs ``a`` < ``b``) and the informative concepts they share."""

    a: str
    b: str
    concepts: tuple[str, ...]
    weight: float


@lru_cache(maxsize=None)
def general_concepts() -> frozenset[str]:
    """Name keys of concepts the vocabulary files twenty or more others under: fields
    ("computer vision") that characterise a paper less than its own topics do."""
    under: Counter = Counter()
    for rec in vocabulary().values():
        under.update(name_key(b) for b in rec["broader"])
    return frozenset(k for k, n in under.items() if n >= 20)


@lru_cache(maxsize=None)
def task_heads() -> frozenset[str]:
    """Words that end many task names ("segmentation", "forecasting"; ``data/concepts/task_heads.txt``,
    from Papers with Code): a phrase ending in one names a task ("burst image restoration")."""
    return frozenset(knowledge.lines("concepts", "task_heads.txt"))


@lru_cache(maxsize=None)
def weak_concepts() -> frozenset[str]:
    """Name keys of labels too general to characterise a paper alone ("model", "deep learning")."""
    return frozenset(name_key(line) for line in knowledge.lines("cues", "weak_concepts.txt"))


@lru_cache(maxsize=None)
def ranking() -> Mapping[str, Any]:
    """The weights that rank a paper's key phrases (``data/concepts/ranking.json``): a
    logistic model over the signals of :func:`candidates`, fitted by
    ``tools/fit_concept_ranking.py`` on annotated papers."""
    return json.loads(knowledge.read_text("concepts", "ranking.json"))


def document_frequencies(facts: Iterable[PaperFacts]) -> Counter:
    """In how many papers each key phrase (by name key) occurs."""
    df: Counter = Counter()
    for pf in facts:
        df.update({name_key(t.phrase) for t in pf.terms})
    return df


class Candidate(NamedTuple):
    """A key phrase that may be one of the paper's concepts: its label (the vocabulary's
    where it knows the phrase) and the signals that rank it."""

    term: Term
    label: str
    signals: dict[str, float]


def candidates(pf: PaperFacts, df: Mapping[str, int], n: int) -> list[Candidate]:
    """The paper's key phrases that may be its concepts, with their signals (``df``: the
    corpus's document frequencies, ``n``: its size). Left out: datasets, one-word names,
    labels too general to say anything, and phrases opening with a finite verb."""
    names = {name_key(n) for m in pf.mentions if m.kind in ("method", "dataset") for n in (m.name, *m.aliases)}
    own = {name_key(n) for m in pf.mentions if m.role == "proposes" for n in (m.name, *m.aliases)}
    datasets = {name_key(n) for m in pf.mentions if m.kind == "dataset" for n in (m.name, *m.aliases)}
    fragments = _fragments(pf.terms, vocabulary())
    out: list[Candidate] = []
    for t in pf.terms:
        phrase = _profile(t.phrase)
        if phrase is None or phrase.key in datasets:
            continue
        if not phrase.known and (
            (phrase.signals["single"] and phrase.key in names) or not names.isdisjoint(phrase.unknown_words)
        ):
            continue  # a one-word name ("MetaFormer"), or a phrase holding a name ("rmt exhibits")
        out.append(
            Candidate(
                t,
                phrase.label,
                {
                    **phrase.signals,
                    "title": float(t.in_title),
                    "known_in_title": float(t.in_title and phrase.known),
                    "claim": float(t.in_claim),
                    "log_count": math.log1p(math.log(t.frequency)),
                    "idf": math.log1p(math.log((n + 1) / (df.get(phrase.key, 0) + 0.5))),
                    "acronym": float(t.acronym),
                    "fragment": float(phrase.key in fragments),
                    "name": float(phrase.key in names and not phrase.known),
                    "proposed": float(phrase.key in own),
                },
            )
        )
    return out


class _Profile(NamedTuple):
    """What a key phrase is regardless of the paper using it."""

    key: str
    label: str
    known: bool
    unknown_words: frozenset[str]  # name keys of its words the vocabulary does not know
    signals: dict[str, float]


@lru_cache(maxsize=200_000)
def _profile(phrase: str) -> _Profile | None:
    """The paper-independent side of a candidate (computed once per phrase: the same phrases
    recur across a corpus), or None for a phrase that is never a concept: a label too general
    to say anything, one unknown word without a hyphen, or a verb phrase ("discuss training",
    "tokens act", "model trained")."""
    vocab, weak = vocabulary(), weak_concepts()
    key, words = name_key(phrase), phrase.split()
    known = key in vocab
    if key in weak or len(key) < 4:
        return None
    if not known and (
        (len(words) == 1 and "-" not in phrase)
        or _is_finite_verb(words[0])
        or len(words) > 1
        and _is_predicate(words[-1])
        or any(singular(w) != w for w in words[:-1])
    ):
        return None
    sources = vocab[key]["sources"] if known else ()
    return _Profile(
        key,
        vocab[key]["label"] if known else phrase,
        known,
        frozenset(k for w in words if (k := name_key(w)) not in vocab),
        {
            "known": float(known),
            "task": float("pwc" in sources),
            "cso": float("cso" in sources),
            "general": float(key in general_concepts()),
            "single": float(len(words) == 1),
            "three": float(len(words) == 3),
            "four": float(len(words) >= 4),
            "hyphen": float("-" in phrase),
            "task_head": float(words[-1] in task_heads()),
            "modifier": float(words[0] in generic_modifiers()),
            "gerund": float(words[0].endswith("ing") and _is_verb(words[0])),
            "participle": float(words[0].endswith("ed") and _is_verb(words[0])),
            "specialises": float(
                any((k := name_key(" ".join(words[i:]))) in vocab and k not in weak for i in range(1, len(words)))
            ),
        },
    )


def score(features: Mapping[str, float]) -> float:
    """The ranking model's probability that a phrase with these signals is a concept."""
    bias, weights = _model()
    z = bias + sum(w * features[name] for name, w in weights if features[name])
    return 1.0 / (1.0 + math.exp(-z))


@lru_cache(maxsize=None)
def _model() -> tuple[float, tuple[tuple[str, float], ...]]:
    model = ranking()
    return model["bias"], tuple(model["weights"].items())


def assign(facts: Iterable[PaperFacts], k: int = DEFAULTS["k"]) -> list[PaperFacts]:
    """Each paper's facts with its top-``k`` concepts added as ``concept`` mentions (pure).

    The corpus-wide step that turns key phrases into concepts: a phrase is ranked by the fitted
    model (:func:`score`) from signals that need the whole corpus (its document frequency).

    Parameters
    ----------
    facts : iterable of PaperFacts
        Every paper's facts, as :func:`papergraph.extract.extract` gives them.
    k : int, default 6
        Concepts kept per paper.

    Returns
    -------
    list of PaperFacts
        New facts, in input order; the inputs are unchanged.

    Examples
    --------
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> facts = extract([Paper("FooNet: Sparse Attention for Image Classification",
    ...                        "We propose FooNet, a sparse attention model for image classification.")])
    >>> [m.name for m in assign(facts, k=2)[0].mentions if m.kind == "concept"]
    ['image classification', 'sparse attention']
    """
    facts = list(facts)
    df = document_frequencies(facts)
    out = []
    for pf in facts:
        chosen = choose([(score(c.signals), c) for c in candidates(pf, df, len(facts))], k)
        sentences = [pf.paper.title, *_sentences(pf.paper.abstract)]
        mentions = tuple(
            Mention(c.label, "concept", "mentions", (), _evidence(sentences, c.term.phrase), "key-phrase", round(p, 3))
            for p, c in chosen
        )
        out.append(replace(pf, mentions=pf.mentions + mentions))
    return out


def choose(scored: Iterable[tuple[float, Candidate]], k: int) -> list[tuple[float, Candidate]]:
    """The best ``k`` candidates that do not say one thing twice: of "token pruning" and
    "pruning", of "image segmentation" and "medical image segmentation", the better scored."""
    chosen: list[tuple[float, Candidate]] = []
    for p, c in sorted(scored, key=lambda x: (-x[0], x[1].label)):
        if len(chosen) == k:
            break
        if not any(_overlap(c.label, other.label) for _, other in chosen):
            chosen.append((p, c))
    return chosen


def _overlap(a: str, b: str) -> bool:
    """Whether two concepts say one thing twice ("token pruning" and "pruning")."""
    return name_key(a) == name_key(b) or a in b or b in a


@lru_cache(maxsize=None)
def generic_modifiers() -> frozenset[str]:
    """First words that make a description, not a concept ("close look", "single image")."""
    return knowledge.words("cues", "generic_modifiers.txt")


@lru_cache(maxsize=None)
def verbs() -> frozenset[str]:
    """Base forms of English verbs (``data/cues/verbs.txt``)."""
    return knowledge.words("cues", "verbs.txt")


def _is_finite_verb(word: str) -> bool:
    """Whether ``word`` is a verb that cannot modify a noun: a base or third-person form
    ("discuss", "exhibits"); participles can ("learning algorithm", "pretrained model")."""
    return not word.endswith(("ing", "ed")) and _is_verb(word)


def _is_predicate(word: str) -> bool:
    """Whether ``word`` ends a clause, not a noun phrase: a verb's base or past form ("analysis
    reveal", "model trained"), unless concepts end in it ("style transfer", "network design")."""
    return (_is_finite_verb(word) or word.endswith("ed") and _is_verb(word)) and word not in noun_heads()


@lru_cache(maxsize=None)
def noun_heads() -> frozenset[str]:
    """Words that end five or more concepts of the vocabulary ("design", "control",
    "transfer"): nouns there, whatever else they are."""
    ends = Counter(words[-1] for rec in vocabulary().values() if len(words := rec["label"].split()) > 1)
    return frozenset(w for w, n in ends.items() if n >= 5)


def _is_verb(word: str) -> bool:
    """Whether ``word`` is a form of a known verb ("discusses", "collected", "solving")."""
    v = verbs()
    if word in v:
        return True
    for suffix, repl in (("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("d", "")):
        if word.endswith(suffix) and word[: len(word) - len(suffix)] + repl in v:
            return True
    return False


def _fragments(terms, vocab) -> frozenset[str]:
    """Name keys of the terms that are fragments of longer ones: a phrase the paper uses no
    more often than a longer phrase that holds it and goes on past its last word ("burst
    image" of "burst image restoration"); a phrase the vocabulary knows is a fragment only
    of a longer known one ("state space" of "state space model"). A part that ends where the
    longer phrase ends keeps its head and is no fragment ("block pruning")."""
    inside: dict[str, int] = {}
    inside_known: dict[str, int] = {}
    for t in terms:
        parts = _inner_parts(t.phrase)
        known = parts and name_key(t.phrase) in vocab
        for key in parts:
            inside[key] = max(inside.get(key, 0), t.frequency)
            if known:
                inside_known[key] = max(inside_known.get(key, 0), t.frequency)
    return frozenset(
        key
        for t in terms
        if (inside_known if (key := name_key(t.phrase)) in vocab else inside).get(key, 0) >= t.frequency
    )


@lru_cache(maxsize=200_000)
def _inner_parts(phrase: str) -> frozenset[str]:
    """Name keys of the runs of words in ``phrase`` that stop before its last word."""
    words = phrase.replace("-", " ").split()
    return frozenset(name_key(" ".join(words[i:j])) for i in range(len(words)) for j in range(i + 1, len(words)))


def _evidence(sentences: list[str], phrase: str) -> str:
    """The first of a paper's sentences (its title first) that uses the phrase (hyphens and
    spaces alike) or one of the field's acronyms for it ("LLMs" for "large language model")."""
    known, pattern = known_acronyms()
    has_acronym = phrase in known.values()  # most concepts have none: no sentence is scanned for one
    return next(
        (
            s
            for s in sentences
            if _contains(s, phrase) or has_acronym and any(known[m.group(1)] == phrase for m in pattern.finditer(s))
        ),
        sentences[0],
    )


def _sentences(text: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+", text)


def _contains(sentence: str, phrase: str) -> bool:
    needle = phrase.lower().replace("-", " ")
    needle = needle[:-1] if needle.endswith("y") else needle  # "dependency" in "dependencies"
    return needle in sentence.lower().replace("-", " ")


def link(
    res: Resolution,
    min_weight: float = DEFAULTS["min_weight"],
    top_k: int = DEFAULTS["top_k"],
    max_df: float = DEFAULTS["max_df"],
) -> Resolution:
    """The resolution with broader concepts, inherited method concepts and concept overlaps.

    Adds the vocabulary's broader concepts (transitively) with their ``skos:broader`` links,
    gives each method the concepts of the papers proposing it, and sets ``res.overlaps`` to
    the papers' shares-concept links (:func:`shares_concept`).

    Parameters
    ----------
    res : Resolution
        The corpus as :func:`papergraph.resolve.resolve` resolved it; it is updated in place.
    min_weight, top_k, max_df : float, int, float
        The shares-concept options of :func:`shares_concept`.

    Returns
    -------
    Resolution
        ``res`` itself.

    Examples
    --------
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> from papergraph.resolve import resolve
    >>> facts = assign(extract([Paper("FooNet: Sparse Attention for Image Classification",
    ...                               "We propose FooNet, a sparse attention model for image classification.")]))
    >>> res = link(resolve(facts))
    >>> sorted(res.entities[e.object].label for e in res.edges if e.rule == "inherited-from-paper")[:2]
    ['attention model', 'image classification']
    """
    _add_broader(res)
    concept_edges = [e for e in res.edges if e.predicate == "hasConcept" and e.subject in res.papers]
    # Methods inherit the concepts of the papers that propose them.
    proposed_by = defaultdict(list)
    for e in res.edges:
        if e.predicate == "proposes" and res.entities[e.object].kind == "method":
            proposed_by[e.subject].append(e.object)
    res.edges += [
        Edge(m, "hasConcept", e.object, e.paper, e.evidence, "inherited-from-paper", e.confidence)
        for e in concept_edges
        for m in proposed_by.get(e.subject, ())
    ]
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


def shares_concept(
    concept_edges: list[Edge],
    n_papers: int,
    min_weight: float = DEFAULTS["min_weight"],
    top_k: int = DEFAULTS["top_k"],
    max_df: float = DEFAULTS["max_df"],
) -> list[Overlap]:
    """Weighted, capped links between papers sharing informative concepts.

    A concept's weight is its IDF, ``log(N / df)``; a concept held by more than ``max_df``
    of the papers weighs nothing. Links are taken strongest first while neither paper
    has ``top_k`` links yet, so no paper ever has more than ``top_k``.

    Parameters
    ----------
    concept_edges : list of Edge
        The papers' ``hasConcept`` edges.
    n_papers : int
        The number of papers in the corpus (N).
    min_weight : float, default 2.5
        The least summed weight of a link.
    top_k : int, default 20
        The most links a paper takes part in.
    max_df : float, default 0.5
        The share of papers above which a concept says nothing.

    Returns
    -------
    list of Overlap
        Pairs of paper IRIs (``a`` < ``b``) with their shared concepts and weight.

    Examples
    --------
    >>> from papergraph.resolve import Edge
    >>> held = [("p1", "c1"), ("p2", "c1"), ("p1", "c2"), ("p2", "c2")] + [(f"q{i}", f"d{i}") for i in range(20)]
    >>> edges = [Edge(p, "hasConcept", c, p, "", "", 1.0) for p, c in held]
    >>> [(o.a, o.b, o.concepts, round(o.weight, 2)) for o in shares_concept(edges, 22, min_weight=2.0)]
    [('p1', 'p2', ('c1', 'c2'), 4.8)]
    """
    holders: dict[str, set[str]] = defaultdict(set)
    held: dict[str, set[str]] = defaultdict(set)
    for e in concept_edges:
        holders[e.object].add(e.subject)
        held[e.subject].add(e.object)
    idf = {c: math.log(n_papers / len(ps)) for c, ps in holders.items() if len(ps) > 1 and len(ps) <= max_df * n_papers}
    # Papers and concepts as numbers, in the order of their IRIs, so that ordering pairs of
    # numbers orders the pairs of IRIs.
    papers = sorted(held)
    number = {p: i for i, p in enumerate(papers)}
    columns = sorted(idf)
    postings = [np.array(sorted(number[p] for p in holders[c]), dtype=np.int64) for c in columns]
    weights_of = [idf[c] for c in columns]
    column = {c: j for j, c in enumerate(columns)}
    own = [sorted(column[c] for c in held[p] if c in idf) for p in papers]
    # Each paper's partners come from the postings of its concepts, rarest concept first, up to
    # a bound: a small corpus sees every pair, a large one is spared the quadratic blow-up of
    # common concepts (where partners would tie anyway). Weights are then exact: the IDFs of
    # the shared concepts summed in one order, so that equal overlaps weigh exactly the same.
    limit = max(20 * top_k, 200)
    keys, weights = [], []
    for i, mine in enumerate(own):
        if not mine:
            continue
        # (no posting is read past limit + 1 entries: by then it has given the limit or ended)
        found = np.concatenate(
            [postings[j][: limit + 1] for j in sorted(mine, key=lambda j: (len(postings[j]), columns[j]))]
        )
        distinct, first = np.unique(found, return_index=True)
        partners = distinct[np.argsort(first, kind="stable")]
        partners = partners[partners != i][:limit]
        weight = np.zeros(len(partners))
        for j in mine:
            at = np.minimum(np.searchsorted(postings[j], partners), len(postings[j]) - 1)
            weight += np.where(postings[j][at] == partners, weights_of[j], 0.0)
        keys.append(np.minimum(partners, i) * len(papers) + np.maximum(partners, i))
        weights.append(weight)
    if not keys:
        return []
    pair_keys, where = np.unique(np.concatenate(keys), return_index=True)
    pair_weights = np.concatenate(weights)[where]
    strong = pair_weights >= min_weight
    pair_keys, pair_weights = pair_keys[strong], pair_weights[strong]
    # Links are taken strongest first (ties: by the IRIs of the two papers).
    order = np.lexsort((pair_keys, -pair_weights))
    degree = [0] * len(papers)
    out = []
    for key, weight in zip(pair_keys[order].tolist(), pair_weights[order].tolist()):
        a, b = divmod(key, len(papers))
        if degree[a] >= top_k or degree[b] >= top_k:
            continue
        degree[a] += 1
        degree[b] += 1
        cs = [columns[j] for j in sorted(set(own[a]) & set(own[b]))]
        a, b = papers[a], papers[b]
        out.append(Overlap(a, b, tuple(cs), round(weight, 4)))
    return out
