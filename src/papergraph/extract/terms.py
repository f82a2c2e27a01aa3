"""Key-phrase candidates of one paper: the raw material of its concepts.

A candidate is a run of one to four content words (no stop word, number or punctuation
inside; a dimension such as "3d" is a word), lowercased with its last word singularised; vocabulary phrases may hold "of"
("mixture of experts"). An acronym the paper defines counts for its long form ("KD" for
"knowledge distillation"). Which candidates become the paper's concepts is decided
corpus-wide (:mod:`papergraph.concepts`), where IDF is known.

>>> ts = key_phrases("Token Pruning for Vision Transformers",
...                  "We study token pruning in vision transformers (ViTs). Token pruning (TP) helps.",
...                  [("vision transformers", "ViTs"), ("Token pruning", "TP")])
>>> sorted((t.phrase, t.frequency, t.in_title, t.acronym) for t in ts if t.phrase in ("token pruning", "vision transformer"))
[('token pruning', 3, True, True), ('vision transformer', 2, True, True)]
"""

from __future__ import annotations

import re
from typing import NamedTuple, Sequence
from functools import lru_cache

from .. import knowledge
from ..names import name_key

__all__ = [
    "Term",
    "key_phrases",
]

# A digit ends a phrase ("10 models", "top-1"), except in a dimension: "3d object detection",
# "6d pose estimation", "text-to-3d" (hundreds of vocabulary concepts hold one).
_WORD = re.compile(r"(?:[a-z][a-z0-9]*|[1-9]d)(?:[-'][a-z0-9]+)*")
# (a digit breaks where a letter or digit stands before it or where no "d" ending the word
# follows it; each alternative opens with the digit, so other characters cost one test).
# A possessive ends a phrase too: "attention's quadratic complexity" holds "attention" and
# "quadratic complexity", not "attention's quadratic".
_BREAK = re.compile(
    r"[.,;:!?()\[\]{}\"“”‘’/|=<>+*%$#&~]|\s-\s|\d(?<=[a-z0-9]\d)|\d(?!d(?![a-z0-9]))"
    r"|'s(?![a-z0-9])|'(?<=s')(?![a-z0-9])"
)
MAX_WORDS = 4


class Term(NamedTuple):
    """A key-phrase candidate: how often the paper uses it, whether its title does, whether
    a sentence stating the paper's contribution does ("we propose ..."), and whether the
    paper gives it an acronym ("knowledge distillation (KD)").

    A named tuple, not a dataclass: a paper has a hundred or more, made and pickled by the
    extraction workers."""

    phrase: str
    frequency: int
    in_title: bool
    in_claim: bool = False
    acronym: bool = False


_INVARIANT = ("series", "species", "means", "news", "ics", "ss", "us", "is", "ys", "as")


def singular(word: str) -> str:
    """The singular of a plural English noun, by rule.

    >>> [singular(w) for w in ("transformers", "dependencies", "analysis", "series", "dynamics", "bias")]
    ['transformer', 'dependency', 'analysis', 'series', 'dynamics', 'bias']
    """
    if word.endswith(_INVARIANT):
        return word
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s"):
        return word[:-1]
    return word


@lru_cache(maxsize=None)
def stopwords() -> frozenset[str]:
    """Words that end a key phrase (``data/cues/stopwords.txt``)."""
    return knowledge.words("cues", "stopwords.txt")


@lru_cache(maxsize=None)
def generic_heads() -> frozenset[str]:
    """Nouns that end a phrase unless the vocabulary knows it (``data/cues/generic_heads.txt``)."""
    return knowledge.words("cues", "generic_heads.txt")


@lru_cache(maxsize=None)
def _vocabulary_keys() -> frozenset[str]:
    return frozenset(knowledge.vocabulary())


def _phrase(words) -> str:
    return " ".join(list(words[:-1]) + [singular(words[-1])])


