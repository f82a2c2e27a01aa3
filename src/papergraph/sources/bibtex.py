"""BibTeX (as exported by Zotero, Mendeley, Google Scholar, Paperpile or arXiv).

Parsed by `bibtexparser` 2 (MIT) and decoded from LaTeX to Unicode by `pylatexenc` (MIT):
``J{\\"a}rviniemi`` is "Järviniemi", ``\\textendash`` "–", ``$\\mathcal{O}(n)$`` "𝒪(n)";
``@string`` macros are expanded, ``#`` concatenations joined; ``\\url{...}`` and ``\\_`` in
URLs unescaped; names read as "Given Family". A year, or a year and month, is kept as
a partial date. An entry the parser cannot read is reported by its first line and the
entries after it still load.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, date_from_parts, parse_date

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

_SNIFF = re.compile(r"\s*(?:%[^\n]*\n\s*)*@\s*[A-Za-z]+\s*[{(]")


def sniff(text: str) -> bool:
    """Whether ``text`` opens like BibTeX (an ``@entry{`` after comments).

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> sniff("% my library\\n@article{k, title = {T}}"), sniff("TY  - JOUR")
    (True, False)
    """
    return bool(_SNIFF.match(text))


@lru_cache(maxsize=1)
def _middleware() -> list:
    import logging

    # the parser logs each entry it cannot read; read() reports them with file and line
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    from bibtexparser.middlewares import (
        LatexDecodingMiddleware,
        MergeNameParts,
        SeparateCoAuthors,
        SplitNameParts,
    )
    from pylatexenc.latex2text import LatexNodes2Text

    decoder = LatexNodes2Text(math_mode="text")
    return [
        LatexDecodingMiddleware(decoder=decoder),
        SeparateCoAuthors(),
        SplitNameParts(),
        MergeNameParts("first"),
    ]


def _field(entry, name: str) -> str:
    value = entry.fields_dict[name].value if name in entry.fields_dict else ""
    return " ".join(str(value).split())


_URL = re.compile(r"\\url\{([^}]*)\}|(https?://[^\s<>]+)")


def _url(entry) -> str | None:
    """The entry's URL: ``url``, else a URL in ``howpublished`` or ``note``, else its DOI's."""
    for name in ("url", "howpublished", "note"):
        m = _URL.search(_field(entry, name))
        if m:
            return (m.group(1) or m.group(2)).replace("\\_", "_").replace("\\%", "%").rstrip(".,;")
    doi = _field(entry, "doi")
    return f"https://doi.org/{doi}" if doi else None


def expand_concatenation(value: str, macros: dict[str, str]) -> str:
    """A BibTeX value written as parts joined by ``#`` (``neurips # " Workshop"``), with its
    macro names replaced by their values; other values are returned as they are.

    >>> expand_concatenation('neurips # " Workshop"', {"neurips": "NeurIPS"})
    'NeurIPS Workshop'
    """
    parts = re.findall(r'\s*("[^"]*"|\{[^{}]*\}|[^#\s]+)\s*(?:#|$)', value)
    if len(parts) < 2 or "".join(parts).replace(" ", "") != value.replace("#", "").replace(" ", ""):
        return value
    out = []
    for part in parts:
        if part[0] in '"{':
            out.append(part[1:-1])
        else:
            out.append(macros.get(part.lower(), part))
    return "".join(out)


_CARET = re.compile(r"\\textasciicircum(?:\{\}|\s+|(?![A-Za-z]))")  # LaTeX drops the space after a command


def _entries(text: str) -> Iterator[tuple[int, Any, dict[str, str]]]:
    """(line, entry or failed block) of ``text`` in file order; an entry whose key repeats an
    earlier one's is still an entry (two papers filed under one key)."""
    import bibtexparser
    from bibtexparser.model import DuplicateBlockKeyBlock

    # pylatexenc writes \textasciicircum as U+02C6; the text means the ASCII caret (and a
    # U+02C6 the file holds is kept as it is)
    text = _CARET.sub("^", text)
    library = bibtexparser.parse_string(text, append_middleware=_middleware())
    macros = {s.key.lower(): str(s.value) for s in library.strings}
    for block in sorted([*library.entries, *library.failed_blocks], key=lambda b: b.start_line or 0):
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            again = bibtexparser.parse_string(block.raw or "", append_middleware=_middleware()).entries
            block = again[0] if again else block
        yield line, block, macros


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of a BibTeX file (bibtexparser 2; LaTeX decoded by pylatexenc, ``@string`` macros
    and ``#`` concatenation expanded, an ``eprint`` read as the arXiv id).

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
    >>> bib = ("@article{vaswani, title = {Attention Is All You Need}, year = {2017}, eprint = {1706.03762}}\\n"
    ...        "@article{broken, title = {x}\\n")
    >>> for item in read(bib, "refs.bib"):
    ...     print(item if not hasattr(item, "title") else (item.title, item.arxiv_id, item.date))
    ('Attention Is All You Need', '1706.03762', '2017')
    refs.bib:2: BibTeX entry is not closed (the file ends inside it); entry skipped
    """
    from bibtexparser.model import Entry

    for line, entry, macros in _entries(text):
        if not isinstance(entry, Entry):
            error = getattr(entry, "error", None)
            reason = " ".join((getattr(error, "abort_reason", None) or "unreadable").split())
            if "end of file" in reason:
                yield InputError("BibTeX entry is not closed (the file ends inside it); entry skipped", path, line)
            else:
                yield InputError(f"BibTeX entry cannot be read ({reason}); entry skipped", path, line)
            continue
        for field in entry.fields:
            if isinstance(field.value, str) and "#" in field.value:
                field.value = expand_concatenation(field.value, macros)
        title = _field(entry, "title")
        if not title:
            yield InputError("BibTeX entry has no title; entry skipped", path, line)
            continue
        year, month = _field(entry, "year"), _field(entry, "month")
        date = parse_date(_field(entry, "date")) or (date_from_parts(year, month or None) if year else None)
        url = _url(entry)
        eprint = _field(entry, "eprint")
        authors = entry.fields_dict["author"].value if "author" in entry.fields_dict else []
        authors = tuple(" ".join(a.split()) for a in (authors if isinstance(authors, list) else [authors]) if a)
        yield Paper(
            title=title,
            abstract=_field(entry, "abstract"),
            url=url,
            arxiv_id=arxiv_id("arxiv:" + eprint) if eprint else arxiv_id(url),
            date=date,
            date_text=_field(entry, "date") or " ".join(x for x in (month[:3].title(), year) if x) or None,
            authors=authors,
            author_count=len(authors) or None,
            sources=(f"{path}:{line}",),
        )
