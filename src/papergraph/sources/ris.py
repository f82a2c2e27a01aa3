"""RIS (Research Information Systems) files, as EndNote, Zotero, Mendeley, Scopus and
Web of Science export them, parsed by rispy (MIT).

Tags read: ``TI``/``T1`` title, ``AB``/``N2`` abstract, ``AU``/``A1`` authors
("Family, Given"), ``PY``/``Y1``/``DA`` date (``2021``, ``2021/05/17/``), ``UR`` URL,
``DO`` DOI. Each record's line is the line of its ``TY`` tag.
"""

from __future__ import annotations

import re
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, given_family, parse_date

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

_TY = re.compile(r"^TY  - ", re.M)


def sniff(text: str) -> bool:
    """Whether ``text`` is RIS (EndNote, Zotero, Mendeley exports): it opens with a ``TY`` tag.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> text = "TY  - JOUR\\nTI  - Attention Is All You Need\\nAB  - We propose the Transformer.\\nPY  - 2017\\nER  - \\n"
    >>> sniff(text), sniff("@article{k, title = {T}}")
    (True, False)
    """
    return bool(re.match(r"\s*(?:\ufeff)?TY  - \S", text))


def _date(rec: dict) -> tuple[str | None, str | None]:
    for key in ("date", "year", "publication_year"):
        value = str(rec.get(key) or "").strip()
        if value:
            parts = [p for p in value.replace("-", "/").split("/") if p.strip()]
            iso = "-".join([parts[0]] + [f"{int(p):02d}" for p in parts[1:3] if p.isdigit()]) if parts else ""
            return parse_date(iso) or parse_date(value), value
    return None, None


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of an RIS file (rispy), one per ``TY``...``ER`` record, each named by its line.

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
    >>> text = "TY  - JOUR\\nTI  - Attention Is All You Need\\nAB  - We propose the Transformer.\\nPY  - 2017\\nER  - \\n"
    >>> [(p.title, p.abstract, p.date) for p in read(text, "library.ris")]
    [('Attention Is All You Need', 'We propose the Transformer.', '2017')]
    """
    import rispy

    matches = list(_TY.finditer(text))
    for i, m in enumerate(matches):
        start = text.count("\n", 0, m.start()) + 1
        body = text[m.start() : matches[i + 1].start() if i + 1 < len(matches) else len(text)]
        if not re.search(r"^ER  -", body, re.M):
            yield InputError("RIS record has no end tag (ER  -); record skipped", path, start)
            continue
        try:
            (rec,) = rispy.loads(body)
        except Exception as err:  # noqa: BLE001 - rispy raises plain exceptions for bad tags
            yield InputError(f"RIS record cannot be read ({err}); record skipped", path, start)
            continue
        title = " ".join(str(rec.get("title") or rec.get("primary_title") or "").split())
        if not title:
            yield InputError("RIS record has no title (TI or T1); record skipped", path, start)
            continue
        urls = rec.get("urls") or []
        doi = str(rec.get("doi") or "").strip()
        url = urls[0] if urls else (f"https://doi.org/{doi}" if doi else None)
        authors = tuple(given_family(a) for a in (rec.get("authors") or rec.get("first_authors") or []) if a.strip())
        date, date_text = _date(rec)
        yield Paper(
            title=title,
            abstract=" ".join(str(rec.get("abstract") or rec.get("notes_abstract") or "").split()),
            url=url,
            arxiv_id=next((a for a in map(arxiv_id, urls) if a), None),
            date=date,
            date_text=date_text,
            authors=authors,
            author_count=len(authors) or None,
            sources=(f"{path}:{start}",),
        )
