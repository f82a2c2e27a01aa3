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
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping

from .errors import InputError
from .model import THIS_PAPER
from .names import fold, title_key

FIELDS = ("proposes", "methods", "all_methods", "datasets", "repositories", "concepts", "improves_on", "evaluated_on")
_THIS = "<thispaper>"
_NAMES = "{ ?X rdfs:label ?N } UNION { ?X skos:prefLabel ?N } UNION { ?X skos:altLabel ?N }"


def _names(var: str, out: str) -> str:
    return _NAMES.replace("?X", var).replace("?N", out)


ENTITY_QUERIES = {
    "proposes": "SELECT ?t ?e ?n WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:proposes ?e . ?e a pg:Method . %s }"
                % _names("?e", "?n"),
    "methods": """SELECT ?t ?e ?n WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:mentions ?e . ?e a pg:Method .
                  FILTER NOT EXISTS { ?p pg:proposes ?e } %s }""" % _names("?e", "?n"),
    "all_methods": """SELECT ?t ?e ?n WHERE { ?p a pg:Paper ; dcterms:title ?t .
                      { ?p pg:mentions ?e } UNION { ?p pg:proposes ?e } ?e a pg:Method . %s }""" % _names("?e", "?n"),
    "datasets": """SELECT ?t ?e ?n WHERE { ?p a pg:Paper ; dcterms:title ?t .
                   { ?p pg:evaluatedOn ?e } UNION { ?p pg:proposes ?m . ?m pg:evaluatedOn ?e }
                   UNION { ?p pg:mentions ?e } UNION { ?p pg:proposes ?e }
                   UNION { ?c rdf:predicate pg:evaluatedOn ; rdf:object ?e ; prov:wasDerivedFrom ?p }
                   ?e a pg:Dataset . %s }""" % _names("?e", "?n"),
    "repositories": "SELECT ?t ?e (STR(?e) AS ?n) WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:hasRepository ?e }",
    "concepts": "SELECT ?t ?e ?n WHERE { ?p a pg:Paper ; dcterms:title ?t ; pg:hasConcept ?e . %s }"
                % _names("?e", "?n"),
}
PAIR_QUERY = """SELECT ?t ?s ?sn ?o ?on ?isPaper WHERE {
  ?p a pg:Paper ; dcterms:title ?t .
  { ?p pg:%(p)s ?o . BIND(?p AS ?s) } UNION { ?p pg:proposes ?s . ?s pg:%(p)s ?o }
  UNION { ?c rdf:predicate pg:%(p)s ; rdf:subject ?s ; rdf:object ?o ; prov:wasDerivedFrom ?p }
  BIND(EXISTS { ?s a pg:Paper } AS ?isPaper)
  OPTIONAL { %(sn)s } OPTIONAL { %(on)s } }"""


def norm(name: str) -> str:
    """A name as the guidelines compare it: ``names.fold(name, "gold")``.

    >>> norm("Vision-Transformers") == norm("vision transformer")
    True
    """
    return fold(name, "gold")


def norm_url(url: str) -> str:
    u = re.sub(r"^https?://(www\.)?", "", str(url).strip().rstrip(".,;)").lower())
    return re.sub(r"\.git$", "", u).rstrip("/")


def load_gold(paths: Iterable[str | Path]) -> list[dict]:
    """Gold records from JSON Lines files; a bad line is an error naming file and line."""
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
        return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _entry_names(entry) -> set[str]:
    if isinstance(entry, str):
        return {norm(entry)}
    return {norm(entry["name"])} | {norm(a) for a in entry.get("aliases", [])}


def _match(predicted: list[set], gold: list[set]) -> int:
    """Greedy one-to-one matching: a prediction matches a gold item sharing any name."""
    used, tp = set(), 0
    for names in predicted:
        for i, g in enumerate(gold):
            if i not in used and names & g:
                used.add(i)
                tp += 1
                break
    return tp


