"""Helpers every reader shares: dates, arXiv ids, author lists."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Iterator

from ..errors import InputError

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

__all__: list[str] = []  # internal: helpers of the readers

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}

_ARXIV_ID = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I
)


def parse_date(text: str | None) -> str | None:
    """The date ``text`` gives, as ISO ``YYYY-MM-DD``, or as ``YYYY-MM`` or ``YYYY`` when it
    gives only a month or a year (a reference list's dates often do); never guesses a
    missing year.

    >>> parse_date("Aug 31, 2021"), parse_date("Apr 14"), parse_date("2023-06-01T17:59:00Z")
    ('2021-08-31', None, '2023-06-01')
    >>> parse_date("2021"), parse_date("2021-05"), parse_date("May 2021"), parse_date("2021/5")
    ('2021', '2021-05', '2021-05', '2021-05')
    """
    if not text:
        return None
    text = text.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    elif m := re.match(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$", text):
        if m.group(1).lower() not in MONTHS:
            return None
        y, mo, d = int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))
    else:
        return partial_date(text)
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
        return None


def partial_date(text: str) -> str | None:
    """``YYYY-MM`` or ``YYYY`` from a year and month (``2021-05``, ``2021/5``, ``May 2021``)
    or a year alone; None for anything else.

    >>> partial_date("2021"), partial_date("Sept. 2020"), partial_date("13/2020")
    ('2021', '2020-09', None)
    """
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})(?:[-/](\d{1,2}))?/*", text):
        year, month = m.group(1), m.group(2)
    elif m := re.fullmatch(r"([A-Za-z]{3})[a-z]*\.?,? (\d{4})", text):
        if m.group(1).lower() not in MONTHS:
            return None
        year, month = m.group(2), str(MONTHS[m.group(1).lower()])
    else:
        return None
    if not 1000 <= int(year) <= 2999:
        return None
    if month is None:
        return year
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def date_from_parts(year, month=None, day=None) -> str | None:
    """An ISO date, year-month or year from numbers (CSL ``date-parts``, BibTeX fields).

    >>> date_from_parts(2021, 5, 17), date_from_parts("2021", "may"), date_from_parts(2021)
    ('2021-05-17', '2021-05', '2021')
    """
    try:
        y = int(str(year).strip())
        if month in (None, ""):
            return partial_date(str(y))
        m = MONTHS.get(str(month).strip().lower()[:3]) or int(str(month).strip())
        if day in (None, ""):
            return partial_date(f"{y}-{m}")
        return date(y, m, int(str(day).strip())).isoformat()
    except (TypeError, ValueError):
        return None


def arxiv_id(text: str | None) -> str | None:
    """The arXiv identifier (no version) in a URL or id string.

    >>> arxiv_id("http://arxiv.org/abs/2106.04560v2"), arxiv_id("see https://x.org")
    ('2106.04560', None)
    """
    if not text:
        return None
    m = _ARXIV_ID.search(text)
    return (
        m.group(1)
        if m and ("arxiv" in text.lower() or re.fullmatch(r"\s*" + re.escape(m.group(0)) + r"\s*", text))
        else None
    )


def arxiv_month(identifier: str | None) -> str | None:
    """The month an arXiv paper was first submitted, which its identifier spells
    (``YYMM.NNNNN`` since 2007, ``archive/YYMMNNN`` before; arxiv.org/help/arxiv_identifier).

    Parameters
    ----------
    identifier : str or None
        An identifier as :func:`arxiv_id` returns it.

    Returns
    -------
    str or None
        ``YYYY-MM``, or None for anything else.

    Examples
    --------
    >>> arxiv_month("2106.04560"), arxiv_month("hep-th/9901001"), arxiv_month("2113.00001")
    ('2021-06', '1999-01', None)
    """
    m = re.fullmatch(r"(?:[a-z\-]+(?:\.[A-Z]{2})?/)?(\d\d)(\d\d)[.\d]*", identifier or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    year = int(m.group(1))
    return f"{1900 + year if year >= 91 else 2000 + year}-{m.group(2)}"


def split_authors(value) -> tuple[str, ...]:
    """Authors from a list, or from a string separated by ``;``, `` and `` or ``|``."""
    if not value:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return tuple(a.strip() for a in re.split(r";|\|| and ", str(value)) if a.strip())


def given_family(name: str) -> str:
    """A name written "Family, Given" (reference lists, Dublin Core) as "Given Family".

    >>> given_family("Liu, Ze"), given_family("Ze Liu"), given_family("OpenAI")
    ('Ze Liu', 'Ze Liu', 'OpenAI')
    """
    family, comma, given = name.partition(",")
    return " ".join(f"{given} {family}".split()) if comma and given.strip() else " ".join(name.split())


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Longer titles are broken records (a whole page run into one line), not titles.
MAX_TITLE_CHARS = 1000
#: Longer abstracts are cut here (a whole paper pasted in, or a broken record): extraction
#: reads abstracts, and spaCy refuses texts over a million characters.
MAX_ABSTRACT_CHARS = 20_000


def clean_text(text: str) -> str:
    r"""Text without control characters or unpaired surrogates (both poison RDF literals and
    JSON), white space folded.

    >>> clean_text("A\x00 title\ud800 with\tjunk ")
    'A title with junk'
    """
    return " ".join(_SURROGATE.sub("", _CONTROL.sub("", text)).split())


def xml_records(
    text: str, path: str, root: str, tags: tuple[str, ...], what: str
) -> Iterator[tuple[int, "ET.Element"] | InputError]:
    """(line where it opens, element) of each element of ``tags`` in an XML document whose
    root is ``root``, read one at a time (the caller reads it, then it is cleared), so that a
    document cut off midway still yields what came before the cut; an error names the line
    where the document breaks. ``what`` names the document in messages ("Atom feed").

    >>> doc = '<feed xmlns="a">\\n<entry>1</entry>\\n<entry>2'
    >>> [(x[0], x[1].text) if isinstance(x, tuple) else str(x)[:40] for x in xml_records(doc, "f.xml", "{a}feed", ("{a}entry",), "feed")]
    [(2, '1'), 'f.xml:3: feed ends before it is complete']
    """
    import xml.etree.ElementTree as ET

    parser: ET.XMLPullParser = ET.XMLPullParser(events=("start", "end"))
    opened: dict[str, int] = {}
    seen_root, n = False, 0
    for n, chunk in enumerate(text.splitlines(keepends=True), start=1):
        try:
            parser.feed(chunk)
            events: list[tuple[str, ET.Element]] = list(parser.read_events())  # type: ignore[arg-type]
        except ET.ParseError as err:
            yield InputError(f"{what} breaks here ({err}); what follows is not read", path, n)
            return
        for event, el in events:
            if not seen_root:
                seen_root = True
                if el.tag != root:
                    yield InputError(f"not an {what} (root element {el.tag}); file skipped", path, n)
                    return
            if el.tag not in tags:
                continue
            if event == "start":
                opened[el.tag] = n
            else:
                yield opened.get(el.tag, n), el
                el.clear()
    try:
        parser.close()
    except ET.ParseError as err:
        yield InputError(f"{what} ends before it is complete ({err}); what came before the cut was read", path, n)
