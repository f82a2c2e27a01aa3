#!/usr/bin/env python3
"""Fit the weights that rank a paper's key phrases as its concepts.

usage: python tools/fit_concept_ranking.py CORPUS... --gold GOLD.jsonl [--write] [--folds 5]

Every key phrase that may be a concept (:func:`papergraph.concepts.candidates`) becomes one
example: its signals (vocabulary, title, position, frequency, rarity,
length, head word, ...) and whether the paper's annotated concepts hold it. A
logistic regression with an L2 penalty is fitted to them; only the signals' weights, a dozen
numbers, are kept (``src/papergraph/data/concepts/ranking.json``), never a phrase.

Before writing, it reports the concepts F1 of the top-k choice under k-fold cross-validation
by paper (each paper ranked by weights fitted without it), which is the figure to expect on
papers the annotations have not seen, and the F1 on the annotated papers themselves.

``--ceiling`` fits nothing and reports what limits the score with the shipped weights: how
many annotated concepts are among their paper's candidates at all, the F1 at k of the shipped
choice, and that of an oracle that picks the annotated concepts among the top 10, the top 15
or all of the shipped ranking's candidates (filling up with the best-ranked others).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from papergraph import concepts
from papergraph.evaluate import load_gold, norm
from papergraph.pipeline import extract_all
from papergraph.sources import load

OUT = Path(__file__).resolve().parent.parent / "src" / "papergraph" / "data" / "concepts" / "ranking.json"
DROP: set[str] = set()  # signals left out (--drop), to see what each is worth
PENALTY = 1.0  # L2 weight: the signals are few, the examples a few thousand


def examples(corpus: list[str], gold_path: str):
    """Per annotated paper: (candidates, signal names, signal matrix, labels, wanted names)."""
    gold = {
        " ".join(r["title"].split()).casefold(): {norm(c) for c in r.get("concepts", [])}
        for r in load_gold([gold_path])
    }
    facts = extract_all(load(corpus).papers, jobs=2)
    df = concepts.document_frequencies(facts)
    papers = []
    for pf in facts:
        wanted = gold.get(" ".join(pf.paper.title.split()).casefold())
        if wanted is None:
            continue
        found = concepts.candidates(pf, df, len(facts))
        if not found:
            continue
        keys = sorted(k for k in found[0].signals if k not in DROP)
        x = np.array([[c.signals[k] for k in keys] for c in found])
        y = np.array([float(norm(c.label) in wanted) for c in found])
        papers.append((found, keys, x, y, wanted))
    return papers


def fit(papers) -> tuple[float, np.ndarray]:
    """Weights that rank each paper's annotated concepts above its other phrases: a softmax
    over the paper's candidates (a conditional logit), summed over papers, with an L2 penalty.
    The bias is then set so that the model's scores are calibrated probabilities."""
    n = papers[0][2].shape[1]

    def loss(w):
        total, grad = PENALTY * np.sum(w**2), 2 * PENALTY * w
        for _, _, x, y, _ in papers:
            if not y.any():
                continue
            z = x @ w
            z = z - z.max()
            p = np.exp(z) / np.exp(z).sum()
            total -= np.sum(y * np.log(p + 1e-12))
            grad -= x.T @ y - y.sum() * (x.T @ p)
        return total, grad

    w = minimize(loss, np.zeros(n), jac=True, method="L-BFGS-B").x
    x = np.vstack([p[2] for p in papers])
    y = np.concatenate([p[3] for p in papers])
    z = x @ w

    def calibration(b):
        p = 1 / (1 + np.exp(-(b[0] + z)))
        return -np.sum(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)), np.array([np.sum(p - y)])

    return float(minimize(calibration, np.zeros(1), jac=True).x[0]), w


def f1_at_k(papers, bias: float, weights: np.ndarray, k: int) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for found, _, x, _, wanted in papers:
        chosen = concepts.choose([(bias + x[i] @ weights, c) for i, c in enumerate(found)], k)
        got = {norm(c.label) for _, c in chosen}
        tp += len(got & wanted)
        fp += len(got - wanted)
        fn += len(wanted - got)
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, 2 * p * r / max(p + r, 1e-9)