def evaluate(graph, gold: list[Mapping]) -> dict[str, dict]:
    """Precision, recall and F1 per field (micro-averaged over the gold papers)."""
    gold_by_title = {title_key(r["title"]): r for r in gold}
    counts = {f: _Counts() for f in FIELDS}
    for field, query in ENTITY_QUERIES.items():
        predicted: dict[str, dict[str, set]] = {}
        for row in graph.query(query).rows:
            names = predicted.setdefault(title_key(row["t"]), {}).setdefault(row["e"], set())
            names.add(norm_url(row["n"]) if field == "repositories" else norm(row["n"]))
        for key, rec in gold_by_title.items():
            g = _gold_items(field, rec)
            p = list(predicted.get(key, {}).values())
            m = _match(p, g)
            counts[field].tp += m
            counts[field].fp += len(p) - m
            counts[field].fn += len(g) - m
    for field, prop in (("improves_on", "improvesOn"), ("evaluated_on", "evaluatedOn")):
        query = PAIR_QUERY % {"p": prop, "sn": _names("?s", "?sn"), "on": _names("?o", "?on")}
        pairs: dict[str, dict[tuple, tuple[set, set, bool]]] = {}
        for row in graph.query(query).rows:
            entry = pairs.setdefault(title_key(row["t"]), {}).setdefault(
                (row["s"], row["o"]), (set(), set(), bool(row.get("isPaper"))))
            if "sn" in row:
                entry[0].add(norm(row["sn"]))
            if "on" in row:
                entry[1].add(norm(row["on"]))
        for key, rec in gold_by_title.items():
            g = _gold_pairs(rec, field)
            own = {}
            paper_pairs = []
            predicted = []
            for (_s, o), (sn, on, is_paper) in pairs.get(key, {}).items():
                if is_paper:
                    paper_pairs.append((o, ({_THIS} | sn, on)))
                else:
                    own[o] = True
                    predicted.append((sn, on))
            # the paper's own pair does not count again where one of its methods holds the object
            predicted += [pair for o, pair in paper_pairs if o not in own]
            used, m = set(), 0
            for ps, po in predicted:
                for i, (gs, go) in enumerate(g):
                    if i not in used and ps & gs and po & go:
                        used.add(i)
                        m += 1
                        break
            counts[field].tp += m
            counts[field].fp += len(predicted) - m
            counts[field].fn += len(g) - m
    return {f: counts[f].row() for f in FIELDS}


def _gold_items(field: str, rec: Mapping) -> list[set]:
    if field == "all_methods":
        return [_entry_names(e) for e in list(rec.get("proposes", [])) + list(rec.get("methods", []))]
    if field == "repositories":
        return [{norm_url(u)} for u in rec.get("repositories", [])]
    return [_entry_names(e) for e in rec.get(field, [])]


def _gold_pairs(rec: Mapping, field: str) -> list[tuple[set, set]]:
    entries = [*rec.get("proposes", []), *rec.get("methods", []), *rec.get("datasets", []),
               *rec.get("introduces_datasets", [])]
    names_of = {norm(e["name"]): _entry_names(e) for e in entries}
    proposed = [_entry_names(e) for e in rec.get("proposes", [])]
    out = []
    for s, o in rec.get(field, []):
        if s == THIS_PAPER:
            gs = {_THIS}
        else:
            gs = names_of.get(norm(s), {norm(s)})
            if any(norm(s) in p for p in proposed):
                gs = gs | {_THIS}
        out.append((gs, names_of.get(norm(o), {norm(o)})))
    return out


def format_table(table: Mapping[str, Mapping]) -> str:
    """The scores as an aligned text table."""
    lines = [f"{'field':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for field, r in table.items():
        lines.append(f"{field:<14}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                     f"{r['tp']:>6}{r['fp']:>6}{r['fn']:>6}")
    return "\n".join(lines)
