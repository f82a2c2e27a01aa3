"""Corpus-wide resolution: names → canonical entities with IRIs, and the edges between them.

This is the one step that sees the whole corpus at once. Per-paper facts come in; one
entity per thing comes out (acronym and long form, case, hyphen and plural variants
merged), with deterministic IRIs, and each paper's edges point at those entities.

>>> from papergraph.model import Paper, PaperFacts, Mention
>>> a = PaperFacts(Paper("A"), (Mention("ViT", "method", aliases=("Vision Transformer",)),))
>>> b = PaperFacts(Paper("B"), (Mention("Vision Transformers", "method"),))
>>> r = resolve([a, b])
>>> sorted(e.label for e in r.entities.values())
['ViT']
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable

from . import knowledge
from .model import THIS_PAPER, Entity, Paper, PaperFacts
from .names import name_key, slug
from .schema import relation
from .namespace import DEFAULT_BASE

__all__ = [
    "Edge",
    "ResolvedResult",
    "Resolution",
    "paper_iri",
    "resolve",
]


@lru_cache(maxsize=None)
def _gazetteer_aliases(kind: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = defaultdict(list)
    for rec in knowledge.gazetteer({"method": "methods", "dataset": "datasets"}[kind]):
        out[str(rec["id"])].append(str(rec["pattern"]))
    # the shortest names first, at most ten: "ImageNet" has dozens of benchmark-split variants
    return {k: tuple(sorted(v, key=lambda x: (len(x), x))[:10]) for k, v in out.items()}


def known_aliases(kind: str, label: str) -> frozenset[str]:
    """Other names the gazetteers give a well-known method or dataset ("Vision Transformer" for ViT)."""
    if kind not in ("method", "dataset"):
        return frozenset()
    return frozenset(a for a in _gazetteer_aliases(kind).get(label, ()) if a != label)


def paper_iri(paper: Paper, base: str = DEFAULT_BASE) -> str:
    """The IRI of a paper: a slug of its title and a hash of its normalised title (stable).

    Parameters
    ----------
    paper : Paper
    base : str
        The namespace of the graph's resources.

    Returns
    -------
    str

    Examples
    --------
    >>> from papergraph import Paper
    >>> paper_iri(Paper("FooNet: Sparse Kernels")) == paper_iri(Paper("foonet: sparse kernels."))
    True
    >>> paper_iri(Paper("FooNet: Sparse Kernels"))
    'https://w3id.org/papergraph/resource/paper/foonet-sparse-kernels-...'
    """
    return f"{base}paper/{slug(paper.title, 50)}-{hashlib.sha1(paper.key.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Edge:
    """One asserted edge with its evidence; ``paper`` is the IRI of the paper it came from."""

    subject: str
    predicate: str
    object: str
    paper: str
    evidence: str
    rule: str
    confidence: float
    margin: float | None = None  # how much better, where the sentence says (improvesOn)
    margin_kind: str | None = None
    on_dataset: str | None = None  # a dataset IRI
    metric: str | None = None


@dataclass(frozen=True)
class ResolvedResult:
    """A number a paper reports, its method (an entity IRI, or the paper's for its unnamed
    method) and dataset resolved to the graph's entities."""

    paper: str
    method: str
    dataset: str
    metric: str
    value: float
    unit: str
    evidence: str


