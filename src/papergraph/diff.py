"""What changed between two builds of a graph: papers, methods, datasets, claims, concepts.

A researcher who rebuilds a map every week wants the news, not a bigger page. Identity
across builds:

- a paper by its IRI, which is made from its title's key, so the same paper has the same
  IRI in every build;
- a method, dataset or concept by its IRI or, when that changed, by any name the two share
  (label or alias, folded by :func:`papergraph.names.name_key`): more papers can change
  which name labels a method ("ViT" or "Vision Transformer"), and an alias merge must not
  read as one method removed and another added;
- a claim by the paper that makes it, its relation and its two ends (matched as above).

>>> from papergraph import example_graph, PaperGraph
>>> new = example_graph()
>>> old = PaperGraph.build_records([{"title": "FooNet: Sparse Kernels for Image Classification",
...     "abstract": "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet."}])
>>> d = diff(old, new)
>>> len(d.papers.added), len(d.papers.removed), sorted(m.label for m in d.methods.added)
(2, 0, ['BarNet', 'BazFormer', 'Longformer'])
>>> sorted((c.subject, c.object) for c in d.claims.added if c.relation == "improvesOn")
[('BarNet', 'FooNet'), ('BazFormer', 'Longformer')]
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, Iterable, TypeVar

from .names import name_key
from .schema import RELATIONS

__all__ = [
    "CLAIM_RELATIONS",
    "GraphDiff",
    "Changes",
    "PaperChange",
    "EntityChange",
    "ClaimChange",
    "ConceptChange",
    "diff",
]

#: The claims a diff reports, most telling first: the ones a reader follows a field by.
#: Mentions and concept links are left out (many per paper; their news is in the methods,
#: datasets and concepts sections).
CLAIM_RELATIONS: tuple[str, ...] = tuple(
    r.name for r in RELATIONS if r.extracted and r.name not in ("mentions", "hasConcept")
)
_ORDER = {"improvesOn": 0, "evaluatedOn": 1, "proposes": 2}

T = TypeVar("T")


@dataclass(frozen=True)
class PaperChange:
    """A paper that is in one build and not the other."""

    iri: str
    title: str
    date: str | None = None


@dataclass(frozen=True)
class EntityChange:
    """A method or dataset seen for the first time (or no more): ``paper`` proposes it
    (``proposed``), or else is the earliest paper that names it; ``papers`` is how many
    papers name it."""

    iri: str
    kind: str
    label: str
    paper: str | None = None
    papers: int = 0
    proposed: bool = False


@dataclass(frozen=True)
class ClaimChange:
    """A claim made in one build and not the other, with its sentence and confidence."""

    relation: str
    subject: str
    object: str
    paper: str
    evidence: str | None = None
    confidence: float | None = None
    subject_iri: str = ""
    object_iri: str = ""


@dataclass(frozen=True)
class ConceptChange:
    """A concept whose paper count changed: ``before`` and ``after``."""

    label: str
    before: int
    after: int

    @property
    def rise(self) -> int:
        return self.after - self.before


@dataclass
class Changes(Generic[T]):
    """What was added and what was removed."""

    added: list[T] = field(default_factory=list)
    removed: list[T] = field(default_factory=list)


@dataclass
class GraphDiff:
    """The changes from ``old`` to ``new`` (names of the two graphs, for the report)."""

    old: str
    new: str
    papers: Changes[PaperChange]
    methods: Changes[EntityChange]
    datasets: Changes[EntityChange]
    claims: Changes[ClaimChange]
    concepts: list[ConceptChange]
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # papers before, after

    def to_dict(self) -> dict[str, Any]:
        """Plain data: ``papers``, ``methods``, ``datasets``, ``claims`` with ``added`` and
        ``removed`` lists, and ``concepts`` (those whose paper count rose or fell)."""
        out: dict[str, Any] = {"old": self.old, "new": self.new}
        for key in ("papers", "methods", "datasets", "claims"):
            part = getattr(self, key)
            out[key] = {"added": [asdict(x) for x in part.added], "removed": [asdict(x) for x in part.removed]}
        out["concepts"] = [dict(asdict(c), rise=c.rise) for c in self.concepts]
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def new_nodes(self) -> set[str]:
        """IRIs of the nodes of ``new`` that ``old`` did not have (papers, methods, datasets)."""
        return {p.iri for p in self.papers.added} | {e.iri for e in (*self.methods.added, *self.datasets.added)}

    def new_edges(self) -> set[tuple[str, str, str]]:
        """(subject, relation, object) IRIs of the claims ``old`` did not have."""
        return {(c.subject_iri, c.relation, c.object_iri) for c in self.claims.added}

    def summary(self) -> str:
        """One line per section: counts only."""
        by_relation: dict[str, list[int]] = {}
        for sign, part in ((0, self.claims.added), (1, self.claims.removed)):
            for c in part:
                by_relation.setdefault(c.relation, [0, 0])[sign] += 1
        claims = ", ".join(
            f"{_label(r)} +{a} −{b}" for r, (a, b) in sorted(by_relation.items(), key=lambda kv: _ORDER.get(kv[0], 9))
        )
        rising = ", ".join(f"{c.label} +{c.rise}" for c in self.concepts[:3] if c.rise > 0)
        lines = [
            f"papers    +{len(self.papers.added)} −{len(self.papers.removed)}",
            f"methods   +{len(self.methods.added)} −{len(self.methods.removed)} (first seen / no longer named)",
            f"datasets  +{len(self.datasets.added)} −{len(self.datasets.removed)}",
            f"claims    {claims or 'none changed'}",
        ]
        if rising:
            lines.append(f"concepts  {rising}")
        return "\n".join(lines)

    def report(self, top: int | None = 10) -> str:
        """The changes as text for a terminal: grouped, counted, most important first
        (``top`` rows a section; None for all)."""

        def cut(items: list, render) -> list[str]:
            shown = items if top is None else items[:top]
            lines = [render(x) for x in shown]
            if len(items) > len(shown):
                lines.append(f"    … and {len(items) - len(shown)} more (--all or --json for every one)")
            return lines

        before, after = self.counts.get("papers", (0, 0))
        out = [f"{self.old} ({before} papers) → {self.new} ({after} papers)", ""]
        out.append(f"Papers: +{len(self.papers.added)} −{len(self.papers.removed)}")
        for sign, papers in (("+", self.papers.added), ("−", self.papers.removed)):
            out += cut(papers, lambda p, s=sign: f"  {s} {p.date or '----------'}  {p.title}")
        for name, ch in (("Methods", self.methods), ("Datasets", self.datasets)):
            out += ["", f"{name}: +{len(ch.added)} first seen, −{len(ch.removed)} no longer named"]
            for sign, entities in (("+", ch.added), ("−", ch.removed)):
                out += cut(entities, lambda e, s=sign: f"  {s} {e.label}  ({_papers(e.papers)}; {_source(e)})")
        out += ["", f"Claims: +{len(self.claims.added)} −{len(self.claims.removed)}"]
        relations = {c.relation for c in (*self.claims.added, *self.claims.removed)}
        for rel in sorted(relations, key=lambda r: _ORDER.get(r, 9)):
            for sign, claims in (("+", self.claims.added), ("−", self.claims.removed)):
                mine = [c for c in claims if c.relation == rel]
                if mine:
                    out.append(f"  {sign} {_label(rel)} ({len(mine)})")
                    out += cut(mine, _claim_line)
        rising = [c for c in self.concepts if c.rise > 0]
        if rising:
            out += ["", "Concepts named by more papers:"]
            out += cut(rising, lambda c: f"  {c.label}  {c.before} → {c.after} (+{c.rise})")
        return "\n".join(out)


def _label(relation: str) -> str:
    return next(r.label for r in RELATIONS if r.name == relation)


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _source(e: EntityChange) -> str:
    if not e.paper:
        return "no paper"
    return f"{'proposed' if e.proposed else 'first named'} in “{e.paper}”"


#: The longest sentence a report line quotes; the whole one is in --json.
QUOTE_CHARS = 160


def _claim_line(c: ClaimChange) -> str:
    conf = f" [{c.confidence:.2f}]" if c.confidence is not None else ""
    quote = c.evidence or ""
    quote = quote if len(quote) <= QUOTE_CHARS else quote[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + " …"
    if c.subject == c.paper:  # the paper itself: name it once, after the sentence
        head = c.object
        quote = "" if c.evidence == c.paper else quote  # a title proposing its method says nothing more
    else:
        head = f"{c.subject} → {c.object}"
    return f"      {head}{conf}" + (f"  “{quote}”" if quote else "") + f" — {c.paper}"


def _newest_first(papers) -> list[PaperChange]:
    """Dated papers newest first, then the undated by title."""
    papers = list(papers)
    dated = sorted((p for p in papers if p.date), key=lambda p: (p.date, p.title), reverse=True)
    return dated + sorted((p for p in papers if not p.date), key=lambda p: p.title)


# --- reading a graph ---------------------------------------------------------------------
_PAPERS = "SELECT ?p ?t ?d WHERE { ?p a pg:Paper ; dcterms:title ?t OPTIONAL { ?p dcterms:date ?d } }"
_ENTITIES = """SELECT ?x ?kind ?label ?n WHERE {
  VALUES (?c ?kind) { (pg:Method "method") (pg:Dataset "dataset") (pg:Concept "concept") (pg:Repository "repository") }
  ?x a ?c ; rdfs:label ?label . OPTIONAL { ?x pg:paperCount ?n } }"""
_ALIASES = "SELECT ?x ?alt WHERE { ?x skos:altLabel ?alt ; rdfs:label ?l }"
#: The claims read: those reported, and the mentions that say which paper first names a
#: method or dataset (concept links, the most numerous, are not needed).
_READ = [r.name for r in RELATIONS if r.name in CLAIM_RELATIONS or r.name == "mentions"]
_CLAIMS = """SELECT ?s ?p ?o ?paper ?ev ?conf WHERE {
  VALUES ?p { %s }
  ?c rdf:predicate ?p ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?paper .
  OPTIONAL { ?c pg:evidence ?ev } OPTIONAL { ?c pg:confidence ?conf } }""" % " ".join(f"pg:{r}" for r in _READ)


@dataclass
class _Snapshot:
    papers: dict[str, PaperChange]
    entities: dict[str, tuple[str, str, int]]  # IRI -> kind, label, paper count
    names: dict[str, set[str]]  # IRI -> name keys of its label and aliases
    claims: dict[tuple[str, str, str, str], tuple[str | None, float | None]]  # (paper, rel, s, o)

    @classmethod
    def read(cls, graph) -> "_Snapshot":
        papers = {r["p"]: PaperChange(r["p"], r["t"], str(r["d"]) if "d" in r else None) for r in graph.query(_PAPERS)}
        entities, names = {}, {}
        for r in graph.query(_ENTITIES):
            entities[r["x"]] = (r["kind"], r["label"], r.get("n", 0))
            names[r["x"]] = {name_key(r["label"])}
        for r in graph.query(_ALIASES):
            names.setdefault(r["x"], set()).add(name_key(r["alt"]))
        claims: dict = {}
        for r in graph.query(_CLAIMS):
            key = (r["paper"], r["p"].rsplit("#", 1)[-1], r["s"], r["o"])
            claims.setdefault(key, (r.get("ev"), r.get("conf")))
        return cls(papers, entities, names, claims)

    def label(self, iri: str) -> str:
        if iri in self.entities:
            return self.entities[iri][1]
        return self.papers[iri].title if iri in self.papers else iri


def _match_entities(old: _Snapshot, new: _Snapshot) -> dict[str, str]:
    """Old entity IRI -> the new entity it is: the same IRI, else one sharing a name."""
    by_name: dict[tuple[str, str], str] = {}
    for iri, (kind, _label, _n) in sorted(new.entities.items()):
        for key in sorted(new.names.get(iri, ())):
            by_name.setdefault((kind, key), iri)
    out = {}
    for iri, (kind, _label, _n) in old.entities.items():
        if iri in new.entities and new.entities[iri][0] == kind:
            out[iri] = iri
            continue
        for key in sorted(old.names.get(iri, ())):
            if (kind, key) in by_name:
                out[iri] = by_name[(kind, key)]
                break
    return out


def _first_papers(snap: _Snapshot) -> dict[str, tuple[str, bool]]:
    """Entity IRI -> (the title of the paper that proposes it, True), else (the earliest
    paper that names it, False)."""
    proposer: dict[str, str] = {}
    earliest: dict[str, tuple[str, str]] = {}
    for paper, rel, _s, o in snap.claims:
        if paper not in snap.papers:
            continue
        p = snap.papers[paper]
        if rel == "proposes":
            proposer.setdefault(o, p.title)
        when = (p.date or "9999", p.title)
        if o not in earliest or when < earliest[o]:
            earliest[o] = when
    return {iri: (proposer[iri], True) if iri in proposer else (earliest[iri][1], False) for iri in earliest}


def diff(old, new, old_name: str = "old", new_name: str = "new") -> GraphDiff:
    """What changed from the graph ``old`` to the graph ``new`` (two :class:`PaperGraph`).

    Parameters
    ----------
    old, new : PaperGraph
        Two builds, local or remote.
    old_name, new_name : str
        How the report names them (paths, say).

    Returns
    -------
    GraphDiff
        Papers, methods and datasets added and removed; claims added and removed (of the
        relations in :data:`CLAIM_RELATIONS`, most telling first, then most confident);
        concepts whose paper count changed, most risen first.

    Examples
    --------
    >>> from papergraph import PaperGraph, example_graph
    >>> old = PaperGraph.build_records([{"title": "FooNet: Sparse Kernels for Image Classification",
    ...     "abstract": "We propose FooNet, a convolutional network with sparse kernels for image "
    ...                 "classification. FooNet outperforms ResNet-50 on ImageNet and CIFAR-10."}])
    >>> changes = diff(old, example_graph())
    >>> [p.title for p in changes.papers.added]
    ['BazFormer: Efficient Attention for Long Documents', 'BarNet: Denser Kernels for Image Classification']
    >>> print(changes.summary().splitlines()[0])
    papers    +2 −0
    """
    a, b = _Snapshot.read(old), _Snapshot.read(new)
    same = _match_entities(a, b)
    kept = set(same.values())

    def canon(iri: str) -> str:
        return same.get(iri, iri)

    papers = Changes(
        _newest_first(p for i, p in b.papers.items() if i not in a.papers),
        _newest_first(p for i, p in a.papers.items() if i not in b.papers),
    )
    first = {id(a): _first_papers(a), id(b): _first_papers(b)}

    def entity_changes(snap: _Snapshot, kind: str, iris: Iterable[str]) -> list[EntityChange]:
        out = []
        for i in iris:
            k, label, n = snap.entities[i]
            if k == kind:
                paper, proposed = first[id(snap)].get(i, (None, False))
                out.append(EntityChange(i, kind, label, paper, n, proposed))
        return sorted(out, key=lambda e: (-e.papers, e.label))

    methods, datasets = (
        Changes(
            entity_changes(b, kind, (i for i in b.entities if i not in kept)),
            entity_changes(a, kind, (i for i in a.entities if i not in same)),
        )
        for kind in ("method", "dataset")
    )

    old_claims = {(p, r, canon(s), canon(o)): v for (p, r, s, o), v in a.claims.items() if r in CLAIM_RELATIONS}
    new_claims = {k: v for k, v in b.claims.items() if k[1] in CLAIM_RELATIONS}

    def claim(key, value, snap: _Snapshot, original=None) -> ClaimChange:
        paper, rel, s, o = original or key
        title = snap.papers[paper].title if paper in snap.papers else paper
        return ClaimChange(rel, snap.label(s), snap.label(o), title, value[0], value[1], s, o)

    def order(c: ClaimChange):
        return (_ORDER.get(c.relation, 9), -(c.confidence or 0), c.subject, c.object, c.paper)

    new_ones = [claim(k, v, b) for k, v in new_claims.items() if k not in old_claims]
    originals = {(p, r, canon(s), canon(o)): (p, r, s, o) for (p, r, s, o) in a.claims}
    dropped = [claim(k, v, a, originals[k]) for k, v in old_claims.items() if k not in new_claims]
    claims = Changes(sorted(new_ones, key=order), sorted(dropped, key=order))

    before = {canon(i): n for i, (k, _l, n) in a.entities.items() if k == "concept"}
    concepts = [
        ConceptChange(label, before.get(i, 0), n)
        for i, (k, label, n) in b.entities.items()
        if k == "concept" and n != before.get(i, 0)
    ]
    concepts.sort(key=lambda c: (-c.rise, c.label))
    return GraphDiff(
        old_name,
        new_name,
        papers,
        methods,
        datasets,
        claims,
        concepts,
        {"papers": (len(a.papers), len(b.papers))},
    )
