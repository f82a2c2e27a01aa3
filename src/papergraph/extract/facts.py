"""From one processed ``Doc`` to the paper's facts: mentions with roles, and relations.

The document text is the title, a blank line, then the abstract. Known names come from
the gazetteer component (``doc.spans["pg_known"]``); unseen names, proposals and
relations come from :class:`~papergraph.extract.rules.Rules`.
"""
from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc

from ..model import THIS_PAPER, Mention, Relation
from .rules import Found, Rules

# Confidence of each rule: how often such a fact was right when the rule was written.
CONFIDENCE = {
    "gazetteer": 0.9, "title-colon": 0.95, "acronym": 0.85, "propose-verb": 0.8, "naming-word": 0.85,
    "our-name": 0.75, "name-shape": 0.6, "dataset-cue": 0.75, "comparative": 0.7, "experiment-cue": 0.75,
    "code-link": 0.99,
}


def doc_facts(doc: Doc, rules: Rules) -> tuple[list[Mention], list[Relation]]:
    """Mentions and relations of one paper's document."""
    text = doc.text
    title_end = text.find("\n\n") if "\n\n" in text else len(text)
    title, abstract = text[:title_end], text[title_end + 2:]
    # The title is a sentence of its own even when the sentencizer ran it into the abstract.
    sentences = [(title, 0)]
    for s in doc.sents:
        start = max(s.start_char, title_end + 2)
        if s.end_char > start:
            sentences.append((text[start:s.end_char], start))

    found: list[Found] = [
        Found(s.start_char, s.end_char, s.text, s.label_.lower(), s.kb_id_ or s.text, "gazetteer",
              CONFIDENCE["gazetteer"])
        for s in doc.spans.get("pg_known", [])
    ]
    taken = [(f.start, f.end) for f in found]

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    # Acronym definitions give aliases and, by the long form's head noun, a kind.
    aliases: dict[str, set[str]] = {}
    pairs = rules.acronym_pairs(text)
    for long, short, start, end in pairs:
        aliases.setdefault(short, set()).add(long)
        aliases.setdefault(long, set()).add(short)
        kind = rules.head_kind(long)
        known = next((f for f in found if f.start <= end and f.end >= start and f.name in (short, long)), None)
        if known is None and kind and free(end - len(short) - 1, end) and short not in rules.generic:
            s = text.find(short, end - len(short) - 2)
            found.append(Found(s, s + len(short), short, kind, None, "acronym", CONFIDENCE["acronym"]))
            taken.append((s, s + len(short)))

    # What the paper introduces.
    proposed: dict[str, tuple[str, str, float, str]] = {}  # name -> (kind, rule, confidence, evidence)
    tname = rules.title_name(title, abstract)
    if tname:
        kind = "dataset" if re.search(r"\b(dataset|benchmark|corpus)\b", title.lower()[len(tname):]) else "method"
        proposed[tname] = (kind, "title-colon", CONFIDENCE["title-colon"], title)
    for sent, offset in sentences[1:]:
        for name, pos, rule, long_forms in rules.proposals(sent, offset, pairs):
            if name in rules.generic or name in proposed or _is_known_method(found, name):
                continue
            for long in long_forms:
                aliases.setdefault(name, set()).add(long)
            after = text[pos + len(name):pos + len(name) + 60].lower()
            kind = "dataset" if re.match(r"[\s,]*(?:\([^)]*\)\s*,?\s*)?(?:a|an|the)?\s*(?:new|novel|large-scale|large|challenging)?\s*(?:[\w-]+\s+)?(dataset|benchmark|corpus)", after) else "method"
            proposed[name] = (kind, rule, CONFIDENCE[rule], sent)
    # Long forms of proposed names become the short form's aliases, and vice versa.
    for name in list(proposed):
        for alias in aliases.get(name, ()):
            if alias in proposed and len(alias) > len(name):
                del proposed[alias]

    # Unseen name-shaped words, kept when their shape or the next word says what they are.
    for word, start, end in rules.candidates(text):
        if not free(start, end):
            continue
        kind = proposed[word][0] if word in proposed else rules.kind_by_context(text, start, end, word)
        if kind is None and word in aliases and any(rules.head_kind(a) for a in aliases[word]):
            kind = next(rules.head_kind(a) for a in aliases[word] if rules.head_kind(a))
        if kind:
            rule = "dataset-cue" if kind == "dataset" else "name-shape"
            found.append(Found(start, end, word, kind, None, rule, CONFIDENCE[rule]))
            taken.append((start, end))
    # Proposed names found nowhere else (a multi-word title name) still count where they stand.
    for name in proposed:
        if not any(f.name == name for f in found):
            pos = text.find(name)
            found.append(Found(pos, pos + len(name), name, proposed[name][0], None, proposed[name][1],
                               proposed[name][2]))
    found.sort(key=lambda f: (f.start, f.end))
    # A dataset name right after "outperforms"/"over" is a compared system ("speedup over SST").
    found = [replace(f, kind="method", canonical=f.name, rule="comparative")
             if f.kind == "dataset" and f.name not in proposed and _is_object_of_comparison(
                 *_sentence_with_offset(sentences, f.start), f, rules) else f
             for f in found]

    mentions = _mentions(found, proposed, aliases, sentences)
    primary = next((n for n, (k, *_rest) in proposed.items() if k == "method"), None)
    relations = _relations(found, sentences, rules, primary, proposed)
    for url, pos in rules.repositories(text):
        mentions.append(Mention(url, "repository", "mentions", (), _sentence_at(sentences, pos), "code-link",
                                CONFIDENCE["code-link"]))
    return mentions, relations


