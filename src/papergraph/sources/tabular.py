"""JSON Lines (or a JSON array) and CSV tables: one paper a record.

Columns/keys: ``title`` and ``abstract`` (or ``summary``), optionally ``url``, ``date``,
``authors`` (a list, or a string separated by ``;``), ``arxiv_id``, ``upvotes``, ``code``
(a repository URL), ``doi``, ``ids`` (identifiers such as ``"openalex:W2963403868"``) and
``cites`` (identifiers of the works the paper cites, listed by the service ``cites_from``):
what ``papergraph fetch`` writes.
"""

from __future__ import annotations

import csv as _csv
import io
import json
import math
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, parse_date, split_authors

__all__ = ["jsonl", "csv_reader"]  # readers of papergraph.sources.READERS


def _as_text(value, field: str, path: str, line: int) -> tuple[str, InputError | None]:
    """A field as text: strings as they are, whole numbers written out; anything else
    (a list, an object, true/false, NaN) is no text, and says so."""
    if value is None or (isinstance(value, str)):
        return " ".join((value or "").split()), None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value), None
    if isinstance(value, float) and math.isfinite(value):
        return repr(value), None
    kind = {bool: "true/false", list: "a list", dict: "an object", float: "NaN or infinity"}.get(
        type(value), type(value).__name__
    )
    return "", InputError(f"'{field}' is {kind}, not text", path, line)


def _authors(value, path: str, line: int) -> tuple[tuple[str, ...], InputError | None]:
    """Authors from a list of names or of ``{"name": ...}`` objects (CSL, Hugging Face), or a
    string of names; anything else is dropped with a warning."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return (), None
    if isinstance(value, str):
        return split_authors(value), None
    if isinstance(value, list):
        names, bad = [], 0
        for a in value:
            if isinstance(a, dict):
                a = a.get("name") or " ".join(str(a.get(k) or "") for k in ("given", "family")).strip() or None
            if isinstance(a, str) and a.strip():
                names.append(" ".join(a.split()))
            else:
                bad += 1
        problem = (
            InputError(
                f"'authors' has {bad} entr{'y' if bad == 1 else 'ies'} that are not names; those were dropped",
                path,
                line,
            )
            if bad
            else None
        )
        return tuple(names), problem
    return (), InputError(f"'authors' is {type(value).__name__}, not a list of names; authors dropped", path, line)


def record_to_paper(rec: dict, path: str, line: int) -> Iterator[Paper | InputError]:
    """The Paper of one table record, after a warning for each field of the wrong type; or
    only the error that says why the record is skipped."""
    if not isinstance(rec, dict):
        yield InputError("record is not an object with a title; record skipped", path, line)
        return
    rec = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
    title, problem = _as_text(rec.get("title"), "title", path, line)
    if problem:
        yield InputError(f"{problem.reason}; record skipped", path, line)
        return
    if not title:
        yield InputError("record has no title; record skipped", path, line)
        return
    fields = {}
    for name, keys in (
        ("abstract", ("abstract", "summary")),
        ("url", ("url",)),
        ("date", ("date", "published")),
        ("arxiv_id", ("arxiv_id",)),
    ):
        key = next((k for k in keys if rec.get(k) not in (None, "")), keys[0])  # the first key given
        fields[name], problem = _as_text(rec.get(key), key, path, line)
        if problem:
            yield InputError(f"{problem.reason}; field ignored", path, line)
    upvotes = rec.get("upvotes")
    try:
        upvotes = int(upvotes) if upvotes not in (None, "") and not isinstance(upvotes, bool) else None
    except (TypeError, ValueError, OverflowError):
        upvotes = None
    authors, problem = _authors(rec.get("authors"), path, line)
    if problem:
        yield problem
    url, date_text = fields["url"] or None, fields["date"] or None
    code, _ = _as_text(rec.get("code"), "code", path, line)
    ids, cites = _identifiers(rec)
    yield Paper(
        title=title,
        abstract=fields["abstract"],
        url=url,
        arxiv_id=arxiv_id(fields["arxiv_id"]) or arxiv_id(url),
        date=parse_date(date_text),
        date_text=date_text,
        authors=authors,
        author_count=len(authors) or None,
        upvotes=upvotes,
        sources=(f"{path}:{line}",),
        code=code if code.startswith(("https://", "http://")) else None,
        ids=ids,
        cites=cites,
    )


def _identifiers(rec: dict) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """The record's identifiers (``ids``, ``doi``) and its references (``cites``, with the
    service ``cites_from`` that listed them), lower case; other values are ignored."""
    given, listed, doi, source = rec.get("ids"), rec.get("cites"), rec.get("doi"), rec.get("cites_from")
    ids = [i for i in given if isinstance(i, str) and ":" in i] if isinstance(given, list) else []
    if isinstance(doi, str) and doi.strip():
        ids.append("doi:" + doi.strip().lower().removeprefix("https://doi.org/"))
    source = source if isinstance(source, str) else "input"
    cites = listed if isinstance(listed, list) else []
    return (
        tuple(dict.fromkeys(i.strip().lower() for i in ids)),
        tuple(dict.fromkeys((source, c.strip().lower()) for c in cites if isinstance(c, str) and ":" in c)),
    )


def _loads(text: str):
    """JSON, with a structure nested too deep for Python's parser reported as such."""
    try:
        return json.loads(text)
    except RecursionError:
        raise json.JSONDecodeError("nested too deep", text, 0) from None


