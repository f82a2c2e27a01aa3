"""JSON documents that services and reference managers write, each told by its shape.

- ``hf_api``: the Hugging Face papers API: ``/api/daily_papers`` (a list of
  ``{"paper": {"id", "title", "summary", "authors": [{"name"}], "publishedAt", "upvotes",
  "githubRepo", ...}, "publishedAt", "title", ...}``), ``/api/papers/{id}`` (one such paper)
  and ``/api/papers/search`` (a list of ``{"paper": ...}``). The shapes are those of
  huggingface_hub's ``PaperInfo`` (``hf_api.py``, Apache-2.0) and the Hub API docs.
- ``csl_json``: CSL-JSON, as Zotero, Mendeley and Paperpile export it (a list of items with
  ``type``, ``title``, ``author: [{"family", "given"}]``, ``issued: {"date-parts": [[y, m, d]]}``,
  ``abstract``, ``URL``, ``DOI``; the schema is citation-style-language/schema, MIT).
- ``json_feed``: JSON Feed 1.0/1.1 (``{"version": "https://jsonfeed.org/version/1.1",
  "items": [{"title", "content_text", "url", "date_published", "authors"}]}``).

A record's line is the line where its object starts in the file.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, date_from_parts, parse_date

__all__ = ["hf_api", "csl_json", "json_feed"]  # readers of papergraph.sources.READERS


@lru_cache(maxsize=4)
def _parsed(text: str) -> Any:
    """The JSON value of ``text``, or None when it is not one JSON document (JSON Lines,
    broken JSON): each reader's sniff asks, the text is parsed once."""
    try:
        return json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None


def _object_lines(text: str, depth: int) -> list[int]:
    """Line numbers of the objects that open at ``depth`` brackets deep (1: the items of a
    top-level list), in order; strings are skipped so that a brace in a title is no object."""
    lines, level, line = [], 0, 1
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}\n]', text):
        tok = m.group(0)
        if tok == "\n":
            line += 1
        elif tok in "[{":
            if tok == "{" and level == depth:
                lines.append(line)
            level += 1
        elif tok in "]}":
            level -= 1
        else:
            line += tok.count("\n")
    return lines


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _names(authors: Any) -> tuple[str, ...]:
    """Names from ``[{"name"}]``, ``[{"given", "family"}]`` (CSL, with ``literal`` for a body)
    or ``["A. Name"]``."""
    out = []
    for a in authors if isinstance(authors, list) else []:
        if isinstance(a, dict):
            a = a.get("name") or a.get("literal") or " ".join(_text(a.get(k)) for k in ("given", "family")).strip()
        if isinstance(a, str) and a.strip():
            out.append(" ".join(a.split()))
    return tuple(out)


def _paper(path: str, line: int, **fields: Any) -> Iterator[Paper | InputError]:
    title = _text(fields.pop("title", ""))
    if not title:
        yield InputError("record has no title; record skipped", path, line)
        return
    authors = fields.pop("authors", ())
    yield Paper(title=title, authors=authors, author_count=len(authors) or None, sources=(f"{path}:{line}",), **fields)


# --- Hugging Face papers API ------------------------------------------------------------------
def _hf_paper(obj: Any) -> dict | None:
    """The paper object of a daily-papers item (``{"paper": {...}}``) or of a paper response."""
    if isinstance(obj, dict) and isinstance(obj.get("paper"), dict):
        return obj["paper"]
    if isinstance(obj, dict) and "summary" in obj and "id" in obj and "title" in obj:
        return obj
    return None


