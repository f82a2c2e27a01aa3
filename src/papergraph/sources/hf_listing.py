"""Hugging Face papers listing pages, saved as text.

Three layouts occur: title/abstract pairs separated by blank lines; pairs with no blank
lines and the page chrome glued to the first title (``SubscribeHodgeFormer: ...``); and
pairs followed by ``• N authors``, ``·``, a date (``Aug 31, 2021`` or ``Apr 14``) and an
optional upvote count. Page chrome lines are dropped.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import parse_date

CHROME = {
    "new",
    "subscribe",
    "daily papers",
    "byak and the research community",
    "get trending papers in your email inbox!",
    "get trending papers in your email inbox once a day!",
}
_DATE = re.compile(
    r"^(?P<date>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?)(\s+(?P<votes>\d+))?$"
)
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+) authors?$")
#: An abstract is a paragraph; a title is a line. Titles in the wild stay well under this.
_MAX_TITLE = 300
#: A line this short that does not end a sentence is a title, not an abstract.
_MIN_ABSTRACT = 120


def sniff(text: str) -> bool:
    """Any text is a listing (the fallback format)."""
    return True


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of a listing page; a title with no abstract still yields its paper, flagged."""
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]
    title: tuple[int, str] | None = None
    record: dict | None = None  # the last paper, until its metadata lines are read

    def emit():
        nonlocal record
        if record is not None:
            yield Paper(**record)
            record = None

    for n, line in lines:
        if not line or line.casefold() in CHROME or line == "·":
            continue
        if line.startswith("Subscribe") and len(line) > 9 and not line[9].islower():
            line = line[9:].strip()  # chrome glued to the first title
        meta = _AUTHORS.match(line)
        if meta:
            if record is not None:
                record["author_count"] = int(meta.group(1))
            continue
        meta = _DATE.match(line)
        if meta:
            if record is not None:  # dates before the first paper are the page's own
                record["date_text"] = meta.group("date")
                record["date"] = parse_date(meta.group("date"))
                if meta.group("votes"):
                    record["upvotes"] = int(meta.group("votes"))
            continue
        if title is None:
            if len(line) > _MAX_TITLE:
                yield InputError(
                    "a paragraph with no title before it; record skipped "
                    "(each paper needs a title line, then its abstract)",
                    path,
                    n,
                )
                continue
            yield from emit()
            title = (n, line)
        elif (
            len(line) <= _MAX_TITLE
            and not line.endswith((".", "!", "?"))
            and (_next_is_long(lines, n) or len(line) < _MIN_ABSTRACT)
        ):
            yield InputError(f"title with no abstract: {title[1][:80]!r}; read with an empty abstract", path, title[0])
            yield from emit()
            record = {"title": title[1], "abstract": "", "sources": (f"{path}:{title[0]}",)}
            yield from emit()
            title = (n, line)
        else:
            yield from emit()
            record = {"title": title[1], "abstract": line, "sources": (f"{path}:{title[0]}",)}
            title = None
    yield from emit()
    if title is not None:
        yield InputError(
            f"title with no abstract at the end of the file: {title[1][:80]!r}; read with an empty abstract",
            path,
            title[0],
        )
        yield Paper(title=title[1], abstract="", sources=(f"{path}:{title[0]}",))


def _next_is_long(lines: list[tuple[int, str]], n: int) -> bool:
    """Whether the next content line after line ``n`` (1-based) is paragraph-long."""
    for _, line in lines[n:]:
        if line:
            return len(line) > _MAX_TITLE
    return False
