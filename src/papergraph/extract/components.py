"""spaCy components of papergraph, registered by factory (``nlp.add_pipe("pg_gazetteer")``).

Each is a thin wrapper: knowledge comes from data files, logic from :mod:`.rules` and
:mod:`.facts`; results go on ``doc.spans["pg_known"]``, ``doc._.pg_mentions`` and
``doc._.pg_relations``.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from typing import cast

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .. import knowledge
from .facts import doc_facts
from .rules import MODIFIER_SUFFIX, Rules
from .terms import key_phrases

__all__ = [
    "GazetteerMatcher",
    "CueMatcher",
    "FactsComponent",
    "TermsComponent",
    "make_gazetteer",
    "make_cues",
    "make_facts",
    "make_terms",
]

for _name in ("pg_mentions", "pg_relations", "pg_acronyms", "pg_terms"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


#: A dataset name distinctive enough to be known in any capitalisation: it holds a digit, a
#: capital inside a word, or two words ("NYU Depth v2", "FLoRes-200", "PASCAL Context"). Not
#: one word in capitals: "BURST" or "DAWN" written "Burst" or "Dawn" is a word.
_DISTINCTIVE = re.compile(r"\d|[a-z][A-Z]|\w[\s-]+\w")


class GazetteerMatcher:
    """Finds known methods and datasets by exact (case-sensitive) phrase match; distinctive
    dataset names also in another case when the text capitalises them.

    Names that are also ordinary words (``needs_cue`` in the gazetteer) count only next to a
    dataset noun ("the Places dataset"). The longest match wins where matches overlap.
    """

    def __init__(self, nlp: Language, gazetteers: tuple[str, ...]):
        with _uncached(nlp):
            self._build(nlp, gazetteers)

    def _build(self, nlp: Language, gazetteers: tuple[str, ...]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.lower_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")  # for "any_case" names
        self.canonical: dict[str, str] = {}
        self.needs_cue: set[str] = set()
        self.case_variants: set[str] = set()
        self.ordinary: set[str] = set()  # names that are also words, in lower case
        cue_words = knowledge.cues()["dataset_nouns"]
        cue = "(?:" + "|".join(map(re.escape, cue_words)) + r")\b"
        self.cue = re.compile(r"^\s*" + cue, re.I)
        # ... or ends a list of names the noun covers: "on CNN/DailyMail, Gigaword, and SQuAD 1.1 benchmarks"
        self.list_cue = re.compile(
            r"^(?:\s*(?:,|and|or|&)\s*(?:,\s*)?(?:and\s+)?[A-Z][\w./'+-]*(?: [\w./'+-]+){0,2}?){1,6}\s+" + cue, re.I
        )
        # "Vision Transformers" is the family, not ViT: no plural where the head is itself a model.
        family_heads = {str(r["pattern"]) for r in knowledge.gazetteer("methods") if " " not in str(r["pattern"])}
        # "GANs", "CNNs": the plural of an acronym of a kind of model (data/concepts/acronyms.tsv)
        # is that kind, not a model
        kinds = {line.split("\t")[0] for line in knowledge.lines("concepts", "acronyms.tsv")}
        for name in gazetteers:
            by_label: dict[str, list] = {}
            for rec in knowledge.gazetteer(name):
                pattern = str(rec["pattern"])
                key = f"{rec['label']}\x1f{pattern}"
                self.canonical[key] = str(rec.get("id") or pattern)
                if rec.get("needs_cue"):
                    self.needs_cue.add(key)
                    self.ordinary.add(pattern.lower())
                by_label.setdefault(key, []).append(pattern)
                if (
                    rec["label"] == "METHOD"
                    and pattern[-1:].isalpha()
                    and not pattern.endswith("s")
                    and (" " not in pattern or pattern.split()[-1] not in family_heads)
                    and pattern not in kinds
                ):
                    by_label[key].append(pattern + "s")  # "BERTs", "MoEs", "Retentive Networks"
                if rec.get("any_case"):
                    self.lower_matcher.add(key, [nlp.make_doc(pattern.lower())])
                elif rec["label"] == "DATASET" and not rec.get("needs_cue") and _DISTINCTIVE.search(pattern):
                    # written in another case: "Pascal Context", "Flores-200", "MT-bench" (but
                    # capitalised, as a name is: see __call__)
                    self.case_variants.add(key)
                    self.lower_matcher.add(key, [nlp.make_doc(pattern.lower())])
            for key, patterns in by_label.items():
                self.matcher.add(key, list(cast(Tokenizer, nlp.tokenizer).pipe(patterns)))

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        text = doc_text(doc)
        for match_id, start, end in [*self.matcher(doc), *self.lower_matcher(doc)]:
            key = doc.vocab.strings[match_id]
            label = key.split("\x1f", 1)[0]
            span = Span(doc, start, end, label=label, kb_id=self.canonical[key])
            if (
                key in self.needs_cue
                and not self.cue.match(text[span.end_char : span.end_char + 20])
                and not self.list_cue.match(text[span.end_char : span.end_char + 120])
            ):
                continue
            if not _whole_word(text, span.start_char, span.end_char):
                continue
            if key in self.case_variants and (
                not text[span.start_char].isupper() or span.text.lower() in self.ordinary
            ):
                continue  # "GigaWord" as "Gigaword" is the word that needs a cue
            if label == "METHOD" and end - start == 1 and _ends_longer_name(text, span.start_char):
                continue
            if label == "METHOD" and end - start == 1 and span.text.islower() and self._names_a_family(text, span):
                continue
            if label == "METHOD" and (sized := _released_size(doc, text, span)) is not None:
                span = sized
            spans.append(span)
        doc.spans["pg_known"] = filter_spans(spans)
        return doc

    def _names_a_family(self, text: str, span: Span) -> bool:
        """Whether a lowercase known method ends a lowercase family name that, capitalised, is
        another known model: "vision transformers" are the family of the Vision Transformer,
        "detection transformers" of DETR, not the Transformer (GUIDELINES: a family is no method)."""
        before = re.search(r"([a-z][a-z-]*) $", text[max(0, span.start_char - 30) : span.start_char])
        if not before:
            return False
        phrase = f"{before.group(1)} {span.text}"
        return any(f"METHOD\x1f{form}" in self.canonical for form in (phrase.title(), phrase.title().removesuffix("s")))


@contextmanager
def _uncached(nlp: Language):
    """Tokenize patterns without filling the tokenizer's cache: it holds 10,000 strings
    (``Tokenizer.max_cache_size``) and 10,000 gazetteer names filled it, after which every
    word of every paper went through the affix rules again (tokenization 3x slower)."""
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    size = tokenizer.max_cache_size
    tokenizer.max_cache_size = 0
    try:
        yield
    finally:
        tokenizer.max_cache_size = size


def doc_text(doc: Doc) -> str:
    """The document's text, from where :func:`~papergraph.extract.pipeline.process` left it."""
    text = doc.user_data.get("pg_text")
    if text is None:
        text = doc.user_data["pg_text"] = doc.text
    return text


