#!/usr/bin/env python3
"""Count extraction errors by class, over the annotated papers (issue 19's error analysis).

usage: python tools/error_classes.py --graph GRAPH --gold GOLD.jsonl [--gold ...] [--papers INPUT ...] [--show CLASS]

Every miss and false hit of ``papergraph evaluate --details`` is put in the first class
whose test it passes (the order below), from the graph, the gold record and the paper's
title and abstract (``--papers``: the inputs the graph was built from, to read the text):

- not-in-text: the gold name is nowhere in the title or abstract (no extractor can find it);
- variant: the name differs from one on the other side only by a size, version or split
  ("EfficientNet-B7" / "EfficientNet", "StarCoder2-15B" / "StarCoder 2", "SQuAD 2.0" / "SQuAD v2.0");
- other-paper: a false pair whose claim was read from another paper (the scorer counts the
  edges of a method for the paper that proposes it);
- kind: a gold method found as a dataset, or the reverse;
- subject: a pair whose object is right and subject wrong (or missing: "it", "our model");
- parity-negation: a false improvement whose sentence says "comparable", "not", "fails";
- generic-word: a false method or proposal that names nothing particular ("Algorithm",
  "ConvNet", "LMMs", a lowercase word);
- title-colon: a false proposal from the title's first words ("Convention: A Study");
- acronym-in-body: a missed proposal that the abstract defines as an acronym ("... (X)");
- unfound-name: the gold name is in the text but the graph holds no such entity;
- other.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter, defaultdict

from papergraph import PaperGraph
from papergraph.evaluate import PaperDetails, evaluate, load_gold, norm
from papergraph.names import title_key
from papergraph.sources import load

CLASSES = (
    "not-in-text",
    "variant",
    "other-paper",
    "kind",
    "subject",
    "parity-negation",
    "generic-word",
    "title-colon",
    "acronym-in-body",
    "unfound-name",
    "other",
)
_VARIANT = re.compile(
    r"[\s_-]*(?:v?\d+(?:\.\d+)*[a-z]?|[tsmlbgx]+|base|small|medium|large|huge|tiny|mini|xl|xxl|"
    r"instruct|chat|air|pro|plus|lite|\d+(?:\.\d+)?[bmk]|b\d|h/\d+|l/\d+|dev|test|val|train)$",
    re.I,
)
_PARITY_NEGATION = re.compile(
    r"\b(?:comparable|on par|competitive|similar|match(?:es|ing)?|rival|not|fails?|cannot|no)\b", re.I
)


def stem(name: str) -> str:
    """A name without its trailing size, version or split words ("GPT-4-Turbo" keeps "GPT")."""
    s = str(name).strip()
    while True:
        t = _VARIANT.sub("", s)
        if t == s or len(norm(t)) < 2:
            return norm(s)
        s = t


def classify(field: str, side: str, item, paper: dict) -> str:
    text, other_side = paper["text"], paper["found" if side == "missed" else "gold"].get(field, [])
    names = item if isinstance(item, (tuple, list)) else (item,)
    if side == "missed" and any(n != "THIS_PAPER" and norm(n) not in norm(text) for n in names):
        return "not-in-text"
    if isinstance(item, (tuple, list)):
        s, o = item
        others = [x for x in other_side if isinstance(x, (tuple, list))]
        if any(stem(o) == stem(x[1]) and (stem(s) == stem(x[0])) and (s, o) != tuple(x) for x in others):
            return "variant"
        if side == "false" and (s, o) in paper["other_paper_pairs"]:
            return "other-paper"
        if any(norm(o) == norm(x[1]) or stem(o) == stem(x[1]) for x in others):
            return "subject"
        if side == "false" and field == "improves_on" and _PARITY_NEGATION.search(paper["evidence"].get((s, o), "")):
            return "parity-negation"
        if side == "missed" and not any(norm(o) == norm(n) for n in paper["entities"]):
            return "unfound-name"
        return "other"
    if any(stem(item) == stem(x) and item != x for x in other_side if isinstance(x, str)):
        return "variant"
    kinds = paper["entity_kinds"].get(norm(item), set())
    if field in ("proposes", "methods", "all_methods") and side == "missed" and kinds == {"dataset"}:
        return "kind"
    if field == "datasets" and side == "missed" and kinds == {"method"}:
        return "kind"
    if side == "false" and field in ("proposes", "methods", "all_methods"):
        if item.islower() or re.fullmatch(r"[A-Z][a-z]+", item) or re.fullmatch(r"[A-Z]{2,}s", item):
            return "generic-word"
        if field == "proposes" and paper["title"].startswith(item) and ":" in paper["title"]:
            return "title-colon"
    if side == "missed" and field == "proposes" and re.search(r"\(\s*" + re.escape(item) + r"\s*\)", text):
        return "acronym-in-body"
    if side == "missed" and norm(item) not in paper["entity_kinds"]:
        return "unfound-name"
    return "other"


def paper_facts(graph: PaperGraph) -> dict:
    """Per paper title key: its entities (name -> kinds), claims' evidence, and other papers' pairs."""
    out: dict = defaultdict(lambda: {"entity_kinds": defaultdict(set), "evidence": {}, "claims": set()})
    rows = graph.query("""SELECT ?t ?n ?k WHERE { ?p a pg:Paper ; dcterms:title ?t . { ?p pg:mentions ?e } UNION
        { ?p pg:proposes ?e } ?e a ?c ; rdfs:label ?n . VALUES (?c ?k) { (pg:Method "method") (pg:Dataset "dataset") } }""")
    for r in rows:
        out[title_key(r["t"])]["entity_kinds"][norm(r["n"])].add(r["k"])
    claims = graph.query("""SELECT ?t ?sn ?on ?ev WHERE { ?c rdf:subject ?s ; rdf:object ?o ; pg:evidence ?ev ;
        prov:wasDerivedFrom ?p . ?p dcterms:title ?t . VALUES ?pred { pg:improvesOn pg:evaluatedOn } ?c rdf:predicate ?pred .
        OPTIONAL { ?s rdfs:label ?sl } OPTIONAL { ?s dcterms:title ?st } ?o rdfs:label ?on BIND(COALESCE(?sl, ?st) AS ?sn) }""")
    for r in claims:
        out[title_key(r["t"])]["evidence"][(r["sn"], r["on"])] = r["ev"]
        out[title_key(r["t"])]["claims"].add((r["sn"], r["on"]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--graph", required=True)
    ap.add_argument("--gold", action="append", required=True)
    ap.add_argument("--papers", nargs="+", default=[], help="the inputs the graph was built from (for the text)")
    ap.add_argument("--show", help="print the errors of this class")
    args = ap.parse_args()
    graph = PaperGraph.open(args.graph)
    texts = {title_key(p.title): f"{p.title}\n\n{p.abstract}" for p in load(args.papers).papers} if args.papers else {}
    facts = paper_facts(graph)
    for gold_file in args.gold:
        gold = load_gold([gold_file])
        details: list[PaperDetails] = []
        evaluate(graph, gold, details)
        counts: Counter = Counter()
        shown = []
        all_claims = {key: f["claims"] for key, f in facts.items()}
        for d in details:
            key = title_key(d.title)
            f = facts[key]
            paper = {
                "title": d.title,
                "text": texts.get(key, d.title),
                "gold": d.missed,
                "found": d.false,
                "entities": set(f["entity_kinds"]),
                "entity_kinds": f["entity_kinds"],
                "evidence": f["evidence"],
                "other_paper_pairs": set().union(*(c for k, c in all_claims.items() if k != key)) - f["claims"],
            }
            for side, by_field in (("missed", d.missed), ("false", d.false)):
                for field, items in by_field.items():
                    if field in ("concepts", "all_methods"):
                        continue
                    for item in items:
                        cls = classify(field, side, tuple(item) if isinstance(item, list) else item, paper)
                        counts[(field, side, cls)] += 1
                        if cls == args.show:
                            shown.append(f"  {d.title[:60]:<60} {field:<13} {side:<6} {item}")
        print(f"\n== {gold_file}")
        fields = sorted(
            {f for f, _, _ in counts},
            key=lambda f: ["proposes", "methods", "datasets", "repositories", "improves_on", "evaluated_on"].index(f),
        )
        print(f"{'class':<16}" + "".join(f"{f[:11] + '-' + s[0]:>14}" for f in fields for s in ("missed", "false")))
        for cls in CLASSES:
            row = [counts[(f, s, cls)] for f in fields for s in ("missed", "false")]
            if any(row):
                print(f"{cls:<16}" + "".join(f"{n:>14}" for n in row))
        print("\n".join(shown))


if __name__ == "__main__":
    main()
