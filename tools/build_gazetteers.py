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
ACRONYMS = HERE.parent / "src" / "papergraph" / "data" / "concepts" / "acronyms.tsv"


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


_SPLIT = re.compile(
    r"\s+(?:test|val|valid|validation|dev|train|test-dev|test-std|testdev|test set|dev set|"
    r"val set|full|\d+-shot|zero-shot|few-shot|leaderboard)$",
    re.I,
)


def clean_benchmark(name: str) -> str | None:
    """A leaderboard's dataset name without its split, setting or note ("COCO test-dev" ->
    "COCO", "SVHN, 4000 Labels" -> "SVHN", "Walker, walk (DMControl500k)" -> None), or None
    when what is left does not look like a name."""
    name = re.split(r"\s+-\s+|\s*\(|,|:\s*$", name.strip())[0].strip()
    while True:
        shorter = _SPLIT.sub("", name)
        if shorter == name:
            break
        name = shorter
    words = name.split()
    if not 1 <= len(words) <= 5 or len(name) < 3 or len(name) > 40:
        return None
    if not re.search(r"[A-Z0-9]", name) or re.fullmatch(r"[\d\W]+", name) or re.fullmatch(r"[A-Z]{2}", name):
        return None
    if sum(w.islower() for w in words) > 1 or words[-1].lower() in ("dataset", "data", "benchmark", "corpus", "set"):
        return None  # a description ("Youtube counterspeech dataset"), not a name
    return name


def leaderboard_datasets(pwc: Path) -> dict[str, str]:
    """Dataset names of the Papers-with-Code task tables (common datasets, benchmarks) and of
    the ORKG-TDM task#dataset#metric triples, cleaned: name -> canonical name."""
    import csv

    raw: list[str] = []
    for path in sorted(pwc.glob("*_tasks_detailed.csv")):
        with open(path, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for column in ("Common Datasets (Top 10)", "Benchmarks"):
                    raw += [n for n in (row.get(column) or "").split(";") if n.strip()]
    taxonomy = pwc / "orkg-tdm-taxonomy.tsv"
    if taxonomy.is_file():
        for line in taxonomy.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")[0].split("#")
            if len(parts) == 3:
                raw.append(parts[1])
    out: dict[str, str] = {}
    for name in raw:
        clean = clean_benchmark(name)
        if clean:
            out.setdefault(clean, clean)
    return out


def _versions(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\d+(?:\.\d+)?", name))


def version_variants(name: str) -> list[str]:
    """Spellings of a versioned name: "VQA v2" -> "VQAv2"; "SQuAD 2.0" <-> "SQuAD v2.0"."""
    out = []
    m = re.fullmatch(r"(.*[A-Za-z])\s+[vV](\d+(?:\.\d+)?)", name)
    if m:
        out += [f"{m.group(1)}v{m.group(2)}", f"{m.group(1)} {m.group(2)}"]
    m = re.fullmatch(r"(.*[A-Za-z])\s+(\d+\.\d+)", name)
    if m:
        out.append(f"{m.group(1)} v{m.group(2)}")
    return [v for v in out if v != name]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", default=str(HERE.parent.parent / "shared" / "resources"))
    args = ap.parse_args()
    generic = {w for w in GENERIC.read_text().split("\n") if w and not w.startswith("#")}

    methods: dict[str, str] = {}
    for canonical, *aliases in read_list(HERE / "known_methods.txt"):
        for name in [canonical, *aliases]:
            methods.setdefault(name, canonical)
            # "Faster R-CNN" is written "Faster RCNN" as often: a one-letter prefix's hyphen dropped
            methods.setdefault(re.sub(r"(?<![\w-])([A-Z])-(?=[A-Z]{2,}(?![\w-]))", r"\1", name), canonical)

    datasets: dict[str, str] = {}
    for canonical, *aliases in read_list(HERE / "known_datasets.txt"):
        for name in [canonical, *aliases]:
            datasets.setdefault(name, canonical)
    curated = dict(datasets)
    # The field's acronyms of concepts ("SSL": self-supervised learning, "MLM": masked language
    # modeling; data/concepts/acronyms.tsv) name a paradigm or task wherever some dataset shares them.
    concept_acronyms = {
        line.split("\t")[0]
        for line in ACRONYMS.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    } - set(curated)
    pwc = Path(args.resources) / "pwc" / "datasets.jsonl"
    words = Counter()
    for line in pwc.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            words.update(
                re.findall(r"(?<![A-Za-z])[A-Za-z][a-z]{4,}(?![A-Za-z])", json.loads(line).get("contents", ""))
            )
    # A word the descriptions write in lowercase more often than capitalised is an ordinary word.
    ordinary = {w for w, n in words.items() if w.islower() and n >= 2 and n >= words[w.title()]}
    for line in pwc.read_text(encoding="utf-8").split("\n"):
        if not line.strip():
            continue
        rec = json.loads(line)
        names = [rec["id"], *rec.get("variants", [])]
        # A record takes the curated name it shares, unless it shares several: the GLUE record lists
        # its tasks (MultiNLI, Quora Question Pairs, ...) as variants and stays "GLUE".
        shared = {curated[n] for n in names if n in curated}
        canonical = curated.get(rec["id"]) or (shared.pop() if len(shared) == 1 else rec["id"])
        for name in names:
            name = " ".join(name.split())
            # "SQuAD1.1" is not "SQuAD 2.0": a variant naming another version keeps its own name
            own = name if _versions(canonical) and _versions(name) != _versions(canonical) else canonical
            if (
                len(name) < 3
                or len(name) > 60
                or name in generic
                or name in methods
                or name in concept_acronyms
                or re.fullmatch(r"[\d\W]+", name)
                or re.fullmatch(r"[A-Z]{2}", name)
            ):
                continue
            datasets.setdefault(name, own)

    # Benchmarks of the leaderboards (PwC task tables, ORKG-TDM): general, not the corpus's.
    leaderboard = leaderboard_datasets(Path(args.resources) / "pwc")
    leaderboard_only: set[str] = set()
    for name, canonical in leaderboard.items():
        if (
            name in generic
            or name in methods
            or name.lower() in {m.lower() for m in generic}
            or name in concept_acronyms
        ):
            continue
        if name not in datasets:
            leaderboard_only.add(name)
        datasets.setdefault(name, datasets.get(canonical, canonical))
    for name, canonical in list(datasets.items()):  # "VQA v2" is written "VQAv2"; "SQuAD 2.0" "SQuAD v2.0"
        for variant in version_variants(name):
            datasets.setdefault(variant, canonical)

    OUT.mkdir(parents=True, exist_ok=True)
    with open(OUT / "methods.jsonl", "w", encoding="utf-8") as f:
        for name, canonical in sorted(methods.items()):
            f.write(json.dumps({"label": "METHOD", "pattern": name, "id": canonical}, ensure_ascii=False) + "\n")
    with open(OUT / "datasets.jsonl", "w", encoding="utf-8") as f:
        for name, canonical in sorted(datasets.items()):
            row = {"label": "DATASET", "pattern": name, "id": canonical}
            # A one-word leaderboard name with no digit and under two capitals ("Chameleon",
            # "Wikipedia", "iPhone") names other things as often: it counts beside a cue word.
            if needs_cue(name, ordinary) or (
                name in leaderboard_only
                and " " not in name
                and not re.search(r"\d", name)
                and sum(map(str.isupper, name)) < 2
            ):
                row["needs_cue"] = True
            elif any_case(name):
                row["any_case"] = True
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(methods)} method names, {len(datasets)} dataset names written to {OUT}")


if __name__ == "__main__":
    main()