def _is_known_method(found: list[Found], name: str) -> bool:
    return any(f.rule == "gazetteer" and f.name == name for f in found)


def _sentence_with_offset(sentences: list[tuple[str, int]], pos: int) -> tuple[str, int]:
    for sent, offset in reversed(sentences):
        if offset <= pos:
            return sent, offset
    return sentences[0]


def _sentence_at(sentences: list[tuple[str, int]], pos: int) -> str:
    for sent, offset in reversed(sentences):
        if offset <= pos:
            return sent
    return sentences[0][0]


def _mentions(found, proposed, aliases, sentences) -> list[Mention]:
    seen: dict[tuple[str, str], Mention] = {}
    for f in found:
        name = f.canonical or f.name
        role = "proposes" if f.name in proposed or name in proposed else "mentions"
        key = (name, f.kind)
        if key in seen and (seen[key].role == "proposes" or role == "mentions"):
            continue
        extra = tuple(sorted(a for a in aliases.get(f.name, ()) if a != name))
        if f.canonical and f.canonical != f.name:
            extra = tuple(sorted(set(extra) | {f.name}))
        rule = proposed[f.name][1] if f.name in proposed else f.rule
        conf = proposed[f.name][2] if f.name in proposed else f.confidence
        seen[key] = Mention(name, f.kind, role, extra, _sentence_at(sentences, f.start), rule, conf)
    return list(seen.values())


def _relations(found, sentences, rules: Rules, primary, proposed) -> list[Relation]:
    out: dict[tuple[str, str, str], Relation] = {}
    proposed_methods = [n for n, (k, *_r) in proposed.items() if k == "method"]

    def name_of(f: Found) -> str:
        return f.canonical or f.name

    for sent, offset in sentences[1:]:
        end = offset + len(sent)
        here = [f for f in found if offset <= f.start < end]
        low = sent.lower()
        methods = [f for f in here if f.kind == "method"]
        # improves on: a named subject before a comparative cue, named methods after it.
        for cue in rules.strong.finditer(low):
            c = offset + cue.start()
            clause_end = _clause_end(sent, cue.end()) + offset
            objects = [f for f in methods if c + len(cue.group(0)) <= f.start < clause_end]
            if not objects:
                continue
            before = [f for f in methods if f.start < c]
            clause_start = offset + _clause_start(sent, cue.start())
            subject = None
            if before and before[-1].start >= clause_start and not rules.self_ref.search(
                    low[before[-1].end - offset:cue.start()]):
                subject = name_of(before[-1])
            elif rules.self_ref.search(low[:cue.start()]) or before:
                subject = primary or THIS_PAPER
            if subject is None:
                continue
            for obj in objects:
                if name_of(obj) == subject or name_of(obj) in proposed:
                    continue
                key = (subject, "improvesOn", name_of(obj))
                out.setdefault(key, Relation(*key, sent, "comparative", CONFIDENCE["comparative"]))
        # evaluated on: each dataset of a sentence about experiments.
        datasets = [f for f in here if f.kind == "dataset"]
        if datasets and (rules.experiment.search(low) or re.search(r"\bon\b", low)):
            named = [name_of(f) for f in methods if name_of(f) in proposed_methods]
            subjects = named or [primary or THIS_PAPER]
            for d in datasets:
                for s in subjects:
                    key = (s, "evaluatedOn", name_of(d))
                    out.setdefault(key, Relation(*key, sent, "experiment-cue", CONFIDENCE["experiment-cue"]))
    return list(out.values())


def _clause_end(sent: str, pos: int) -> int:
    m = re.compile(r";|\.\s|, (?:while|whereas|but|and (?:it|we|our))\b|\bwhile\b").search(sent, pos)
    return m.start() if m else len(sent)


def _clause_start(sent: str, pos: int) -> int:
    cut = max(sent.rfind(";", 0, pos), sent.rfind(", while", 0, pos), sent.rfind(", but", 0, pos))
    return cut + 1 if cut >= 0 else 0


def _right_after(sent: str, offset: int, cue_end: int, f: Found) -> bool:
    """A dataset name standing right after "over"/"than" is a compared system, not data."""
    gap = sent[cue_end:f.start - offset]
    return len(gap) < 30 and not re.search(r"\bon\b|\bdataset", gap)


def _is_object_of_comparison(sent: str, offset: int, f: Found, rules: Rules) -> bool:
    before = sent[:f.start - offset].lower()
    m = None
    for m in rules.strong.finditer(before):
        pass
    return bool(m) and _right_after(sent, offset, m.end(), f) and not re.search(r"\bon\b", before[m.end():])
