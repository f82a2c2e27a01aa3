"""The interactive explorer: one self-contained HTML file (vis-network inlined, no network use).

Layout is computed here with networkx, so the browser draws a still picture at once
(physics off). The first view leaves concepts out (a toggle brings them back, placed beside
the papers that hold them) and hides nodes left without a drawn edge. Node size follows how
many papers name a node (``pg:paperCount``); the page labels nodes by that importance, as
many as fit without overlapping at a readable size, and more as one zooms in. Labels are
short (a paper's title before its colon and its year, ``owner/name`` for a repository); the
full text is in the tooltip and the details. All paper text travels as JSON
inside a ``<script type="application/json">`` block and reaches the page only as text
(``textContent``), so titles and abstracts can never run.
"""

from __future__ import annotations

import html
import json
import math
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Iterable

from ..knowledge import read_text
from ..schema import RELATIONS

__all__ = [
    "NewSince",
    "lineage_layout",
    "render",
    "write_html",
]

STYLE = {  # colour and vis-network shape by node kind
    "paper": ("#4C78A8", "dot"),
    "method": ("#F58518", "diamond"),
    "dataset": ("#54A24B", "square"),
    "repository": ("#B279A2", "triangle"),
    "concept": ("#9D755D", "star"),
}
EDGE_STYLE = {  # colour, dashed
    "proposes": ("#F58518", False),
    "mentions": ("#BBBBBB", True),
    "evaluatedOn": ("#54A24B", False),
    "improvesOn": ("#E45756", False),
    "hasRepository": ("#B279A2", True),
    "hasConcept": ("#9D755D", True),
    "sharesConcept": ("#72B7B2", True),
    "cites": ("#4C78A8", False),
}
#: Above this many nodes the layout is a spiral by importance instead of force-directed.
FORCE_LAYOUT_LIMIT = 2500
#: Off in the first view (one toggle each brings them back): concepts are many and link
#: nearly everything, so with them the first view is a hairball.
HIDDEN_AT_LOAD = {"kinds": ["concept"], "relations": ["hasConcept", "sharesConcept"]}
#: How much the force layout's dense centre is spread out (1: not at all; see _spread_centre).
CENTRE_SPREAD = 0.5
#: Nodes of one generation in a column of the lineage view before the next column starts.
LINEAGE_ROWS = 12
#: The lineage view has a column per month up to this many months, else one per year.
LINEAGE_MONTHS = 12
#: The longest label drawn on the graph; the full text is in the tooltip and the details.
LABEL_CHARS = 40
#: A larger graph draws its most important nodes at load (a checkbox draws the rest): the
#: first frame of a 20,000-node page took 4.4 s drawing all, 1.7 s drawing these
#: (benchmarks/bench_html.py), and a reader starts from the important ones anyway.
LOAD_LIMIT = 4000


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
        return _spread_centre({v: (float(x) * scale, float(y) * scale) for v, (x, y) in pos.items()})
    rank = rank or {}
    order = sorted(g.nodes, key=lambda v: (-rank.get(v, 0.0), v))
    golden = math.pi * (3 - math.sqrt(5))
    return {
        v: (18 * math.sqrt(i) * math.cos(i * golden), 18 * math.sqrt(i) * math.sin(i * golden))
        for i, v in enumerate(order)
    }


def _spread_centre(pos: dict, power: float = CENTRE_SPREAD) -> dict:
    """Positions moved away from their centre, the more the nearer they are (distance r from
    the centre becomes ``R * (r / R) ** power``, R the farthest): a force layout packs the
    hubs, which are the nodes a reader looks for first, so close that their labels cannot
    all be drawn; the sparse rim gives the room."""
    if len(pos) < 3:
        return pos
    cx = sum(x for x, _ in pos.values()) / len(pos)
    cy = sum(y for _, y in pos.values()) / len(pos)
    far = max(math.hypot(x - cx, y - cy) for x, y in pos.values()) or 1.0
    out = {}
    for v, (x, y) in pos.items():
        r = math.hypot(x - cx, y - cy)
        f = (r / far) ** power * far / r if r else 1.0
        out[v] = (cx + (x - cx) * f, cy + (y - cy) * f)
    return out


