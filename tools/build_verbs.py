#!/usr/bin/env python3
"""Derive a list of English verbs from how words are used in the Papers-with-Code dataset
descriptions: a word seen more often after "we", "to", "can", "will" or "which" than after
"the", "a", "an", "of" or an adjective-free determiner is used as a verb.

usage: python tools/build_verbs.py [--resources ../shared/resources]

Writes src/papergraph/data/cues/verbs.txt, which the concept step uses to reject key-phrase
candidates that start with a verb ("discuss training", "solve regression").
Sources: PwC dataset descriptions (DataFinder release), CC BY-SA 4.0; tools/known_verbs.txt.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "papergraph" / "data" / "cues" / "verbs.txt"
VERB_CONTEXT = {"we", "to", "can", "will", "which", "that", "and", "they", "could", "would", "should", "may"}
NOUN_CONTEXT = {"the", "a", "an", "of", "this", "these", "its", "their", "our", "each", "for", "with", "in", "on"}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", default=str(HERE.parent.parent / "shared" / "resources"))
    args = ap.parse_args()
    verb, noun = Counter(), Counter()
    for line in (Path(args.resources) / "pwc" / "datasets.jsonl").read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        words = re.findall(r"[a-z]+", json.loads(line).get("contents", "").lower())
        for prev, w in zip(words, words[1:]):
            if prev in VERB_CONTEXT and prev not in ("and", "that"):
                verb[w] += 1
            elif prev in NOUN_CONTEXT:
                noun[w] += 1
    verbs = {w for w, n in verb.items() if n >= 3 and n > 2 * noun[w] and len(w) > 2}
    known = (HERE / "known_verbs.txt").read_text(encoding="utf-8").split("\n")
    verbs |= {w for line in known if not line.startswith("#") for w in line.split()}
    verbs = sorted(verbs)
    OUT.write_text(
        "# Words used as verbs far more than as nouns in the PwC dataset descriptions, and\n"
        "# common verbs of abstracts (tools/build_verbs.py; PwC data CC BY-SA 4.0).\n" + "\n".join(verbs) + "\n"
    )
    print(f"{len(verbs)} verbs -> {OUT}")


if __name__ == "__main__":
    main()
