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

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..model import THIS_PAPER, Mention, Relation
from .rules import Cues, Found, Rules

# Confidence of each rule: roughly how often such a fact was right on the development set.
CONFIDENCE = {
    "gazetteer": 0.9, "title-colon": 0.95, "title-acronym": 0.9, "acronym": 0.85, "propose-verb": 0.8,
    "naming-word": 0.85, "apposition": 0.75, "our-name": 0.75, "comparison-subject": 0.6,
    "name-shape": 0.6, "family-variant": 0.8, "dataset-cue": 0.75, "comparative": 0.7,
    "weak-comparative": 0.55, "experiment-cue": 0.75, "code-link": 0.99,
}
CANDIDATE = "candidate"  # an unseen name whose kind no rule has settled yet


def doc_facts(doc: Doc, rules: Rules) -> tuple[list[Mention], list[Relation], list]:
    """Mentions, relations and acronym definitions of one paper's document."""
    text = doc.user_data.get("pg_text") or doc.text
    title_end = text.find("\n\n") if "\n\n" in text else len(text)
    title, abstract = text[:title_end], text[title_end + 2:]
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
        Found(s.start_char, s.end_char, s.text, s.label_.lower(), s.kb_id_ or s.text, "gazetteer",
              CONFIDENCE["gazetteer"])
        for s in doc.spans.get("pg_known", []) if not _overlaps(urls, s.start_char, s.end_char)
    ]
    taken = [(f.start, f.end) for f in found] + urls

    def free(start: int, end: int) -> bool:
        return not _overlaps(taken, start, end)

    def add(f: Found) -> None:
        found.append(f)
        taken.append((f.start, f.end))

    # Acronym definitions give aliases and, by the long form's head noun, a kind.
    aliases: dict[str, set[str]] = {}
    pairs = rules.acronym_pairs(text)
    for long, short, _start, end in pairs:
        aliases.setdefault(short, set()).add(long)
        aliases.setdefault(long, set()).add(short)
        kind = rules.head_kind(long)
        s = end - len(short) - 1
        if kind and free(s, s + len(short)) and short not in rules.generic and not rules.is_generic_phrase(long):
            add(Found(s, s + len(short), short, kind, None, "acronym", CONFIDENCE["acronym"]))

    proposed = _proposals(text, title, abstract, sentences, pairs, found, aliases, rules, cues, urls)

    # Unseen name-shaped words.
    known_methods = {f.name for f in found if f.kind == "method"} | {
        f.canonical for f in found if f.kind == "method" and f.canonical}
    for word, start, end in rules.candidates(text):
        if not free(start, end):
            continue
        if word in proposed:
            kind, rule = proposed[word][0], proposed[word][1]
        elif rules.is_family_variant(word, known_methods):
            kind, rule = "method", "family-variant"
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
    found.sort(key=lambda f: (f.start, f.end))
    found = _coordinated_datasets(text, found)

    # A dataset name right after "outperforms"/"over" is a compared system ("speedup over SST").
    found = [replace(f, kind="method", canonical=f.name, rule="comparative")
             if f.kind == "dataset" and f.name not in proposed and _is_object_of_comparison(
                 *_sentence_with_offset(sentences, f.start), f, rules, cues) else f
             for f in found]

    primary = _primary(proposed)
    relations, compared = _relations(found, sentences, rules, cues, primary, proposed)
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
        mentions.append(Mention(url, "repository", "mentions", (), _sentence_at(sentences, pos), "code-link",
                                CONFIDENCE["code-link"]))
    return mentions, relations, pairs