def _whole_word(text: str, start: int, end: int) -> bool:
    """Whether a match is not part of a longer name ("BERT" inside "MergeBERT" or "BERT-large");
    a modifier suffix is fine ("Transformer-based")."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or before == "-" or after.isalnum():
        return False
    if after == "-" and text[end + 1 : end + 2].isalnum():
        suffix = re.match(r"-[\w]+", text[end:])
        return suffix is not None and bool(MODIFIER_SUFFIX.match(suffix.group(0)))
    if _SPACED_MODIFIER.match(text, end):
        return False  # "previous Transformer based models": a family named after the model
    return True


#: A modifier suffix written with a space: "Transformer based", "BERT like".
_SPACED_MODIFIER = re.compile(r" (?:based|like|style)\b")


_TITLE_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Z][a-z]+(?:-[A-Za-z][a-z]+)*) $")
_NOT_NAME_WORDS = frozenset(
    "A An The Our This These Those Its Their Each Every Both Any All No Of For In On With "
    "And Or To From By Via Using Unlike Like Than Vs Versus Standard Vanilla Original".split()
)


# A released size or edition written after a model's name: "Mixtral 8x7B", "Gemini Pro",
# "Claude 3", "Llama 2 7B", "GPT-4 Turbo" (not a list's "1)" nor "3.5%")
_SIZE_AFTER = re.compile(
    r"(?: (?:\d+(?:\.\d+)?[BMK]|\d+x\d+[BM]|Pro|Ultra|Turbo|Instruct|Chat|Mini|Nano|Flash|[1-9](?:\.\d)?))+"
    r"(?![\w%)\-.]|\.\d)"
)


def _released_size(doc: Doc, text: str, span: Span) -> Span | None:
    """The span of a known model with the size or edition written after it, named as written."""
    m = _SIZE_AFTER.match(text, span.end_char)
    if not m or (span.text[-1:].isdigit() and re.match(r" [1-9](?:\.\d)?(?: |$)", m.group(0))):
        return None  # "GPT-4 3" is no edition
    sized = doc.char_span(span.start_char, m.end(), label=span.label_, kb_id=text[span.start_char : m.end()])
    return sized


def _ends_longer_name(text: str, start: int) -> bool:
    """Whether a one-word known method ends a longer capitalised name: "Transformer" in
    "Audio Spectrogram Transformer" or "Switch Transformer", "BERT" in "Multilingual BERT".
    That name is another model (or a family), not a mention of the known one; "the
    Transformer", "Standard Transformer" and "of Transformers" still are."""
    m = _TITLE_WORD_BEFORE.search(text, max(0, start - 40), start)
    # "Transformer-based BERT", "Pre-trained BERT": a hyphenated modifier ending in a lowercase
    # word describes the model, it does not name another
    return m is not None and m.group(1) not in _NOT_NAME_WORDS and not re.search(r"-[a-z]+$", m.group(1))


