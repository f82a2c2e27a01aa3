#!/usr/bin/env python3
"""File size and time to first render of the HTML explorer at 300, 5,000 and 20,000 nodes.

usage: python benchmarks/bench_html.py [--sizes 300 0 5000 20000] [--pyvis] [--json out.json]

The 300-node page is a real one (the sample corpus, papers and methods); the larger ones
are synthetic graphs of the same kinds and edge density (a preferential-attachment graph
with papers, methods, datasets and concepts). Each page is opened in headless Debian
Chromium (Playwright, network cut off); the time is from navigation start to vis-network's
first drawn frame (``window.pgRenderedAt``), plus the wall time of the whole load.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def synthetic(n: int, seed: int = 1):
    import networkx as nx

    rng = random.Random(seed)
    base = nx.barabasi_albert_graph(n, 2, seed=seed)
    g = nx.MultiDiGraph()
    kinds = ["paper"] * 5 + ["method"] * 3 + ["dataset", "concept"]
    relation = {"paper": "mentions", "method": "improvesOn", "dataset": "evaluatedOn", "concept": "hasConcept"}
    for v in base.nodes:
        kind = rng.choice(kinds)
        g.add_node(
            f"https://x/{v}",
            kind=kind,
            label=f"{kind} {v}",
            title=f"Title {v}" if kind == "paper" else None,
            abstract="An abstract sentence. " * 10 if kind == "paper" else None,
        )
    for a, b in base.edges:
        kind = g.nodes[f"https://x/{b}"]["kind"]
        g.add_edge(
            f"https://x/{a}",
            f"https://x/{b}",
            key=relation[kind],
            evidence="Because a sentence says so.",
            confidence=0.8,
        )
    return g


def pyvis_page(browser, g, path: Path) -> dict:
    """The same graph as pyvis's documentation builds it (``Network().from_nx(g)``, then
    ``write_html``, JavaScript in line so that it opens offline), timed the same way: from
    navigation to vis-network's first drawn frame (pyvis lays out with physics in the page)."""
    import networkx as nx
    from pyvis.network import Network

    simple = nx.Graph()
    for v, a in g.nodes(data=True):
        simple.add_node(v, label=str(a.get("label", v))[:80], title=str(a.get("title") or a.get("label", v)))
    simple.add_edges_from((s, o) for s, o in g.edges())
    t = time.perf_counter()
    net = Network(height="1000px", width="100%", cdn_resources="in_line")
    net.from_nx(simple)
    net.write_html(str(path), notebook=False)
    python_s = time.perf_counter() - t
    context = browser.new_context(offline=True)
    page = context.new_page()
    # the first node vis-network paints (a circle: pyvis draws only once physics has settled)
    page.add_init_script("""const arc = CanvasRenderingContext2D.prototype.arc;
        CanvasRenderingContext2D.prototype.arc = function (...a) {
          if (window.pyvisDrawnAt === undefined && this.canvas.width > 0) window.pyvisDrawnAt = performance.now();
          return arc.apply(this, a); };""")
    t = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="commit", timeout=120_000)  # its physics can hold "load" for minutes
        page.wait_for_function("window.pyvisDrawnAt !== undefined", timeout=120_000)
        drawn = round(page.evaluate("window.pyvisDrawnAt"))
    except Exception:  # noqa: BLE001 - a page that never draws within 2 minutes is reported as such
        drawn = None
    wall = time.perf_counter() - t
    context.close()
    return {
        "pyvis_file_mb": round(path.stat().st_size / 1e6, 2),
        "pyvis_python_s": round(python_s, 2),
        "pyvis_first_render_ms": drawn,
        "pyvis_load_wall_s": round(wall, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[300, 0, 5000, 20000],
        help="node counts; 300 is the sample corpus's papers and methods, 0 the whole sample graph",
    )
    ap.add_argument("--json")
    ap.add_argument("--pyvis", action="store_true", help="also time a pyvis page of the same graph")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from papergraph import PaperGraph
    from papergraph.views.html import render

    tmp = Path(tempfile.mkdtemp())
    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=ARGS)
        for n in args.sizes:
            if n in (300, 0):  # 300: the sample corpus's papers and methods; 0: the whole sample graph
                graph = PaperGraph.build([ROOT / "examples"])
                g = graph.to_networkx(kinds=None if n == 0 else ["paper", "method"])
                label = f"sample corpus ({'all kinds' if n == 0 else 'papers+methods'}, {g.number_of_nodes()} nodes)"
            else:
                g = synthetic(n)
                label = f"synthetic, {n} nodes"
            t = time.perf_counter()
            page_text = render(g)
            build_s = time.perf_counter() - t
            path = tmp / f"g{n}.html"
            path.write_text(page_text, encoding="utf-8")
            context = browser.new_context(offline=True)
            page = context.new_page()
            t = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_function("window.pgReady === true", timeout=120_000)
            wall = time.perf_counter() - t
            first_render_ms = page.evaluate("window.pgRenderedAt")
            context.close()
            row = {
                "graph": label,
                "nodes": g.number_of_nodes(),
                "edges": g.number_of_edges(),
                "file_mb": round(path.stat().st_size / 1e6, 2),
                "python_render_s": round(build_s, 2),
                "first_render_ms": round(first_render_ms),
                "load_wall_s": round(wall, 2),
            }
            if args.pyvis:
                row.update(pyvis_page(browser, g, tmp / f"pyvis{n}.html"))
            results.append(row)
            print(json.dumps(row))
        browser.close()
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