@dataclass
class Resolution:
    """Entities of the corpus, papers with their IRIs, and every edge."""

    papers: dict[str, Paper] = field(default_factory=dict)  # IRI -> Paper
    entities: dict[str, Entity] = field(default_factory=dict)  # IRI -> Entity
    edges: list[Edge] = field(default_factory=list)
    overlaps: list = field(default_factory=list)  # concepts.Overlap records
    results: list[ResolvedResult] = field(default_factory=list)

    def paper_counts(self) -> Counter:
        """How many papers name each entity: the distinct papers an edge onto it came from.

        Stored as ``pg:paperCount`` so that rankings (top methods, top datasets) read one
        number per entity instead of counting every edge of the graph.
        """
        papers_of: dict[str, set[str]] = defaultdict(set)
        for edge in self.edges:
            papers_of[edge.object].add(edge.paper)
        return Counter({e: len(papers_of[e]) for e in self.entities if papers_of.get(e)})

    def concept_years(self) -> Counter:
        """How many dated papers hold each concept, year by year: ``{(concept, year): n}``.

        Stored as ``pg:ConceptYear`` nodes so that concept trends read a few thousand
        counts instead of joining every concept link with every date.
        """
        held = {
            (e.subject, e.object)
            for e in self.edges
            if e.predicate == "hasConcept" and e.subject in self.papers and self.papers[e.subject].date
        }
        return Counter((concept, int((self.papers[paper].date or "")[:4])) for paper, concept in held)

    def sort_keys(self) -> dict[str, int]:
        """Each paper's and entity's rank by display name (title or label, in code point
        order, then IRI): 0, 1, 2, ...

        Stored as ``pg:sortKey`` so that queries can order rows by one integer: a large store
        decodes a string for every comparison, but compares numbers as they are.

        >>> r = Resolution({"p": Paper("Zeta")}, {"m": Entity("m", "method", "Alpha")})
        >>> r.sort_keys()
        {'m': 0, 'p': 1}
        """
        names = [(p.title, iri) for iri, p in self.papers.items()]
        names += [(e.label, iri) for iri, e in self.entities.items()]
        return {iri: i for i, (_, iri) in enumerate(sorted(names))}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # deterministic root


def resolve(
    facts: Iterable[PaperFacts],
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    concept_labels: dict[str, dict] | None = None,
) -> Resolution:
    """Entities and edges of a corpus from its per-paper facts (pure; inputs unchanged).

    Names are looked up in one alias index (labels, gazetteer aliases, acronyms the papers
    define, size variants of one model), so that every paper naming "ViT" or "Vision
    Transformer" points at one method; an entity is created the first time a name is seen.

    Parameters
    ----------
    facts : iterable of PaperFacts
    base : str
        The namespace of the graph's resources.
    min_confidence : float, default 0
        Relations and mentions below this confidence are left out.
    concept_labels : dict, optional
        A concept's name key to its vocabulary record (``prefLabel``, ``altLabels``,
        ``broader``), so that concept entities carry them.

    Returns
    -------
    Resolution

    Examples
    --------
    >>> from papergraph import Paper
    >>> from papergraph.extract import extract
    >>> facts = extract([Paper("FooNet: Sparse Kernels", "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."),
    ...                  Paper("BarNet: Dense Kernels", "We propose BarNet. BarNet outperforms FooNet on ImageNet.")])
    >>> res = resolve(facts)
    >>> sorted(e.label for e in res.entities.values() if e.kind == "method")
    ['BarNet', 'FooNet', 'ResNet-50']
    >>> len(res.papers), sum(e.predicate == "proposes" for e in res.edges)
    (2, 2)
    """
    facts = list(facts)
    uf = _UnionFind()
    surface: dict[tuple[str, str], Counter] = defaultdict(Counter)
    preferred: dict[tuple[str, str], str] = {}
    for pf in facts:
        for m in pf.mentions:
            if m.kind == "repository":
                continue
            node = (m.kind, name_key(m.name))
            uf.find(node)
            surface[node][m.name] += 1
            if m.rule == "gazetteer" or m.role == "proposes":
                preferred.setdefault(node, m.name)
            for alias in m.aliases:
                if name_key(alias):
                    anode = (m.kind, name_key(alias))
                    uf.union(node, anode)
                    surface[anode][alias] += 0  # known as an alias, never preferred over the name

    groups: dict[tuple, list[tuple[str, str]]] = defaultdict(list)
    for node in surface:
        groups[uf.find(node)].append(node)

    res = Resolution()
    entity_of: dict[tuple[str, str], str] = {}
    used: dict[str, tuple] = {}
    for root in sorted(groups):
        nodes = sorted(groups[root])
        kind = root[0]
        names: Counter[str] = Counter()
        for n in nodes:
            names.update(surface[n])
        pref = sorted(preferred[n] for n in nodes if n in preferred)
        label = pref[0] if pref else sorted(names, key=lambda s: (-names[s], s.isupper(), len(s), s))[0]
        if kind == "concept" and concept_labels and name_key(label) in concept_labels:
            label = concept_labels[name_key(label)]["prefLabel"]
        path = {"method": "method", "dataset": "dataset", "concept": "concept"}[kind]
        iri = f"{base}{path}/{slug(label)}"
        if iri in used and used[iri] != root:
            iri = f"{iri}-{hashlib.sha1(repr(root).encode()).hexdigest()[:6]}"
        used[iri] = root
        aliases = frozenset(n for n in names if n != label) | known_aliases(kind, label)
        broader = ()
        if kind == "concept" and concept_labels and name_key(label) in concept_labels:
            rec = concept_labels[name_key(label)]
            aliases |= frozenset(rec.get("altLabels", ()))
            broader = tuple(rec.get("broader", ()))
        res.entities[iri] = Entity(iri, kind, label, aliases - {label}, broader)
        for n in nodes:
            entity_of[n] = iri

    for pf in facts:
        piri = paper_iri(pf.paper, base)
        res.papers[piri] = pf.paper
        local: dict[str, str] = {}  # this paper's names -> entity IRIs
        for m in pf.mentions:
            if m.confidence < min_confidence:
                continue
            if m.kind == "repository":
                res.entities.setdefault(m.name, Entity(m.name, "repository", m.name))
                res.edges.append(Edge(piri, "hasRepository", m.name, piri, m.evidence, m.rule, m.confidence))
                continue
            iri = entity_of[(m.kind, name_key(m.name))]
            for name in (m.name, *m.aliases):
                local.setdefault(name_key(name), iri)
            predicate = "hasConcept" if m.kind == "concept" else m.role
            res.edges.append(Edge(piri, predicate, iri, piri, m.evidence, m.rule, m.confidence))
        for r in pf.relations:
            if r.confidence < min_confidence:
                continue
            s = piri if r.subject == THIS_PAPER else local.get(name_key(r.subject))
            o = local.get(name_key(r.object))
            if s is None or o is None or s == o:
                continue
            joins = relation(r.predicate)  # the kinds the relation joins (papergraph.schema)
            if res.entities[o].kind not in joins.objects or (s != piri and res.entities[s].kind not in joins.subjects):
                continue
            on = local.get(name_key(r.on_dataset)) if r.on_dataset else None
            res.edges.append(
                Edge(s, r.predicate, o, piri, r.evidence, r.rule, r.confidence, r.margin, r.margin_kind, on, r.metric)
            )
        for x in pf.results:
            who = piri if x.method == THIS_PAPER else local.get(name_key(x.method))
            on = local.get(name_key(x.dataset))
            if who is None or on is None or res.entities[on].kind != "dataset":
                continue
            if who != piri and res.entities[who].kind != "method":
                continue
            res.results.append(ResolvedResult(piri, who, on, x.metric, x.value, x.unit, x.evidence))
            # "COCO test-dev" is a name of COCO too, "EfficientFormer-L1" of EfficientFormer (a
            # variant is one model, as in the mentions): the names as the paper wrote them
            for iri, written in ((on, x.as_written), (who, x.method_as_written)):
                ent = res.entities.get(iri)
                if ent is not None and written and written != ent.label and written not in ent.aliases:
                    res.entities[iri] = replace(ent, aliases=ent.aliases | {written})
    res.edges = _dedupe(res.edges + _citations(res))
    return res


