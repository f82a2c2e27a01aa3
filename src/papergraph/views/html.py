"""The interactive explorer: one self-contained HTML file (vis-network inlined, no network use).

Layout is computed here with networkx, so the browser draws a still picture at once; all
paper text travels as JSON inside a ``<script type="application/json">`` block and is put
on the page only as text (``textContent``), so titles and abstracts can never run.
"""
from __future__ import annotations

import json
import math
from importlib import resources
from pathlib import Path

STYLE = {  # colour and vis-network shape by node kind
    "paper": ("#4C78A8", "dot"), "method": ("#F58518", "diamond"), "dataset": ("#54A24B", "square"),
    "repository": ("#B279A2", "triangle"), "concept": ("#9D755D", "star"),
}
EDGE_STYLE = {
    "proposes": ("#F58518", False), "mentions": ("#BBBBBB", True), "evaluatedOn": ("#54A24B", False),
    "improvesOn": ("#E45756", False), "hasRepository": ("#B279A2", True), "hasConcept": ("#9D755D", True),
    "sharesConcept": ("#72B7B2", True),
}


def vis_network_js() -> str:
    """The vis-network bundle that pyvis ships (inlined so the page works offline)."""
    lib = resources.files("pyvis").joinpath("lib").joinpath("vis-9.1.2")
    return lib.joinpath("vis-network.min.js").read_text(encoding="utf-8")


def layout(g, seed: int = 7) -> dict:
    """Positions for every node: force-directed when small, rings by kind when large."""
    import networkx as nx

    n = g.number_of_nodes()
    if n == 0:
        return {}
    if n <= 2500:
        simple = nx.Graph(g.to_undirected())
        pos = nx.spring_layout(simple, seed=seed, iterations=60 if n < 800 else 30, k=2 / math.sqrt(n))
        scale = 120 * math.sqrt(n)
        return {v: (float(x) * scale, float(y) * scale) for v, (x, y) in pos.items()}
    # Large graphs: a golden-angle spiral ordered by degree, important nodes at the centre.
    order = sorted(g.nodes, key=lambda v: (-g.degree(v), v))
    golden = math.pi * (3 - math.sqrt(5))
    return {v: (18 * math.sqrt(i) * math.cos(i * golden), 18 * math.sqrt(i) * math.sin(i * golden))
            for i, v in enumerate(order)}


def page_data(g, title: str = "papergraph") -> dict:
    """The JSON the page draws: nodes with positions and details, edges with evidence."""
    pos = layout(g)
    deg = dict(g.degree())
    nodes = []
    for v, a in g.nodes(data=True):
        x, y = pos.get(v, (0.0, 0.0))
        nodes.append({
            "id": v, "kind": a.get("kind", "paper"), "label": str(a.get("label", v))[:80],
            "x": round(x, 1), "y": round(y, 1), "size": round(8 + 4 * math.log1p(deg.get(v, 0)), 1),
            "title": a.get("title"), "date": a.get("date"), "abstract": a.get("abstract"),
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
    template = resources.files("papergraph").joinpath("data").joinpath("explorer.html").read_text(encoding="utf-8")
    import html
    return (template.replace("{{TITLE}}", html.escape(title))
            .replace("{{VIS_JS}}", vis_network_js().replace("</script", "<\\/script"))
            .replace("{{DATA}}", _script_json(page_data(g, title))))


def write_html(graph, path, *, kinds=None, relations=None, title: str = "papergraph") -> Path:
    """Write the explorer page of ``graph`` (a :class:`~papergraph.PaperGraph`) to ``path``."""
    g = graph.to_networkx(kinds=kinds, relations=relations)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(g, title), encoding="utf-8")
    return path
