"""From one processed ``Doc`` to the paper's facts: mentions with roles, and relations.

The document text is the title, a blank line, then the abstract. Known names come from
the gazetteer component (``doc.spans["pg_known"]``); unseen names, proposals and
relations come from :class:`~papergraph.extract.rules.Rules`. The steps, in order:

1. sentences (the title is one of its own);
2. known names, and acronym definitions ("Long Form (LF)") with the kind their head noun says;
3. what the paper proposes (title colon, title = long form of an acronym, proposal verbs,
   naming words, apposition after "a novel ...");
4. unseen name-shaped words, kept when their shape or context says what they are, or held
   as *candidates* that count only if a comparison names them;
5. relations per sentence: improves on (comparative cues), evaluated on (experiment cues).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from spacy.tokens import Doc

from ..model import THIS_PAPER, Mention, Relation
from .decide import decide
from ..names import name_key
from .rules import Cues, Found, Rules, configuration_stem, spells_acronym, variant_stem

__all__: list[str] = []  # internal: the rules behind the pg_facts component (and tools/fit_relations.py)

# Confidence of each rule: roughly how often such a fact was right on the development set.
CONFIDENCE = {
    "metadata": 1.0,  # given by the input's own fields, not read from text
    "gazetteer": 0.9,
    "title-colon": 0.95,
    "title-acronym": 0.9,
    "acronym": 0.85,
    "propose-verb": 0.8,
    "naming-word": 0.85,
    "apposition": 0.75,
    "our-name": 0.75,
    "comparison-subject": 0.6,
    "name-shape": 0.6,
    "family-variant": 0.8,
    "dataset-cue": 0.75,
    "comparative": 0.7,
    "weak-comparative": 0.55,
    "experiment-cue": 0.75,
    "code-link": 0.99,
    "proposed-variant": 0.75,
}
CANDIDATE = "candidate"  # an unseen name whose kind no rule has settled yet
TITLED = "titled-run"  # capitalised words that name a dataset only where a list says so


def doc_facts(doc: Doc, rules: Rules, candidates: list | None = None) -> tuple[list[Mention], list[Relation], list]:
    """Mentions, relations and acronym definitions of one paper's document.

    When ``candidates`` is a list, every relation candidate (:class:`RelationCandidate`,
    kept or not) is appended to it: the examples ``tools/fit_relations.py`` learns from.
    """
    text = doc.user_data.get("pg_text") or doc.text
    title_end = text.find("\n\n") if "\n\n" in text else len(text)
    title, abstract = text[:title_end], text[title_end + 2 :]
    sentences = [(title, 0)]
    if doc.has_annotation("SENT_START"):  # a trained parser or senter set them
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        bounds = rules.sentence_bounds(text, title_end + 2)
    for a, b in bounds:  # the title is a sentence of its own
        start = max(a, title_end + 2)
        if b > start:
            sentences.append((text[start:b], start))
    urls = [(m.start(), m.end()) for m in rules.url_spans(text)]
    by_category: dict[str, list[tuple[int, int]]] = {}
    for span in doc.spans.get("pg_cues", []):
        by_category.setdefault(span.label_, []).append((span.start_char, span.end_char))
    cues = Cues(by_category)

    found: list[Found] = [
        Found(
            s.start_char, s.end_char, s.text, s.label_.lower(), s.kb_id_ or s.text, "gazetteer", CONFIDENCE["gazetteer"]
        )
        for s in doc.spans.get("pg_known", [])
        if not _overlaps(urls, s.start_char, s.end_char)
    ]
    found = [f for f in found if not (f.kind == "method" and _no_method_here(text, f))]
    taken = [(f.start, f.end) for f in found] + urls

    def free(start: int, end: int) -> bool:
        return not _overlaps(taken, start, end)

    def add(f: Found) -> None:
        found.append(f)
        taken.append((f.start, f.end))

    def drop(gone) -> None:
        nonlocal found
        found = [f for f in found if f not in gone]
        taken[:] = [(f.start, f.end) for f in found] + urls

    # Acronym definitions give aliases and, by the long form's head noun, a kind.
    aliases: dict[str, set[str]] = {}
    pairs = rules.acronym_pairs(text)
    # The paper says what its acronym means: "connectionist temporal classification (CTC)" is
    # no dataset, whatever a dataset of that name is called (a dataset's long form is a name)
    ordinary_long = {short for long, short, _s, _e in pairs if long.islower() and rules.head_kind(long) != "dataset"}
    drop([f for f in found if f.kind == "dataset" and f.rule == "gazetteer" and f.name in ordinary_long])
    for long, short, _start, end in pairs:
        aliases.setdefault(short, set()).add(long)
        aliases.setdefault(long, set()).add(short)
        kind = rules.head_kind(long)
        s = end - len(short) - 1
        if kind and free(s, s + len(short)) and short not in rules.generic and not rules.is_generic_phrase(long):
            add(Found(s, s + len(short), short, kind, None, "acronym", CONFIDENCE["acronym"]))

    # An acronym the paper defines as a class ("Energy-Based Models (EBMs)") is a class noun in
    # it, also in the singular: "we propose a novel EBM" names nothing
    classes = frozenset(
        c
        for long, short, _s, _e in pairs
        if re.fullmatch(r"[A-Z]{2,}s", short) and rules.is_generic_phrase(long)  # not "(FocalNets)"
        for c in (short, short[:-1])
    )
    proposed = _proposals(text, title, abstract, sentences, pairs, found, aliases, rules, cues, urls, classes)
    # A size or flavour variant of what the paper proposes is proposed too ("StarCoder2-15B" of
    # "StarCoder 2", "phi-3-medium" of "Phi-3").
    own_keys = {name_key(n) for n, (k, *_r) in proposed.items() if k == "method"}
    name_words = rules.candidates(text)  # name-shaped words, read once for both passes below
    for word, start, _end in name_words:
        stem = variant_stem(word)
        if stem and name_key(stem) in own_keys and word not in proposed and word not in rules.generic:
            proposed[word] = (
                "method",
                "proposed-variant",
                CONFIDENCE["proposed-variant"],
                _sentence_at(sentences, start),
            )
    # What the paper says it introduces is of the kind it says ("Chameleon: ... Foundation
    # Models" is a model, whatever else a gazetteer knows by that name).
    found = [
        replace(f, kind=proposed[f.name][0])
        if f.rule == "gazetteer"
        and f.name in proposed
        and proposed[f.name][1] in ("title-colon", "title-acronym")
        and proposed[f.name][0] != f.kind
        else f
        for f in found
    ]

    # Every place a proposed name of several words is written is that name: "IO" of "Perceiver
    # IO" is no name of its own.
    for name in proposed:
        if " " in name:
            for m in re.finditer(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text):
                if free(m.start(), m.end()):
                    kind, rule, conf, _ = proposed[name]
                    add(Found(m.start(), m.end(), name, kind, None, rule, conf))

    # Unseen name-shaped words.
    known_methods = (
        {f.name for f in found if f.kind == "method"}
        | {f.canonical for f in found if f.kind == "method" and f.canonical}
        | {n for n, (k, *_r) in proposed.items() if k == "method"}
    )
    for name, start, end in rules.titled_datasets(text, title_end):
        if name in proposed:
            continue
        # the whole name, not the known dataset inside it: "the YFCC-100M Flickr dataset"
        drop(
            [
                f
                for f in found
                if f.kind == "dataset"
                and f.rule == "gazetteer"
                and start <= f.start < f.end <= end
                and f.end - f.start < end - start
            ]
        )
        if free(start, end):
            add(Found(start, end, name, "dataset", None, "dataset-cue", CONFIDENCE["dataset-cue"]))
    own_spellings = {name_key(n): n for n in proposed}

    def as_proposed(start: int, end: int, word: str, name: str) -> None:
        """``word`` written at start:end is another way of writing the proposal ``name``."""
        kind, rule, conf, _ = proposed[name]
        add(Found(start, end, word, kind, name, rule, conf))

    for word, start, end in name_words:
        if not free(start, end):
            continue
        if spells_acronym(text, word, start):
            continue  # "DEtection" of "DEtection TRansformer (DETR)": capitals that spell an acronym
        if word in rules.concept_acronyms or word.rstrip("s") in rules.concept_acronyms or word in classes:
            continue  # "SSL", "MLM": a paradigm or task the field abbreviates, not a name
        if word not in proposed and any(a[:1].islower() and rules.is_generic_phrase(a) for a in aliases.get(word, ())):
            continue  # "open-vocabulary object detection (OVD)", "closed-book QA (CBQA)": the paper's own task
        own_long = next((a for a in aliases.get(word, ()) if a in proposed), None) if word not in proposed else None
        if own_long:  # "Efficient Fusion Head (EFH)" proposed: "EFH" is that proposal
            as_proposed(start, end, word, own_long)
            continue
        if word.lower() in rules.metric_words or _MEASURED.match(text, end):
            continue  # "WER", "mIoU", "BLEU", "NMS-AP of 26.86": what a number is measured in
        spelled = own_spellings.get(name_key(word)) if word not in proposed else None
        if spelled:  # "StarCoder2" for the proposed "StarCoder 2"
            as_proposed(start, end, word, spelled)
            continue
        if word in proposed:
            kind, rule = proposed[word][0], proposed[word][1]
        elif rules.is_family_variant(word, known_methods):
            kind, rule = "method", "family-variant"
            parts = word.split("-")
            own = next((p for i in range(1, len(parts)) if (p := "-".join(parts[:i])) in proposed), None)
            if own and proposed[own][0] == "method":  # "Hedgehog-Llama2": the paper's own method on Llama 2
                as_proposed(start, end, word, own)
                continue
        else:
            kind = rules.kind_by_context(text, start, end, word)
            if kind is None and word in aliases:
                kind = next((rules.head_kind(a) for a in aliases[word] if rules.head_kind(a)), None)
            rule = {"dataset": "dataset-cue", "method": "name-shape", None: CANDIDATE}[kind]
        add(Found(start, end, word, kind or CANDIDATE, None, rule, CONFIDENCE.get(rule, 0.5)))
    for name, (kind, rule, conf, _) in proposed.items():  # a proposed name found nowhere else
        if not any(f.name == name for f in found):
            pos = text.find(name)
            add(Found(pos, pos + len(name), name, kind, None, rule, conf))
    # Capitalised words that are no name by their shape are one where a list of datasets or
    # an "i.e." after a data noun says so ("SQuAD, Gutenberg Books, and ...")
    for name, start, end in rules.titled_runs(text, title_end):
        if free(start, end) and name not in proposed:
            if _NAMED_AS_DATA.search(text, max(0, start - 80), start):
                add(Found(start, end, name, "dataset", None, "dataset-cue", CONFIDENCE["dataset-cue"]))
            else:
                add(Found(start, end, name, TITLED, None, TITLED, 0.0))
    found.sort(key=lambda f: (f.start, f.end))
    found = _listed_as_datasets(text, found, rules, proposed)
    found = _coordinated_datasets(text, found)
    found = [f for f in found if f.kind != TITLED]

    # A dataset name right after "outperforms"/"over" is a compared system ("speedup over SST").
    found = [
        replace(f, kind="method", canonical=f.name, rule="comparative")
        if f.kind == "dataset"
        and f.name not in proposed
        and _is_object_of_comparison(*_sentence_with_offset(sentences, f.start), f, rules, cues)
        else f
        for f in found
    ]

    found = _configurations_as_their_model(found, proposed)
    primary = _primary(proposed)
    cues = cues.outside([(f.start, f.end) for f in found if f.kind in ("method", "dataset")])
    relations, compared = _relations(found, sentences, rules, cues, primary, proposed, candidates)
    # Candidates named in a comparison are methods; the subject of "X outperforms ..." in a
    # paper that names no method of its own is that paper's method.
    promoted = []
    for f in found:
        if f.kind != CANDIDATE:
            promoted.append(f)
        elif f.name in compared:
            promoted.append(replace(f, kind="method", rule="comparative", confidence=CONFIDENCE["comparative"]))
    found = promoted
    mentions = _mentions(found, proposed, aliases, sentences)
    for url, pos in rules.repositories(text):
        mentions.append(
            Mention(
                url, "repository", "mentions", (), _sentence_at(sentences, pos), "code-link", CONFIDENCE["code-link"]
            )
        )
    return mentions, relations, pairs


def _no_method_here(text: str, f: Found) -> bool:
    """A known method name that names none where it stands: a measure with a figure after it
    ("with MAE of 2.21"), or a kind of model when written in lowercase words after "a" ("unlike
    a mixture of experts")."""
    if _MEASURED.match(text, f.end):
        return True
    return " " in f.name and f.name.islower() and bool(re.search(r"\b[Aa]n?\s+$", text[max(0, f.start - 4) : f.start]))


# a figure right after a name: "MAE of 2.21", "NMS-AP = 26.9" (not a size: "a VLM of 8 billion parameters")
_MEASURED = re.compile(
    r"\s*(?:of|=|:)\s*~?\d+(?:[.,]\d+)?(?!\d|[.,]\d|\s*(?:[BMK]\b|billion|million|thousand|layers?|param))"
)

# between two names of a list, perhaps after the first one's figures: "FUNSD (0.79 → 0.84), CORD"
_LIST_SEPARATOR = re.compile(r"\s*(?:\([^()]{0,60}\)\s*)?(?:,|,?\s+and|,?\s+or|/)\s*")


# "the standard evaluation dataset for the purpose, i.e., Stanford Contextual Word Similarity"
_NAMED_AS_DATA = re.compile(r"\b(?:dataset|benchmark|corpus)\b[^.;()]{0,50}?\b(?:i\.e\.|namely)\s*,?\s*$")


def _coordinated_datasets(text: str, found: list[Found]) -> list[Found]:
    """Unsettled names listed with datasets are datasets ("on Chart-to-Table, ChartQA, and
    Chart-to-Text", "FUNSD (0.79 → 0.84), Kleister-NDA (0.83 → 0.85)"), and listed with models
    are models ("a series of models, including ChatGLM-6B, GLM-4-9B, WebGLM, and CodeGeeX")."""
    out = list(found)
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(out):
            if f.kind not in (CANDIDATE, TITLED):
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(out) and out[j].kind in (("dataset",) if f.kind == TITLED else ("dataset", "method")):
                    a, b = sorted((f, out[j]), key=lambda x: x.start)
                    if _LIST_SEPARATOR.fullmatch(text, a.end, b.start):
                        rule = "dataset-cue" if out[j].kind == "dataset" else "name-shape"
                        out[i] = replace(f, kind=out[j].kind, rule=rule, confidence=CONFIDENCE[rule])
                        changed = True
                        break
    return out


_DATA_LIST_OPEN = re.compile(
    r"\b(?:datasets|benchmarks|corpora)\s*\(\s*(?:i\.e\.|e\.g\.|namely|including)?,?\s*(?:[^()]*?(?:,|\band\b)\s*)?$"
)


def _listed_as_datasets(text: str, found: list[Found], rules: Rules, proposed) -> list[Found]:
    """Names in the parentheses after "datasets" or "benchmarks" are datasets, whatever else
    they name: "two visual question answering datasets (i.e., VQA and GQA)" (GQA is also an
    attention method, VQA a task), except a proposal of the paper's."""
    out = []
    for f in found:
        if (
            f.kind != "dataset"
            and f.name not in proposed
            and _DATA_LIST_OPEN.search(text, max(0, f.start - 120), f.start)
        ):
            if re.match(r"[^()]*\)", text[f.end :]):  # still inside those parentheses
                f = replace(
                    f, kind="dataset", canonical=f.name, rule="dataset-cue", confidence=CONFIDENCE["dataset-cue"]
                )
        out.append(f)
    spans = [(f.start, f.end) for f in out]
    for m in re.finditer(r"\b[A-Z][A-Za-z0-9-]{1,15}\b", text):
        word = m.group(0)
        if word in rules.concept_acronyms and not _overlaps(spans, m.start(), m.end()):
            if _DATA_LIST_OPEN.search(text, max(0, m.start() - 120), m.start()) and re.match(
                r"[^()]*\)", text[m.end() :]
            ):
                out.append(Found(m.start(), m.end(), word, "dataset", None, "dataset-cue", CONFIDENCE["dataset-cue"]))
    return sorted(out, key=lambda f: (f.start, f.end))


def _overlaps(spans, start: int, end: int) -> bool:
    return any(start < b and end > a for a, b in spans)


def _proposals(
    text, title, abstract, sentences, pairs, found, aliases, rules: Rules, cues: Cues, urls=(), classes=frozenset()
):
    """name -> (kind, rule, confidence, evidence) of what the paper introduces; first is primary."""
    proposed: dict[str, tuple[str, str, float, str]] = {}

    def kind_after(pos: int, name: str) -> str:
        # "X, a new dataset", "X (Y) benchmark", and "Long Form (X) benchmark" after an acronym;
        # "grounded image-text pairs (called GrIT)": the data named before the naming word
        if _DATA_BEFORE_NAMING.search(text, max(0, pos - 60), pos):
            return "dataset"
        after = text[pos + len(name) : pos + len(name) + 70].lower()
        return (
            "dataset"
            if re.match(
                r"\)?[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:(?:a|an|the|which is|is)\s+)?(?:(?:new|novel|large-scale|large|"
                r"challenging|comprehensive|first)\s+)*(?:[\w-]+\s+){0,2}(dataset|benchmark|corpus)",
                after,
            )
            else "method"
        )

    tname = rules.title_name(title, abstract)
    if tname:
        kind = "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", title.lower()[len(tname) :]) else "method"
        proposed[tname] = (kind, "title-colon", CONFIDENCE["title-colon"], title)
    for long, short, start, _end in pairs:
        # "Dilated Neighborhood Attention Transformer" as the title, "(DiNAT)" in the abstract;
        # or the acronym defined in the title itself.
        if (
            (start < len(title) or long.lower() in (title.lower().strip(), _title_head(title)))
            and short not in rules.generic
            and not rules.is_generic_phrase(long)
            and rules.head_kind(long) != "dataset"
        ):
            proposed.setdefault(short, ("method", "title-acronym", CONFIDENCE["title-acronym"], title))
    known = [f for f in found if f.rule == "gazetteer"]
    for sent, offset in sentences[1:]:
        for name, pos, rule, long_forms in rules.proposals(sent, offset, cues, pairs):
            if (
                name in rules.generic
                or name in rules.concept_acronyms
                or name in classes
                or name in proposed
                or _overlaps(urls, pos, pos + len(name))
            ):
                continue
            hit = next((f for f in known if f.name == name or f.start <= pos < f.end), None)
            if hit is not None and not (hit.start == pos and (_DIRECT_OBJECT.search(text, 0, pos) or long_forms)):
                continue  # a known name is proposed only as the verb's own object ("we propose MaskFormer",
                #           "we introduce Korean Language Understanding Evaluation (KLUE)")
            if hit is not None:
                name = hit.name  # the whole known name: "called Swin Transformer", not "Swin"
                if name in proposed:
                    continue
            for long in long_forms:
                aliases.setdefault(name, set()).add(long)
            proposed[name] = (kind_after(pos, name), rule, CONFIDENCE[rule], sent)
    # A long form and its acronym are one proposal, under the short name.
    for name in list(proposed):
        for alias in aliases.get(name, ()):
            if alias in proposed and len(alias) > len(name):
                del proposed[alias]
    return proposed


