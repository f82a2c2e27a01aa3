"""The extraction cache beside a graph: facts come back as they went in, and only to the
extraction that made them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from papergraph import cache
from papergraph.extract.terms import Term
from papergraph.model import Mention, Paper, PaperFacts

PACKAGE = Path(cache.__file__).resolve().parent


def _facts():
    paper = Paper("Token Pruning", "We study token pruning (TP).")
    return paper, PaperFacts(
        paper,
        (Mention("ViT", "method", "mentions"),),
        (),
        (Term("token pruning", 2, True, True, True), Term("study", 1, False)),
    )


def test_cache_gives_back_the_facts_it_kept(tmp_path):
    paper, pf = _facts()
    cache.save(tmp_path, [paper], [pf])
    papers, facts = cache.load(tmp_path)
    assert papers == [paper]
    assert facts[paper.content_hash].terms == pf.terms
    assert facts[paper.content_hash].mentions == pf.mentions


def test_cache_of_other_extraction_is_not_reused(tmp_path):
    paper, pf = _facts()
    cache.save(tmp_path, [paper], [pf])
    (tmp_path / cache.META).write_text(json.dumps({"fingerprint": "made-elsewhere"}))
    papers, facts = cache.load(tmp_path)
    assert papers == [paper] and facts == {}


def test_cache_fingerprint_changes_with_the_extraction_code(tmp_path):
    copy = tmp_path / "papergraph"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))

    def fingerprint():
        code = "import sys; sys.path.insert(0, sys.argv[1]); from papergraph import cache; print(cache.fingerprint())"
        return subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True
        ).stdout.strip()

    before = fingerprint()
    assert fingerprint() == before
    with open(copy / "extract" / "terms.py", "a", encoding="utf-8") as f:
        f.write("\n# an edited rule\n")
    assert fingerprint() != before
