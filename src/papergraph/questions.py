"""Questions a researcher asks of the graph, as plain functions over a :class:`PaperGraph`.

Each returns light, typed records (or a pandas DataFrame with ``as_frame=True`` when
pandas is installed); :class:`~papergraph.graph.PaperGraph` exposes them as methods.

>>> from papergraph import PaperGraph
>>> g = PaperGraph.build_records([
...     {"title": "FooNet: Sparse Kernels", "abstract": "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."},
...     {"title": "BarNet: Denser Kernels", "abstract": "We propose BarNet. BarNet outperforms FooNet on ImageNet."}])
>>> [(r.method, r.path) for r in improvements_over(g, "ResNet50")]
[('FooNet', ('FooNet', 'ResNet-50')), ('BarNet', ('BarNet', 'FooNet', 'ResNet-50'))]
>>> find(g, "Foonet").label
'FooNet'
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, fields

from .errors import EntityNotFoundError
from .names import name_key
from .schema import KINDS

__all__ = [
    "EntityRecord",
    "PaperRecord",
    "Improvement",
    "Evaluation",
    "Similar",
    "Standing",
    "find",
    "entities",
    "papers",
    "improvements_over",
    "evaluated_on",
    "similar_papers",
    "citations",
    "leaderboard",
    "lineage",
]

KIND_CLASS = {k.name: f"<{k.cls}>" for k in KINDS}


@dataclass(frozen=True)
class EntityRecord:
    """A method, dataset, concept or repository: its IRI, kind, label and how many papers name it."""

    iri: str
    kind: str
    label: str
    papers: int = 0


@dataclass(frozen=True)
class PaperRecord:
    """A paper: IRI, title, date (ISO, when known), URL and its code repositories."""

    iri: str
    title: str
    date: str | None = None
    url: str | None = None
    repositories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Improvement:
    """``method`` improves on the target through ``path`` (method labels, improver first)."""

    method: str
    path: tuple[str, ...]
    paper: str | None
    evidence: str | None


@dataclass(frozen=True)
class Evaluation:
    """``what`` (a method, or a paper whose method has no name) is evaluated on a dataset."""

    what: str
    paper: str | None
    evidence: str | None
    confidence: float | None


@dataclass(frozen=True)
class Similar:
    """A paper similar to another, the concepts they share and the weight of the overlap."""

    title: str
    weight: float
    shared: tuple[str, ...]


@dataclass(frozen=True)
class Standing:
    """A row of a dataset's leaderboard: ``method``'s best ``value`` in ``metric``, as the
    abstract of ``paper`` (dated ``date``) reports it in ``evidence``."""

    metric: str
    method: str
    value: float
    unit: str
    paper: str | None
    date: str | None
    evidence: str | None


def _frame(records: list, as_frame: bool, cls):
    if not as_frame:
        return records
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("as_frame=True needs pandas: pip install pandas") from None
    return pd.DataFrame([asdict(r) for r in records], columns=[f.name for f in fields(cls)])


def find(graph, name: str, kind: str | None = None) -> EntityRecord:
    """The entity a name denotes, through labels and aliases, case, hyphens and plurals folded.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    name : str
    kind : str, optional
        ``method``, ``dataset``, ``concept``, ``repository`` or ``paper``; any by default.

    Returns
    -------
    EntityRecord

    Raises
    ------
    EntityNotFoundError
        No such name; the message lists the closest names the graph knows.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> find(example_graph(), "resnet50").label
    'ResNet-50'
    """
    kinds = [kind] if kind else ["method", "dataset", "concept", "repository", "paper"]
    want = name_key(name)
    names: dict[str, tuple[str, str, str]] = {}
    for k in kinds:
        q = f"""SELECT ?x ?n ?label WHERE {{ ?x a {KIND_CLASS[k]} .
                 {{ ?x rdfs:label ?n }} UNION {{ ?x skos:altLabel ?n }} UNION {{ ?x dcterms:title ?n }}
                 OPTIONAL {{ ?x rdfs:label ?l }} OPTIONAL {{ ?x dcterms:title ?t }} BIND(COALESCE(?l, ?t) AS ?label) }}"""
        for r in graph.query(q).rows:
            names.setdefault(name_key(r["n"]), (r["x"], k, r.get("label") or r["n"]))
    if want in names:
        iri, k, label = names[want]
        return EntityRecord(iri, k, label, _paper_count(graph, iri))
    labels = sorted({v[2] for v in names.values()})
    close = difflib.get_close_matches(name, labels, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise EntityNotFoundError(f"no {kind or 'entity'} named {name!r} in the graph{hint}")


def _paper_count(graph, iri: str) -> int:
    rows = graph.query("SELECT ?n ?x WHERE { ?x pg:paperCount ?n }", x=_iri(iri)).rows
    return rows[0]["n"] if rows else 0


def entities(graph, kind: str, as_frame: bool = False):
    """Every entity of one kind with the number of papers that name it (``pg:paperCount``,
    the count that top-methods and top-datasets rank by), most named first.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    kind : str
        ``method``, ``dataset``, ``concept`` or ``repository``.
    as_frame : bool
        A pandas DataFrame instead of a list.

    Returns
    -------
    list of EntityRecord

    Examples
    --------
    >>> from papergraph import example_graph
    >>> [(e.label, e.papers) for e in entities(example_graph(), "dataset")][:1]
    [('ImageNet', 2)]
    """
    q = f"""SELECT ?x ?label ?n WHERE {{ ?x a {KIND_CLASS[kind]} . OPTIONAL {{ ?x rdfs:label ?label }}
              OPTIONAL {{ ?x pg:paperCount ?count }} BIND(COALESCE(?count, 0) AS ?n)
            }} ORDER BY DESC(?n) ?label"""
    records = [EntityRecord(r["x"], kind, r.get("label", r["x"]), r["n"]) for r in graph.query(q).rows]
    return _frame(records, as_frame, EntityRecord)


def papers(
    graph,
    since: str | None = None,
    until: str | None = None,
    concept: str | None = None,
    dataset: str | None = None,
    has_code: bool | None = None,
    as_frame: bool = False,
):
    """Papers, sorted by date then title, optionally filtered (dates compared at each
    paper's own precision: a paper of 2023 is "since 2023-06-01").

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    since, until : str, optional
        ISO dates, inclusive.
    concept : str, optional
        Papers holding this concept or a narrower one.
    dataset : str, optional
        Papers that evaluate on or mention this dataset.
    has_code : bool, optional
        Only papers with (True) or without (False) a code repository.
    as_frame : bool
        A pandas DataFrame instead of a list.

    Returns
    -------
    list of PaperRecord

    Examples
    --------
    >>> from papergraph import example_graph
    >>> [p.date for p in papers(example_graph(), since="2024-01-01")]
    ['2024-05-02', '2024-07-01']
    """
    rows = graph.query("""SELECT ?p ?t ?d ?u (GROUP_CONCAT(STR(?r); separator=" ") AS ?repos) WHERE {
        ?p a pg:Paper ; dcterms:title ?t . OPTIONAL { ?p dcterms:date ?d } OPTIONAL { ?p schema:url ?u }
        OPTIONAL { ?p pg:hasRepository ?r } } GROUP BY ?p ?t ?d ?u""").rows
    keep = None
    if concept is not None:
        c = find(graph, concept, "concept")
        keep = {
            r["p"]
            for r in graph.query(
                """SELECT ?p ?c WHERE { ?p a pg:Paper ; pg:hasConcept ?x .
                                               ?x skos:broader* ?c }""",
                c=_iri(c.iri),
            ).rows
        }
    if dataset is not None:
        d = find(graph, dataset, "dataset")
        hits = {
            r["p"]
            for r in graph.query(
                """SELECT ?p ?d WHERE { ?p a pg:Paper .
                  { ?p pg:evaluatedOn ?d } UNION { ?p pg:proposes/pg:evaluatedOn ?d } UNION { ?p pg:mentions ?d } }""",
                d=_iri(d.iri),
            ).rows
        }
        keep = hits if keep is None else keep & hits
    out = []
    for r in rows:
        date = str(r["d"]) if "d" in r else None
        repos = tuple(sorted(r.get("repos", "").split())) if r.get("repos") else ()
        if keep is not None and r["p"] not in keep:
            continue
        # compared at the date's own precision: a paper of 2023 is "since 2023-06-01"
        if (
            since
            and (date is None or date < since[: len(date)])
            or until
            and (date is None or date > until[: len(date)])
        ):
            continue
        if has_code is not None and bool(repos) != has_code:
            continue
        out.append(PaperRecord(r["p"], r["t"], date, r.get("u"), repos))
    out.sort(key=lambda p: (p.date or "", p.title))
    return _frame(out, as_frame, PaperRecord)


def _iri(value: str):
    from rdflib import URIRef

    return URIRef(value)


#: Rows asked for at a time when an accessor reads every row of a paged named query.
_PAGE = 1000


def _every_row(graph, name: str, **bindings) -> list[dict]:
    """All rows of the named query ``name``, read a page at a time."""
    rows: list[dict] = []
    while True:
        page = graph.named(name, limit=_PAGE, offset=len(rows), **bindings).rows
        rows += page
        if len(page) < _PAGE:
            return rows


def _improvement_paths(graph, target: str, names: set[str], forward: bool) -> list[Improvement]:
    """Shortest improves-on paths between ``target`` (an IRI) and the nodes named ``names``
    (labels, or titles of papers without a method name): the named query says which nodes
    are linked, networkx finds the path. ``forward`` follows what ``target`` improves on
    (paths start at ``target``); otherwise what improves on it (paths end at ``target``).
    """
    import networkx as nx

    g = graph.to_networkx(kinds=["method", "paper"], relations=["improvesOn", "proposes"])
    chain = nx.DiGraph()
    chain.add_edges_from((s, o, a) for s, o, k, a in g.edges(keys=True, data=True) if k == "improvesOn")
    if target not in chain:
        return []
    proposer = {o: g.nodes[s].get("title") for s, o, k in g.edges(keys=True) if k == "proposes"}
    reached = nx.single_source_shortest_path(chain if forward else chain.reverse(copy=False), target)
    out = []
    for node, path in reached.items():
        label = g.nodes[node]["label"]
        if node == target or label not in names:
            continue
        if forward:
            out.append(
                Improvement(
                    label, tuple(g.nodes[x]["label"] for x in path), None, chain.edges[path[-2], node].get("evidence")
                )
            )
        else:
            path = path[::-1]
            paper = g.nodes[node].get("title") if g.nodes[node]["kind"] == "paper" else proposer.get(node)
            out.append(
                Improvement(
                    label, tuple(g.nodes[x]["label"] for x in path), paper, chain.edges[node, path[1]].get("evidence")
                )
            )
    return sorted(out, key=lambda i: (len(i.path), i.method))


def improvements_over(graph, method: str, transitive: bool = True) -> list[Improvement]:
    """What improves on ``method``, with the path of improves-on claims: the named query
    ``improves-on`` says which, networkx the shortest path of claims behind each.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    method : str
        A name or alias.
    transitive : bool
        False keeps the direct improvers only.

    Returns
    -------
    list of Improvement
        Shortest paths first; ``paper`` is the paper that proposes the improver, ``evidence``
        the sentence of its first claim.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> [i.method for i in improvements_over(example_graph(), "ResNet-50", transitive=False)]
    ['FooNet']
    """
    target = find(graph, method, "method")
    improvers = {r["improver"] for r in _every_row(graph, "improves-on", target=target.label)}
    found = _improvement_paths(graph, target.iri, improvers, forward=False)
    return found if transitive else [i for i in found if len(i.path) == 2]


def evaluated_on(graph, dataset: str) -> list[Evaluation]:
    """What is evaluated on ``dataset``: the named query ``dataset-evidence``, one record
    per thing and paper (the paper that makes the claim), with its most confident sentence.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    dataset : str
        A name or alias.

    Returns
    -------
    list of Evaluation

    Examples
    --------
    >>> from papergraph import example_graph
    >>> [(e.what, e.confidence > 0.5) for e in evaluated_on(example_graph(), "CIFAR-10")]
    [('FooNet', True)]
    """
    d = find(graph, dataset, "dataset")
    best: dict[tuple, Evaluation] = {}
    for r in _every_row(graph, "dataset-evidence", dataset=d.label):
        ev = Evaluation(r["what"], r.get("paper"), r.get("evidence"), r.get("confidence"))
        key = (ev.what, ev.paper)
        if key not in best or (ev.confidence or 0) > (best[key].confidence or 0):
            best[key] = ev
    return sorted(best.values(), key=lambda e: (e.what, e.paper or ""))


def similar_papers(graph, paper: str, k: int = 10) -> list[Similar]:
    """The ``k`` papers sharing the most informative concepts with ``paper``: the named
    query ``similar-papers``.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    paper : str
        A title.
    k : int
        How many.

    Returns
    -------
    list of Similar
        Strongest overlap first.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> similar_papers(example_graph(), "FooNet: Sparse Kernels for Image Classification")
    []
    """
    p = find(graph, paper, "paper")
    rows = graph.named("similar-papers", limit=k, title=p.label).rows
    return [Similar(r["other"], r["weight"], tuple(sorted(r["shared"].split(", ")))) for r in rows]


def citations(graph, paper: str) -> dict[str, list[PaperRecord]]:
    """What ``paper`` cites and what cites it, within the graph: the named query
    ``citations`` (reference lists that ``papergraph fetch ... --references`` brings).

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    paper : str
        A title.

    Returns
    -------
    dict
        ``cites`` and ``cited_by``, each a list of :class:`PaperRecord`.

    Examples
    --------
    >>> from papergraph import PaperGraph
    >>> g = PaperGraph.build_records([{"title": "A", "abstract": "x", "ids": ["openalex:W1"], "cites": ["openalex:W2"]},
    ...                               {"title": "B", "abstract": "y", "ids": ["openalex:W2"]}])
    >>> [p.title for p in citations(g, "A")["cites"]]
    ['B']
    """
    p = find(graph, paper, "paper")
    out: dict[str, list[PaperRecord]] = {"cites": [], "cited_by": []}
    seen = set()
    for r in _every_row(graph, "citations", title=p.label):
        key = (r["direction"], r["other"])
        if key not in seen:
            seen.add(key)
            side = "cites" if r["direction"] == "cites" else "cited_by"
            out[side].append(PaperRecord(r["iri"], r["other"], str(r["date"]) if "date" in r else None))
    return out


def leaderboard(graph, dataset: str, metric: str | None = None) -> list[Standing]:
    """The best reported value of each method on ``dataset``, per metric, best first
    (lowest first where lower is better): the named query ``leaderboard``.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    dataset : str
        A name or alias.
    metric : str, optional
        One metric, in any spelling ("acc@1" is "top-1 accuracy").

    Returns
    -------
    list of Standing

    Examples
    --------
    >>> from papergraph import PaperGraph
    >>> g = PaperGraph.build_records([{"title": "FooNet: Speech", "abstract":
    ...     "We propose FooNet. FooNet reaches 5.2 WER on LibriSpeech, outperforming Conformer (6.0 WER)."}])
    >>> [(s.method, s.value) for s in leaderboard(g, "LibriSpeech")]
    [('FooNet', 5.2), ('Conformer', 6.0)]
    """
    from .extract.results import normalise_metric

    d = find(graph, dataset, "dataset")
    want = (normalise_metric(metric) or metric.lower()) if metric else None
    out = []
    for r in _every_row(graph, "leaderboard", dataset=d.label):
        if want is not None and r["metric"] != want:
            continue
        date = str(r["date"]) if "date" in r else None
        out.append(
            Standing(r["metric"], r["method"], r["value"], r.get("unit", ""), r.get("paper"), date, r.get("evidence"))
        )
    return out


def lineage(graph, method: str) -> dict[str, list[Improvement]]:
    """What ``method`` builds on (transitively) and what builds on it: the named query
    ``lineage``, each answer with its shortest path of improves-on claims.

    Parameters
    ----------
    graph : PaperGraph
        The graph to ask.
    method : str
        A name or alias.

    Returns
    -------
    dict
        ``builds_on`` and ``built_on_by``, each a list of :class:`Improvement`.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> [i.path for i in lineage(example_graph(), "FooNet")["built_on_by"]]
    [('BarNet', 'FooNet')]
    """
    target = find(graph, method, "method")
    rows = _every_row(graph, "lineage", method=target.label)
    side = {d: {r["other"] for r in rows if r["direction"] == d} for d in ("builds on", "built on by")}
    return {
        "builds_on": _improvement_paths(graph, target.iri, side["builds on"], forward=True),
        "built_on_by": _improvement_paths(graph, target.iri, side["built on by"], forward=False),
    }