class jsonl:  # noqa: N801 - a namespace with the reader interface
    """JSON Lines, or one JSON array of records."""

    @staticmethod
    def sniff(text: str) -> bool:
        """JSON whose first records have a title (a package.json or a config file does not),
        or text that starts as JSON and cannot be parsed (its reader says where it breaks)."""
        head = text.lstrip()[:5000]
        if head[:1] not in ("{", "["):
            return False
        if '"title"' in head.lower():
            return True
        try:
            json.loads(text)
        except (json.JSONDecodeError, RecursionError):
            return True  # JSON that breaks: read, so that the break is reported with its line
        return False

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        if text.lstrip().startswith("["):
            try:
                records = _loads(text)
            except json.JSONDecodeError as err:
                yield InputError(f"not a valid JSON array ({err.msg}); file skipped", path, err.lineno)
                return
            if not isinstance(records, list):
                yield InputError("a JSON array was expected; file skipped", path, 1)
                return
            for i, rec in enumerate(records, start=1):
                yield from record_to_paper(rec, path, i)
            return
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rec = _loads(line)
            except json.JSONDecodeError as err:
                yield InputError(f"not valid JSON ({err.msg}); record skipped", path, n)
                continue
            yield from record_to_paper(rec, path, n)


class csv_reader:  # noqa: N801
    """CSV (or TSV) with a header row naming at least ``title``."""

    @staticmethod
    def sniff(text: str) -> bool:
        header = text.lstrip().split("\n", 1)[0].lower()
        return "title" in header and ("," in header or "\t" in header)

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        header = text.split("\n", 1)[0]
        dialect = "excel-tab" if header.count("\t") > header.count(",") else "excel"
        reader = _csv.DictReader(io.StringIO(text), dialect=dialect, strict=True)
        try:
            fieldnames = reader.fieldnames or []
        except _csv.Error as err:
            yield InputError(f"bad CSV header ({err}); file skipped", path, 1)
            return
        if "title" not in [(f or "").strip().lower() for f in fieldnames]:
            yield InputError("CSV header has no 'title' column; file skipped", path, 1)
            return
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except _csv.Error as err:
                yield InputError(f"bad CSV ({err}); record skipped", path, reader.line_num)
                continue
            if None in row:  # more cells than header columns
                yield InputError("row has more cells than the header; record skipped", path, reader.line_num)
                continue
            yield from record_to_paper(row, path, reader.line_num)
