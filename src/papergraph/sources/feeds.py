"""RSS 2.0, RSS 1.0 and Atom feeds of papers (journal tables of contents, arXiv's RSS,
paper-digest sites), parsed by feedparser (BSD-2-Clause).

Each item is a paper: its title, its description (or Atom summary or content) as the
abstract, its link, its date and authors (``dc:creator``, ``author``). arXiv's RSS puts
"arXiv:2405.01234v1 Announce Type: new Abstract:" before the abstract; that prefix is
dropped and the id kept. A feed's line numbers are those where each ``<item>`` or
``<entry>`` opens. arXiv API responses (Atom with arXiv's namespace) have a reader of
their own (``arxiv``).
"""

from __future__ import annotations

import html
import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, parse_date

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

_ROOT = re.compile(r"<(rss|rdf:RDF|feed)\b", re.I)
_ITEM = re.compile(r"<(?:item|entry)[\s>]")
_ARXIV_PREFIX = re.compile(r"^arXiv:(\S+)\s+Announce Type:\s*\S+\s+Abstract:\s*", re.I)
_TAG = re.compile(r"<[^>]+>")


def sniff(text: str) -> bool:
    """Whether ``text`` is an RSS 2.0, RSS 1.0 (RDF) or Atom feed (an arXiv API feed is left to
    the arXiv reader).

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> rss = ('<rss version="2.0"><channel><title>x</title><item><title>FooNet</title>'
    ...        '<description>We propose FooNet.</description><link>https://example.org/foonet</link>'
    ...        '<pubDate>Tue, 02 May 2023 00:00:00 GMT</pubDate></item></channel></rss>')
    >>> sniff(rss), sniff("<html><body>not a feed</body></html>")
    (True, False)
    """
    head = text[:3000]
    m = _ROOT.search(head)
    return m is not None and not (m.group(1).lower() == "feed" and "arxiv.org/schemas/atom" in head)


def _plain(value: str) -> str:
    """Text of an HTML fragment (feed descriptions are HTML)."""
    return " ".join(html.unescape(_TAG.sub(" ", value or "")).split())


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of a feed (feedparser): an item's title, summary, link, date and authors; the
    "arXiv:ID Announce Type: new" line of arXiv's RSS is dropped from the abstract.

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
    >>> rss = ('<rss version="2.0"><channel><title>x</title><item><title>FooNet</title>'
    ...        '<description>We propose FooNet.</description><link>https://example.org/foonet</link>'
    ...        '<pubDate>Tue, 02 May 2023 00:00:00 GMT</pubDate></item></channel></rss>')
    >>> [(p.title, p.abstract, p.url, p.date) for p in read(rss, "feed.xml")]
    [('FooNet', 'We propose FooNet.', 'https://example.org/foonet', '2023-05-02')]
    """
    import feedparser

    feed = feedparser.parse(text, sanitize_html=False, resolve_relative_uris=False)
    lines = [text.count("\n", 0, m.start()) + 1 for m in _ITEM.finditer(text)]
    if feed.bozo and not feed.entries:
        err = feed.bozo_exception
        line = getattr(err, "getLineNumber", lambda: None)()
        yield InputError(f"not a readable feed ({err}); file skipped", path, line)
        return
    if feed.bozo:
        err = feed.bozo_exception
        line = getattr(err, "getLineNumber", lambda: None)()
        cut = "no element found" in str(err) or "unclosed" in str(err)
        what = "feed ends before it is complete" if cut else "feed is malformed"
        yield InputError(f"{what} ({err}); the items before the fault were read", path, line)
    for i, entry in enumerate(feed.entries):
        line = lines[i] if i < len(lines) else 1
        title = _plain(entry.get("title", ""))
        if not title:
            yield InputError("feed item has no title; record skipped", path, line)
            continue
        abstract = _plain(entry.get("summary", "") or (entry.get("content") or [{}])[0].get("value", ""))
        prefix = _ARXIV_PREFIX.match(abstract)
        abstract = abstract[prefix.end() :] if prefix else abstract
        link = entry.get("link") or None
        names = [a.get("name", "") for a in entry.get("authors", []) if isinstance(a, dict)]
        if len(names) == 1 and "," in names[0]:  # arXiv's RSS: "A. One, B. Two" in one dc:creator
            names = [n.strip() for n in names[0].split(",")]
        authors = tuple(n for n in (" ".join(n.split()) for n in names) if n)
        when = entry.get("published") or entry.get("updated") or entry.get("dc_date") or ""
        yield Paper(
            title=title,
            abstract=abstract,
            url=link,
            arxiv_id=arxiv_id(link) or (arxiv_id("arxiv:" + prefix.group(1)) if prefix else None),
            date=parse_date(_iso(entry) or when),
            date_text=when or None,
            authors=authors,
            author_count=len(authors) or None,
            sources=(f"{path}:{line}",),
        )


def _iso(entry) -> str | None:
    """The entry's date as ISO, from feedparser's parsed time (RSS writes RFC 822 dates)."""
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}" if parsed else None