_DATA_BEFORE_NAMING = re.compile(
    r"\b(?:data|dataset|datasets|benchmark|corpus|corpora|pairs|collection)\s*[(,]?\s*"
    r"(?:which\s+we\s+)?(?:called|named|dubbed|termed)\s*[\"'“]?$",
    re.I,
)
_TITLE_HEAD_END = re.compile(r"\s+(?:for|with|via|in|on|by|using|from|through|towards?)\s+|\s*:\s*", re.I)


def _title_head(title: str) -> str:
    """A title's head, lowercased: what stands before its first preposition or colon
    ("Masked-attention Mask Transformer for Universal Image Segmentation" -> its first three words)."""
    return _TITLE_HEAD_END.split(title.strip(), maxsplit=1)[0].lower()


# A proposal or naming verb right before a name, nothing but a quote or colon between.
_DIRECT_OBJECT = re.compile(
    r"\b(?:propose|present|introduce|call|name|dub|term|coin)(?:s|d|ed)?\s*[:,]?\s*[\"'“‘]?"
    r"(?:(?:[A-Z]{2,}[a-z]+[\s-]+)+or\s+)?$"
)  # "called DEtection TRansformer or DETR"


def _primary(proposed) -> str | None:
    """The paper's main method: from the title if it names one, else the first proposed."""
    methods = [(n, rule) for n, (k, rule, *_r) in proposed.items() if k == "method"]
    for n, rule in methods:
        if rule in ("title-colon", "title-acronym"):
            return n
    return methods[0][0] if methods else None


