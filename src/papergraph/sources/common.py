"""Helpers every reader shares: dates, arXiv ids, author lists."""

from __future__ import annotations

import re
from datetime import date

MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}

_ARXIV_ID = re.compile(
    r"(?:arxiv\.org/(?:abs|pdf)/|arxiv:\s*)?(\d{4}\.\d{4,5}|[a-z\-]+(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?", re.I
)


def parse_date(text: str | None) -> str | None:
    """An ISO date when ``text`` gives day, month *and* year; never guesses a missing year.

    >>> parse_date("Aug 31, 2021"), parse_date("Apr 14"), parse_date("2023-06-01T17:59:00Z")
    ('2021-08-31', None, '2023-06-01')
    >>> parse_date("2021")
    """
    if not text:
        return None
    text = text.strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        y, mo, d = map(int, m.groups())
    else:
        m = re.match(r"^([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})$", text)
        if not m or m.group(1).lower() not in MONTHS:
            return None
        y, mo, d = int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2))
    try:
        return date(y, mo, d).isoformat()
    except ValueError:
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


def split_authors(value) -> tuple[str, ...]:
    """Authors from a list, or from a string separated by ``;``, `` and `` or ``|``."""
    if not value:
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(str(a).strip() for a in value if str(a).strip())
    return tuple(a.strip() for a in re.split(r";|\|| and ", str(value)) if a.strip())


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
