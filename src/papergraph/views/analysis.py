"""Network analysis on the networkx view: plain functions over a ``MultiDiGraph``.

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_edge("a", "b", key="improvesOn"); g.add_edge("c", "b", key="improvesOn")
'improvesOn'
'improvesOn'
>>> max(influence(g).items(), key=lambda kv: kv[1])[0]
'b'
"""

from __future__ import annotations

__all__ = [
    "influence",
    "communities",
    "idea_path",
]

INFLUENCE_RELATIONS = ("improvesOn", "evaluatedOn")


def influence(g, relations=INFLUENCE_RELATIONS, alpha: float = 0.85) -> dict[str, float]:
    """PageRank over improves-on and evaluated-on edges: a method that many improve on, or a
    dataset many evaluate on, ranks high. Nodes without such edges get the teleport share.

    Parameters
    ----------
    g : networkx.MultiDiGraph
        As :func:`papergraph.views.networkx.to_networkx` gives it.
    relations : tuple of str
        The edge keys that carry influence.
    alpha : float, default 0.85
        PageRank's damping factor.

    Returns
    -------
    dict
        Node to score; the scores sum to 1.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> g = example_graph().to_networkx()
    >>> top = max(influence(g).items(), key=lambda kv: kv[1])[0]
    >>> g.nodes[top]["label"]
    'ImageNet'
    """
    import networkx as nx

    sub = nx.DiGraph()
    sub.add_nodes_from(g.nodes)
    for s, o, k in g.edges(keys=True):
        if k in relations:
            sub.add_edge(s, o)
    return nx.pagerank(sub, alpha=alpha) if sub.number_of_nodes() else {}


def communities(g, seed: int = 42, resolution: float = 1.0) -> dict[str, int]:
    """Louvain communities of papers over shares-concept edges (weighted); numbered by size,
    0 the largest. Papers without a shares-concept edge are left out.

    Parameters
    ----------
    g : networkx.MultiDiGraph
    seed : int, default 42
        Louvain is randomised; a seed makes it repeatable.
    resolution : float, default 1.0
        Above 1 favours smaller communities.

    Returns
    -------
    dict
        Paper IRI to community number.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("p1", "p2"), ("p2", "p3"), ("p1", "p3"), ("p4", "p5")]:
    ...     _ = g.add_edge(a, b, key="sharesConcept", weight=1.0)
    >>> sorted(communities(g).items())
    [('p1', 0), ('p2', 0), ('p3', 0), ('p4', 1), ('p5', 1)]
    """
    import networkx as nx

    u = nx.Graph()
    for s, o, k, a in g.edges(keys=True, data=True):
        if k == "sharesConcept":
            u.add_edge(s, o, weight=a.get("weight", 1.0))
    if u.number_of_edges() == 0:
        return {}
    parts = nx.community.louvain_communities(u, weight="weight", seed=seed, resolution=resolution)
    parts = sorted(parts, key=lambda c: (-len(c), min(c)))
    return {n: i for i, part in enumerate(parts) for n in part}


def idea_path(g, source: str, target: str) -> list[str]:
    """The shortest path from one paper to another through the concepts they hold
    (paper → concept → paper → ...): the chain of ideas that connects them.

    Parameters
    ----------
    g : networkx.MultiDiGraph
    source, target : str
        Paper IRIs.

    Returns
    -------
    list of str
        The IRIs along the path, ``source`` first.

    Raises
    ------
    networkx.NetworkXNoPath
        No chain of concepts connects them.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_nodes_from(["p1", "p2", "p3"], kind="paper")
    >>> g.add_edges_from([("p1", "c1", "hasConcept"), ("p2", "c1", "hasConcept"),
    ...                   ("p2", "c2", "hasConcept"), ("p3", "c2", "hasConcept")])
    ['hasConcept', 'hasConcept', 'hasConcept', 'hasConcept']
    >>> idea_path(g, "p1", "p3")
    ['p1', 'c1', 'p2', 'c2', 'p3']
    """
    import networkx as nx

    u = nx.Graph()
    for s, o, k in g.edges(keys=True):
        if k == "hasConcept" and g.nodes[s].get("kind") == "paper":
            u.add_edge(s, o)
    if source not in u or target not in u:
        raise nx.NetworkXNoPath(f"{source} or {target} holds no concept")
    return nx.shortest_path(u, source, target)