def _sentence_with_offset(sentences: list[tuple[str, int]], pos: int) -> tuple[str, int]:
    for sent, offset in reversed(sentences):
        if offset <= pos:
            return sent, offset
    return sentences[0]


def _sentence_at(sentences: list[tuple[str, int]], pos: int) -> str:
    return _sentence_with_offset(sentences, pos)[0]


def _configurations_as_their_model(found: list[Found], proposed) -> list[Found]:
    """A configuration of a model the paper also names is that model ("RoBERTa-Large" beside
    "RoBERTa", "RT-DETR-L" beside the proposed RT-DETR): one entity, the configuration its alias."""
    methods = {name_key(f.canonical or f.name): f.canonical or f.name for f in found if f.kind == "method"}
    methods.update({name_key(n): n for n, (k, *_r) in proposed.items() if k == "method"})
    out = []
    for f in found:
        stem = configuration_stem(f.name) if f.kind in ("method", CANDIDATE) and not f.canonical else None
        model = methods.get(name_key(stem)) if stem else None
        out.append(replace(f, kind="method", canonical=model) if model and model != f.name else f)
    return out


def _mentions(found, proposed, aliases, sentences) -> list[Mention]:
    seen: dict[tuple[str, str], Mention] = {}
    for f in found:
        name = f.canonical or f.name
        role = "proposes" if f.name in proposed or name in proposed else "mentions"
        key = (name, f.kind)
        extra = set(a for a in aliases.get(f.name, ()) if a != name)
        if f.canonical and f.canonical != f.name:
            extra.add(f.name)
        if key in seen and (seen[key].role == "proposes" or role == "mentions"):
            if not extra <= set(seen[key].aliases):  # "ConvBERTbase" after "ConvBERT": one more name
                seen[key] = replace(seen[key], aliases=tuple(sorted(extra | set(seen[key].aliases))))
            continue
        rule = proposed[f.name][1] if f.name in proposed else f.rule
        conf = proposed[f.name][2] if f.name in proposed else f.confidence
        seen[key] = Mention(name, f.kind, role, tuple(sorted(extra)), _sentence_at(sentences, f.start), rule, conf)
    return list(seen.values())


