#!/usr/bin/env python3
"""Fit the learned decision over relation candidates (improves on, evaluated on).

usage: python tools/fit_relations.py [--write] [--folds 5] [--report]

The rules of ``papergraph.extract.facts`` propose relation candidates with high recall;
each is described by general features (cue strength, where its subject came from, the
object's shape, parity and negation words, position; never a name). This script extracts
the candidates of every annotated paper we have, two sets kept apart:

- dev: the 60 annotated papers of the sample corpus (``tests/data/dev.jsonl``, papers from
  ``examples/``);
- external-dev: 90 annotated papers from outside the corpus (``tests/data/external-dev.jsonl``
  with inputs ``tests/data/external-dev-papers.jsonl``);

labels each candidate by whether a gold pair of its paper matches it (names compared as the
scorer compares them, with the paper standing for its proposed method), and fits one
logistic regression (L2) per relation. Only the weights, a threshold and the feature names
are written (``src/papergraph/data/models/relations.json``).

It reports the decision's precision, recall and F1 on gold pairs (a gold pair no candidate
reaches counts as missed) four ways: fitted on everything and scored on it (what the shipped
weights do on these papers), k-fold cross-validated grouped by paper, and across sets
(fit on dev, score external-dev; and the reverse). The threshold of each fit is chosen on
that fit's own training papers: the highest F1 among thresholds with precision >= 0.80 on
them, else the highest F0.5 (a wrong edge costs a reader more than a missing one).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from papergraph.evaluate import _THIS, _gold_pairs, load_gold, norm
from papergraph.extract.facts import doc_facts
from papergraph.extract.pipeline import build_nlp, paper_text, process
from papergraph.model import THIS_PAPER
from papergraph.names import title_key
from papergraph.sources import load

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OUT = ROOT / "src" / "papergraph" / "data" / "models" / "relations.json"
FIELDS = {"improvesOn": "improves_on", "evaluatedOn": "evaluated_on"}
PENALTY = 1.0  # L2 weight: a few dozen features, a few hundred examples
MIN_PRECISION = 0.80


def papers_of(which: str):
    """(paper, gold record) of every annotated paper of one set."""
    if which == "dev":
        gold, papers = load_gold([DATA / "dev.jsonl"]), load([ROOT / "examples"]).papers
    else:
        gold, papers = load_gold([DATA / "external-dev.jsonl"]), load([DATA / "external-dev-papers.jsonl"]).papers
    by_title = {title_key(p.title): p for p in papers}
    return [(by_title[title_key(g["title"])], g) for g in gold if title_key(g["title"]) in by_title]


def examples(which: str) -> list[dict]:
    """Per paper: its candidates (predicate, features, gold pair index or None) and gold pair counts."""
    nlp = build_nlp()
    facts = nlp.get_pipe("pg_facts")
    out = []
    for paper, gold in papers_of(which):
        doc = process(nlp, paper_text(paper)[: nlp.max_length - 1])
        candidates: list = []
        mentions, _relations, _pairs = doc_facts(doc, facts.rules, candidates)
        names = {}
        for m in mentions:
            keys = {norm(m.name), *map(norm, m.aliases)}
            if m.role == "proposes":
                keys.add(_THIS)
            names[m.name] = keys
        rows = []
        for c in candidates:
            r = c.relation
            gold_pairs = _gold_pairs(gold, FIELDS[r.predicate])
            subject = {_THIS} if r.subject == THIS_PAPER else names.get(r.subject, {norm(r.subject)})
            obj = names.get(r.object, {norm(r.object)}) - {_THIS}
            match = next((i for i, (gs, go) in enumerate(gold_pairs) if subject & gs and obj & go), None)
            rows.append((r.predicate, c.features, match))
        out.append(
            {
                "title": paper.title,
                "set": which,
                "rows": rows,
                "gold": {p: len(_gold_pairs(gold, f)) for p, f in FIELDS.items()},
            }
        )
    return out


def matrix(papers: list[dict], predicate: str, keys: list[str]):
    x, y, where = [], [], []
    for pi, paper in enumerate(papers):
        for pred, features, match in paper["rows"]:
            if pred == predicate:
                x.append([features.get(k, 0.0) for k in keys])
                y.append(float(match is not None))
                where.append((pi, match))
    return np.array(x, dtype=float).reshape(-1, len(keys)), np.array(y), where


def fit(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    def loss(w):
        z = x @ w[1:] + w[0]
        p = 1 / (1 + np.exp(-np.clip(z, -30, 30)))
        eps = 1e-9
        nll = -np.sum(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
        grad_z = p - y
        grad = np.concatenate([[grad_z.sum()], x.T @ grad_z]) + PENALTY * np.concatenate([[0], w[1:]])
        return nll + PENALTY / 2 * np.sum(w[1:] ** 2), grad

    w = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B").x
    return float(w[0]), w[1:]


def scores(papers, predicate, probs, where, threshold) -> dict:
    """P, R, F1 over gold pairs: kept candidates matched one-to-one to their paper's gold pairs."""
    tp = fp = 0
    used: set = set()
    for p, (pi, match) in zip(probs, where):
        if p < threshold:
            continue
        if match is not None and (pi, match) not in used:
            used.add((pi, match))
            tp += 1
        elif match is None:
            fp += 1
        # a second candidate for an already matched gold pair counts nothing (it merges)
    gold = (
        sum(paper["gold"][predicate] for paper in {id(papers[pi]): papers[pi] for pi, _ in where}.values())
        if where
        else 0
    )
    gold = sum(paper["gold"][predicate] for paper in papers)
    fn = gold - tp
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / gold if gold else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(prec, 3), "recall": round(rec, 3), "f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}