class hf_api:  # noqa: N801 - a namespace with the reader interface
    """Hugging Face papers API responses (daily papers, a paper, a search)."""

    @staticmethod
    def sniff(text: str) -> bool:
        if text.lstrip()[:1] not in "[{":
            return False
        doc = _parsed(text)
        items = doc if isinstance(doc, list) else [doc]
        return bool(items) and _hf_paper(items[0]) is not None

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        doc = _parsed(text)
        items = doc if isinstance(doc, list) else [doc]
        lines = _object_lines(text, 1) if isinstance(doc, list) else [1]
        for i, item in enumerate(items):
            line = lines[i] if i < len(lines) else 1
            paper = _hf_paper(item)
            if paper is None:
                yield InputError("not a Hugging Face paper (no 'paper' object); record skipped", path, line)
                continue
            pid = _text(paper.get("id"))
            repo = _text(paper.get("githubRepo"))
            votes = paper.get("upvotes")
            yield from _paper(
                path,
                line,
                title=paper.get("title") or (item.get("title") if isinstance(item, dict) else ""),
                abstract=_text(paper.get("summary")),
                url=f"https://huggingface.co/papers/{pid}" if pid else None,
                arxiv_id=arxiv_id("arxiv:" + pid) if pid else None,
                date=parse_date(_text(paper.get("publishedAt"))),
                date_text=_text(paper.get("publishedAt")) or None,
                authors=_names(paper.get("authors")),
                upvotes=votes if isinstance(votes, int) and not isinstance(votes, bool) else None,
                code=repo if repo.startswith("https://") else None,
            )


# --- CSL-JSON -----------------------------------------------------------------------------------
def _csl_date(issued: Any) -> str | None:
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return date_from_parts(*parts[0][:3])
        return parse_date(_text(issued.get("raw") or issued.get("literal")))
    return None


class csl_json:  # noqa: N801
    """CSL-JSON: the citation data Zotero, Mendeley and Paperpile export."""

    @staticmethod
    def sniff(text: str) -> bool:
        if text.lstrip()[:1] != "[":
            return False
        doc = _parsed(text)
        return (
            isinstance(doc, list)
            and bool(doc)
            and isinstance(doc[0], dict)
            and "type" in doc[0]
            and any(k in doc[0] for k in ("issued", "author", "container-title", "DOI", "URL", "citation-key"))
        )

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        lines = _object_lines(text, 1)
        for i, item in enumerate(_parsed(text)):
            line = lines[i] if i < len(lines) else 1
            if not isinstance(item, dict):
                yield InputError("CSL item is not an object; record skipped", path, line)
                continue
            url = _text(item.get("URL")) or (f"https://doi.org/{_text(item['DOI'])}" if item.get("DOI") else None)
            note = " ".join(_text(item.get(k)) for k in ("number", "archive_location", "note"))
            yield from _paper(
                path,
                line,
                title=item.get("title"),
                abstract=_text(item.get("abstract")),
                url=url,
                arxiv_id=arxiv_id(url) or arxiv_id(note if "arxiv" in note.lower() else None),
                date=_csl_date(item.get("issued")),
                authors=_names(item.get("author")),
            )


# --- JSON Feed ----------------------------------------------------------------------------------
class json_feed:  # noqa: N801
    """JSON Feed (jsonfeed.org), as paper feeds and blogs publish it."""

    @staticmethod
    def sniff(text: str) -> bool:
        if text.lstrip()[:1] != "{":
            return False
        doc = _parsed(text)
        return isinstance(doc, dict) and "jsonfeed.org" in str(doc.get("version", "")) and "items" in doc

    @staticmethod
    def read(text: str, path: str) -> Iterator[Paper | InputError]:
        items = _parsed(text).get("items")
        if not isinstance(items, list):
            yield InputError("JSON Feed 'items' is not a list; file skipped", path, 1)
            return
        lines = _object_lines(text, 2)
        for i, item in enumerate(items):
            line = lines[i] if i < len(lines) else 1
            if not isinstance(item, dict):
                yield InputError("feed item is not an object; record skipped", path, line)
                continue
            url = _text(item.get("url")) or _text(item.get("external_url")) or None
            authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
            yield from _paper(
                path,
                line,
                title=item.get("title"),
                abstract=_text(item.get("content_text") or item.get("summary")),
                url=url,
                arxiv_id=arxiv_id(url) or arxiv_id(_text(item.get("id"))),
                date=parse_date(_text(item.get("date_published"))),
                authors=_names(authors),
            )