def _phrases(text: str) -> list[str]:
    """The text's key-phrase candidates, with repeats: the 1..MAX_WORDS-grams of each run of
    content words, and vocabulary phrases that hold a generic head or "of"."""
    stop, heads, vocab = stopwords(), generic_heads(), _vocabulary_keys()
    out: list[str] = []
    for piece in _BREAK.split(text.lower()):
        words = _WORD.findall(piece)
        run: list[str] = []
        for i, w in enumerate(words + [""]):
            if w and w not in stop and w not in heads and len(w) > 1 and not (w.endswith("ly") and len(w) > 4):
                run.append(w)
                continue
            n = len(run)
            last = [singular(w) for w in run]  # each word as the last of a phrase
            for a in range(n):
                out.append(last[a])
                for b in range(a + 2, min(n, a + MAX_WORDS) + 1):
                    out.append(" ".join(run[a : b - 1]) + " " + last[b - 1])
            if run and (w in heads or w == "of"):  # "attention mechanism", "mixture of experts"
                for a in range(max(0, n - 3), n):
                    tail = run[a:] + [w] + ([words[i + 1]] if w == "of" and i + 1 < len(words) else [])
                    p = _phrase(tail)
                    if name_key(p) in vocab:
                        out.append(p)
            run = []
    return out


_CLAIM = re.compile(r"\b(?:we|our|this paper|this work|this study)\b", re.I)


def key_phrases(title: str, abstract: str, acronyms: Sequence[tuple[str, str]] = ()) -> list[Term]:
    """Key-phrase candidates of a paper: runs of one to four content words (a stop word, a
    number or punctuation ends one), lowercased, the last word singular, with where and how
    often they occur.

    Parameters
    ----------
    title, abstract : str
    acronyms : sequence of (str, str)
        The paper's (long form, short form) pairs; a short form counts for its long form.

    Returns
    -------
    list of Term
        Phrases with ``frequency``, ``in_title``, ``in_claim`` and ``acronym``.

    Examples
    --------
    >>> terms = key_phrases("Sparse Attention for Long Documents", "We study sparse attention for long documents.")
    >>> [(t.phrase, t.frequency, t.in_title) for t in terms if t.phrase == "sparse attention"]
    [('sparse attention', 2, True)]
    """
    # Acronyms of the field the paper uses as they are count for their long forms ("LLMs" are
    # large language models), unless the paper defines them itself.
    defined = {short for _, short in acronyms} | {short[:-1] for _, short in acronyms if short.endswith("s")}
    known, pattern = known_acronyms()

    def phrases(text: str) -> list[str]:
        return _phrases(text) + [known[m.group(1)] for m in pattern.finditer(text) if m.group(1) not in defined]

    title_phrases = phrases(title)
    in_title = set(title_phrases)
    counts: dict[str, int] = dict.fromkeys(title_phrases, 0)  # in order of use, not of hashing
    for p in title_phrases:
        counts[p] += 1
    claimed: set[str] = set()
    for sentence in re.split(r"(?<=[.!?])\s+", abstract):
        found = phrases(sentence)
        for p in found:
            counts[p] = counts.get(p, 0) + 1
        if _CLAIM.search(sentence):
            claimed.update(found)
    given_acronym = set()
    for long, short in acronyms:  # "KD" counts for "knowledge distillation"
        words = long.lower().split()
        if not words:
            continue
        phrase = _phrase(words)
        if phrase not in counts:
            continue
        given_acronym.add(phrase)
        counts[phrase] += max(0, len(re.findall(rf"(?<![\w-]){re.escape(short)}s?(?![\w-])", abstract)) - 1)
    return [Term(p, n, p in in_title, p in claimed, p in given_acronym) for p, n in counts.items()]


@lru_cache(maxsize=None)
def known_acronyms() -> tuple[dict[str, str], re.Pattern]:
    """The field's acronyms and their long forms (``data/concepts/acronyms.tsv``), and a
    pattern that finds them (case-sensitive, plural "s" allowed) as group 1."""
    known = {}
    for line in knowledge.lines("concepts", "acronyms.tsv"):
        short, long = line.split("\t")
        known[short] = _phrase(long.split())
    alternatives = "|".join(sorted(map(re.escape, known), key=len, reverse=True))
    return known, re.compile(rf"(?<![\w-])({alternatives})s?(?![\w-])")
