#!/usr/bin/env python3
"""Build speed against the bare spaCy tokenizer, single process and with --jobs 2.

usage: python benchmarks/bench_build.py [--papers 10000] [--json out.json]

The sample corpus (examples/) is replicated to N papers, each copy with a distinct title
so that none merge. In one run it times (1) ``spacy.blank("en")`` tokenization alone on the
same texts, (2) the whole build (read → extract → resolve → RDF → on-disk Oxigraph store)
with one process, and (3) the same with two. Reported: papers/s and the ratio build/tokenizer.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import spacy  # noqa: E402

from papergraph import PaperGraph, sources  # noqa: E402
from papergraph.extract.pipeline import paper_text  # noqa: E402


def replicated(n: int) -> sources.Corpus:
    base = sources.load([ROOT / "examples"]).papers
    papers = [
        replace(base[i % len(base)], title=f"{base[i % len(base)].title} (copy {i // len(base)})") for i in range(n)
    ]
    return sources.Corpus(papers=papers, files=1, listings=n)


def stages(corpus: sources.Corpus) -> dict[str, float]:
    """Seconds of each stage of a one-process build, run one after the other as
    ``PaperGraph.build`` runs them: extract, concepts per paper, resolve, concept links,
    N-Triples, the on-disk Oxigraph load, its compaction, the extraction cache."""
    import pyoxigraph as ox

    from papergraph import cache, concepts, resolve
    from papergraph.extract import extract
    from papergraph.extract.pipeline import build_nlp
    from papergraph.rdf import ntriples
    from papergraph.store import load_lines

    build_nlp()  # the pipeline's own start-up is not a stage
    out: dict[str, float] = {}

    def timed(name, fn, *a, **kw):
        t = time.perf_counter()
        value = fn(*a, **kw)
        out[name] = round(time.perf_counter() - t, 2)
        return value

    facts = timed("extract_s", extract, corpus.papers)
    facts = timed("concepts_per_paper_s", concepts.assign, facts, k=concepts.DEFAULTS["k"])
    res = timed("resolve_s", resolve.resolve, facts)
    res = timed("concept_links_s", concepts.link, res)
    lines = timed("ntriples_s", lambda: list(ntriples(res)))
    tmp = Path(tempfile.mkdtemp())
    store = ox.Store(str(tmp / "store"))
    timed("oxigraph_load_s", load_lines, store, lines)
    timed("oxigraph_compact_s", store.optimize)
    del store
    timed("cache_s", cache.save, tmp, corpus.papers, facts)
    shutil.rmtree(tmp, ignore_errors=True)
    out["triples"] = len(lines)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument(
        "--stages", action="store_true", help="time each stage of a one-process build in turn, and nothing else"
    )
    args = ap.parse_args()
    corpus = replicated(args.papers)
    if args.stages:
        for k, v in stages(corpus).items():
            print(f"{k:<32}{v}")
        return
    texts = [paper_text(p) for p in corpus.papers]

    nlp = spacy.blank("en")
    t = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=256))
    tok_s = time.perf_counter() - t

    results = {
        "papers": args.papers,
        "tokens": tokens,
        "tokenizer_s": round(tok_s, 2),
        "tokenizer_papers_per_s": round(args.papers / tok_s, 1),
    }
    for jobs in (1, 2):
        tmp = Path(tempfile.mkdtemp())
        t = time.perf_counter()
        g = PaperGraph.build(corpus=corpus, path=tmp / "g", jobs=jobs)
        secs = time.perf_counter() - t
        results[f"build_jobs{jobs}_s"] = round(secs, 2)
        results[f"build_jobs{jobs}_papers_per_s"] = round(args.papers / secs, 1)
        results["triples"] = len(g)
        del g
        shutil.rmtree(tmp, ignore_errors=True)
    results["ratio_build_to_tokenizer"] = round(
        results["build_jobs1_papers_per_s"] / results["tokenizer_papers_per_s"], 3
    )
    results["speedup_jobs2"] = round(results["build_jobs1_s"] / results["build_jobs2_s"], 2)
    for k, v in results.items():
        print(f"{k:<32}{v}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