def choose_threshold(papers, predicate, probs, where) -> float:
    best, best_key = 0.5, (-1.0, -1.0)
    for t in np.arange(0.05, 0.96, 0.01):
        s = scores(papers, predicate, probs, where, t)
        beta = 0.5
        p, r = s["precision"], s["recall"]
        f05 = (1 + beta**2) * p * r / (beta**2 * p + r) if p + r else 0.0
        key = (1.0, s["f1"]) if p >= MIN_PRECISION else (0.0, f05)
        if key > best_key:
            best, best_key = float(round(t, 2)), key
    return best


def fit_and_score(train: list[dict], test: list[dict], predicate: str, keys: list[str]) -> dict:
    x, y, where = matrix(train, predicate, keys)
    bias, w = fit(x, y)
    probs = 1 / (1 + np.exp(-(x @ w + bias)))
    threshold = choose_threshold(train, predicate, probs, where)
    xt, _yt, where_t = matrix(test, predicate, keys)
    probs_t = 1 / (1 + np.exp(-(xt @ w + bias))) if len(xt) else np.array([])
    return {
        "bias": bias,
        "w": w,
        "threshold": threshold,
        "scores": scores(test, predicate, probs_t, where_t, threshold),
    }


def pooled(results: list[dict]) -> dict:
    tp, fp, fn = (sum(r[k] for r in results) for k in ("tp", "fp", "fn"))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def cross_validate(papers: list[dict], predicate: str, keys: list[str], folds: int, seed: int = 7) -> dict:
    order = list(range(len(papers)))
    random.Random(seed).shuffle(order)
    results = []
    for k in range(folds):
        test = [papers[i] for i in order[k::folds]]
        train = [papers[i] for i in order if i not in set(order[k::folds])]
        results.append(fit_and_score(train, test, predicate, keys)["scores"])
    return pooled(results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write", action="store_true", help="write the weights fitted on all papers")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    sets = {"dev": examples("dev"), "external-dev": examples("external")}
    everything = sets["dev"] + sets["external-dev"]
    shipped = {
        "_about": "Learned decision over relation candidates (papergraph.extract.decide): logistic "
        "weights over general features, never names. Fitted by tools/fit_relations.py on "
        "the annotated papers of tests/data (dev + external-dev)."
    }
    for predicate in FIELDS:
        keys = sorted({k for paper in everything for pred, f, _ in paper["rows"] if pred == predicate for k in f})
        rules_only = {
            name: scores(
                papers, predicate, *(lambda m: (np.ones(len(m[1])), m[2]))(matrix(papers, predicate, keys)), 0.5
            )
            for name, papers in sets.items()
        }
        print(
            f"\n== {predicate}: {sum(len(matrix(p, predicate, keys)[1]) for p in sets.values())} candidates, "
            f"{len(keys)} features"
        )
        print(f"  every candidate kept     dev {rules_only['dev']}\n{'':27}ext {rules_only['external-dev']}")
        full = fit_and_score(everything, everything, predicate, keys)
        for name, papers in sets.items():
            print(f"  fitted on all, {name:<12}{scores_line(fit_and_score(everything, papers, predicate, keys))}")
        print(f"  {args.folds}-fold CV by paper, all: {cross_validate(everything, predicate, keys, args.folds)}")
        for name, papers in sets.items():
            print(f"  {args.folds}-fold CV within {name:<12}: {cross_validate(papers, predicate, keys, args.folds)}")
        print(
            f"  fit dev -> external-dev    : {fit_and_score(sets['dev'], sets['external-dev'], predicate, keys)['scores']}"
        )
        print(
            f"  fit external-dev -> dev    : {fit_and_score(sets['external-dev'], sets['dev'], predicate, keys)['scores']}"
        )
        print(
            f"  threshold {full['threshold']}; weights: "
            + ", ".join(f"{k} {v:+.2f}" for k, v in sorted(zip(keys, full["w"]), key=lambda kv: -abs(kv[1])))
        )
        shipped[predicate] = {
            "bias": round(full["bias"], 4),
            "threshold": full["threshold"],
            "weights": {k: round(float(v), 4) for k, v in zip(keys, full["w"])},
        }
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(shipped, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"\nwrote {OUT}")


def scores_line(result: dict) -> str:
    return f"(threshold {result['threshold']}) {result['scores']}"


if __name__ == "__main__":
    main()
