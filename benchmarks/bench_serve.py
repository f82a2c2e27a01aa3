#!/usr/bin/env python3
"""A bounded load test of ``papergraph serve`` on loopback: many clients, mixed named queries.

usage: python benchmarks/bench_serve.py [--graph PATH] [--clients 200] [--requests 5]
                                        [--workers 2] [--seconds 120] [--json out.json]

Starts ``papergraph serve`` on 127.0.0.1 (a free port) over ``--graph`` (the sample corpus
is built into a temporary folder when none is given), then starts ``--clients`` threads at
once; each sends ``--requests`` requests, cycling through the named queries below with
their parameters bound, and opens a new connection for each (as SPARQLWrapper does). It
reports the latency of every request (p50, p90, p99, max), the throughput, and the errors
by kind (an HTTP status other than 200, a refused or reset connection, a timeout). Traffic
goes to 127.0.0.1 only; the run stops after ``--seconds`` whatever is left.
"""

from __future__ import annotations

import argparse
import collections
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

#: (named query, parameters): the questions a notebook or dashboard asks most.
MIX = [
    ("improves-on", {"target": "Transformer"}),
    ("evaluated-on", {"dataset": "ImageNet"}),
    ("lineage", {"method": "Transformer"}),
    ("top-datasets", {}),
    ("top-methods", {}),
    ("papers-with-code", {}),
    ("concept-trends", {}),
    ("method-evidence", {"method": "ViT"}),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(graph: Path, workers: int, timeout: float) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "papergraph.cli",
            "serve",
            "--graph",
            str(graph),
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--timeout",
            str(timeout),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/", timeout=1).read()
            return proc, url
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(proc.stderr.read().decode()) from None
            time.sleep(0.1)
    raise SystemExit("the server did not start")


def run(url: str, clients: int, requests: int, seconds: float) -> dict:
    from papergraph.queries import bind, named_query

    bodies = [urllib.parse.urlencode({"query": bind(named_query(name), **params)}).encode() for name, params in MIX]
    latencies: list[float] = []
    errors: collections.Counter = collections.Counter()
    lock = threading.Lock()
    start_gate = threading.Barrier(clients)
    deadline = time.monotonic() + seconds

    def client(i: int) -> None:
        start_gate.wait()
        for j in range(requests):
            if time.monotonic() > deadline:
                with lock:
                    errors["not sent (time limit)"] += 1
                continue
            body = bodies[(i + j) % len(bodies)]
            req = urllib.request.Request(
                url + "/sparql", data=body, headers={"Accept": "application/sparql-results+json"}
            )
            t0 = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=60) as r:
                    r.read()
                kind = None
            except urllib.error.HTTPError as err:
                kind = f"HTTP {err.code}"
            except (urllib.error.URLError, OSError) as err:
                reason = getattr(err, "reason", err)
                kind = f"connection: {type(reason).__name__}"
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if kind:
                    errors[kind] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    latencies.sort()

    def pct(q: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000, 1) if latencies else 0.0

    return {
        "clients": clients,
        "requests": len(latencies),
        "wall_s": round(wall, 2),
        "per_s": round(len(latencies) / wall, 1),
        "p50_ms": pct(0.50),
        "p90_ms": pct(0.90),
        "p99_ms": pct(0.99),
        "max_ms": pct(1.0),
        "errors": dict(errors),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--graph", type=Path, help="a built graph (default: the sample corpus, built now)")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--requests", type=int, default=5, help="requests per client")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=30.0, help="the server's query timeout")
    ap.add_argument("--seconds", type=float, default=120.0, help="stop sending after this long")
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        graph = args.graph
        if graph is None:
            from papergraph import PaperGraph

            graph = Path(tmp) / "graph"
            PaperGraph.build([ROOT / "examples"], graph)
        proc, url = start_server(graph, args.workers, args.timeout)
        try:
            result = run(url, args.clients, args.requests, args.seconds)
        finally:
            proc.terminate()
            proc.wait(timeout=20)
    result["workers"] = args.workers
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