def ceiling(papers, k: int, depths=(10, 15, 0)) -> list[tuple[str, float]]:
    """F1 at ``k`` of the shipped choice, then of an oracle that takes the annotated concepts
    among the top ``n`` candidates of the shipped ranking (``0``: among all of them), filling
    up with the best-ranked others."""
    choices = {
        "top %d as shipped" % k: [
            [norm(c.label) for _, c in concepts.choose([(concepts.score(c.signals), c) for c in found], k)]
            for found, *_ in papers
        ]
    }
    for n in depths:
        picks = []
        for found, _, _, _, wanted in papers:
            ranked = list(dict.fromkeys(norm(c.label) for c in sorted(found, key=lambda c: -concepts.score(c.signals))))
            got = [x for x in ranked[: n or len(ranked)] if x in wanted][:k]
            picks.append(got + [x for x in ranked if x not in wanted][: k - len(got)])
        choices[f"oracle in top {n}" if n else "oracle in all"] = picks
    out = []
    for what, picks in choices.items():
        tp = sum(len(set(got) & p[4]) for got, p in zip(picks, papers))
        fp = sum(len(got) for got in picks) - tp
        fn = sum(len(p[4]) for p in papers) - tp
        prec, rec = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        out.append((what, 2 * prec * rec / max(prec + rec, 1e-9)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", nargs="+")
    ap.add_argument("--gold", required=True)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--repeats", type=int, default=4, help="cross-validations with different folds")
    ap.add_argument("--k", type=int, default=concepts.DEFAULTS["k"])
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    ap.add_argument("--drop", action="append", default=[], help="leave this signal out (ablation)")
    ap.add_argument("--ceiling", action="store_true", help="report what limits the score, fit nothing")
    args = ap.parse_args()
    DROP.update(args.drop)
    papers = examples(args.corpus, args.gold)
    if args.ceiling:
        wanted = sum(len(p[4]) for p in papers)
        reachable = sum(len(p[4] & {norm(c.label) for c in p[0]}) for p in papers)
        print(f"{reachable} of {wanted} annotated concepts are candidates of their paper")
        for what, f1 in ceiling(papers, args.k):
            print(f"  {what:20s} F1 {f1:.3f}")
        return
    keys = papers[0][1]
    held = []
    for repeat in range(args.repeats):
        order = list(range(len(papers)))
        random.Random(repeat).shuffle(order)
        for fold in (set(order[i :: args.folds]) for i in range(args.folds)):
            bias, w = fit([papers[i] for i in order if i not in fold])
            held.append(f1_at_k([papers[i] for i in fold], bias, w, args.k))
    cv = tuple(float(np.mean([h[j] for h in held])) for j in range(3))
    bias, w = fit(papers)
    seen = f1_at_k(papers, bias, w, args.k)
    print(f"{len(papers)} papers, {sum(len(p[0]) for p in papers)} candidate phrases")
    print(f"cross-validated ({args.repeats}x{args.folds} folds): P {cv[0]:.3f} R {cv[1]:.3f} F1 {cv[2]:.3f}")
    print(f"on the annotated papers:      P {seen[0]:.3f} R {seen[1]:.3f} F1 {seen[2]:.3f}")
    for k, v in sorted(zip(keys, w), key=lambda kv: -abs(kv[1])):
        print(f"  {k:12s} {v:+.3f}")
    if args.write:
        OUT.write_text(
            json.dumps(
                {
                    "about": "Weights of the key-phrase ranking (logistic; see papergraph.concepts.candidates). "
                    "Fitted by tools/fit_concept_ranking.py on annotated paper-level concepts; "
                    f"cross-validated concepts F1 {cv[2]:.3f} at k={args.k}.",
                    "bias": round(bias, 4),
                    "weights": {k: round(float(v), 4) for k, v in zip(keys, w)},
                },
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
