"""JSON Lines (or a JSON array) and CSV tables: one paper a record.

Columns/keys: ``title`` and ``abstract`` (or ``summary``), optionally ``url``, ``date``,
``authors`` (a list, or a string separated by ``;``), ``arxiv_id``, ``upvotes``.
"""
from __future__ import annotations

import csv as _csv
import io
import json
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, parse_date, split_authors


def record_to_paper(rec: dict, path: str, line: int) -> Paper | InputError:
    """A Paper from one table record, or the error that says what is missing."""
    if not isinstance(rec, dict):
        return InputError("record is not an object with a title; record skipped", path, line)
    rec = {str(k).strip().lower(): v for k, v in rec.items() if k is not None}
    title = " ".join(str(rec.get("title") or "").split())
    if not title:
        return InputError("record has no title; record skipped", path, line)
    abstract = " ".join(str(rec.get("abstract") or rec.get("summary") or "").split())
    url = str(rec.get("url") or "").strip() or None
    date_text = str(rec.get("date") or rec.get("published") or "").strip() or None
    upvotes = rec.get("upvotes")
    try:
        upvotes = int(upvotes) if upvotes not in (None, "") else None
    except (TypeError, ValueError):
        upvotes = None
    authors = split_authors(rec.get("authors"))
    return Paper(
        title=title, abstract=abstract, url=url,
        arxiv_id=arxiv_id(str(rec.get("arxiv_id") or "")) or arxiv_id(url),
        date=parse_date(date_text), date_text=date_text, authors=authors,
        author_count=len(authors) or None, upvotes=upvotes, sources=(f"{path}:{line}",),
    )


class jsonl:  # noqa: N801 - a namespace with the reader interface
    """JSON Lines, or one JSON array of records."""

    @staticmethod
    def sniff(text: str) -> bool:
        return text.lstrip()[:1] in ("{", "[")

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        if text.lstrip().startswith("["):
            try:
                records = json.loads(text)
            except json.JSONDecodeError as err:
                yield InputError(f"not a valid JSON array ({err.msg}); file skipped", path, err.lineno)
                return
            for i, rec in enumerate(records, start=1):
                yield record_to_paper(rec, path, i)
            return
        for n, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as err:
                yield InputError(f"not valid JSON ({err.msg}); record skipped", path, n)
                continue
            yield record_to_paper(rec, path, n)


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
            yield record_to_paper(row, path, reader.line_num)
