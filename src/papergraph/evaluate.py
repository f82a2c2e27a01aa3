"""Score a graph against gold annotations written as in the gold guidelines.

Gold files are JSON Lines, one paper a line: ``title``, ``proposes``, ``introduces_datasets``,
``methods``, ``datasets`` (entries ``{"name", "aliases"}``), ``improves_on`` and
``evaluated_on`` (``[subject, object]`` pairs, ``"<this paper>"`` for an unnamed method),
``repositories`` (URLs) and ``concepts`` (strings). Matching follows the guidelines:
case-insensitive, ignoring spaces, hyphens and punctuation and a final plural "s", any
listed alias matching; a pair matches when both ends match; a paper's predictions are its
``pg:proposes``/``pg:mentions``/``pg:evaluatedOn``/``pg:hasRepository``/``pg:hasConcept``
edges, and a pair counts for a paper when the paper or a method it proposes is its
subject, or a claim of the pair was derived from the paper.

>>> from papergraph import PaperGraph
>>> g = PaperGraph.build_records([{"title": "FooNet: X", "abstract": "We propose FooNet. FooNet is tested on COCO."}])
>>> table = evaluate(g, [{"title": "FooNet: X", "proposes": [{"name": "FooNet", "aliases": []}],
...                       "datasets": [{"name": "MS COCO", "aliases": ["COCO"]}], "evaluated_on": [["FooNet", "COCO"]]}])
>>> table["proposes"]["f1"], table["datasets"]["f1"], table["evaluated_on"]["f1"]
(1.0, 1.0, 1.0)
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from dataclasses import field as _field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .errors import InputError
from .model import THIS_PAPER
from .names import fold, title_key

__all__ = [
    "FIELDS",
    "PaperDetails",
    "norm",
    "load_gold",
    "evaluate",
    "format_details",
    "format_table",
]

FIELDS = ("proposes", "methods", "all_methods", "datasets", "repositories", "concepts", "improves_on", "evaluated_on")
_THIS = "<thispaper>"
_NAMES = (
    "{ ?X rdfs:label ?N BIND(true AS ?Nmain) } UNION { ?X skos:prefLabel ?N BIND(true AS ?Nmain) }"
    " UNION { ?X skos:altLabel ?N }"
)


def _names(var: str, out: str) -> str:
    """The names of ``var`` as ``out``; ``<out>main`` is true for its label (not an alias)."""
    return _NAMES.replace("?X", var).replace("?N", out)


ENTITY_QUERIES = {
    "proposes": "SELECT ?t ?e ?n ?nmain WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:proposes ?e . ?e a pg:Method . %s }"
    % _names("?e", "?n"),
    "methods": """SELECT ?t ?e ?n ?nmain WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:mentions ?e . ?e a pg:Method .
                  FILTER NOT EXISTS { ?p pg:proposes ?e } %s }"""
    % _names("?e", "?n"),
    "all_methods": """SELECT ?t ?e ?n ?nmain WHERE { ?p a pg:Paper ; dcterms:title ?t .
                      { ?p pg:mentions ?e } UNION { ?p pg:proposes ?e } ?e a pg:Method . %s }"""
    % _names("?e", "?n"),
    "datasets": """SELECT ?t ?e ?n ?nmain WHERE { ?p a pg:Paper ; dcterms:title ?t .
                   { ?p pg:evaluatedOn ?e } UNION { ?p pg:proposes ?m . ?m pg:evaluatedOn ?e }
                   UNION { ?p pg:mentions ?e } UNION { ?p pg:proposes ?e }
                   UNION { ?c rdf:predicate pg:evaluatedOn ; rdf:object ?e ; prov:wasDerivedFrom ?p }
                   ?e a pg:Dataset . %s }"""
    % _names("?e", "?n"),
    "repositories": "SELECT ?t ?e (STR(?e) AS ?n) WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:hasRepository ?e }",
    "concepts": "SELECT ?t ?e ?n ?nmain WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:hasConcept ?e . %s }"
    % _names("?e", "?n"),
}
PAIR_QUERY = """SELECT ?t ?s ?sn ?snmain ?o ?on ?onmain ?isPaper WHERE {
  ?p a pg:Paper ; dcterms:title ?t .
  { ?p pg:%(p)s ?o . BIND(?p AS ?s) } UNION { ?p pg:proposes ?s . ?s pg:%(p)s ?o }
  UNION { ?c rdf:predicate pg:%(p)s ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?p }
  BIND(EXISTS { ?s a pg:Paper } AS ?isPaper)
  OPTIONAL { %(sn)s } OPTIONAL { %(on)s } }"""


def norm(name: str) -> str:
    """A name as the guidelines compare it: ``names.fold(name, "gold")``.

    Parameters
    ----------
    name : str

    Returns
    -------
    str

    Examples
    --------
    >>> norm("Vision-Transformers") == norm("vision transformer")
    True
    """
    return fold(name, "gold")


def norm_url(url: str) -> str:
    u = re.sub(r"^https?://(www\.)?", "", str(url).strip().rstrip(".,;)").lower())
    return re.sub(r"\.git$", "", u).rstrip("/")


def load_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Gold records from JSON Lines files; a bad line is an error naming file and line.

    Parameters
    ----------
    paths : iterable of str or Path
        Files in the format of ``gold/GUIDELINES.md`` (one paper per line).

    Returns
    -------
    list of dict
        The records, in file order.

    Raises
    ------
    InputError
        A line that is not a JSON object.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "gold.jsonl"
    >>> _ = path.write_text('{"title": "FooNet", "proposes": [{"name": "FooNet"}]}\\n\\nnot json\\n')
    >>> load_gold([path])
    Traceback (most recent call last):
    papergraph.errors.InputError: ...gold.jsonl:3: ...
    """
    out = []
    for path in paths:
        for n, line in enumerate(Path(path).read_text(encoding="utf-8").split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"not valid JSON ({err.msg})", str(path), n) from None
            if not isinstance(rec, dict) or not rec.get("title"):
                raise InputError("gold record has no title", str(path), n)
            out.append(rec)
    return out


