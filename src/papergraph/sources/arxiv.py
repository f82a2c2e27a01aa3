"""arXiv API Atom feeds (``export.arxiv.org/api/query`` responses, saved to a file).

Entries are read one at a time, so a feed cut off midway still yields the entries
before the cut, and an error names the line where the feed breaks.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, parse_date, xml_records

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

ATOM = "{http://www.w3.org/2005/Atom}"


def sniff(text: str) -> bool:
    """An Atom feed from the arXiv API (its namespace, or its query ids); other Atom feeds
    are read by the feed reader.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/api/q</id><entry>'
    ...         '<id>http://arxiv.org/abs/1706.03762v5</id><title>Attention Is All You Need</title>'
    ...         '<summary>We propose the Transformer.</summary><published>2017-06-12T17:57:34Z</published>'
    ...         '</entry></feed>')
    >>> sniff(atom), sniff('<feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title></feed>')
    (True, False)
    """
    head = text[:3000]
    return "<feed" in head and "arxiv.org/" in head


def _text(entry: ET.Element, tag: str) -> str:
    el = entry.find(ATOM + tag)
    return " ".join((el.text or "").split()) if el is not None else ""


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of an arXiv API Atom feed: title, abstract, authors, dates, arXiv id, links.

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
    >>> atom = ('<feed xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/api/q</id><entry>'
    ...         '<id>http://arxiv.org/abs/1706.03762v5</id><title>Attention Is All You Need</title>'
    ...         '<summary>We propose the Transformer.</summary><published>2017-06-12T17:57:34Z</published>'
    ...         '</entry></feed>')
    >>> [(p.title, p.arxiv_id, p.date) for p in read(atom, "query.xml")]
    [('Attention Is All You Need', '1706.03762', '2017-06-12')]
    """
    for item in xml_records(text, path, ATOM + "feed", (ATOM + "entry",), "Atom feed"):
        yield item if isinstance(item, InputError) else _entry_to_paper(item[1], path, item[0])


def _entry_to_paper(el: ET.Element, path: str, line: int) -> Paper | InputError:
    title = _text(el, "title")
    if not title:
        return InputError("Atom entry has no title; entry skipped", path, line)
    ident = _text(el, "id")
    links = [ln.get("href", "") for ln in el.findall(ATOM + "link") if ln.get("rel", "alternate") == "alternate"]
    authors = tuple(_text(a, "name") for a in el.findall(ATOM + "author"))
    return Paper(
        title=title,
        abstract=_text(el, "summary"),
        url=(links[0] if links else ident) or None,
        arxiv_id=arxiv_id(ident),
        date=parse_date(_text(el, "published")),
        date_text=_text(el, "published") or None,
        authors=authors,
        author_count=len(authors) or None,
        sources=(f"{path}:{line}",),
    )
