"""arXiv OAI-PMH harvests (``export.arxiv.org/oai2`` ``ListRecords``/``GetRecord`` responses).

Two metadata formats are read: ``arXiv`` (``<arXiv xmlns="http://arxiv.org/OAI/arXiv/">``
with ``id``, ``created``, ``authors/author/{keyname,forenames}``, ``title``, ``abstract``,
``doi``; schema http://arxiv.org/OAI/arXiv.xsd) and ``oai_dc`` (Dublin Core: ``dc:title``,
``dc:creator``, ``dc:description``, ``dc:date``, ``dc:identifier``). Records are read one
at a time, so a harvest cut off midway yields the records before the cut; a deleted
record (``<header status="deleted">``) is no paper and is counted as skipped.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Iterator

from ..errors import InputError
from ..model import Paper
from .common import arxiv_id, given_family, parse_date, xml_records

__all__ = ["sniff", "read"]  # a reader of papergraph.sources.READERS

OAI = "{http://www.openarchives.org/OAI/2.0/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
OAI_DC = "{http://www.openarchives.org/OAI/2.0/oai_dc/}"
DC = "{http://purl.org/dc/elements/1.1/}"


def sniff(text: str) -> bool:
    """Whether ``text`` is an OAI-PMH response.

    Parameters
    ----------
    text : str
        The file's text.

    Returns
    -------
    bool

    Examples
    --------
    >>> xml = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
    ...        '<identifier>oai:arXiv.org:1706.03762</identifier></header><metadata>'
    ...        '<arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>1706.03762</id><title>Attention Is All You Need</title>'
    ...        '<abstract>We propose the Transformer.</abstract><created>2017-06-12</created></arXiv>'
    ...        '</metadata></record></ListRecords></OAI-PMH>')
    >>> sniff(xml), sniff("<feed/>")
    (True, False)
    """
    return bool(re.search(r"<(?:\w+:)?OAI-PMH\b", text[:3000]))


def _text(el: ET.Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _arxiv_paper(meta: ET.Element) -> dict:
    authors = []
    for a in meta.iter(ARXIV + "author"):
        name = " ".join(x for x in (_text(a.find(ARXIV + "forenames")), _text(a.find(ARXIV + "keyname"))) if x)
        if name:
            authors.append(name)
    pid = _text(meta.find(ARXIV + "id"))
    doi = _text(meta.find(ARXIV + "doi")).split(" ")[0]
    return {
        "title": _text(meta.find(ARXIV + "title")),
        "abstract": _text(meta.find(ARXIV + "abstract")),
        "arxiv_id": arxiv_id("arxiv:" + pid) if pid else None,
        "url": f"https://arxiv.org/abs/{pid}" if pid else (f"https://doi.org/{doi}" if doi else None),
        "date": parse_date(_text(meta.find(ARXIV + "created"))),
        "authors": tuple(authors),
    }


def _dc_paper(meta: ET.Element) -> dict:
    identifiers = [_text(e) for e in meta.iter(DC + "identifier")]
    url = next((i for i in identifiers if i.startswith("http")), None)
    dates = sorted(d for d in (parse_date(_text(e)) for e in meta.iter(DC + "date")) if d)
    return {
        "title": _text(meta.find(DC + "title")),
        # arXiv writes the abstract, then "Comment: 32 pages, 9 figures" as a second description
        "abstract": " ".join(
            t for t in (_text(e) for e in meta.iter(DC + "description")) if not t.startswith("Comment:")
        ),
        "arxiv_id": next((a for a in map(arxiv_id, identifiers) if a), None),
        "url": url,
        "date": dates[0] if dates else None,  # the first version's date
        "authors": tuple(given_family(n) for n in (_text(e) for e in meta.iter(DC + "creator")) if n),
    }


def read(text: str, path: str) -> Iterator[Paper | InputError]:
    """Papers of an OAI-PMH response in arXiv's ``arXiv`` format or Dublin Core (``oai_dc``);
    deleted records are counted, not read.

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
    >>> xml = ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords><record><header>'
    ...        '<identifier>oai:arXiv.org:1706.03762</identifier></header><metadata>'
    ...        '<arXiv xmlns="http://arxiv.org/OAI/arXiv/"><id>1706.03762</id><title>Attention Is All You Need</title>'
    ...        '<abstract>We propose the Transformer.</abstract><created>2017-06-12</created></arXiv>'
    ...        '</metadata></record></ListRecords></OAI-PMH>')
    >>> [(p.title, p.arxiv_id, p.date) for p in read(xml, "harvest.xml")]
    [('Attention Is All You Need', '1706.03762', '2017-06-12')]
    """
    for item in xml_records(text, path, OAI + "OAI-PMH", (OAI + "record", OAI + "error"), "OAI-PMH response"):
        if isinstance(item, InputError):
            yield item
        elif item[1].tag == OAI + "error":
            code = item[1].get("code", "")
            yield InputError(f"the OAI-PMH response is an error ({code}: {_text(item[1])})", path, item[0])
        else:
            yield from _record(item[1], path, item[0])


def _record(record: ET.Element, path: str, line: int) -> Iterator[Paper | InputError]:
    header = record.find(OAI + "header")
    if header is not None and header.get("status") == "deleted":
        ident = _text(header.find(OAI + "identifier"))
        yield InputError(f"record {ident} is deleted in the repository; record skipped", path, line)
        return
    meta = record.find(OAI + "metadata")
    arxiv_meta = meta.find(ARXIV + "arXiv") if meta is not None else None
    dc_meta = meta.find(OAI_DC + "dc") if meta is not None else None
    if arxiv_meta is not None:
        fields = _arxiv_paper(arxiv_meta)
    elif dc_meta is not None:
        fields = _dc_paper(dc_meta)
    else:
        yield InputError("record has no arXiv or oai_dc metadata; record skipped", path, line)
        return
    if not fields["title"]:
        yield InputError("record has no title; record skipped", path, line)
        return
    authors = fields.pop("authors")
    yield Paper(**fields, authors=authors, author_count=len(authors) or None, sources=(f"{path}:{line}",))