def subgraph(
    g,
    focus: Iterable[str] | None = None,
    depth: int = 1,
    kinds: Iterable[str] | None = None,
    max_nodes: int | None = None,
    rank: dict[str, float] | None = None,
):
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
        chosen = sorted(keep - set(focus), key=lambda n: (-rank.get(n, 0.0), n))[: max(0, max_nodes - len(focus))]
        keep = set(focus) | set(chosen)
    return g.subgraph(keep).copy()


def short_label(kind: str, label: str, date: str | None = None, iri: str = "") -> str:
    """What the graph shows for a node: a paper's title before its colon with its year, a
    repository's ``owner/name``, other names as they are; cut at ``LABEL_CHARS`` with "…".

    >>> short_label("paper", "Swin Transformer: Hierarchical Vision Transformer using Shifted Windows", "2021-03-25")
    'Swin Transformer (2021)'
    >>> short_label("repository", "https://github.com/microsoft/Swin-Transformer", iri="https://github.com/microsoft/Swin-Transformer")
    'microsoft/Swin-Transformer'
    """
    text = " ".join(str(label).split())
    if kind == "paper":
        head = text.split(": ", 1)[0] if ": " in text[: LABEL_CHARS + 20] else text
        text = head if len(head) >= 3 else text
    elif kind == "repository":
        m = re.match(r"https?://[^/]+/([^/?#]+/[^/?#]+)", iri or text)
        text = m.group(1) if m else re.sub(r"^https?://", "", text)
    if len(text) > LABEL_CHARS:
        text = text[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:-") + "…"
    if kind == "paper" and date and re.match(r"\d{4}", str(date)):
        text += f" ({str(date)[:4]})"
    return text


def _weight(g, v, a) -> float:
    """How much a node matters to a reader: the papers that name it; for a paper, one plus
    the edges of the first view it has (what it proposes, improves on, evaluates on)."""
    if a.get("kind") == "paper":
        return 1.0 + sum(1 for _s, _o, k in g.edges(v, keys=True) if k not in HIDDEN_AT_LOAD["relations"]) / 4
    return float(a.get("papers") or 1)


def first_view_layout(g, rank: dict[str, float]) -> dict:
    """Positions laid out for the first view (no concepts, no concept edges); every concept is
    then placed at the centre of the papers that hold it, so turning concepts on does not
    move anything else."""
    hidden_kinds, hidden_relations = set(HIDDEN_AT_LOAD["kinds"]), set(HIDDEN_AT_LOAD["relations"])
    first = type(g)()
    first.add_nodes_from((v, a) for v, a in g.nodes(data=True) if a.get("kind") not in hidden_kinds)
    first.add_edges_from(
        (s, o, k) for s, o, k in g.edges(keys=True) if k not in hidden_relations and s in first and o in first
    )
    pos = layout(first, rank) if first.number_of_nodes() else {}
    rest = [v for v in g.nodes if v not in pos]
    if rest and not pos:
        return layout(g, rank)
    for i, v in enumerate(sorted(rest)):
        near = [pos[u] for u in set(g.predecessors(v)) | set(g.successors(v)) if u in pos]
        angle = i * math.pi * (3 - math.sqrt(5))
        if near:
            cx, cy = sum(x for x, _ in near) / len(near), sum(y for _, y in near) / len(near)
            pos[v] = (cx + 25 * math.cos(angle), cy + 25 * math.sin(angle))
        else:
            pos[v] = (40 * math.sqrt(i) * math.cos(angle), 40 * math.sqrt(i) * math.sin(angle))
    return pos


def lineage_layout(g) -> tuple[dict, list[dict]]:
    """Positions of the lineage view and the labels of its date axis.

    Methods and papers joined by improves-on stand left to right by the month of their paper
    (a method's: the first paper in the graph proposing it), or by its year when the papers
    span more than ``LINEAGE_MONTHS`` months. Those without a date stand left of the dated
    ones (mostly older methods the papers compare with), layered by the improves-on order;
    so are the nodes of one month or year: what improves stands right of what it improves on.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        The graph of :func:`papergraph.views.networkx.to_networkx`: nodes with ``date``,
        edges keyed by relation (``improvesOn``, ``proposes``).

    Returns
    -------
    positions : dict
        ``{node: (x, y)}`` for every node with an improves-on edge.
    axis : list of dict
        ``{"x": ..., "label": "2024-05"}`` above the first column of each month or year
        (``"no date"`` above the undated ones).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("new", date="2024-05-02"); g.add_node("old", date="2021-03-01")
    >>> g.add_edge("new", "base", key="improvesOn"); g.add_edge("old", "base", key="improvesOn")
    'improvesOn'
    'improvesOn'
    >>> pos, axis = lineage_layout(g)
    >>> sorted(pos, key=lambda v: pos[v][0])
    ['base', 'old', 'new']
    >>> [a["label"] for a in axis]
    ['no date', '2021-03', '2024-05']
    """
    import networkx as nx

    dag = nx.DiGraph()
    dag.add_edges_from((s, o) for s, o, k in g.edges(keys=True) if k == "improvesOn")
    while not nx.is_directed_acyclic_graph(dag):  # a claimed cycle: drop one edge of it
        dag.remove_edge(*nx.find_cycle(dag)[0][:2])
    order = list(nx.topological_sort(dag))  # subjects (newer) before objects (older)
    generation: dict = {}
    for v in reversed(order):
        generation[v] = 1 + max((generation[o] for o in dag.successors(v)), default=-1)
    proposer_date: dict[str, str] = {}
    for s, o, k in g.edges(keys=True):
        if k == "proposes" and g.nodes[s].get("date"):
            proposer_date[o] = min(proposer_date.get(o, "9999"), str(g.nodes[s]["date"]))
    date = {v: str(g.nodes[v].get("date") or proposer_date.get(v) or "") for v in order}
    months = {d[:7] for d in date.values() if len(d) >= 7}
    width = 7 if len(months) <= LINEAGE_MONTHS else 4  # columns of one month, or of one year
    columns: dict = {}
    for v in order:
        columns.setdefault((date[v][:width], generation[v]), []).append(v)
    pos: dict = {}
    axis: list[dict] = []
    x = 0.0
    for key in sorted(columns):  # a column of many nodes wraps into columns of LINEAGE_ROWS
        label = key[0] or "no date"
        if not axis or axis[-1]["label"] != label:
            axis.append({"x": x, "label": label})
        members = sorted(columns[key], key=lambda v: (date[v] or "9999", str(v)))
        rows = min(len(members), LINEAGE_ROWS)
        for i, v in enumerate(members):
            pos[v] = (x + 200.0 * (i // LINEAGE_ROWS), 70.0 * (i % LINEAGE_ROWS - (rows - 1) / 2))
        x += 200.0 * math.ceil(len(members) / LINEAGE_ROWS) + 120.0
    if [a["label"] for a in axis] == ["no date"]:  # no dates at all: no axis to read
        axis = []
    return pos, axis


_CLAIMS = """SELECT ?s ?p ?o ?ev ?rule ?conf ?paper ?title ?margin ?kind ?metric WHERE {
  ?c a pg:Claim ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o .
  OPTIONAL { ?c pg:evidence ?ev } OPTIONAL { ?c pg:extractedBy ?rule } OPTIONAL { ?c pg:confidence ?conf }
  OPTIONAL { ?c pg:margin ?margin ; pg:marginKind ?kind OPTIONAL { ?c pg:metric ?metric } }
  OPTIONAL { ?c prov:wasDerivedFrom ?paper . ?paper dcterms:title ?title } }"""
_RESULTS = """SELECT ?d ?metric ?label ?title ?value ?unit ?up ?paper WHERE {
  ?r a pg:Result ; pg:dataset ?d ; pg:method ?m ; pg:metric ?metric ; pg:value ?value ; pg:higherIsBetter ?up .
  OPTIONAL { ?r pg:unit ?unit } OPTIONAL { ?r prov:wasDerivedFrom ?paper }
  OPTIONAL { ?m rdfs:label ?label } OPTIONAL { ?m dcterms:title ?title } }"""


def margin_text(margin: float | None, kind: str | None, metric: str | None = None) -> str | None:
    """How an edge reads its margin: "+1.4 top-1 accuracy", "+38% relative", "5x".

    >>> margin_text(1.4, "absolute", "top-1 accuracy"), margin_text(5.0, "factor"), margin_text(None, None)
    ('+1.4 top-1 accuracy', '5x', None)
    """
    if margin is None:
        return None
    number = f"{margin:g}"
    if kind == "factor":
        return f"{number}x"
    if kind == "relative":
        return f"+{number}% relative"
    return f"+{number}" + (f" {metric}" if metric else "")


def leaderboards(graph) -> dict[str, list]:
    """Each dataset's leaderboard for the explorer: per metric, each method's best value
    (lowest first where lower is better), as [metric, method, value, unit, paper IRI]."""
    best: dict[tuple, tuple] = {}
    for r in graph.query(_RESULTS).rows:
        key = (r["d"], r["metric"], r.get("label") or r.get("title"))
        score = r["value"] if r["up"] else -r["value"]
        if key not in best or score > best[key][0]:
            best[key] = (score, r["value"], r.get("unit", ""), r.get("paper"))
    out: dict[str, list] = {}
    for (d, metric, method), (_score, value, unit, paper) in sorted(best.items(), key=lambda kv: (kv[0][1], -kv[1][0])):
        out.setdefault(d, []).append([metric, method, value, unit, paper])
    return out


def claims_of(graph) -> dict:
    """Every claim of ``graph`` by (subject, relation, object): its sentence, paper, rule and
    confidence, most confident first, so that an edge can show all the papers behind it."""
    out: dict = {}
    for r in graph.query(_CLAIMS).rows:
        key = (r["s"], r["p"].rsplit("#", 1)[-1], r["o"])
        out.setdefault(key, []).append(
            {
                "evidence": r.get("ev"),
                "rule": r.get("rule"),
                "confidence": r.get("conf"),
                "paper": r.get("paper"),
                "title": r.get("title"),
                "margin": margin_text(r.get("margin"), r.get("kind"), r.get("metric")),
            }
        )
    for claims in out.values():
        claims.sort(key=lambda c: (-(c["confidence"] or 0), c["title"] or ""))
    return out


def page_data(
    g,
    title: str = "papergraph",
    focus: Iterable[str] = (),
    view: str = "explore",
    claims: dict | None = None,
    new: "NewSince | None" = None,
    boards: dict | None = None,
    load_limit: int = LOAD_LIMIT,
) -> dict:
    """The JSON the page draws: nodes with positions and details (a dataset's leaderboard
    from ``boards``), edges with evidence and margins (and, with ``new``, which of them an
    earlier build did not have)."""
    rank = importance(g)
    weight = {v: _weight(g, v, a) for v, a in g.nodes(data=True)}
    pos = first_view_layout(g, weight)
    nodes = []
    for v, a in g.nodes(data=True):
        x, y = pos.get(v, (0.0, 0.0))
        kind = a.get("kind", "paper")
        full = str(a.get("title") or a.get("label", v))
        nodes.append(
            {
                "id": v,
                "kind": kind,
                "label": short_label(kind, full, a.get("date"), v),
                "full": full,
                "x": round(x, 1),
                "y": round(y, 1),
                "size": round(7 + 5 * math.sqrt(weight[v]), 1),
                "weight": round(weight[v], 2),
                "papers": a.get("papers"),
                "title": a.get("title"),
                "date": a.get("date"),
                "abstract": a.get("abstract"),
                "url": a.get("url"),
                "aliases": a.get("aliases"),
                "rank": round(rank.get(v, 0.0), 6),
                "new": bool(new and v in new.nodes),
                "leaderboard": (boards or {}).get(v),
            }
        )
    lineage, axis = lineage_layout(g)
    for n in nodes:
        if n["id"] in lineage:
            n["lx"], n["ly"] = (round(c, 1) for c in lineage[n["id"]])
    edges = []
    for i, (s, o, k, a) in enumerate(g.edges(keys=True, data=True)):
        edges.append(
            {
                "id": i,
                "from": s,
                "to": o,
                "relation": k,
                "papers": a.get("papers"),
                "evidence": a.get("evidence"),
                "confidence": a.get("confidence"),
                "claims": (claims or {}).get((s, k, o), []),
                "margin": next((c["margin"] for c in (claims or {}).get((s, k, o), []) if c.get("margin")), None),
                "new": bool(new and (s, k, o) in new.edges),
            }
        )
    return {
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "style": STYLE,
        "edgeStyle": EDGE_STYLE,
        "headings": {r.name: r.headings for r in RELATIONS},
        "hidden": HIDDEN_AT_LOAD,
        "focus": [f for f in focus if f in g],
        "view": view,
        "lineageAxis": axis,
        "newSince": new.since if new else None,
        "loadLimit": load_limit,
    }


def _script_json(data: dict) -> str:
    """JSON that is safe inside a ``<script>`` element (no ``</script>`` can close it)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


VIEWS = ("explore", "lineage")


@dataclass(frozen=True)
class NewSince:
    """What an earlier build (``since``, its name) did not have: node IRIs and
    (subject, relation, object) edges; the page rings those nodes and can show only them."""

    since: str
    nodes: frozenset[str]
    edges: frozenset[tuple[str, str, str]]


def render(
    g,
    title: str = "papergraph",
    focus: Iterable[str] = (),
    view: str = "explore",
    claims: dict | None = None,
    new: NewSince | None = None,
    boards: dict | None = None,
    load_limit: int = LOAD_LIMIT,
) -> str:
    """The whole explorer page as a string: vis-network, the page's script and the graph's data
    inlined, with a content security policy that forbids any request.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        What to draw (:func:`papergraph.views.networkx.to_networkx`, maybe a :func:`subgraph`).
    title : str
    focus : iterable of str
        Node IRIs the page opens on, selected and centred.
    view : str, default "explore"
        ``"explore"`` or ``"lineage"``.
    claims, new, boards : optional
        Each edge's claims (:func:`claims_of`), what an earlier build did not have
        (:class:`NewSince`), datasets' leaderboards (:func:`leaderboards`).
    load_limit : int, default 4000
        Above this many nodes, only the most important are drawn at load.

    Returns
    -------
    str
        HTML.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> page = render(example_graph().to_networkx(), title="Three papers")
    >>> "<title>Three papers</title>" in page, "Content-Security-Policy" in page
    (True, True)
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    template = read_text("explorer.html")
    return (
        template.replace("{{TITLE}}", html.escape(title))
        .replace("{{VIS_JS}}", vis_network_js().replace("</script", "<\\/script"))
        .replace("{{DATA}}", _script_json(page_data(g, title, focus, view, claims, new, boards, load_limit)))
    )


def query_nodes(graph, sparql: str) -> set[str]:
    """The IRIs a SPARQL query returns (SELECT bindings, or CONSTRUCT subjects and objects)."""
    result = graph.query(sparql)
    if result.triples is not None:
        return {x for s, _p, o in result.triples for x in (s, o) if isinstance(x, str) and x.startswith("http")}
    return {v for row in result.rows for v in row.values() if isinstance(v, str) and v.startswith("http")}


def write_html(
    graph,
    path,
    *,
    kinds=None,
    relations=None,
    focus: Iterable[str] | str | None = None,
    depth: int = 1,
    query: str | None = None,
    max_nodes: int | None = None,
    title: str = "papergraph",
    view: str = "explore",
    new: NewSince | None = None,
    load_limit: int = LOAD_LIMIT,
) -> Path:
    """Write the explorer page of ``graph`` to ``path``.

    Parameters
    ----------
    graph : PaperGraph
    path : str or path
    kinds, relations : iterable of str, optional
        Node kinds and edge relations to draw.
    focus : str or iterable of str, optional
        Nodes (labels, aliases, titles or IRIs) whose ``depth``-hop neighbourhood is drawn;
        the page opens with the first selected and centred.
    depth : int, default 1
    query : str, optional
        SPARQL (or a named query's name) whose result IRIs are drawn, with the edges among them.
    max_nodes : int, optional
        Keep the most important nodes.
    title : str
    view : str, default "explore"
        ``"lineage"`` opens the page on the lineage view (methods and papers joined by
        improves-on, left to right by date).
    new : NewSince, optional
        What an earlier build did not have (from :meth:`papergraph.diff.GraphDiff.new_nodes`
        and ``new_edges``), ringed, with a filter that shows only that.
    load_limit : int, default 4000
        A graph of more nodes draws its most important ones at load; a checkbox draws the rest.

    Returns
    -------
    pathlib.Path
        The page written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from papergraph import example_graph
    >>> out = write_html(example_graph(), pathlib.Path(tempfile.mkdtemp()) / "foonet.html", focus="FooNet")
    >>> out.stat().st_size > 100_000
    True
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
    page = render(g, title, focus_iris, view, claims_of(graph), new, leaderboards(graph), load_limit)
    path.write_text(page, encoding="utf-8")
    return path
