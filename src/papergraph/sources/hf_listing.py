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

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

CHROME = {  # as the page writes them: a paper titled "SUBSCRIBE" is a paper
    "new",
    "Subscribe",
    "Daily Papers",
    "byAK and the research community",
    "Get trending papers in your email inbox!",
    "Get trending papers in your email inbox once a day!",
}
_DATE = re.compile(
    r"^(?P<date>(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}(, \d{4})?)(\s+(?P<votes>\d+))?$"
)
_AUTHORS = re.compile(r"^[•·*-]?\s*(\d+) authors?$")
#: An abstract is a paragraph; a title is a line. Titles in the wild stay well under this.
_MAX_TITLE = 300
#: A line this short that does not end a sentence is a title, not an abstract.
_MIN_ABSTRACT = 120


#: A sentence of an abstract: five words or more, ending as a sentence does.
_SENTENCE = re.compile(r"(?:\S+\s+){4,}\S+[.!?)](?:\s|$)")
#: A title: a capital, then words separated by spaces.
_TITLE = re.compile(r"[A-Z0-9][^\s]*(?:\s+\S+)+$")
#: A line of data, not of prose: markup, assignments, or fields joined by colons.
_DATA_LINE = re.compile(r"[<>{}=]|(?:[^:\s]*:){3}|^\S{60,}$")


def sniff(text: str) -> bool:
    r"""Whether ``text`` looks like a listing: prose (titles, then abstracts of whole
    sentences), not markup, data or code. Any other text is refused, never read as one.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> sniff("FooNet: A Title\n\nWe propose FooNet, a network that learns sparse kernels fast.")
    True
    >>> sniff("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin")
    False
    """
    body = text.lstrip("\ufeff \t\r\n")
    if not body or body[0] in "<{[@%#":
        return False
    lines = [line.strip() for line in body.split("\n") if line.strip()][:400]
    data = sum(1 for line in lines if _DATA_LINE.search(line))
    titles = sum(1 for line in lines if _TITLE.match(line))
    prose = any(_SENTENCE.search(line) for line in lines) or titles * 2 > len(lines)
    return len(lines) >= 2 and data <= len(lines) // 10 and prose


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of a listing page (a Hugging Face papers page saved as text): each title with the
    abstract under it and the metadata lines after it; a title with no abstract still yields
    its paper, flagged.

    Parameters
    ----------
    text : str
        The file's text.
    path : str
        The file's name, which problems and each paper's ``sources`` cite.

    Returns
    -------
    iterator of Paper or InputError
        Papers in file order; a record that cannot be read is an error naming its line, and
        reading goes on.

    Examples
    --------
    >>> page = "FooNet: A Title\\n\\nWe propose FooNet, a network that learns sparse kernels fast."
    >>> [(p.title, p.abstract) for p in read(page, "page.txt")]
    [('FooNet: A Title', 'We propose FooNet, a network that learns sparse kernels fast.')]
    """
    lines = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]
    title: tuple[int, str] | None = None
    record: dict | None = None  # the last paper, until its metadata lines are read

    def emit():
        nonlocal record
        if record is not None:
            yield Paper(**record)
            record = None

    for n, line in lines:
        if not line or line in CHROME or line == "·":
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