@dataclass
class _Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def row(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


class _Names(set):
    """The normalised names of one item, and the name it is shown by in details."""

    label = ""
    main = False

    def shown_as(self, name: str, main: bool = False) -> "_Names":
        """Show the item by its label, else by its longest alias ("ImageNet-1K", not "IN1k")."""
        if main and not self.main or self.main == main and len(str(name)) > len(self.label):
            self.label, self.main = str(name), main
        return self


def _entry_names(entry) -> _Names:
    if isinstance(entry, str):
        return _Names({norm(entry)}).shown_as(entry)
    names = _Names({norm(entry["name"])} | {norm(a) for a in entry.get("aliases", [])})
    names.label = str(entry["name"])
    return names


def _match(predicted: Sequence, gold: Sequence, same) -> tuple[list, list]:
    """Greedy one-to-one matching (a prediction takes the first free gold item it is
    ``same`` as): the predictions that matched nothing and the gold items left unmatched."""
    used, false = set(), []
    for p in predicted:
        for i, g in enumerate(gold):
            if i not in used and same(p, g):
                used.add(i)
                break
        else:
            false.append(p)
    return false, [g for i, g in enumerate(gold) if i not in used]


def _shares_a_name(p: set, g: set) -> bool:
    return bool(p & g)


def _same_pair(p: tuple[set, set], g: tuple[set, set]) -> bool:
    return bool(p[0] & g[0] and p[1] & g[1])


@dataclass
class PaperDetails:
    """Where the graph and the gold disagree on one paper: per field, the gold items the
    graph missed and the items it found that the gold does not hold (false hits). Items
    are shown by one of their names, sorted; pairs as ``(subject, object)``; the paper
    itself as ``THIS_PAPER``."""

    title: str
    missed: dict[str, list] = _field(default_factory=dict)
    false: dict[str, list] = _field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def _shown(item) -> str | tuple:
    if isinstance(item, tuple):
        return tuple(_shown(x) for x in item)
    if _THIS in item and (len(item) == 1 or not getattr(item, "label", "")):
        return "THIS_PAPER"
    return getattr(item, "label", "") or min(item, key=len)


def evaluate(graph, gold: list[Mapping], details: list[PaperDetails] | None = None) -> dict[str, dict]:
    """Precision, recall and F1 per field (micro-averaged over the gold papers).

    Parameters
    ----------
    graph : PaperGraph
        The built graph (local or remote).
    gold : list of mapping
        Gold records as :func:`load_gold` reads them.
    details : list, optional
        When given, one :class:`PaperDetails` per gold paper with a miss or a false hit is
        appended to it, so that a score can be traced to the papers behind it.

    Returns
    -------
    dict
        ``{field: {"precision", "recall", "f1", "tp", "fp", "fn"}}`` for every field of ``FIELDS``.

    Examples
    --------
    >>> from papergraph import example_graph
    >>> gold = [{"title": "FooNet: Sparse Kernels for Image Classification", "proposes": [{"name": "FooNet"}],
    ...          "methods": [{"name": "ResNet-50"}], "datasets": [{"name": "ImageNet"}, {"name": "CIFAR-10"}],
    ...          "improves_on": [["FooNet", "ResNet-50"]], "evaluated_on": [["FooNet", "ImageNet"]],
    ...          "repositories": ["https://github.com/example/foonet"], "concepts": []}]
    >>> details = []
    >>> scores = evaluate(example_graph(), gold, details)
    >>> scores["improves_on"]["f1"], scores["evaluated_on"]["precision"]
    (1.0, 0.5)
    >>> details[0].false["evaluated_on"]
    [('FooNet', 'CIFAR-10')]
    """
    gold_by_title = {title_key(r["title"]): r for r in gold}
    counts = {f: _Counts() for f in FIELDS}
    per_paper = {key: PaperDetails(rec["title"]) for key, rec in gold_by_title.items()}

    def count(field: str, key: str, predicted: Sequence, gold_items: Sequence, same) -> None:
        false, missed = _match(predicted, gold_items, same)
        counts[field].tp += len(predicted) - len(false)
        counts[field].fp += len(false)
        counts[field].fn += len(missed)
        if false:
            per_paper[key].false[field] = sorted(map(_shown, false), key=str)
        if missed:
            per_paper[key].missed[field] = sorted(map(_shown, missed), key=str)

    for field, query in ENTITY_QUERIES.items():
        entities: dict[str, dict[str, _Names]] = {}
        for row in graph.query(query).rows:
            names = entities.setdefault(title_key(row["t"]), {}).setdefault(row["e"], _Names())
            names.add(norm_url(row["n"]) if field == "repositories" else norm(row["n"]))
            names.shown_as(row["n"], bool(row.get("nmain")))
        for key, rec in gold_by_title.items():
            count(field, key, list(entities.get(key, {}).values()), _gold_items(field, rec), _shares_a_name)
    for field, prop in (("improves_on", "improvesOn"), ("evaluated_on", "evaluatedOn")):
        query = PAIR_QUERY % {"p": prop, "sn": _names("?s", "?sn"), "on": _names("?o", "?on")}
        pairs: dict[str, dict[tuple, tuple[_Names, _Names, bool]]] = {}
        for row in graph.query(query).rows:
            entry = pairs.setdefault(title_key(row["t"]), {}).setdefault(
                (row["s"], row["o"]), (_Names(), _Names(), bool(row.get("isPaper")))
            )
            if "sn" in row:
                entry[0].add(norm(row["sn"]))
                entry[0].shown_as(row["sn"], bool(row.get("snmain")))
            if "on" in row:
                entry[1].add(norm(row["on"]))
                entry[1].shown_as(row["on"], bool(row.get("onmain")))
        for key, rec in gold_by_title.items():
            g = _gold_pairs(rec, field)
            own = {}
            paper_pairs = []
            predicted: list[tuple[_Names, _Names]] = []
            for (_s, o), (sn, on, is_paper) in pairs.get(key, {}).items():
                if is_paper:
                    paper_pairs.append((o, (_Names({_THIS} | sn).shown_as(sn.label), on)))
                else:
                    own[o] = True
                    predicted.append((sn, on))
            # the paper's own pair does not count again where one of its methods holds the object
            predicted += [pair for o, pair in paper_pairs if o not in own]
            count(field, key, predicted, g, _same_pair)
    if details is not None:
        details.extend(d for d in per_paper.values() if d.missed or d.false)
    return {f: counts[f].row() for f in FIELDS}


def _gold_items(field: str, rec: Mapping) -> Sequence[set[str]]:
    if field == "all_methods":
        return [_entry_names(e) for e in list(rec.get("proposes", [])) + list(rec.get("methods", []))]
    if field == "repositories":
        return [{norm_url(u)} for u in rec.get("repositories", [])]
    return [_entry_names(e) for e in rec.get(field, [])]


def _gold_pairs(rec: Mapping, field: str) -> list[tuple[_Names, _Names]]:
    entries = [
        *rec.get("proposes", []),
        *rec.get("methods", []),
        *rec.get("datasets", []),
        *rec.get("introduces_datasets", []),
    ]
    names_of = {norm(e["name"]): _entry_names(e) for e in entries}
    proposed = [_entry_names(e) for e in rec.get("proposes", [])]
    out = []
    for s, o in rec.get(field, []):
        if s == THIS_PAPER:
            gs = _Names({_THIS})
        else:
            gs = names_of.get(norm(s)) or _entry_names(s)
            if any(norm(s) in p for p in proposed):
                gs = _Names(gs | {_THIS}).shown_as(gs.label)
        out.append((gs, names_of.get(norm(o)) or _entry_names(o)))
    return out


def format_details(details: list[PaperDetails]) -> str:
    """Per-paper misses and false hits as text: a paper's title, then a line per field.

    Parameters
    ----------
    details : list of PaperDetails
        As :func:`evaluate` fills them.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_details([PaperDetails("FooNet", {"datasets": ["coco"]}, {"methods": ["bar"]})]))
    FooNet
      methods       false:  bar
      datasets      missed: coco
    """
    lines = []
    for d in details:
        lines.append(d.title)
        for fld in FIELDS:
            for what, items in (("missed:", d.missed.get(fld)), ("false: ", d.false.get(fld))):
                if items:
                    shown = "; ".join(" -> ".join(i) if isinstance(i, tuple) else i for i in items)
                    lines.append(f"  {fld:<14}{what} {shown}")
    return "\n".join(lines)


def format_table(table: Mapping[str, Mapping]) -> str:
    """The scores as an aligned text table.

    Parameters
    ----------
    table : mapping
        ``{field: {"precision", "recall", "f1", "tp", "fp", "fn"}}``, as :func:`evaluate` returns.

    Returns
    -------
    str

    Examples
    --------
    >>> print(format_table({"datasets": {"precision": 1.0, "recall": 0.5, "f1": 2 / 3, "tp": 1, "fp": 0, "fn": 1}}))
    field               P      R     F1    tp    fp    fn
    datasets        1.000  0.500  0.667     1     0     1
    """
    lines = [f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for field, r in table.items():
        lines.append(
            f"{field:<14}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}"
        )
    return "\n".join(lines)
