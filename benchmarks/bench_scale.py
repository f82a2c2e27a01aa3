#!/usr/bin/env python3
"""Bulk scale on one machine: build 1k, 10k and 100k papers; time named queries.

usage: python benchmarks/bench_scale.py [--sizes 1000 10000 100000] [--jobs 2] [--rdflib-max 10000] [--json F]

The sample corpus is replicated with varied titles and method names (each copy renames the
name before a title's colon, so copies propose different methods). Each size is built in a
fresh process (``--jobs`` extraction processes) into an on-disk Oxigraph store; reported:
papers/s, peak memory (max RSS of the process and its workers), store size on disk, and the
median latency of every named query over 5 runs, in Oxigraph and, up to ``--rdflib-max``
papers, in rdflib's in-memory store (its memory grows past this machine's 24 GiB well before
100k papers), with their ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RDFLIB_TIMEOUT = 30  # seconds one rdflib query may take before it is reported as too slow
sys.path.insert(0, str(ROOT / "src"))

PARAMS = {
    "improves-on": {"target": "Transformer"},
    "evaluated-on": {"dataset": "ImageNet"},
    "lineage": {"method": "Swin Transformer"},
    "method-evidence": {"method": "Swin Transformer"},
    "similar-papers": {"title": "Transformer in Transformer (copy 0)"},
    "concept-neighbourhood": {"concept": "linear attention"},
    "methods-introduced": {"from": "2023-01-01", "to": "2023-12-31"},
}


def corpus(n: int):
    from papergraph import sources

    base = sources.load([ROOT / "examples"]).papers
    out = []
    for i in range(n):
        p, copy = base[i % len(base)], i // len(base)
        title = p.title
        m = re.match(r"^([^:]{1,40}):", title)
        if m and copy:
            title = f"{m.group(1)}{copy}" + title[m.end(1) :]
        out.append(replace(p, title=f"{title} (copy {copy})"))
    return sources.Corpus(papers=out, files=1, listings=n)


def one(n: int, jobs: int, rdflib_max: int) -> dict:
    from papergraph import PaperGraph, queries
    from papergraph.namespace import PREFIXES

    c = corpus(n)
    tmp = Path(tempfile.mkdtemp())
    t = time.perf_counter()
    PaperGraph.build(corpus=c, path=tmp / "g", jobs=jobs)
    build_s = time.perf_counter() - t
    size = sum(f.stat().st_size for f in (tmp / "g" / "store").rglob("*") if f.is_file())
    g = PaperGraph.open(tmp / "g")
    row = {
        "papers": n,
        "build_s": round(build_s, 1),
        "papers_per_s": round(n / build_s, 1),
        "triples": len(g),
        "store_mb": round(size / 1e6, 1),
    }
    lat = {}
    for name in queries.names():
        times = []
        for _ in range(5):
            t = time.perf_counter()
            g.named(name, **PARAMS.get(name, {}))
            times.append(time.perf_counter() - t)
        lat[name] = round(statistics.median(times) * 1000, 1)
    row["oxigraph_ms"] = lat
    if n <= rdflib_max:
        from rdflib import Graph

        rg = Graph()
        t = time.perf_counter()
        rg.parse(data=g.ntriples(), format="nt")
        row["rdflib_load_s"] = round(time.perf_counter() - t, 1)
        prologue = "".join(f"PREFIX {p}: <{i}>\n" for p, i in PREFIXES.items())
        import signal

        def give_up(*_):
            raise TimeoutError

        signal.signal(signal.SIGALRM, give_up)
        rl = {}
        for name in queries.names():
            times = []
            text = prologue + queries.bind(queries.named_query(name), **PARAMS.get(name, {}))
            for _ in range(3):
                t = time.perf_counter()
                signal.alarm(RDFLIB_TIMEOUT)
                try:
                    list(rg.query(text))
                except TimeoutError:
                    times = [None]
                    break
                finally:
                    signal.alarm(0)
                times.append(time.perf_counter() - t)
            rl[name] = None if times == [None] else round(statistics.median(times) * 1000, 1)
        row["rdflib_ms"] = rl  # None: stopped after RDFLIB_TIMEOUT seconds
        row["rdflib_over_oxigraph"] = {
            k: round(rl[k] / max(lat[k], 0.01), 1) if rl[k] is not None else None for k in lat
        }
    row["peak_rss_mb"] = round(
        max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
        / 1024
    )
    shutil.rmtree(tmp, ignore_errors=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--rdflib-max", type=int, default=10_000)
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one, args.jobs, args.rdflib_max)))
        return
    rows = []
    for n in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), "--jobs", str(args.jobs), "--rdflib-max", str(args.rdflib_max)],
            capture_output=True,
            text=True,
            env=os.environ,
        )
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            raise SystemExit(out.returncode)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
