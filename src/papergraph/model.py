"""Plain records passed between pipeline stages: no I/O, no behaviour beyond merging.

Stages hand these frozen dataclasses to each other:
sources → :class:`Paper`; extract → :class:`PaperFacts` (mentions and :class:`Relation`s);
resolve → :class:`Entity` records with IRIs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace

from .names import title_key

__all__ = [
    "Paper",
    "Mention",
    "Relation",
    "Result",
    "PaperFacts",
    "Entity",
]

#: The pseudo-name of a paper's own, unnamed method ("<this paper>" in the gold guidelines).
THIS_PAPER = "<this paper>"


@dataclass(frozen=True)
class Paper:
    """One paper as read from an input; identical papers from several inputs merge.

    ``date`` is ISO: ``YYYY-MM-DD``, or ``YYYY-MM`` or ``YYYY`` when the input gave only a
    month or a year; ``date_text`` keeps what the input said (e.g. ``"Apr 14"`` with no
    year, which is never completed).
    """

    title: str
    abstract: str = ""
    url: str | None = None
    arxiv_id: str | None = None
    date: str | None = None
    date_text: str | None = None
    authors: tuple[str, ...] = ()
    author_count: int | None = None
    upvotes: int | None = None
    sources: tuple[str, ...] = ()  # "path:line" of each listing this paper was read from
    code: str | None = None  # a code repository the input names (Hugging Face's githubRepo)
    #: Identifiers of the paper in services ("doi:10.48550/arxiv.1706.03762",
    #: "openalex:W2963403868"), lower case; its arXiv id counts as "arxiv:<id>" too.
    ids: tuple[str, ...] = ()
    #: Identifiers of the works the paper cites, and the service that listed them:
    #: ``(("openalex", "openalex:W2194775991"), ...)``.
    cites: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> str:
        """Identity used to merge listings: the normalised title."""
        return title_key(self.title)

    @property
    def content_hash(self) -> str:
        """Hash of what extraction reads (title, abstract and a code link the input gives)."""
        code = f"\n{self.code}" if self.code else ""
        return hashlib.sha256(f"{self.title}\n{self.abstract}{code}".encode()).hexdigest()

    @property
    def sort_date(self) -> str | None:
        """The first day of ``date``, so that dates of every precision order together.

        >>> Paper("T", date="2021-05").sort_date, Paper("T", date="2021").sort_date
        ('2021-05-01', '2021-01-01')
        """
        if not self.date:
            return None
        return self.date + {4: "-01-01", 7: "-01"}.get(len(self.date), "")

    def merged(self, other: "Paper") -> "Paper":
        """This paper with the metadata ``other`` adds (first non-empty value wins; of two
        dates, the more precise: a day over a month over a year).

        >>> a = Paper("T", "abs", upvotes=3, sources=("a.txt:1",))
        >>> b = Paper("T", "", date="2024-05-01", upvotes=5, sources=("b.txt:9",))
        >>> m = a.merged(b)
        >>> (m.abstract, m.date, m.upvotes, m.sources)
        ('abs', '2024-05-01', 5, ('a.txt:1', 'b.txt:9'))
        """

        def pick(a, b):
            return a if a not in (None, "", ()) else b

        return replace(
            self,
            abstract=self.abstract if len(self.abstract) >= len(other.abstract) else other.abstract,
            url=pick(self.url, other.url),
            arxiv_id=pick(self.arxiv_id, other.arxiv_id),
            date=max((self.date, other.date), key=lambda d: len(d or "")),
            date_text=pick(self.date_text, other.date_text),
            authors=pick(self.authors, other.authors),
            author_count=pick(self.author_count, other.author_count),
            upvotes=max((v for v in (self.upvotes, other.upvotes) if v is not None), default=None),
            sources=tuple(dict.fromkeys(self.sources + other.sources)),
            code=pick(self.code, other.code),
            ids=tuple(dict.fromkeys(self.ids + other.ids)),
            cites=tuple(dict.fromkeys(self.cites + other.cites)),
        )

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Every identifier of the paper: its ``ids`` and ``arxiv:<id>``."""
        return self.ids + ((f"arxiv:{self.arxiv_id.lower()}",) if self.arxiv_id else ())


@dataclass(frozen=True)
class Mention:
    """A name found in a paper: ``kind`` is ``method``, ``dataset``, ``concept`` or ``repository``.

    ``role`` is ``proposes`` or ``mentions`` for methods and datasets; ``aliases`` are other
    names the paper itself gives the same thing (an acronym's long form).
    """

    name: str
    kind: str
    role: str = "mentions"
    aliases: tuple[str, ...] = ()
    evidence: str = ""
    rule: str = ""
    confidence: float = 1.0


@dataclass(frozen=True)
class Relation:
    """One extracted edge between names, with the sentence that supports it.

    ``subject`` may be :data:`THIS_PAPER` when the paper's method has no name.
    ``predicate`` is an ontology property name: ``improvesOn``, ``evaluatedOn``, ...
    """

    subject: str
    predicate: str
    object: str
    evidence: str
    rule: str
    confidence: float
    #: For an improvement the sentence quantifies: by how much (``margin``, ``margin_kind``
    #: absolute | relative | factor), on which dataset and in which metric.
    margin: float | None = None
    margin_kind: str | None = None
    on_dataset: str | None = None
    metric: str | None = None


@dataclass(frozen=True)
class Result:
    """A number the abstract reports: ``method`` (a name, or :data:`THIS_PAPER`) scores
    ``value`` (``unit`` "%" or "") in ``metric`` (normalised; "" when unnamed) on ``dataset``."""

    method: str
    dataset: str
    metric: str
    value: float
    unit: str
    evidence: str
    #: The dataset with the split the sentence writes ("COCO test-dev"), "" when none.
    as_written: str = ""
    #: The method's variant the sentence writes ("EfficientFormer-L1"), "" when none.
    method_as_written: str = ""


@dataclass(frozen=True)
class PaperFacts:
    """Everything extraction found in one paper: the output of the per-paper stage.

    ``terms`` are key-phrase candidates (:class:`papergraph.extract.terms.Term`); the
    corpus-wide concept step turns the most informative into concept mentions.
    """

    paper: Paper
    mentions: tuple[Mention, ...] = ()
    relations: tuple[Relation, ...] = ()
    terms: tuple = ()
    results: tuple[Result, ...] = ()


@dataclass(frozen=True)
class Entity:
    """A canonical thing of the corpus (method, dataset, concept, repository) with its IRI."""

    iri: str
    kind: str
    label: str
    aliases: frozenset[str] = field(default_factory=frozenset)
    broader: tuple[str, ...] = ()