@dataclass(frozen=True)
class RelationCandidate:
    """A relation the rules propose, before the learned decision (:mod:`.decide`):
    the relation at its rule's confidence, its features, and the unsettled names it would
    settle as methods if kept."""

    relation: Relation
    features: dict
    settles: tuple[str, ...] = ()


def _relations(found, sentences, rules: Rules, cues: Cues, primary, proposed, collect: list | None = None):
    """Relations of the paper that the learned decision keeps, and the names of unsettled
    candidates that a kept comparison named."""
    kept: dict[tuple[str, str, str], Relation] = {}
    compared: set[str] = set()
    found_candidates = relation_candidates(found, sentences, rules, cues, primary, proposed, compared)
    if collect is not None:
        collect.extend(found_candidates)
    again: list[Relation] = []  # the same improvement again, in a sentence with numbers
    for cand in found_candidates:
        r = cand.relation
        key = (r.subject, r.predicate, r.object)
        if key in kept and not cand.features.get("numbers"):
            continue
        confidence = decide(r.predicate, cand.features, r.confidence)
        if confidence is None:
            continue
        if key in kept:
            again.append(replace(r, confidence=confidence))
            continue
        kept[key] = replace(r, confidence=confidence)
        compared.update(cand.settles)
    return list(kept.values()) + again, compared


