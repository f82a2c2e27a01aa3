"""Readers: input files → :class:`~papergraph.model.Paper` records.

One module per format, each with ``sniff(text) -> bool`` and
``read(text, path) -> Iterator[Paper | InputError]``. A reader yields an
:class:`~papergraph.errors.InputError` for a bad record and goes on with the next one,
so that one malformed record never loses the rest of a file.

>>> corpus = load_texts({"a.jsonl": '{"title": "T1", "abstract": "A."}\\n{oops\\n'})
>>> [p.title for p in corpus.papers], [str(e) for e in corpus.problems]
(['T1'], ['a.jsonl:2: not valid JSON (Expecting property name enclosed in double quotes); record skipped'])
"""

from __future__ import annotations

import codecs
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Protocol

from ..errors import InputError, UnknownFormatError
from ..model import Paper
from . import arxiv, bibtex, feeds, hf_listing, jsondocs, oai, ris, tabular
from .common import MAX_ABSTRACT_CHARS, MAX_TITLE_CHARS, arxiv_month, clean_text


class Reader(Protocol):
    """What a reader is: a module (or object) that recognises its format by content and
    turns a file's text into papers, and problems naming the file and line."""

    def sniff(self, text: str) -> bool: ...

    def read(self, text: str, path: str) -> Iterator[Paper | InputError]: ...


#: Readers by format name, in the order content detection tries them.
READERS: dict[str, Reader] = {
    "arxiv": arxiv,
    "oai-pmh": oai,
    "feed": feeds,
    "bibtex": bibtex,
    "ris": ris,
    "hf-api": jsondocs.hf_api,
    "csl-json": jsondocs.csl_json,
    "json-feed": jsondocs.json_feed,
    "jsonl": tabular.jsonl,
    "csv": tabular.csv_reader,
    "hf": hf_listing,
}


@dataclass
class Corpus:
    """Papers read from inputs, duplicates merged, with an account of every record."""

    papers: list[Paper] = field(default_factory=list)
    files: int = 0
    listings: int = 0
    duplicates_merged: int = 0
    problems: list[InputError] = field(default_factory=list)
    reused: int = 0  # papers whose facts came from the cache of an updated graph

    @property
    def refused(self) -> list[InputError]:
        """The files no reader recognised (nothing of them was read)."""
        return [p for p in self.problems if isinstance(p, UnknownFormatError)]

    def summary(self) -> str:
        """One line a user reads after a build."""
        text = (
            f"{self.files} files read, {self.listings} listings, {len(self.papers)} distinct papers, "
            f"{self.duplicates_merged} duplicates merged, {len(self.problems)} records skipped or flagged"
        )
        return text + (f", {self.reused} papers not extracted again" if self.reused else "")

    def reasons(self) -> list[tuple[str, int]]:
        """Why records were skipped or flagged: each kind of problem with how many times it
        occurred, most frequent first (quoted names and numbers folded, so that "record
        oai:arXiv.org:2401.1 is deleted" and "... 2402.2 ..." count as one kind).

        >>> c = Corpus(problems=[InputError("record has no title; record skipped", "a", 1)] * 2)
        >>> c.reasons()
        [('record has no title; record skipped', 2)]
        """
        kinds = Counter(re.sub(r"'[^']{15,}'|[\w.:/-]*\d[\w.:/-]{3,}", "…", p.reason) for p in self.problems)
        return sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0]))


def decode(data: bytes, path: str) -> str:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else Latin-1.

    Raises :class:`InputError` for binary content.

    Parameters
    ----------
    data : bytes
        A file's content.
    path : str
        Its name, for messages.

    Returns
    -------
    str

    Raises
    ------
    InputError
        Binary content.

    Examples
    --------
    >>> decode('Caf\\xe9'.encode('latin-1'), 'x.txt')
    'Café'
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    elif b"\x00" in data[:4096]:
        raise InputError("looks like a binary file, not text; give a listing, JSONL, CSV, BibTeX or Atom file", path)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)  # keep \t and \n, the readers' separators


def detect_format(text: str, path: str = "<text>") -> str:
    """The name of the reader whose format ``text`` is in.

    Parameters
    ----------
    text : str
        A file's text.
    path : str
        Its name, for messages.

    Returns
    -------
    str
        A key of :data:`READERS`.

    Raises
    ------
    UnknownFormatError
        No reader recognises the text.

    Examples
    --------
    >>> detect_format('@article{k, title={T}}')
    'bibtex'
    >>> detect_format('Some Title\\n\\nWe propose a model that reads listings of papers well.')
    'hf'
    """
    for name, reader in READERS.items():
        if reader.sniff(text):
            return name
    raise UnknownFormatError(
        f"not a format papergraph reads (it reads {', '.join(READERS)}); file refused, not read. "
        "If it is one of them, name it with --format",
        path,
    )


