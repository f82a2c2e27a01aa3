"""BibTeX (as exported by Zotero, Mendeley, Google Scholar or arXiv).

A small brace-aware scanner rather than a full BibTeX implementation: it reads
``@type{key, field = {value} | "value" | number, ...}`` entries, skips ``@comment``,
``@string`` and ``@preamble``, and reports an unbalanced entry by its first line.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, parse_date, split_authors

_ENTRY = re.compile(r"@\s*([A-Za-z]+)\s*[{(]")
_SKIP = {"comment", "string", "preamble"}


def sniff(text: str) -> bool:
    return bool(re.match(r"\s*(%[^\n]*\n\s*)*@\s*[A-Za-z]+\s*[{(]", text))


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    pos = 0
    while True:
        m = _ENTRY.search(text, pos)
        if not m:
            return
        line = text.count("\n", 0, m.start()) + 1
        body_start = m.end()
        end = _matching_brace(text, body_start, text[m.end() - 1])
        if end is None:
            yield InputError("BibTeX entry is not closed (unbalanced braces); entry skipped", path, line)
            nxt = _ENTRY.search(text, body_start)
            if not nxt:
                return
            pos = nxt.start()
            continue
        pos = end + 1
        if m.group(1).lower() in _SKIP:
            continue
        fields = _fields(text[body_start:end])
        if fields is None or not fields.get("title"):
            yield InputError("BibTeX entry has no title; entry skipped", path, line)
            continue
        year, month = fields.get("year", ""), fields.get("month", "")
        date_text = fields.get("date") or " ".join(x for x in (month[:3].title(), year) if x) or None
        url = fields.get("url") or (f"https://doi.org/{fields['doi']}" if fields.get("doi") else None)
        authors = split_authors(fields.get("author", "").replace("\n", " "))
        yield Paper(
            title=_clean(fields["title"]),
            abstract=_clean(fields.get("abstract", "")),
            url=url,
            arxiv_id=arxiv_id("arxiv:" + fields["eprint"]) if fields.get("eprint") else arxiv_id(url),
            date=parse_date(fields.get("date")),
            date_text=date_text,
            authors=authors,
            author_count=len(authors) or None,
            sources=(f"{path}:{line}",),
        )


def _matching_brace(text: str, start: int, opening: str = "{") -> int | None:
    """Index of the bracket closing the one just before ``start`` (``{`` or ``(``)."""
    closing = "}" if opening == "{" else ")"
    depth = 1
    for i in range(start, len(text)):
        c = text[i]
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i
    return None


def _fields(body: str) -> dict[str, str] | None:
    """``key, name = value, ...`` → {name: value}; values keep inner braces stripped later."""
    fields: dict[str, str] = {}
    i = body.find(",")
    if i < 0:
        return fields
    i += 1
    while i < len(body):
        m = re.compile(r"\s*([A-Za-z][\w\-:]*)\s*=\s*").match(body, i)
        if not m:
            break
        name, i = m.group(1).lower(), m.end()
        if i < len(body) and body[i] == "{":
            end = _matching_brace(body, i + 1)
            if end is None:
                return None
            value, i = body[i + 1 : end], end + 1
        elif i < len(body) and body[i] == '"':
            end = body.find('"', i + 1)
            if end < 0:
                return None
            value, i = body[i + 1 : end], end + 1
        else:
            end = body.find(",", i)
            end = len(body) if end < 0 else end
            value, i = body[i:end].strip(), end
        fields[name] = value
        comma = body.find(",", i)
        if comma < 0:
            break
        i = comma + 1
    return fields


def _clean(value: str) -> str:
    """Drop BibTeX braces and collapse white space: ``{BERT}: Pre-training`` → ``BERT: Pre-training``."""
    return " ".join(value.replace("{", "").replace("}", "").split())
