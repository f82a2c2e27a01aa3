#!/usr/bin/env python3
"""Build papergraph's concept vocabulary (SKOS data) from public knowledge of the field.

usage: python tools/build_concepts.py [--resources ../shared/resources]

Sources (licences in src/papergraph/data/concepts/SOURCES.md):
- OpenCS (45,917 SKOS computer-science concepts with skos:broader links), CC BY 4.0;
- the Computer Science Ontology's concept labels (CSO 3.4.1), CC BY 4.0;
- Papers-with-Code task names with their area (CV, NLP, ...), CC BY-SA 4.0;
- tools/known_concepts.txt: a small taxonomy of ML concepts written from general knowledge.

Writes src/papergraph/data/concepts/vocabulary.jsonl: one concept a line,
{"label": lowercase preferred label, "broader": [labels], "sources": [...]}. Labels are
lowercased and their last word singularised, as the gold guidelines write concepts.

Also writes src/papergraph/data/concepts/task_heads.txt: the words that end at least five
Papers-with-Code task names ("segmentation", "forecasting", "restoration"), plurals left out
("images", "systems": what a task works on, not the task). A phrase ending in one names a task
even when no vocabulary has it ("burst image restoration").
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

from papergraph.extract.terms import singular  # the same rule extraction uses

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "src" / "papergraph" / "data" / "concepts" / "vocabulary.jsonl"
HEADS_OUT = OUT.with_name("task_heads.txt")
MIN_TASKS_PER_HEAD = 5
SKOS = "http://www.w3.org/2004/02/skos/core#"
AREAS = {
    "CV": "computer vision",
    "NLP": "natural language processing",
    "Audio": "audio processing",
    "Speech": "speech processing",
    "Medical": "medical image analysis",
    "Graphs": "graph learning",
    "Time Series": "time series analysis",
    "Reinforcement Learning": "reinforcement learning",
    "Robots": "robotics",
    "Playing Games": "game playing",
    "Computer Code": "program synthesis",
    "Methodology": "machine learning",
    "Reasoning": "reasoning",
    "Knowledge Base": "knowledge base",
    "Music": "music information retrieval",
    "Adversarial": "adversarial machine learning",
    "Miscellaneous": None,
}


def normalise(label: str) -> str | None:
    label = re.sub(r"\s+", " ", label.replace("_", " ")).strip().lower()
    label = re.sub(r"\s*-\s*", "-", label)  # "state - space model" -> "state-space model"
    label = re.sub(r"\s*\([^)]*\)$", "", label)  # "sars (disease)" -> "sars"
    words = label.split()
    if not words or len(words) > 5 or len(label) < 3 or not re.search(r"[a-z]", label):
        return None
    if re.search(r"[^a-z0-9 \-'/+]", label):
        return None
    words[-1] = singular(words[-1])
    return " ".join(words)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--resources", default=str(HERE.parent.parent / "shared" / "resources"))
    args = ap.parse_args()
    res = Path(args.resources)
    vocab: dict[str, dict] = {}

    def add(label, source, broader=()):
        key = normalise(label) if label else None
        if not key:
            return None
        rec = vocab.setdefault(key, {"label": key, "broader": [], "sources": []})
        if source not in rec["sources"]:
            rec["sources"].append(source)
        for b in broader:
            if b and b != key and b not in rec["broader"]:
                rec["broader"].append(b)
        return key

    store = ox.Store()
    store.load(path=str(res / "opencs" / "opencs_core.ttl"), format=ox.RdfFormat.TURTLE)
    labels = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "prefLabel"), None):
        labels[q.subject.value] = q.object.value
    broader: dict[str, list[str]] = {}
    for q in store.quads_for_pattern(None, ox.NamedNode(SKOS + "broader"), None):
        broader.setdefault(q.subject.value, []).append(q.object.value)
    for iri, label in labels.items():
        add(label, "opencs", [normalise(labels[b]) for b in broader.get(iri, []) if b in labels])

    for line in (res / "cso" / "concept_labels.csv").read_text(encoding="utf-8").split("\n")[1:]:
        add(line.strip().strip('"'), "cso")

    with open(res / "pwc" / "all_tasks_detailed.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            area = AREAS.get(row["Category"])
            if area:
                add(area, "pwc")
            add(row["Task Name"], "pwc", [area] if area else [])
    task_names = [
        line.strip().strip('"') for line in (res / "pwc" / "all_tasks.txt").read_text(encoding="utf-8").split("\n")
    ]
    for name in task_names:
        add(name, "pwc")

    for line in (HERE / "known_concepts.txt").read_text(encoding="utf-8").split("\n"):
        if ">" in line and not line.startswith("#"):
            narrow, wide = (x.strip() for x in line.split(">", 1))
            add(wide, "papergraph")
            add(narrow, "papergraph", [normalise(wide)])

    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for key in sorted(vocab):
            f.write(json.dumps(vocab[key], ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{len(vocab)} concepts, {sum(len(r['broader']) for r in vocab.values())} broader links -> {OUT}")
    write_task_heads(task_names)


def write_task_heads(task_names: list[str]) -> None:
    heads = Counter(name.lower().split()[-1] for name in task_names if name.split())
    kept = sorted(
        w
        for w, n in heads.items()
        if n >= MIN_TASKS_PER_HEAD and re.fullmatch(r"[a-z]+(-[a-z]+)*", w) and singular(w) == w
    )  # no plurals
    HEADS_OUT.write_text(
        "# Words that end at least five Papers-with-Code task names (CC BY-SA 4.0), plurals left out.\n"
        "# Written by tools/build_concepts.py; see SOURCES.md.\n" + "\n".join(kept) + "\n",
        encoding="utf-8",
    )
    print(f"{len(kept)} task heads -> {HEADS_OUT}")


if __name__ == "__main__":
    main()
