"""Numbers in abstracts: results (a method's value on a dataset) and the margins of
improvement claims. Per paper and pure, after the names and relations are found.

Precision first, as the guidelines ask (a wrong number is worse than a missing one):

- a **result** is a number that reads as a score: a percent, or a number with a metric word
  next to it ("28.4 BLEU", "top-1 accuracy of 83.2%"), in a sentence that names a dataset
  (or right after the sentence that does), tied to the nearest method named before it (as
  written, with its variant: "EfficientFormer-L1"), or to the paper's headline method where
  the sentence speaks of "we"/"our"; the two values of "(90.2% vs. 91.1%)" go to the sides
  of the sentence's improvement claim, the better one to its subject. A number after a name
  that is no known method is nobody's. A number that is a count or a size ("7B parameters",
  "1.2M images", "10x faster"), a margin ("by 1.4 points", "+2.1"), a share or a change
  ("50% of the parameters", "a 73% energy reduction") or a year is never a result;
- a **margin** belongs to an improves-on claim whose sentence holds it: "by 2.1 BLEU",
  "+1.4", "1.4 points higher" (absolute), "38% relative", "28% fewer parameters", "reduces
  the error by 20%" (relative), "5x faster", "less than 1/4 the cost", "halves" (factor); or
  the difference of the two sides' values in that sentence ("83.2% vs 81.8%"), positive with
  the subject better. A claim gets every margin its sentence gives, each on the dataset it
  is measured on; a sentence with several claims gives its one margin only when they share a
  subject.

Metric names are normalised from ``data/cues/metrics.json`` ("acc@1" is "top-1 accuracy").

>>> from papergraph.model import Mention, Relation
>>> text = "BEiT: Image Transformers\\n\\nBEiT reaches 83.2% top-1 accuracy on ImageNet-1K, outperforming DeiT (81.8%)."
>>> names = [Mention("BEiT", "method", "proposes"), Mention("DeiT", "method"), Mention("ImageNet-1K", "dataset")]
>>> rel = Relation("BEiT", "improvesOn", "DeiT", text.split("\\n\\n")[1], "comparative", 0.9)
>>> found, rels = read_numbers(text, names, [rel])
>>> [(r.method, r.dataset, r.metric, r.value, r.unit) for r in found]
[('BEiT', 'ImageNet-1K', 'top-1 accuracy', 83.2, '%'), ('DeiT', 'ImageNet-1K', 'top-1 accuracy', 81.8, '%')]
>>> (rels[0].margin, rels[0].margin_kind, rels[0].on_dataset, rels[0].metric)
(1.4, 'absolute', 'ImageNet-1K', 'top-1 accuracy')
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from .. import knowledge
from ..model import THIS_PAPER, Mention, Relation, Result
from .rules import Rules

__all__ = [
    "lower_is_better",
    "normalise_metric",
    "read_numbers",
]


@lru_cache(maxsize=1)
def _metrics() -> tuple[Mapping[str, str], frozenset[str], frozenset[str], re.Pattern]:
    spelling = knowledge.metric_spellings()
    alternation = "|".join(re.escape(s) for s in sorted(spelling, key=len, reverse=True))
    metric_re = re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.I)
    return spelling, knowledge.metric_words("lower_is_better"), knowledge.metric_words("size_words"), metric_re


def lower_is_better(metric: str) -> bool:
    """Whether a smaller value of ``metric`` is better (error, WER, FID, perplexity, ...).

    Parameters
    ----------
    metric : str
        A metric name as :func:`normalise_metric` gives it.

    Returns
    -------
    bool

    Examples
    --------
    >>> lower_is_better("wer"), lower_is_better("top-1 accuracy")
    (True, False)
    """
    return metric in _metrics()[1]


def normalise_metric(text: str) -> str:
    """The canonical name of a metric as written (``data/cues/metrics.json``).

    Parameters
    ----------
    text : str
        The metric as the paper writes it.

    Returns
    -------
    str
        The canonical name, or "" when the metric is unknown.

    Examples
    --------
    >>> normalise_metric("Acc@1"), normalise_metric("mIoU"), normalise_metric("style")
    ('top-1 accuracy', 'miou', '')
    """
    return _metrics()[0].get(text.strip().lower(), "")


_NUMBER = re.compile(r"(?<![\w.\-])([+]?)(\d+(?:\.\d+)?)(\s?%)?")
_MARGIN_BEFORE = re.compile(
    r"(?:\bby|\bof|\bgains?\s+of|\bimprovements?\s+of|\bboost\s+of)\s*"
    r"(?:about|around|up to|over|nearly|roughly|at least|more than|~)?\s*$",
    re.I,
)
_MARGIN_AFTER = re.compile(
    r"^\s?%?\s*(?:[\w@\-]+\s+){0,2}?(?:points?|pp|percentage points?)?\s*(?:higher|better|lower|improvements?|gains?|"
    r"absolute|relative|more|less|above|over|increase|decrease|boost|reduction|drops?|decline|speed-?up|points?\b|"
    r"faster|slower|smaller|larger|cheaper|fewer|to\s+\d)",
    re.I,
)
#: A share of something, or a change, not a score: "50% of", "35%/52% fewer parameters", "a 73%
#: on-chip energy footprint reduction".
_SHARE_AFTER = re.compile(
    r"^\s?%?(?:\s*/\s*\d+(?:\.\d+)?\s?%?)*\s+(?:of|fewer|less|more|smaller|larger|as many|as much|the size|the cost|"
    r"(?:[\w-]+\s+){0,3}(?:reduction|increase|decrease|drop|speed-?up|savings?)\b)",
    re.I,
)
#: A bound or an estimate, not a result: ">80%", "up to 6", "over 99%", "about 2".
_BOUND_BEFORE = re.compile(
    r"(?:[<>≈~≥≤]\s*|\b(?:up to|over|more than|less than|nearly|about|around|almost|at least|at most|roughly)\s+)$",
    re.I,
)
#: "we achieve", "we obtain", "our model reaches": the paper's own number follows.
_WE_REACH = re.compile(
    r"\b(?:we|our (?:method|model|approach|framework|network|system))\s+(?:\w+\s+){0,2}?"
    r"(?:achieve|obtain|reach|attain|get|set|report|establish)(?:s|ed|d)?\b(?:[^.;]|\.(?=\d))*$",  # "58.5 and 57.9"
    re.I,
)
_WE = re.compile(r"\b(?:we|our|ours|this paper|this work)\b", re.I)
_FACTOR = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s?(?:x|×|times)\s+(?:[a-z]+\s+)?(?:faster|fewer|less|smaller|cheaper|more efficient|"
    r"speed-?ups?|higher throughput|lower latency|reduction|compression|lower)|"  # "1.9x (inference) speedup"
    r"(?:speed-?up|acceleration|reduction) of (?:up to )?(\d+(?:\.\d+)?)\s?(?:x|×)|"
    r"\b(?:less than|only|about|under)\s+1/(\d+)\b",  # "less than 1/4 (of the) training cost"
    re.I,
)
#: A relative margin said as a share: "28% fewer parameters", "a 13.5% relative reduction in WER".
_SHARE_MARGIN = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s?\\?%\s+(?:fewer|less|smaller|lower|faster|cheaper|"
    r"relative\s+(?:[a-z]+\s+){0,2}?(?:reduction|improvement|gain|decrease|drop))\b|"
    r"\b(?:reduc|sav|cut)\w*\s+(?:over\s+|up to\s+|about\s+|nearly\s+)?(\d+(?:\.\d+)?)\s?\\?%",  # "reduces 71% FLOPs"
    re.I,
)
_HALVES = re.compile(r"\b(halves|halving|doubles|doubling)\b", re.I)
_BY = re.compile(
    r"\b(?:by|(?:gains?|improvements?|boosts?|margin) of)\s+(?:up to\s+|about\s+|around\s+|over\s+|nearly\s+)?"
    r"(\d+(?:\.\d+)?)\s?(\\?%|\s?points?|\s?pp)?"
    r"(\s+relative)?",
    re.I,
)
#: "1.4 points higher", "a 38% relative improvement", "2.1% better": the number, unit, "relative".
_STATED = re.compile(
    r"(?<![\w.])(\d+(?:\.\d+)?)\s?(%|\s?points?|\s?pp)?\s+(relative\s+)?(?:absolute\s+)?"
    r"(?:higher|better|improvements?|gains?|increase|boost)\b",
    re.I,
)
_PLUS = re.compile(r"(?<![\w.])\+(\d+(?:\.\d+)?)\s?(%|points?|pp)?")
_REDUCE = re.compile(r"\b(?:reduc\w*|lower\w*|decreas\w*|cut\w*|drop\w*)\b[^.]{0,40}$", re.I)
_YEAR = re.compile(r"^(?:19|20)\d\d$")
#: The next margin of a list after "by N": ", 1.4% mask AP", "and 1.4% mIoU".
_MARGIN_LIST = re.compile(r"[^\d.;]{0,80}?(?:,|\band)\s*(?:and\s+)?(\d+(?:\.\d+)?)\s?(\\?%|\s?points?|\s?pp)(?![\w.])")
#: What may stand between two margins of one list: a metric, a comma, "and", brackets.
_LIST_GAP = re.compile(r"[^\d.;]{0,80}?(?:,|\band)\s*(?:and\s+)?")


#: A size or flavour written after a model's name: "-L1", "-B7", "-R50", "-7B", "-base", "-XL".
_VARIANT = r"(?:-(?:[A-Z]{1,2}\d+[a-z]?|\d+(?:\.\d+)?[BMK]|[Bb]ase|[Ll]arge|[Ss]mall|[Tt]iny|[Mm]ini|[Mm]edium|[Hh]uge|X{0,2}L|[BLSHT]))*"


_VARIANT_ONE = re.compile(_VARIANT.removeprefix("(?:").removesuffix(")*"))


def _positions(text: str, names: dict[str, str], variants: bool = False) -> list[tuple[int, str, int]]:
    """(offset, name, end) of every whole-word occurrence in ``text`` of each way of writing
    a name (``names``: surface form -> the name), longest first: "Transformer" inside "Swin
    Transformer" is no occurrence of its own. With ``variants``, a name written with a size
    or flavour ("EfficientFormer-L1") is an occurrence of it, ending after the variant."""
    out: list[tuple[int, str, int]] = []
    taken: list[tuple[int, int]] = []
    # str.find and a boundary check, not a regex per name: compiling one for each of a
    # corpus's names cost more than the rest of reading numbers
    for surface in sorted(names, key=len, reverse=True):
        if not surface:
            continue
        start = text.find(surface)
        while start >= 0:
            if not _word_char(text, start - 1):
                ends = [start + len(surface)]
                while variants and (more := _VARIANT_ONE.match(text, ends[-1])):
                    ends.append(more.end())  # "EfficientFormer-L1": the longest that ends a word
                end = next((e for e in reversed(ends) if not _word_char(text, e)), None)
                if end is not None and not any(a < end and start < b for a, b in taken):
                    out.append((start, names[surface], end))
                    taken.append((start, end))
            start = text.find(surface, start + 1)
    return sorted(out)


def _word_char(text: str, i: int) -> bool:
    """Whether ``text[i]`` continues a word (as regex ``[\\w-]``); outside the text it does not."""
    return 0 <= i < len(text) and (text[i].isalnum() or text[i] in "_-")


def _own_method(text: str, mentions: Sequence[Mention], relations: Sequence[Relation]) -> str | None:
    """The paper's headline method, whose numbers "we"/"our model" report: of the methods it
    proposes, the subject of most of its improvement claims, else the one its title names,
    else the first. ("We introduce DiNA ... and DiNAT, built upon both": the claims and the
    title are DiNAT's.)"""
    proposed = list(dict.fromkeys(m.name for m in mentions if m.kind == "method" and m.role == "proposes"))
    if not proposed:
        return None
    claims = {n: sum(r.subject == n for r in relations if r.predicate == "improvesOn") for n in proposed}
    title = text.split("\n", 1)[0]
    in_title = {n: bool(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", title)) for n in proposed}
    return max(proposed, key=lambda n: (claims[n], in_title[n], -proposed.index(n)))


_LISTED_NUMBERS = re.compile(r"(?:\s*(?:,|and|or|,\s*and)\s+\d+(?:\.\d+)?%?)+\s*")


def _metric_near(sentence: str, start: int, end: int) -> str:
    """The metric written right after the number ("28.4 BLEU", "83.2% top-1 accuracy"), after
    the list it opens ("64.3 and 64.4 mAP") or right before it ("top-1 accuracy of 83.2%",
    "an AP of 58.7", "BLEU: 28.4")."""
    metric_re = _metrics()[3]
    after = metric_re.match(sentence, end + len(sentence[end:]) - len(sentence[end:].lstrip()))
    if after and after.start() - end <= 2:
        return normalise_metric(after.group(0))
    listed = _LISTED_NUMBERS.match(sentence, end)  # "64.3 and 64.4 mAP": the metric of the list
    if listed and (after := metric_re.match(sentence, listed.end())):
        return normalise_metric(after.group(0))
    before = sentence[max(0, start - 40) : start]
    m = next(reversed(list(metric_re.finditer(before))), None)  # the last metric word before
    if m is not None and re.fullmatch(r"\s*(?:score\s*)?(?:of|:|=|is|reaches|at)?\s*(?:\w+\s+)?", before[m.end() :]):
        return normalise_metric(m.group(0))
    return ""


def _is_size(sentence: str, end: int) -> bool:
    word = re.match(r"\s?([A-Za-z×-]+)", sentence[end:])
    return word is not None and word.group(1).lower().strip("-") in _metrics()[2]


def read_numbers(
    text: str,
    mentions: Sequence[Mention],
    relations: Sequence[Relation],
    own: str | None = None,
    surfaces: Iterable[tuple[str, str]] = (),
) -> tuple[tuple[Result, ...], tuple[Relation, ...]]:
    """The paper's results, and its relations with the margins their sentences give.

    A number becomes a result when its sentence ties it to a method, a dataset and a known
    metric; never a parameter count, a model or dataset size, or a year. An improves-on
    relation gets the margin its sentence states ("by 2.1 points", "38% relative", "5x").

    Parameters
    ----------
    text : str
        The paper's text (:func:`papergraph.extract.pipeline.paper_text`).
    mentions, relations : sequence
        The paper's mentions and relations from the rules.
    own : str, optional
        The name of the paper's own method (None: the paper itself).
    surfaces : iterable of (str, str)
        (as written, name) pairs where the text writes a name otherwise ("ILSVRC-2012" for
        ImageNet): the gazetteer's matches.

    Returns
    -------
    results : tuple of Result
    relations : tuple of Relation
        ``relations`` with ``margin``, ``margin_kind`` (and dataset, metric) set where given.

    Examples
    --------
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract_paper
    >>> pf = extract_paper(Paper("FooNet", "We propose FooNet. FooNet reaches 81.2% top-1 accuracy on "
    ...                                    "ImageNet, outperforming ResNet-50 by 2.1 points."))
    >>> [(r.method, r.dataset, r.metric, r.value, r.unit) for r in pf.results]
    [('FooNet', 'ImageNet', 'top-1 accuracy', 81.2, '%')]
    >>> [(r.object, r.margin, r.margin_kind) for r in pf.relations if r.predicate == "improvesOn"]
    [('ResNet-50', 2.1, 'absolute')]
    """
    written = dict(surfaces)
    methods = {n: n for m in mentions if m.kind == "method" for n in (m.name, *m.aliases)}
    datasets = {n: n for m in mentions if m.kind == "dataset" for n in (m.name, *m.aliases)}
    for surface, name in written.items():
        (methods if name in {m.name for m in mentions if m.kind == "method"} else datasets).setdefault(surface, name)
    for m in mentions:
        for alias in m.aliases:
            (methods if m.kind == "method" else datasets)[alias] = m.name
    own = own or _own_method(text, mentions, relations)
    results: list[Result] = []
    bounds = Rules.paper_sentence_bounds(text)
    last_datasets: list[str] = []
    for a, b in bounds:
        sentence = text[a:b]
        here_methods = _positions(sentence, methods, variants=True)
        here_datasets = _positions(sentence, datasets)
        if not here_datasets and len(set(last_datasets)) == 1:
            here_datasets = [(-1, last_datasets[0], -1)]  # "On COCO, ... . It reaches 58.7 AP."
        last_datasets = [d for _, d, _ in _positions(sentence, datasets)]
        if not here_datasets:
            continue
        # a number with no metric word of its own ("DeiT (81.8%)") is in the sentence's metric,
        # when the sentence names one
        named = {normalise_metric(x.group(0)) for x in _metrics()[3].finditer(sentence)} - {""}
        sentence_metric = next(iter(named)) if len(named) == 1 else ""
        margin_end = -1  # where the last margin of the sentence ended
        claims = [r for r in relations if r.predicate == "improvesOn" and r.evidence.strip() == sentence.strip()]
        sides = _compared_values(sentence, claims[0] if len(claims) == 1 else None, sentence_metric)
        for found in _NUMBER.finditer(sentence):
            plus, number, percent = found.group(1), found.group(2), found.group(3)
            start, end = found.start(), found.end()
            if plus or _YEAR.match(number) or _is_size(sentence, end):
                continue
            if (
                _MARGIN_BEFORE.search(sentence[max(0, start - 30) : start])
                or _MARGIN_AFTER.match(sentence[end:])
                or (margin_end >= 0 and _LIST_GAP.fullmatch(sentence[margin_end:start]))
                or (margin_end >= 0 and sentence[margin_end:start].strip() == "/")
            ):
                margin_end = end  # "by 1.6% box AP and 1.4% mask AP", "by 0.3%/1.1%": the list goes on
                continue
            if _BOUND_BEFORE.search(sentence[max(0, start - 14) : start]):
                continue
            if percent and _SHARE_AFTER.match(sentence[end:]):
                continue
            metric = _metric_near(sentence, start, end)
            if not percent and not metric:
                continue
            metric = metric or sentence_metric
            before = [(pos, n, stop) for pos, n, stop in here_methods if pos < start]
            typed = ""  # the method as the sentence writes it, with its variant
            we = _WE.search(sentence[:start])
            if found.start(2) in sides:  # "(90.2% vs. 91.1%)": the better is the claim's subject
                method = sides[found.start(2)]
                if method is None:
                    continue
            elif _WE_REACH.search(sentence[:start]):
                method = own or THIS_PAPER  # "we achieve 58.5 mIoU" is the paper's own number, whatever it used
            elif before:
                pos, method, stop = before[-1]
                typed = sentence[pos:stop]
                if _unknown_name_between(sentence, stop, start, methods, datasets):
                    continue  # "EfficientFormer runs as fast as MobileNetV2x1.4 (74.7%)": whose?
            elif we:
                method = own or THIS_PAPER
                if _unknown_name_between(sentence, we.end(), start, methods, datasets):
                    continue
            else:
                continue
            dataset, as_written = _dataset_of(sentence, start, end, here_datasets)
            unit = "%" if percent else ""
            variant = typed if typed != method and typed.startswith(method) else ""
            results.append(Result(method, dataset, metric, float(number), unit, sentence.strip(), as_written, variant))
    return tuple(dict.fromkeys(results)), _with_margins(relations, results, datasets)


_VS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s?%?\s*(?:vs\.?|v\.s\.?|versus)\s*(\d+(?:\.\d+)?)", re.I)


def _compared_values(sentence: str, claim: Relation | None, metric: str) -> dict[int, str | None]:
    """Whose each value of an "x vs. y" pair is, by the offset of the number: the better
    one is the subject's of the sentence's one improvement claim, the other its object's
    (by the metric's direction); None for both when the sentence has no single claim."""
    out: dict[int, str | None] = {}
    for m in _VS.finditer(sentence):
        x, y = float(m.group(1)), float(m.group(2))
        if claim is None or x == y:
            out[m.start(1)] = out[m.start(2)] = None
            continue
        better = min(x, y) if lower_is_better(metric) else max(x, y)
        out[m.start(1)] = claim.subject if x == better else claim.object
        out[m.start(2)] = claim.subject if y == better else claim.object
    return out


#: A name-shaped word: capitals or digits inside ("MobileNetV2", "GPT-4o", "RoBERTa").
_NAMELIKE = re.compile(r"(?<![\w-])(?=[\w\-×.]*[A-Z][\w\-×.]*[A-Z0-9])[A-Za-z][\w\-×]*(?:\.\d+)?(?![\w-])")


def _unknown_name_between(
    sentence: str, a: int, b: int, methods: Mapping[str, str], datasets: Mapping[str, str]
) -> bool:
    """Whether a name that is no known method, dataset or metric stands between ``a`` and the
    number at ``b``: the number may be that system's, so it is nobody's."""
    known = {k.lower() for k in (*methods, *datasets)}
    for m in _NAMELIKE.finditer(sentence, a, b):
        word = m.group(0).rstrip(".")
        if word.lower() in known or normalise_metric(word) or word.isupper() and len(word) <= 4:
            continue
        return True
    return False


#: Between a number and the dataset it is on: "83.2% top-1 accuracy on ImageNet-1K".
_ON = re.compile(
    r"[\s%]*(?:[\w@\-]+\s+){0,3}?"
    r"(?:(?:and|,)\s*\d+(?:\.\d+)?\s?%?\s*(?:[\w@\-]+\s+){0,3}?)*"  # "58.7 box AP and 51.1 mask AP on COCO"
    r"(?:on|in|for|over)\s+(?:the\s+)?(?:[\w\-]+\s+){0,3}?$",
    re.I,
)


#: A version, split or subset written after a dataset's name: "COCO test-dev", "ADE20K val", "Speech Commands V2".
_SPLIT = re.compile(
    r"(?:\s+|-)(?:[Vv]\d+(?:\.\d+)?|test-dev|test-std|test-other|test-clean|val2017|minival|val|validation|test|dev)\b",
    re.I,
)


_PRETRAINED_ON = re.compile(r"\bpre-?train(?:ed|ing)?\s+(?:\w+\s+)?on\s+(?:the\s+)?$", re.I)


def _dataset_of(sentence: str, start: int, end: int, datasets: list[tuple[int, str, int]]) -> tuple[str, str]:
    """The dataset a number is on, and how the sentence writes it with its split ("COCO
    test-dev"; "" when it writes no split): the one it is said to be "on" right after it,
    else the nearest one before it in the sentence, else the nearest after it (or the
    previous sentence's, at offset -1)."""
    after = [x for x in datasets if x[0] >= end]
    before = [x for x in datasets if 0 <= x[0] < start]
    # "outperforming ViT-L with supervised pre-training on ImageNet-22K (85.2%)": what a model
    # was pre-trained on is not where its number was measured, when the sentence names another
    measured = [x for x in before if not _PRETRAINED_ON.search(sentence[max(0, x[0] - 30) : x[0]])]
    before = measured if measured and len(measured) < len(before) else before
    if after and _ON.fullmatch(sentence[end : after[0][0]]):
        pos, name, stop = after[0]
    elif before:
        pos, name, stop = before[-1]
    else:
        pos, name, stop = (after or datasets)[0]
    split = _SPLIT.match(sentence, stop) if stop >= 0 else None
    return name, (sentence[pos : split.end()] if split else "")


def _with_margins(
    relations: Sequence[Relation], results: Sequence[Result], datasets: Mapping[str, str]
) -> tuple[Relation, ...]:
    improving = [r for r in relations if r.predicate == "improvesOn"]
    per_sentence: dict[str, int] = {}
    for r in improving:
        per_sentence[r.evidence] = per_sentence.get(r.evidence, 0) + 1
    subjects: dict[str, set[str]] = {}
    for r in improving:
        subjects.setdefault(r.evidence, set()).add(r.subject)
    out: list[Relation] = []
    for r in relations:
        if r.predicate != "improvesOn":
            out.append(r)
            continue
        margins = _margins(r, [x for x in results if x.evidence == r.evidence.strip()], datasets)
        if per_sentence[r.evidence] > 1 and not (len(subjects[r.evidence]) == 1 and len(margins) == 1):
            margins = []  # "beats A by 2 and B by 5": which is whose? One margin, one subject: all of theirs
        out += margins or [r]
    return tuple(out)


def _dataset_after(sentence: str, pos: int, named: list[tuple[int, str, int]]) -> str | None:
    """The dataset a listed margin is "in" or "on", named before the next number."""
    stop = _NUMBER.search(sentence, pos)
    limit = stop.start() if stop else len(sentence)
    after = [name for at, name, _ in named if pos <= at < limit]
    return after[0] if after else None


def _margins(rel: Relation, results: Sequence[Result], datasets: Mapping[str, str]) -> list[Relation]:
    """The claim once for every margin its sentence gives ("outperforms Flamingo80B by 8.7% on
    VQAv2 with 54x fewer trainable parameters": 8.7 absolute and 54 factor), each on the
    dataset named last before it; none when the sentence gives none."""
    sentence = rel.evidence
    subject = [x for x in results if x.method == rel.subject or (rel.subject == THIS_PAPER and x.method == THIS_PAPER)]
    obj = [x for x in results if x.method == rel.object]
    named = _positions(sentence, dict(datasets))
    fallback = (subject or obj)[0].dataset if subject or obj else None

    def dataset_before(pos: int) -> str | None:
        before = [name for at, name, _ in named if at < pos]
        return before[-1] if before else fallback

    found: list[tuple[float, str, str | None, str | None]] = []  # margin, kind, dataset, metric
    for s in subject:
        same = [o for o in obj if (o.dataset, o.metric, o.unit) == (s.dataset, s.metric, s.unit)]
        mine = [x for x in subject if (x.dataset, x.metric, x.unit) == (s.dataset, s.metric, s.unit)]
        if len(same) == 1 and len(mine) == 1 and (gap := round(abs(s.value - same[0].value), 4)):
            found.append((gap, "absolute", s.dataset, s.metric))  # one value a side: their difference

    def of_another(m: re.Match) -> bool:  # "10x smaller than other transformers": not against the object
        than = re.match(r"\s*(?:\w+\s+)?than\s+(.{0,60})", sentence[m.end() :])
        return than is not None and rel.object not in than.group(1)

    for m in _FACTOR.finditer(sentence):
        if not of_another(m):
            found.append((float(m.group(1) or m.group(2) or m.group(3)), "factor", dataset_before(m.start()), None))
    for m in _SHARE_MARGIN.finditer(sentence):
        if not of_another(m):
            found.append((float(m.group(1) or m.group(2)), "relative", dataset_before(m.start()), None))
    if halves := _HALVES.search(sentence):
        found.append((2.0, "factor", dataset_before(halves.start()), None))
    for pattern in (_BY, _STATED, _PLUS):
        for m in pattern.finditer(sentence):
            if pattern is _BY and not (m.group(2) or _metric_near(sentence, m.start(1), m.end(1))):
                continue
            kind = "absolute"
            if (pattern is not _PLUS and m.group(3)) or re.match(r"\s*relative", sentence[m.end() :]):
                kind = "relative"
            elif pattern is _BY and m.group(2) and m.group(2).strip() == "%" and _REDUCE.search(sentence[: m.start()]):
                kind = "relative"
            metric = _metric_near(sentence, m.start(1), m.end(0))
            # "by 8.7% on VQAv2": the dataset it is on, else the one named before it
            on = (_dataset_after(sentence, m.end(), named) if pattern is _BY else None) or dataset_before(m.start())
            found.append((float(m.group(1)), kind, on, metric or None))
            pos = m.end()
            while pattern is _BY and (more := _MARGIN_LIST.match(sentence, pos)):
                # "by 1.6% box AP in COCO detection, 1.4% mask AP in COCO segmentation, and 1.4% mIoU in ADE20K"
                metric = _metric_near(sentence, more.start(1), more.end(0))
                found.append((float(more.group(1)), kind, _dataset_after(sentence, more.end(), named), metric or None))
                pos = more.end()
    out: list[Relation] = []
    seen: set[tuple[float, str | None]] = set()
    for margin, how, dataset, in_metric in found:
        if (margin, dataset) in seen:  # "by +0.9% (90.2% vs. 91.1%)": one margin, written twice
            continue
        seen.add((margin, dataset))
        out.append(replace(rel, margin=margin, margin_kind=how, on_dataset=dataset, metric=in_metric))
    return out