@Language.factory("pg_gazetteer", assigns=["doc.spans"], default_config={"gazetteers": ["methods", "datasets"]})
def make_gazetteer(nlp: Language, name: str, gazetteers: list[str]) -> GazetteerMatcher:
    """Known-name matcher over the package's gazetteers: methods and datasets of the field,
    with their aliases, put in ``doc.spans["pg_known"]`` labelled ``METHOD`` or ``DATASET``.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component joins (spaCy passes it).
    name : str
        The component's name in the pipeline.
    gazetteers : list of str
        Which gazetteers to load (``data/gazetteers/<name>.jsonl``).

    Returns
    -------
    GazetteerMatcher

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("pg_gazetteer")
    >>> doc = nlp("We train ViT on ImageNet.")
    >>> [(s.text, s.label_) for s in doc.spans["pg_known"]]
    [('ViT', 'METHOD'), ('ImageNet', 'DATASET')]
    """
    return GazetteerMatcher(nlp, tuple(gazetteers))


#: Cue categories of ``data/cues/cues.json`` matched as token phrases by ``pg_cues``.
CUE_CATEGORIES = (
    "propose_verbs",
    "naming_words",
    "strong_comparative",
    "weak_comparative",
    "comparative_context",
    "experiment",
    "self_reference",
    "novelty",
    "parity",
    "negation",
    "prior_work",
    "training",
)


class CueMatcher:
    """Finds cue words and phrases ("outperforms", "we propose", "compared with") in one pass
    of a case-insensitive phrase matcher; results go on ``doc.spans["pg_cues"]``, labelled
    by category."""

    def __init__(self, nlp: Language, categories: tuple[str, ...]):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        cues = knowledge.cues()
        with _uncached(nlp):
            for category in categories:
                self.matcher.add(category, [nlp.make_doc(w) for w in cues[category]])

    def __call__(self, doc: Doc) -> Doc:
        doc.spans["pg_cues"] = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)]
        return doc


