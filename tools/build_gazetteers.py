#!/usr/bin/env python3
"""Build papergraph's gazetteers from public knowledge of the field.

usage: python tools/build_gazetteers.py [--resources ../shared/resources]

Reads the Papers-with-Code dataset dump (datasets.jsonl: 3,327 datasets with name variants)
and the curated lists beside this script (known_methods.txt, known_datasets.txt), and writes
spaCy-style pattern files to src/papergraph/data/gazetteers/: one JSON object a line,
{"label", "pattern", "id"} plus "needs_cue" for names that are also ordinary words and so
count only beside a cue word ("dataset", "benchmark", ...). Never filter these lists to a
corpus: they are general knowledge, and the held-out set comes from elsewhere.
"""
from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "papergraph" / "data" / "gazetteers"
GENERIC = HERE.parent / "src" / "papergraph" / "data" / "cues" / "generic_terms.txt"


def read_list(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([x.strip() for x in line.split("|") if x.strip()])
    return rows


def needs_cue(name: str, ordinary: set[str]) -> bool:
    """Ordinary words ("Flowers", "smoke buoyancy", "Places") need a cue to count as a name.

    A one-word Titlecase name is ordinary when the dataset descriptions write it in lowercase
    at least as often as capitalised (``ordinary``): "Places" is, "Cityscapes" is not.
    """
    letters = re.sub(r"[^A-Za-z]", "", name)
    has_mark = bool(re.search(r"\d", name)) or any(c.isupper() for c in name[1:]) or "-" in name
    if has_mark:
        return False
    if name.istitle() and " " not in name and len(letters) >= 5:
        return name.lower() in ordinary
    return name.islower() or name.istitle() or len(letters) < 3


def any_case(name: str) -> bool:
    """Names led by "The" ("The Pile") match in any case ("the PILE"); other multi-word names
    in any case would turn task phrases ("visual question answering") into datasets."""
    return name.startswith("The ") and len(name) >= 7


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", default=str(HERE.parent.parent / "shared" / "resources"))
    args = ap.parse_args()
    generic = {w for w in GENERIC.read_text().split("\n") if w and not w.startswith("#")}

    methods: dict[str, str] = {}
    for canonical, *aliases in read_list(HERE / "known_methods.txt"):
        for name in [canonical, *aliases]:
            methods.setdefault(name, canonical)

    datasets: dict[str, str] = {}
    for canonical, *aliases in read_list(HERE / "known_datasets.txt"):
        for name in [canonical, *aliases]:
            datasets.setdefault(name, canonical)
    curated = dict(datasets)
    pwc = Path(args.resources) / "pwc" / "datasets.jsonl"
    words = Counter()
    for line in pwc.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            words.update(re.findall(r"(?<![A-Za-z])[A-Za-z][a-z]{4,}(?![A-Za-z])", json.loads(line).get("contents", "")))
    # A word the descriptions write in lowercase more often than capitalised is an ordinary word.
    ordinary = {w for w, n in words.items() if w.islower() and n >= 2 and n >= words[w.title()]}
    for line in pwc.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        rec = json.loads(line)
        names = [rec["id"], *rec.get("variants", [])]
        canonical = next((curated[n] for n in names if n in curated), rec["id"])
        for name in names:
            name = " ".join(name.split())
            if (len(name) < 3 or len(name) > 60 or name in generic or name in methods
                    or re.fullmatch(r"[\d\W]+", name) or re.fullmatch(r"[A-Z]{2}", name)):
                continue
            datasets.setdefault(name, canonical)

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "methods.jsonl", "w", encoding="utf-8") as f:
        for name, canonical in sorted(methods.items()):
            f.write(json.dumps({"label": "METHOD", "pattern": name, "id": canonical}, ensure_ascii=False) + "\n")
    with open(OUT / "datasets.jsonl", "w", encoding="utf-8") as f:
        for name, canonical in sorted(datasets.items()):
            row = {"label": "DATASET", "pattern": name, "id": canonical}
            if needs_cue(name, ordinary):
                row["needs_cue"] = True
            elif any_case(name):
                row["any_case"] = True
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(methods)} method names, {len(datasets)} dataset names written to {OUT}")


if __name__ == "__main__":
    main()
