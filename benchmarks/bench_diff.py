#!/usr/bin/env python3
"""`papergraph diff` at scale, beside the diff a user could make without it.

usage: python benchmarks/bench_diff.py [--papers 10000] [--json out.json]

The sample corpus (examples/) is replicated to N papers (distinct titles, as in
bench_build.py). OLD is the graph of the first 90% of them; NEW is OLD updated with the
rest (``build --update``, so the two are a weekly rebuild's pair). Timed, each in a fresh
process: ``papergraph diff OLD NEW --json`` and, what one would do without it, a textual
diff of the two graphs' sorted N-Triples (``papergraph export nt`` twice, ``sort``,
``comm``): the same data, as triples, with no grouping, evidence or identity matching.
Reported: seconds and peak memory (max RSS) of each, and the counts the diff found.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_build import replicated  # noqa: E402

from papergraph import PaperGraph, sources  # noqa: E402


def timed(command: list[str] | str, shell: bool = False) -> tuple[float, float, bytes]:
    """Seconds, peak RSS in MB of the children, and stdout of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = subprocess.run(command, shell=shell, check=True, capture_output=True).stdout
    seconds = time.perf_counter() - t
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, peak, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--papers", type=int, default=10_000)
    ap.add_argument("--json", help="also write the figures to this file")
    args = ap.parse_args()
    corpus = replicated(args.papers)
    cut = int(args.papers * 0.9)
    tmp = Path(tempfile.mkdtemp())
    graph = tmp / "graph"
    t = time.perf_counter()
    PaperGraph.build(path=graph, corpus=sources.Corpus(papers=corpus.papers[:cut], files=1, listings=cut))
    new = PaperGraph.build(
        path=graph,
        corpus=sources.Corpus(papers=corpus.papers[cut:], files=1, listings=args.papers - cut),
        update=True,
        keep_previous=True,
    )
    build_s = time.perf_counter() - t
    in_update = new.changes
    del new
    old = graph.with_name("graph.previous")
    cli = [sys.executable, "-m", "papergraph.cli"]
    diff_s, diff_mb, out = timed([*cli, "diff", str(old), str(graph), "--json"])
    found = json.loads(out)
    text = (
        f"{sys.executable} -m papergraph.cli export nt --graph {old} -o {tmp}/old.nt && "
        f"{sys.executable} -m papergraph.cli export nt --graph {graph} -o {tmp}/new.nt && "
        f"LC_ALL=C sort -o {tmp}/old.nt {tmp}/old.nt && LC_ALL=C sort -o {tmp}/new.nt {tmp}/new.nt && "
        f"LC_ALL=C comm -3 {tmp}/old.nt {tmp}/new.nt | wc -l"
    )
    comm_s, comm_mb, lines = timed(text, shell=True)
    results = {
        "papers_old": cut,
        "papers_new": args.papers,
        "builds_s": round(build_s, 1),
        "diff_s": round(diff_s, 2),
        "diff_peak_mb": round(diff_mb),
        "nt_comm_s": round(comm_s, 2),
        "nt_comm_peak_mb": round(comm_mb),
        "nt_comm_changed_triples": int(lines.strip()),
        "papers_added": len(found["papers"]["added"]),
        "methods_added": len(found["methods"]["added"]),
        "claims_added": len(found["claims"]["added"]),
        "claims_removed": len(found["claims"]["removed"]),
        "update_summary_matches": len(in_update.papers.added) == len(found["papers"]["added"]),
    }
    print(json.dumps(results, indent=2))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