def _coordinated_datasets(text: str, found: list[Found]) -> list[Found]:
    """Unsettled names listed with datasets are datasets: "on Chart-to-Table, ChartQA, and Chart-to-Text"."""
    out = list(found)
    changed = True
    while changed:
        changed = False
        for i, f in enumerate(out):
            if f.kind != CANDIDATE:
                continue
            for j in (i - 1, i + 1):
                if 0 <= j < len(out) and out[j].kind == "dataset":
                    a, b = sorted((f, out[j]), key=lambda x: x.start)
                    if re.fullmatch(r"\s*(?:,|,?\s+and|,?\s+or|/)\s*", text[a.end:b.start]):
                        out[i] = replace(f, kind="dataset", rule="dataset-cue", confidence=CONFIDENCE["dataset-cue"])
                        changed = True
                        break
    return out


def _overlaps(spans, start: int, end: int) -> bool:
    return any(start < b and end > a for a, b in spans)


def _proposals(text, title, abstract, sentences, pairs, found, aliases, rules: Rules, cues: Cues, urls=()):
    """name -> (kind, rule, confidence, evidence) of what the paper introduces; first is primary."""
    proposed: dict[str, tuple[str, str, float, str]] = {}

    def kind_after(pos: int, name: str) -> str:
        # "X, a new dataset", "X (Y) benchmark", and "Long Form (X) benchmark" after an acronym
        after = text[pos + len(name):pos + len(name) + 70].lower()
        return "dataset" if re.match(
            r"\)?[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:(?:a|an|the|which is|is)\s+)?(?:(?:new|novel|large-scale|large|"
            r"challenging|comprehensive|first)\s+)*(?:[\w-]+\s+){0,2}(dataset|benchmark|corpus)", after) else "method"

    tname = rules.title_name(title, abstract)
    if tname:
        kind = "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", title.lower()[len(tname):]) else "method"
        proposed[tname] = (kind, "title-colon", CONFIDENCE["title-colon"], title)
    for long, short, start, _end in pairs:
        # "Dilated Neighborhood Attention Transformer" as the title, "(DiNAT)" in the abstract;
        # or the acronym defined in the title itself.
        if (start < len(title) or long.lower() == title.lower().strip()) and short not in rules.generic \
                and not rules.is_generic_phrase(long) and rules.head_kind(long) != "dataset":
            proposed.setdefault(short, ("method", "title-acronym", CONFIDENCE["title-acronym"], title))
    known = [f for f in found if f.rule == "gazetteer"]
    for sent, offset in sentences[1:]:
        for name, pos, rule, long_forms in rules.proposals(sent, offset, cues, pairs):
            if name in rules.generic or name in proposed or _overlaps(urls, pos, pos + len(name)) or any(
                    f.name == name or f.start <= pos < f.end for f in known):
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


def _mentions(found, proposed, aliases, sentences) -> list[Mention]:
    seen: dict[tuple[str, str], Mention] = {}
    for f in found:
        name = f.canonical or f.name
        role = "proposes" if f.name in proposed or name in proposed else "mentions"
        key = (name, f.kind)
        if key in seen and (seen[key].role == "proposes" or role == "mentions"):
            continue
        extra = set(a for a in aliases.get(f.name, ()) if a != name)
        if f.canonical and f.canonical != f.name:
            extra.add(f.name)
        rule = proposed[f.name][1] if f.name in proposed else f.rule
        conf = proposed[f.name][2] if f.name in proposed else f.confidence
        seen[key] = Mention(name, f.kind, role, tuple(sorted(extra)), _sentence_at(sentences, f.start), rule, conf)
    return list(seen.values())