def _citations(res: "Resolution") -> list[Edge]:
    """``cites`` edges between papers of the corpus: a paper's reference list (from a
    service, ``Paper.cites``) names another paper of the corpus by one of its identifiers.
    The claim's rule is the service that listed the reference."""
    by_id: dict[str, str] = {}
    for iri, paper in sorted(res.papers.items()):
        for ident in paper.identifiers:
            by_id.setdefault(ident, iri)
    edges = []
    for iri, paper in res.papers.items():
        for service, ident in paper.cites:
            cited = by_id.get(ident)
            if cited and cited != iri:
                evidence = f"reference list of this paper at {service} ({ident})"
                edges.append(Edge(iri, "cites", cited, iri, evidence, service, 1.0))
    return edges


def _dedupe(edges: list[Edge]) -> list[Edge]:
    """One edge per (subject, predicate, object, paper) and margin: the most confident
    evidence wins, and a claim the paper quantifies (by how much, on which dataset) is kept
    in place of the same claim without a number."""
    best: dict[tuple, Edge] = {}
    for e in edges:
        k = (e.subject, e.predicate, e.object, e.paper, e.margin, e.margin_kind, e.on_dataset)
        if k not in best or e.confidence > best[k].confidence:
            best[k] = e
    quantified = {k[:4] for k, e in best.items() if e.margin is not None}
    return [e for k, e in best.items() if e.margin is not None or k[:4] not in quantified]