def relation_candidates(
    found, sentences, rules: Rules, cues: Cues, primary, proposed, compared: set[str]
) -> list[RelationCandidate]:
    """Every improves-on and evaluated-on candidate of the paper, with its features.

    Improves on: a subject before a comparative cue (the paper's own method, a self
    reference, the last system named, else the paper's primary method) and each system named
    after the cue in its clause. Evaluated on: each dataset of a sentence about experiments,
    training, results or a comparison, with the paper's methods named there (else its primary
    method). ``compared`` receives unsettled names that became the paper's method as the
    subject of a comparison (a side effect the proposals rely on).
    """
    out: list[RelationCandidate] = []
    seen: set[tuple[str, ...]] = set()
    proposed_methods = [n for n, (k, *_r) in proposed.items() if k == "method"]
    n_sent = max(len(sentences) - 1, 1)

    def name_of(f: Found) -> str:
        return f.canonical or f.name

    def emit(subject: str, predicate: str, obj: str, sent: str, rule: str, features: dict, settles=()) -> None:
        key = (subject, predicate, obj)
        # an improvement said again with numbers is a candidate again: the numbers are its margin
        quantified = (*key, "numbers")
        if key in seen and not (predicate == "improvesOn" and features.get("numbers") and quantified not in seen):
            return
        seen.add(key)
        if features.get("numbers"):
            seen.add(quantified)
        out.append(RelationCandidate(Relation(*key, sent, rule, CONFIDENCE[rule]), features, tuple(settles)))

    def text_of(start: int, stop: int) -> str:
        return sent[start - offset : stop - offset]

    for index, (sent, offset) in enumerate(sentences[1:]):
        previous_start = sentences[index][1]  # the sentence before (the title before the first)
        end = offset + len(sent)
        here = [f for f in found if offset <= f.start < end]
        systems = [f for f in here if f.kind in ("method", CANDIDATE)]
        # first and last sentences (background, then summary) mean something only in a real abstract
        position = {
            "sent_first": float(index == 0 and n_sent >= 3),
            "sent_last": float(index == n_sent - 1 and n_sent >= 3),
            "sent_rel": index / n_sent,
            "numbers": float(bool(_NUMBER.search(sent))),
        }
        # improves on: a subject before a comparative cue, named systems after it.
        used_as_object: set[int] = set()
        for c, cue_end, rule in rules.comparisons(cues, offset, end):
            clause_end = _clause_end(sent, cue_end - offset) + offset
            objects = [f for f in systems if cue_end <= f.start < clause_end and not _family_word(f)]
            clause_start = offset + _clause_start(sent, c - offset)
            if not objects and re.match(r"\s*it\b", text_of(cue_end, end)):
                # "Although DeepSeekCoder-33B is the best ..., we find that StarCoder2-15B
                # outperforms it": "it" is the other system the sentence named before the subject
                named_before = [f for f in systems if f.start < c and not _family_word(f)][:-1]  # not the subject
                objects = [f for f in named_before if f.name not in proposed and name_of(f) not in proposed][-1:]
            if not objects:
                continue
            before = [f for f in systems if clause_start <= f.start < c and f.start not in used_as_object]
            own = [f for f in before if f.name in proposed or name_of(f) in proposed]
            ref = cues.first("self_reference", clause_start, c)
            source, subject_end = "fallback", c
            if not own and not before and _PRONOUN_SUBJECT.search(text_of(clause_start, c)):
                # "StarCoder2-15B outperforms ... In addition, it matches or outperforms
                # CodeLlama-34B": "it" is the paper's model the sentence before named last
                own = [
                    f
                    for f in found
                    if previous_start <= f.start < offset and (f.name in proposed or name_of(f) in proposed)
                ][-1:]
            if own:
                subject, source, subject_end = name_of(own[-1]), "own", own[-1].end
            elif ref is not None and (not before or ref < before[0].start):
                subject, source = primary or THIS_PAPER, "self"
            elif before:
                subject_found = before[-1]
                subject, source, subject_end = name_of(subject_found), "named", subject_found.end
                if subject_found.kind == CANDIDATE:
                    if primary is None and subject_found.start - offset < 3:
                        compared.add(subject_found.name)
                        proposed.setdefault(
                            subject_found.name, ("method", "comparison-subject", CONFIDENCE["comparison-subject"], sent)
                        )
                        primary = subject
                        source = "unsettled"
                    else:
                        continue
            else:
                subject = primary or THIS_PAPER
            clause = {
                "strong": float(rule == "comparative"),
                "subj_own": float(source == "own"),
                "subj_self": float(source == "self"),
                "subj_named": float(source == "named"),
                "subj_unsettled": float(source == "unsettled"),
                "subj_fallback": float(source == "fallback"),
                "subj_primary": float(subject == (primary or THIS_PAPER)),
                "subj_gap": math.log1p(max(0, c - subject_end)) / 5,
                "parity": float(cues.any("parity", clause_start, clause_end)),
                "negation": float(cues.any("negation", clause_start, clause_end)),
                "context": float(cues.any("comparative_context", offset, end)),
                "n_objects": math.log1p(len(objects)),
                **position,
            }
            for i, obj in enumerate(objects):
                if name_of(obj) == subject:
                    continue
                used_as_object.add(obj.start)
                features = {
                    **clause,
                    **_name_shape("obj", obj, proposed),
                    "obj_index": math.log1p(i),
                    "obj_gap": math.log1p(max(0, obj.start - cue_end)) / 5,  # 0 for "outperforms it"
                    "prior_work": float(obj.start > cue_end and cues.any("prior_work", cue_end, obj.start)),
                }
                emit(
                    subject,
                    "improvesOn",
                    name_of(obj),
                    sent,
                    rule,
                    features,
                    (obj.name,) if obj.kind == CANDIDATE else (),
                )
        # evaluated on: each dataset of a sentence about experiments, training or results.
        datasets = [f for f in here if f.kind == "dataset"]
        if not datasets:
            continue
        experiment, training = cues.any("experiment", offset, end), cues.any("training", offset, end)
        comparing = bool(rules.comparisons(cues, offset, end))
        if not (experiment or training or comparing or position["numbers"]):
            continue
        named = [name_of(f) for f in systems if name_of(f) in proposed_methods or f.name in proposed_methods]
        source = "own"
        if not named and not proposed_methods:
            named = [name_of(f) for f in systems if f.kind == "method" and f.start < datasets[0].start]
            source = "named"
        if not named:
            named, source = [primary or THIS_PAPER], "fallback"
        sentence_features = {
            "experiment": float(experiment),
            "training": float(training),
            "comparing": float(comparing),
            "subj_own": float(source == "own"),
            "subj_named": float(source == "named"),
            "subj_fallback": float(source == "fallback"),
            "n_subjects": math.log1p(len(set(named))),
            "n_datasets": math.log1p(len(datasets)),
            "negation": float(cues.any("negation", offset, end)),
            "self": float(cues.any("self_reference", offset, end)),
            **position,
        }
        for d in datasets:
            before = sent[max(0, d.start - offset - 12) : d.start - offset].lower()
            features = {
                **sentence_features,
                **_name_shape("ds", d, proposed),
                "on_before": float(bool(re.search(r"\b(?:on|using|of|from|over|in)\s+(?:the\s+)?$", before))),
            }
            for s in dict.fromkeys(named):
                emit(s, "evaluatedOn", name_of(d), sent, "experiment-cue", features)
    return out


