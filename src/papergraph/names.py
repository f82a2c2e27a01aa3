"""Name normalisation: when two spellings name the same thing.

One function, :func:`fold`, with its variants spelled out; every module that compares
names or titles uses it (through :func:`name_key` and :func:`title_key`), so that
extraction, resolution, the questions and the evaluation agree on identity.

>>> fold("Vision-Transformers") == fold("vision transformer")
True
>>> fold("BERT: Pre-training!", "title") == fold("bert  pre training", "title")
True
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "fold",
    "name_key",
    "title_key",
    "slug",
]

Style = Literal["name", "gold", "title"]

# Characters kept in a folded name: digits, ASCII letters after casefolding, every letter
# outside ASCII (Greek, accented, CJK) and, for "name" only, "+" ("C++" is not "C").
_DROPPED = {
    "name": re.compile(r"[^0-9a-z\u00c0-\uffff+]+"),
    "gold": re.compile(r"[^0-9a-z\u00c0-\uffff]+"),
    "title": re.compile(r"[\W_]+"),
}


def fold(text: str, style: Style = "name") -> str:
    """The identity of a name or title: what is left after case, spacing and punctuation fold.

    Parameters
    ----------
    text : str
        A method, dataset or concept name, or a paper title.
    style : {"name", "gold", "title"}
        ``"name"``: NFKC, casefold, keep digits, letters and "+", drop a final plural "s"
        from keys longer than three characters ("LSTMs" is "LSTM"; "Bus" stays).
        ``"gold"``: as ``"name"`` but "+" dropped too, which is how the annotation
        guidelines and ``eval/score.py`` compare names.
        ``"title"``: NFKC, casefold, drop every non-word character; no plural folding
        (a title is an identity, not a name that may be used in the plural).

    Returns
    -------
    str
        The key; two texts name the same thing when their keys are equal.

    Examples
    --------
    >>> fold("ImageNet-1K"), fold("C++"), fold("C++", "gold"), fold("LSTMs")
    ('imagenet1k', 'c++', 'c', 'lstm')
    >>> fold("Attention Is All You Need.", "title")
    'attentionisallyouneed'
    """
    s = _DROPPED[style].sub("", unicodedata.normalize("NFKC", str(text)).casefold())
    if style != "title" and len(s) > 3 and s.endswith("s"):
        return s[:-1]
    return s


@lru_cache(maxsize=1 << 18)
def name_key(name: str) -> str:
    """``fold(name, "name")``, cached: the key under which names merge into one entity.

    Parameters
    ----------
    name : str

    Returns
    -------
    str

    Examples
    --------
    >>> name_key("Vision-Transformers") == name_key("vision transformer")
    True
    """
    return fold(name, "name")


def title_key(title: str) -> str:
    """``fold(title, "title")``: the key under which listings of one paper merge.

    Parameters
    ----------
    title : str

    Returns
    -------
    str

    Examples
    --------
    >>> title_key("Attention Is All You Need.") == title_key("attention is  all you need")
    True
    """
    return fold(title, "title")


def slug(text: str, limit: int = 60) -> str:
    """A readable IRI segment: ``"Swin Transformer"`` → ``"swin-transformer"``.

    Parameters
    ----------
    text : str
    limit : int, default 60
        The longest segment; a longer one is cut to this many characters.

    Returns
    -------
    str
        Lower-case ASCII letters, digits and hyphens; ``"x"`` when nothing is left.

    Examples
    --------
    >>> slug("Swin Transformer"), slug("C++ Net"), slug("???")
    ('swin-transformer', 'c-plus-plus-net', 'x')
    """
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = s.replace("+", "-plus")
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:limit].strip("-") or "x"