@Language.factory("pg_cues", assigns=["doc.spans"], default_config={"categories": list(CUE_CATEGORIES)})
def make_cues(nlp: Language, name: str, categories: list[str]) -> CueMatcher:
    """Cue-word matcher over ``data/cues/cues.json``: comparatives, self references, experiment
    words and the like in ``doc.spans["pg_cues"]``, labelled by category.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component joins (spaCy passes it).
    name : str
        The component's name in the pipeline.
    categories : list of str
        The cue categories to match.

    Returns
    -------
    CueMatcher

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("pg_cues")
    >>> doc = nlp("Our model outperforms the baseline.")
    >>> [(s.text, s.label_) for s in doc.spans["pg_cues"]][:3]
    [('Our', 'self_reference'), ('outperforms', 'strong_comparative'), ('outperforms', 'experiment')]
    """
    return CueMatcher(nlp, tuple(categories))


class FactsComponent:
    """Proposals, unseen names, relations and code links of one paper (see :mod:`.facts`)."""

    def __init__(self) -> None:
        self.rules = Rules()

    def __call__(self, doc: Doc) -> Doc:
        doc._.pg_mentions, doc._.pg_relations, doc._.pg_acronyms = doc_facts(doc, self.rules)
        return doc


@Language.factory("pg_facts", assigns=["doc._.pg_mentions", "doc._.pg_relations", "doc._.pg_acronyms"])
def make_facts(nlp: Language, name: str) -> FactsComponent:
    """Rule-based facts: what the paper proposes, mentions, improves on, is evaluated on, in
    ``doc._.pg_mentions``, ``doc._.pg_relations`` and ``doc._.pg_acronyms``. Runs after
    ``pg_cues`` and ``pg_gazetteer``.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component joins (spaCy passes it).
    name : str
        The component's name in the pipeline.

    Returns
    -------
    FactsComponent

    Examples
    --------
    >>> from papergraph.extract import build_nlp
    >>> from papergraph.extract.pipeline import process
    >>> doc = process(build_nlp(), "FooNet\\n\\nWe propose FooNet. FooNet outperforms ResNet-50 on ImageNet.")
    >>> [(r.subject, r.predicate, r.object) for r in doc._.pg_relations]
    [('FooNet', 'improvesOn', 'ResNet-50'), ('FooNet', 'evaluatedOn', 'ImageNet')]
    """
    return FactsComponent()


class TermsComponent:
    """Key-phrase candidates of the paper (see :mod:`.terms`), on ``doc._.pg_terms``."""

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        cut = text.find("\n\n")
        title, abstract = (text[:cut], text[cut + 2 :]) if cut >= 0 else (text, "")
        pairs = [(long, short) for long, short, *_ in (doc._.pg_acronyms or [])]
        doc._.pg_terms = key_phrases(title, abstract, pairs)
        return doc


@Language.factory("pg_terms", assigns=["doc._.pg_terms"])
def make_terms(nlp: Language, name: str) -> TermsComponent:
    """Key-phrase candidates, the raw material of concepts, in ``doc._.pg_terms``.

    Parameters
    ----------
    nlp : spacy.language.Language
        The pipeline the component joins (spaCy passes it).
    name : str
        The component's name in the pipeline.

    Returns
    -------
    TermsComponent

    Examples
    --------
    >>> from papergraph.extract import build_nlp
    >>> from papergraph.extract.pipeline import process
    >>> doc = process(build_nlp(), "Sparse Attention\\n\\nWe study sparse attention for long documents.")
    >>> "sparse attention" in [t.phrase for t in doc._.pg_terms]
    True
    """
    return TermsComponent()