_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*(?:%|x\b|×|points?\b|BLEU|mIoU|AP\b|F1)|\d+\.\d+")


_PRONOUN_SUBJECT = re.compile(r"(?:^|[,;]\s*|\band\s+)[Ii]t\s+(?:\w+\s+){0,3}$")


def _name_shape(prefix: str, f: Found, proposed) -> dict[str, float]:
    """How a name was found and what it looks like (never the name itself)."""
    word = f.name
    return {
        f"{prefix}_gazetteer": float(f.rule == "gazetteer"),
        f"{prefix}_unsettled": float(f.kind == CANDIDATE),
        f"{prefix}_reclassified": float(f.rule == "comparative"),
        f"{prefix}_proposed": float(f.name in proposed or (f.canonical or "") in proposed),
        f"{prefix}_digit": float(any(ch.isdigit() for ch in word)),
        f"{prefix}_lower": float(word.islower()),
        f"{prefix}_plain_word": float(bool(re.fullmatch(r"[A-Z][a-z]+", word))),
        f"{prefix}_words": math.log1p(len(word.split())),
    }


_CLAUSE_END = re.compile(
    r";|\.\s|, (?:while|whereas|but|and (?:it|we|our))\b|\bwhile\b|\bwhereas\b"
    r"|\s(?:on|in|with|without|at|using|across|for|by|under|from|when|within)\s"
)


