"""The interactive explorer: one self-contained HTML file (vis-network inlined, no network use).

Layout is computed here with networkx, so the browser draws a still picture at once
(physics off); node size follows importance (PageRank over all edges); only the most
important nodes carry a label until one zooms or hovers. All paper text travels as JSON
inside a ``<script type="application/json">`` block and reaches the page only as text
(``textContent``), so titles and abstracts can never run.
"""
from __future__ import annotations

import html
import json
import math
from importlib import resources
from pathlib import Path

from ..knowledge import read_text
from typing import Iterable

STYLE = {  # colour and vis-network shape by node kind
    "paper": ("#4C78A8", "dot"), "method": ("#F58518", "diamond"), "dataset": ("#54A24B", "square"),
    "repository": ("#B279A2", "triangle"), "concept": ("#9D755D", "star"),
}
EDGE_STYLE = {  # colour, dashed
    "proposes": ("#F58518", False), "mentions": ("#BBBBBB", True), "evaluatedOn": ("#54A24B", False),
    "improvesOn": ("#E45756", False), "hasRepository": ("#B279A2", True), "hasConcept": ("#9D755D", True),
    "sharesConcept": ("#72B7B2", True),
}
#: Above this many nodes the layout is a spiral by importance instead of force-directed.
FORCE_LAYOUT_LIMIT = 2500
#: How many of the most important nodes carry a visible label.
LABELLED = 60


def vis_network_js() -> str:
    """The vis-network bundle that pyvis ships (inlined so the page works offline)."""
    lib = resources.files("pyvis").joinpath("lib").joinpath("vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")


def importance(g) -> dict[str, float]:
    """PageRank over every edge (direction kept): what many things point at matters."""
    import networkx as nx
    if g.number_of_nodes() == 0:
        return {}
    simple = nx.DiGraph()
    simple.add_nodes_from(g.nodes)
    simple.add_edges_from((s, o) for s, o in g.edges())
    return nx.pagerank(simple)


def layout(g, rank: dict[str, float] | None = None, seed: int = 7) -> dict:
    """Positions for every node: force-directed when small, a spiral by importance when large."""
    import networkx as nx

    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n <= FORCE_LAYOUT_LIMIT:
        simple = nx.Graph(g.to_undirected())
        pos = nx.spring_layout(simple, seed=seed, iterations=60 if n < 800 else 30, k=2 / math.sqrt(n))
        scale = 120 * math.sqrt(n)
        return {v: (float(x) * scale, float(y) * scale) for v, (x, y) in pos.items()}
    rank = rank or {}
    order = sorted(g.nodes, key=lambda v: (-rank.get(v, 0.0), v))
    golden = math.pi * (3 - math.sqrt(5))
    return {v: (18 * math.sqrt(i) * math.cos(i * golden), 18 * math.sqrt(i) * math.sin(i * golden))
            for i, v in enumerate(order)}


def subgraph(g, focus: Iterable[str] | None = None, depth: int = 1, kinds: Iterable[str] | None = None,
             max_nodes: int | None = None, rank: dict[str, float] | None = None):
    """The part of ``g`` to draw: the ego network of ``focus`` nodes to ``depth`` hops, only
    ``kinds`` of nodes, at most ``max_nodes`` (the most important; focus nodes always kept)."""
    import networkx as nx

    keep = set(g.nodes)
    focus = [f for f in (focus or []) if f in g]
    if focus:
        u = g.to_undirected(as_view=True)
        keep = set()
        for f in focus:
            keep |= set(nx.single_source_shortest_path_length(u, f, cutoff=depth))
    if kinds:
        kinds = set(kinds)
        keep = {n for n in keep if g.nodes[n].get("kind") in kinds or n in focus}
    if max_nodes is not None and len(keep) > max_nodes:
        rank = rank or importance(g)
        chosen = sorted(keep - set(focus), key=lambda n: (-rank.get(n, 0.0), n))[:max(0, max_nodes - len(focus))]
        keep = set(focus) | set(chosen)
    return g.subgraph(keep).copy()


def page_data(g, title: str = "papergraph") -> dict:
    """The JSON the page draws: nodes with positions and details, edges with evidence."""
    rank = importance(g)
    pos = layout(g, rank)
    top = max(rank.values(), default=1.0) or 1.0
    labelled = set(sorted(rank, key=lambda n: (-rank[n], n))[:LABELLED])
    nodes = []
    for v, a in g.nodes(data=True):
        x, y = pos.get(v, (0.0, 0.0))
        nodes.append({
            "id": v, "kind": a.get("kind", "paper"), "label": str(a.get("label", v))[:80],
            "x": round(x, 1), "y": round(y, 1), "size": round(6 + 24 * math.sqrt(rank.get(v, 0.0) / top), 1),
            "showLabel": v in labelled, "title": a.get("title"), "date": a.get("date"), "abstract": a.get("abstract"),
            "url": a.get("url"), "aliases": a.get("aliases"), "rank": round(rank.get(v, 0.0), 6),
        })
    edges = []
    for i, (s, o, k, a) in enumerate(g.edges(keys=True, data=True)):
        edges.append({"id": i, "from": s, "to": o, "relation": k,
                      "evidence": a.get("evidence"), "confidence": a.get("confidence")})
    return {"title": title, "nodes": nodes, "edges": edges, "style": STYLE, "edgeStyle": EDGE_STYLE}


def _script_json(data: dict) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` can close it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def render(g, title: str = "papergraph") -> str:
    """The whole page as a string."""
    template = read_text("explorer.html")
    return (template.replace("{{TITLE}}", html.escape(title))
            .replace("{{VIS_JS}}", vis_network_js().replace("</script", "<\\/script"))
            .replace("{{DATA}}", _script_json(page_data(g, title))))


def query_nodes(graph, sparql: str) -> set[str]:
    """The IRIs a SPARQL query returns (SELECT bindings, or CONSTRUCT subjects and objects)."""
    result = graph.query(sparql)
    if result.triples is not None:
        return {x for s, _p, o in result.triples for x in (s, o) if isinstance(x, str) and x.startswith("http")}
    return {v for row in result.rows for v in row.values() if isinstance(v, str) and v.startswith("http")}


def write_html(graph, path, *, kinds=None, relations=None, focus: Iterable[str] | str | None = None, depth: int = 1,
               query: str | None = None, max_nodes: int | None = None, title: str = "papergraph") -> Path:
    """Write the explorer page of ``graph`` (a :class:`~papergraph.PaperGraph`) to ``path``.

    ``focus`` names nodes (labels, aliases, titles or IRIs) whose ``depth``-hop neighbourhood
    is drawn; ``query`` is SPARQL whose result IRIs are drawn (with the edges among them);
    ``kinds`` and ``relations`` filter node and edge kinds; ``max_nodes`` keeps the most important.
    """
    g = graph.to_networkx(relations=relations)
    focus_iris = []
    for name in [focus] if isinstance(focus, str) else (focus or []):
        focus_iris.append(name if name in g else graph.find(name).iri)
    if query:
        keep = query_nodes(graph, query) & set(g.nodes)
        g = g.subgraph(keep).copy()
    g = subgraph(g, focus_iris, depth, kinds, max_nodes)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(g, title), encoding="utf-8")
    return path