def read_text(text: str, path: str, fmt: str | None = None) -> Iterator[Paper | InputError]:
    """Papers (and problems) of one input's text.

    Parameters
    ----------
    text : str
        A file's text.
    path : str
        Its name, for messages.
    fmt : str, optional
        A key of :data:`READERS`; detected from the text when None.

    Returns
    -------
    iterator of Paper or InputError

    Examples
    --------
    >>> [p.title for p in read_text('{"title": "T"}', 'x.jsonl')]
    ['T']
    """
    if fmt is not None and fmt not in READERS:
        raise UnknownFormatError(f"unknown format {fmt!r}; choose one of {', '.join(READERS)}", path)
    if not text.strip():
        yield InputError("empty file; nothing to read", path)
        return
    yield from READERS[fmt or detect_format(text, path)].read(text, path)


def sanitize(paper: Paper) -> Iterator[Paper | InputError]:
    """The paper with clean text fields (after a warning for any field cut short) and, when
    it has no date but an arXiv identifier, the month of its first version; or only the
    error that says why it cannot be one.

    Parameters
    ----------
    paper : Paper

    Returns
    -------
    iterator of Paper or InputError
        The cleaned paper after a warning for each field cut short, or the error alone.

    Examples
    --------
    >>> [type(x).__name__ for x in sanitize(Paper("\\x00"))]
    ['InputError']
    """
    title = clean_text(paper.title)
    where = paper.sources[0] if paper.sources else ""
    source, _, number = where.rpartition(":")
    path, line = (source or None), (int(number) if number.isdigit() else None)
    if not title:
        yield InputError("record has no title after removing control characters; record skipped", path, line)
        return
    if len(title) > MAX_TITLE_CHARS:
        yield InputError(
            f"title is {len(title):,} characters long (more than {MAX_TITLE_CHARS:,}): a broken "
            "record, not a title; record skipped",
            path,
            line,
        )
        return
    abstract = clean_text(paper.abstract)
    if len(abstract) > MAX_ABSTRACT_CHARS:
        yield InputError(
            f"abstract is {len(abstract):,} characters long; kept its first {MAX_ABSTRACT_CHARS:,} "
            "(an abstract is rarely over 3,000)",
            path,
            line,
        )
        abstract = abstract[:MAX_ABSTRACT_CHARS].rsplit(" ", 1)[0]
    authors = tuple(a for a in map(clean_text, paper.authors) if a)
    # an undated arXiv paper is dated by the month its identifier spells (its first version)
    date = paper.date or arxiv_month(paper.arxiv_id)
    yield replace(paper, title=title, abstract=abstract, authors=authors, date=date)


def _one_per_file(sources: Iterable[str]) -> tuple[str, ...]:
    """The first ``path:line`` of each file: where a paper was read, without one entry for
    every copy of it in the same file."""
    first: dict[str, str] = {}
    for src in sources:
        first.setdefault(src.rpartition(":")[0] or src, src)
    return tuple(first.values())


def merge_papers(papers: Iterable[Paper]) -> tuple[list[Paper], int]:
    """Papers with duplicates merged (same normalised title, or same arXiv id); input order kept.

    Linear in the number of records: the copies of a paper are gathered first and merged
    once (merging them one by one copied the growing list of sources every time).

    Parameters
    ----------
    papers : iterable of Paper

    Returns
    -------
    tuple of (list of Paper, int)
        The merged papers and how many listings were merged into others.

    Examples
    --------
    >>> merged, n = merge_papers([Paper("A", "x", sources=("a.txt:1",))] * 3 + [Paper("B", sources=("b.txt:1",))])
    >>> [(p.title, p.sources) for p in merged], n
    ([('A', ('a.txt:1',)), ('B', ('b.txt:1',))], 2)
    """
    groups: dict[str, list[Paper]] = {}
    key_of_arxiv: dict[str, str] = {}
    group_arxiv: dict[str, str] = {}
    for paper in papers:
        key = key_of_arxiv.get(paper.arxiv_id or "", paper.key)
        groups.setdefault(key, []).append(paper)
        if paper.arxiv_id and key not in group_arxiv:  # a group is known by its first arXiv id
            group_arxiv[key] = paper.arxiv_id
            key_of_arxiv[paper.arxiv_id] = key
    out = []
    for group in groups.values():
        if len(group) == 1:
            out.append(group[0])
            continue
        merged = group[0]
        for other in group[1:]:
            merged = merged.merged(replace(other, sources=()))
        out.append(replace(merged, sources=_one_per_file(s for p in group for s in p.sources)))
    return out, sum(len(g) - 1 for g in groups.values())


def _collect(named_texts: Iterable[tuple[str, str | InputError]], fmt: str | None) -> Corpus:
    files = 0

    def items() -> Iterator[Paper | InputError]:
        nonlocal files
        for path, text in named_texts:
            files += 1
            if isinstance(text, InputError):
                yield text
                continue
            try:
                yield from read_text(text, path, fmt)
            except InputError as err:
                yield err

    corpus = _corpus(items())
    corpus.files = files
    return corpus