def _clause_end(sent: str, pos: int) -> int:
    """Where the compared things after a cue end: at a clause break or a preposition
    ("outperforms X and Y on ImageNet with fewer parameters")."""
    m = _CLAUSE_END.search(sent, pos + 1)
    return m.start() if m else len(sent)


def _family_word(f: Found) -> bool:
    """A lowercase plural like "transformers" names a family, not a system one can beat."""
    return f.name.islower() and f.name.endswith("s")


def _clause_start(sent: str, pos: int) -> int:
    cut = max(
        sent.rfind(";", 0, pos), sent.rfind(", while", 0, pos), sent.rfind(", but", 0, pos), sent.rfind(": ", 0, pos)
    )
    return cut + 1 if cut >= 0 else 0


def _right_after(sent: str, offset: int, cue_end: int, f: Found) -> bool:
    """A dataset name standing right after "over"/"than" is a compared system, not data."""
    gap = sent[cue_end : f.start - offset]
    return len(gap) < 30 and not re.search(r"\bon\b|\bdataset", gap)


def _is_object_of_comparison(sent: str, offset: int, f: Found, rules: Rules, cues: Cues) -> bool:
    found = rules.comparisons(cues, offset, f.start)
    if not found:
        return False
    cue_end = found[-1][1]
    if re.match(r"\s+by\s+\+?\d", sent[f.end - offset :]):
        return False  # "improvements on MNLI by +0.9% ... and RACE by +3.6%": where the gain is measured
    return _right_after(sent, offset, cue_end - offset, f) and not re.search(
        r"\bon\b", sent[cue_end - offset : f.start - offset]
    )