def _relations(found, sentences, rules: Rules, cues: Cues, primary, proposed):
    """Relations of the paper, and the names of candidates that a comparison named."""
    out: dict[tuple[str, str, str], Relation] = {}
    compared: set[str] = set()
    proposed_methods = [n for n, (k, *_r) in proposed.items() if k == "method"]

    def name_of(f: Found) -> str:
        return f.canonical or f.name

    for sent, offset in sentences[1:]:
        end = offset + len(sent)
        here = [f for f in found if offset <= f.start < end]
        systems = [f for f in here if f.kind in ("method", CANDIDATE)]
        # improves on: a named subject before a comparative cue, named systems after it.
        used_as_object: set[int] = set()
        for c, cue_end, rule in rules.comparisons(cues, offset, end):
            clause_end = _clause_end(sent, cue_end - offset) + offset
            objects = [f for f in systems if cue_end <= f.start < clause_end and not _family_word(f)]
            if not objects:
                continue
            clause_start = offset + _clause_start(sent, c - offset)
            before = [f for f in systems if clause_start <= f.start < c and f.start not in used_as_object]
            own = [f for f in before if f.name in proposed or name_of(f) in proposed]
            ref = cues.first("self_reference", clause_start, c)
            if own:
                subject = name_of(own[-1])
            elif ref is not None and (not before or ref < before[0].start):
                subject = primary or THIS_PAPER
            elif before:
                subject_found = before[-1]
                subject = name_of(subject_found)
                if subject_found.kind == CANDIDATE:
                    if primary is None and subject_found.start - offset < 3:
                        compared.add(subject_found.name)
                        proposed.setdefault(subject_found.name, ("method", "comparison-subject",
                                                                 CONFIDENCE["comparison-subject"], sent))
                        primary = subject
                    else:
                        continue
            else:
                continue
            for obj in objects:
                if name_of(obj) == subject:
                    continue
                used_as_object.add(obj.start)
                if obj.kind == CANDIDATE:
                    compared.add(obj.name)
                key = (subject, "improvesOn", name_of(obj))
                out.setdefault(key, Relation(*key, sent, rule, CONFIDENCE[rule]))
        # evaluated on: each dataset of a sentence about experiments.
        datasets = [f for f in here if f.kind == "dataset"]
        if datasets and cues.any("experiment", offset, end):
            named = [name_of(f) for f in systems if name_of(f) in proposed_methods or f.name in proposed_methods]
            if not named and not proposed_methods:
                named = [name_of(f) for f in systems if f.kind == "method" and f.start < datasets[0].start]
            subjects = named or [primary or THIS_PAPER]
            for d in datasets:
                for s in dict.fromkeys(subjects):
                    key = (s, "evaluatedOn", name_of(d))
                    out.setdefault(key, Relation(*key, sent, "experiment-cue", CONFIDENCE["experiment-cue"]))
    return list(out.values()), compared


_CLAUSE_END = re.compile(r";|\.\s|, (?:while|whereas|but|and (?:it|we|our))\b|\bwhile\b|\bwhereas\b"
                         r"|\s(?:on|in|with|without|at|using|across|for|by|under|from|when|within)\s")


def _clause_end(sent: str, pos: int) -> int:
    """Where the compared things after a cue end: at a clause break or a preposition
    ("outperforms X and Y on ImageNet with fewer parameters")."""
    m = _CLAUSE_END.search(sent, pos + 1)
    return m.start() if m else len(sent)


def _family_word(f: Found) -> bool:
    """A lowercase plural like "transformers" names a family, not a system one can beat."""
    return f.name.islower() and f.name.endswith("s")


def _clause_start(sent: str, pos: int) -> int:
    cut = max(sent.rfind(";", 0, pos), sent.rfind(", while", 0, pos), sent.rfind(", but", 0, pos),
              sent.rfind(": ", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _right_after(sent: str, offset: int, cue_end: int, f: Found) -> bool:
    """A dataset name standing right after "over"/"than" is a compared system, not data."""
    gap = sent[cue_end:f.start - offset]
    return len(gap) < 30 and not re.search(r"\bon\b|\bdataset", gap)


def _is_object_of_comparison(sent: str, offset: int, f: Found, rules: Rules, cues: Cues) -> bool:
    found = rules.comparisons(cues, offset, f.start)
    if not found:
        return False
    cue_end = found[-1][1]
    return _right_after(sent, offset, cue_end - offset, f) and not re.search(r"\bon\b", sent[cue_end - offset:f.start - offset])