def _corpus(items: Iterable[Paper | InputError]) -> Corpus:
    """A Corpus from reader output: papers cleaned and merged, problems kept."""
    corpus, read = Corpus(), []
    for item in items:
        for clean in sanitize(item) if isinstance(item, Paper) else (item,):
            if isinstance(clean, InputError):
                corpus.problems.append(clean)
            else:
                read.append(clean)
                corpus.listings += 1
    corpus.papers, corpus.duplicates_merged = merge_papers(read)
    return corpus


def load_records(records: "Iterable[Mapping | Paper]", name: str = "<records>") -> Corpus:
    """A :class:`Corpus` from in-memory records (dicts as a JSON Lines file holds them),
    checked and cleaned as records read from files are.

    Parameters
    ----------
    records : iterable of mapping or Paper
        Dicts as a JSON Lines file holds them, or :class:`~papergraph.Paper` records.
    name : str
        How messages name the records.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> corpus = load_records([{"title": "T", "abstract": "A."}, {"title": ["not", "text"]}])
    >>> [p.title for p in corpus.papers], [str(e) for e in corpus.problems]
    (['T'], ["<records>:2: 'title' is a list, not text; record skipped"])
    """
    return _corpus(item for i, rec in enumerate(records, start=1) for item in _record(rec, name, i))


def _record(rec: "Mapping | Paper", name: str, i: int) -> "Iterable[Paper | InputError]":
    if isinstance(rec, Paper):  # a Paper as the API makes one: cleaned like the rest
        return [rec if rec.sources else replace(rec, sources=(f"{name}:{i}",))]
    return tabular.record_to_paper(dict(rec) if isinstance(rec, Mapping) else rec, name, i)


def load_texts(texts: Mapping[str, str], fmt: str | None = None) -> Corpus:
    """A :class:`Corpus` from in-memory texts keyed by a name used in messages.

    Parameters
    ----------
    texts : mapping of str to str
        Texts by the name messages use.
    fmt : str, optional
        A key of :data:`READERS`; detected when None.

    Returns
    -------
    Corpus

    Examples
    --------
    >>> load_texts({'a.jsonl': '{"title": "T"}'}).papers[0].title
    'T'
    """
    return _collect(texts.items(), fmt)


def load(paths: Iterable[str | os.PathLike], fmt: str | None = None) -> Corpus:
    """A :class:`Corpus` from files; folders are read recursively (hidden files skipped, and
    symbolic links inside them not followed: a link to ``/etc/passwd`` dropped into a folder
    of papers is reported, not read; name a file to read it).

    Parameters
    ----------
    paths : iterable of str or path
        Files and folders.
    fmt : str, optional
        A key of :data:`READERS`; detected from each file's content when None.

    Returns
    -------
    Corpus
        Papers merged, every record accounted for in ``problems`` and ``summary()``; files no
        reader recognises are in ``refused``.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.jsonl").write_text('{"title": "FooNet", "abstract": "x"}\\n{"abstract": "no title"}\\n')
    >>> _ = (folder / "b.bib").write_text("@article{k, title = {{FooNet}}, year = {2023}}\\n")
    >>> corpus = load([folder])
    >>> [(p.title, p.date) for p in corpus.papers]
    [('FooNet', '2023')]
    >>> [(pathlib.Path(e.path).name, e.line) for e in corpus.problems]
    [('a.jsonl', 2)]
    """
    paths = list(paths)

    def texts() -> Iterator[tuple[str, str | InputError]]:
        for link in _links_in_folders(paths):
            yield (
                str(link),
                InputError("symbolic link inside a folder; not followed (name the file to read it)", str(link)),
            )
        for path in expand_paths(paths):
            try:
                yield str(path), decode(path.read_bytes(), str(path))
            except InputError as err:
                yield str(path), err
            except OSError as err:
                yield str(path), InputError(f"cannot read: {err.strerror}", str(path))

    return _collect(texts(), fmt)


def expand_paths(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Files named, and the files inside folders named, sorted for determinism (hidden files and
    symbolic links inside folders left out).

    Parameters
    ----------
    paths : iterable of str or path

    Returns
    -------
    list of pathlib.Path

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> for name in ("b.bib", "a.jsonl", ".hidden.jsonl"):
    ...     _ = (folder / name).write_text("")
    >>> [p.name for p in expand_paths([folder])]
    ['a.jsonl', 'b.bib']
    """
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in _visible(p) if f.is_file() and not f.is_symlink())
        else:
            out.append(p)
    return out


def _visible(folder: Path) -> Iterator[Path]:
    return (f for f in folder.rglob("*") if not any(part.startswith(".") for part in f.relative_to(folder).parts))


def _links_in_folders(paths: Iterable[str | os.PathLike]) -> list[Path]:
    return sorted(f for p in map(Path, paths) if p.is_dir() for f in _visible(p) if f.is_symlink())


__all__ = [
    "Corpus",
    "READERS",
    "decode",
    "detect_format",
    "load",
    "load_records",
    "load_texts",
    "merge_papers",
    "read_text",
]
