"""``papergraph fetch``: papers from arXiv, Hugging Face and OpenAlex, written as JSON Lines
that ``papergraph build`` reads. The one part of papergraph that talks to services, and
only when a user asks.

Polite by construction (``data/services.json`` holds each service's rules with their
source): one request at a time per service, at least its interval apart (arXiv: 3 s);
retries with exponential backoff on 429 and 5xx, honouring ``Retry-After`` (urllib3's
``Retry``); a ``User-Agent`` naming papergraph, with a contact address when given
(``--mailto``, which OpenAlex also takes as ``mailto=``). Every response is kept in an
on-disk cache, so a run asks nothing an earlier one already has; a run that stops midway
leaves a state file beside its output and the next run of the same request continues
from there.

>>> spec = parse_spec("hf:2024-W18")
>>> spec.service, spec.params
('hf', {'week': '2024-W18'})
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlsplit

from ._version import __version__
from .errors import FetchError, PapergraphError
from .model import Paper

__all__ = [
    "Client",
    "Spec",
    "services",
    "parse_spec",
    "fetch",
    "references",
    "s2_references",
]

#: Where responses are kept between runs (``--cache`` overrides).
DEFAULT_CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "papergraph" / "http"


def services() -> dict[str, dict[str, Any]]:
    """Each service's endpoint, least interval between requests and largest page
    (``data/services.json``).

    ``PAPERGRAPH_<SERVICE>_ENDPOINT`` (``PAPERGRAPH_ARXIV_ENDPOINT``, ...) names another
    address for a service: a mirror, or a test server.

    Returns
    -------
    dict
        Service name to its settings.

    Examples
    --------
    >>> sorted(services())
    ['arxiv', 'hf', 'openalex', 's2']
    >>> services()["arxiv"]["interval_s"] >= 3  # arXiv asks for one request every 3 seconds
    True
    """
    from .knowledge import read_text

    out = {k: dict(v) for k, v in json.loads(read_text("services.json")).items() if not k.startswith("_")}
    for name, conf in out.items():
        conf["endpoint"] = os.environ.get(f"PAPERGRAPH_{name.upper()}_ENDPOINT", conf["endpoint"])
    return out


# --- the polite HTTP client -------------------------------------------------------------------
class Client:
    """GET with a cache, an interval per host, retries and a clear error when offline.

    Parameters
    ----------
    cache : path, optional
        Folder of cached responses (None: no cache).
    mailto : str, optional
        A contact address, sent in the ``User-Agent``.
    refresh : bool
        Ask again even for what the cache has (and keep the new answers).
    retries : int
        Attempts after the first on a 429, a 5xx or a dropped connection.
    backoff : float
        Seconds of the first wait between attempts (doubled each time).
    """

    def __init__(
        self,
        cache: str | os.PathLike | None = DEFAULT_CACHE,
        mailto: str | None = None,
        refresh: bool = False,
        retries: int = 5,
        backoff: float = 1.0,
        timeout: float = 60.0,
        headers: dict[str, str] | None = None,
    ):
        import requests
        from requests.adapters import HTTPAdapter
        from urllib3.util.retry import Retry

        self.cache = Path(cache) if cache is not None else None
        self.refresh, self.timeout = refresh, timeout
        self.session = requests.Session()
        retry = Retry(
            total=retries,
            backoff_factor=backoff,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=("GET",),
            respect_retry_after_header=True,
            raise_on_status=False,
        )
        for scheme in ("http://", "https://"):
            self.session.mount(scheme, HTTPAdapter(max_retries=retry))
        contact = f"; mailto:{mailto}" if mailto else ""
        self.session.headers["User-Agent"] = f"papergraph/{__version__} (+https://w3id.org/papergraph{contact})"
        self.session.headers.update(headers or {})  # e.g. Semantic Scholar's x-api-key
        self._last: dict[str, float] = {}
        self.requests = 0  # made over the network (not from the cache)

    def url(self, endpoint: str, params: dict[str, Any] | None = None) -> str:
        import requests

        return requests.Request("GET", endpoint, params=params or {}).prepare().url or endpoint

    def _cached(self, url: str) -> Path | None:
        return self.cache / hashlib.sha256(url.encode()).hexdigest()[:32] if self.cache is not None else None

    def get(self, url: str, interval: float = 0.0) -> bytes:
        """The body of ``url``: from the cache, or asked at least ``interval`` seconds after
        the last request to the same host."""
        import requests

        kept = self._cached(url)
        if kept is not None and kept.is_file() and not self.refresh:
            return kept.read_bytes()
        host = urlsplit(url).netloc
        wait = self._last.get(host, -1e9) + interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            response = self.session.get(url, timeout=self.timeout)
        except requests.exceptions.RetryError as err:
            raise FetchError(f"{host} kept refusing after retries: {err}") from None
        except requests.exceptions.ConnectionError as err:
            raise FetchError(
                f"cannot reach {host} ({type(err).__name__}); papergraph fetch needs the network "
                "(every other command works offline)"
            ) from None
        except requests.exceptions.Timeout:
            raise FetchError(f"{host} did not answer within {self.timeout:.0f} s") from None
        finally:
            self._last[host] = time.monotonic()
        self.requests += 1
        if response.status_code != 200:
            raise FetchError(f"{host} answered {response.status_code} {response.reason} for {url}")
        if kept is not None:
            kept.parent.mkdir(parents=True, exist_ok=True)
            tmp = kept.with_suffix(".part")
            tmp.write_bytes(response.content)
            os.replace(tmp, kept)
        return response.content


# --- what to fetch ------------------------------------------------------------------------------
@dataclass
class Spec:
    """One fetch: the service and its query parameters (``parse_spec`` reads the CLI form)."""

    service: str
    params: dict[str, Any] = field(default_factory=dict)
    since: str | None = None
    max: int | None = None

    def key(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def parse_spec(text: str) -> Spec:
    """A fetch as one string (``build --fetch``).

    Parameters
    ----------
    text : str
        ``arxiv:QUERY``, ``hf:YYYY-MM-DD``, ``hf:YYYY-Www``, ``hf:YYYY-MM``, ``openalex:SEARCH``
        or ``openalex:doi:DOI``.

    Returns
    -------
    Spec

    Raises
    ------
    PapergraphError
        Another form; the message lists these.

    Examples
    --------
    >>> parse_spec("arxiv:cat:cs.CL AND abs:transformer").params
    {'query': 'cat:cs.CL AND abs:transformer'}
    >>> parse_spec("openalex:doi:10.48550/arXiv.1706.03762").params
    {'doi': '10.48550/arXiv.1706.03762'}
    """
    service, _, rest = text.partition(":")
    rest = rest.strip()
    if service == "arxiv" and rest:
        return Spec("arxiv", {"query": rest})
    if service == "hf":
        for key, pattern in (("date", r"\d{4}-\d{2}-\d{2}"), ("week", r"\d{4}-W\d{2}"), ("month", r"\d{4}-\d{2}")):
            if re.fullmatch(pattern, rest):
                return Spec("hf", {key: rest})
    if service == "openalex" and rest:
        if rest.lower().startswith("doi:"):
            return Spec("openalex", {"doi": rest[4:].strip()})
        return Spec("openalex", {"search": rest})
    raise PapergraphError(
        f"cannot read the fetch {text!r}: use arxiv:QUERY, hf:YYYY-MM-DD | hf:YYYY-Www | hf:YYYY-MM, "
        "openalex:SEARCH or openalex:doi:DOI"
    )


def record(paper: Paper) -> dict[str, Any]:
    """A paper as a JSON Lines record that the jsonl reader reads back to the same paper."""
    rec: dict[str, Any] = {"title": paper.title, "abstract": paper.abstract}
    for key in ("url", "arxiv_id", "date", "upvotes", "code"):
        if getattr(paper, key) not in (None, ""):
            rec[key] = getattr(paper, key)
    if paper.authors:
        rec["authors"] = list(paper.authors)
    if paper.ids:
        rec["ids"] = list(paper.ids)
    if paper.cites:
        rec["cites"] = [ident for _, ident in paper.cites]
        rec["cites_from"] = paper.cites[0][0]
    return rec


# --- the services -----------------------------------------------------------------------------
Page = tuple[list[Paper], Any]  # the papers of a page, and where the next page starts (None: done)


def _arxiv_page(client: Client, spec: Spec, at: Any, endpoint: str) -> Page:
    from .sources import arxiv

    conf = services()["arxiv"]
    start = at or 0
    size = min(conf["page_max"], spec.max - start if spec.max else conf["page_max"])
    url = client.url(
        endpoint,
        {
            "search_query": spec.params["query"],
            "start": start,
            "max_results": size,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        },
    )
    body = client.get(url, conf["interval_s"]).decode("utf-8", "replace")
    papers = [p for p in arxiv.read(body, url) if isinstance(p, Paper)]
    older = spec.since and papers and (papers[-1].date or "9999") < spec.since
    done = len(papers) < size or older or (spec.max is not None and start + len(papers) >= spec.max)
    return papers, None if done else start + len(papers)


def _hf_page(client: Client, spec: Spec, at: Any, endpoint: str) -> Page:
    from .sources import jsondocs

    conf = services()["hf"]
    page = at or 0
    url = client.url(endpoint, {**spec.params, "p": page, "limit": conf["page_max"]})
    body = client.get(url, conf["interval_s"]).decode("utf-8", "replace")
    if not body.strip().startswith("["):
        raise FetchError(f"Hugging Face answered something other than a list of papers for {url}")
    papers = [p for p in jsondocs.hf_api.read(body, url) if isinstance(p, Paper)]
    return papers, None if len(papers) < conf["page_max"] else page + 1


def openalex_paper(work: dict[str, Any], references: bool = False) -> Paper | None:
    """A paper from an OpenAlex work object (``display_name``, ``abstract_inverted_index``,
    ``publication_date``, ``authorships``, ``ids``, ``locations``, ``referenced_works``).

    >>> p = openalex_paper({"id": "https://openalex.org/W1", "display_name": "T",
    ...     "abstract_inverted_index": {"We": [0], "propose": [1], "X.": [2]}, "publication_date": "2021-05-04",
    ...     "doi": "https://doi.org/10.48550/arXiv.2105.00001", "referenced_works": ["https://openalex.org/W2"]},
    ...     references=True)
    >>> p.abstract, p.arxiv_id, p.ids, p.cites
    ('We propose X.', '2105.00001', ('openalex:w1', 'doi:10.48550/arxiv.2105.00001'), (('openalex', 'openalex:w2'),))
    """
    from .sources.common import arxiv_id, parse_date

    title = " ".join(str(work.get("display_name") or work.get("title") or "").split())
    if not title:
        return None
    words: dict[int, str] = {}
    for word, places in (work.get("abstract_inverted_index") or {}).items():
        for i in places:
            words[i] = word
    doi = str(work.get("doi") or "").lower().removeprefix("https://doi.org/")
    ident = "openalex:" + str(work.get("id", "")).rsplit("/", 1)[-1].lower()
    landing = [str((loc or {}).get("landing_page_url") or "") for loc in work.get("locations") or []]
    arxiv = next((a for a in map(arxiv_id, landing) if a), None)
    if arxiv is None and doi.startswith("10.48550/arxiv."):
        arxiv = doi.removeprefix("10.48550/arxiv.")
    authors = tuple(
        " ".join(str(((a or {}).get("author") or {}).get("display_name") or "").split())
        for a in work.get("authorships") or []
    )
    cites = tuple(
        ("openalex", "openalex:" + str(w).rsplit("/", 1)[-1].lower()) for w in work.get("referenced_works") or []
    )
    return Paper(
        title=title,
        abstract=" ".join(words[i] for i in sorted(words)),
        url=f"https://doi.org/{doi}" if doi else (landing[0] if landing and landing[0] else None),
        arxiv_id=arxiv,
        date=parse_date(str(work.get("publication_date") or "")),
        authors=tuple(a for a in authors if a),
        author_count=len(authors) or None,
        ids=tuple(i for i in (ident if ident != "openalex:" else "", f"doi:{doi}" if doi else "") if i),
        cites=cites if references else (),
    )


def _openalex_page(client: Client, spec: Spec, at: Any, endpoint: str, mailto: str | None = None) -> Page:
    conf = services()["openalex"]
    polite = {"mailto": mailto} if mailto else {}
    refs = bool(spec.params.get("references"))
    if "doi" in spec.params:
        url = client.url(f"{endpoint.rstrip('/')}/https://doi.org/{spec.params['doi']}", polite)
        work = json.loads(client.get(url, conf["interval_s"]))
        paper = openalex_paper(work, refs)
        return [paper] if paper else [], None
    params: dict[str, Any] = {"per-page": conf["page_max"], "cursor": at or "*", **polite}
    if "search" in spec.params:
        params["search"] = spec.params["search"]
    filters = [spec.params["filter"]] if spec.params.get("filter") else []
    if spec.since:
        filters.append(f"from_publication_date:{spec.since}")
    if filters:
        params["filter"] = ",".join(filters)
    url = client.url(endpoint, params)
    doc = json.loads(client.get(url, conf["interval_s"]))
    papers = [p for p in (openalex_paper(w, refs) for w in doc.get("results") or []) if p]
    cursor = (doc.get("meta") or {}).get("next_cursor")
    return papers, cursor if papers and cursor else None


PAGES: dict[str, Callable[..., Page]] = {"arxiv": _arxiv_page, "hf": _hf_page, "openalex": _openalex_page}


def fetch(
    spec: Spec,
    output: str | os.PathLike,
    client: Client | None = None,
    endpoint: str | None = None,
    mailto: str | None = None,
    progress: bool | None = None,
) -> int:
    """Fetch ``spec`` into the JSON Lines file ``output``: the one function that talks to a
    service, and only when called.

    A state file (``OUTPUT.state``) records where the next page starts after each page, so
    an interrupted run of the same spec continues there (and appends); a run of another
    spec starts ``output`` anew.

    Parameters
    ----------
    spec : Spec
        What to fetch (:func:`parse_spec`, or ``Spec("arxiv", {"query": ...}, max=100)``).
    output : str or path
        The JSON Lines file to write (``papergraph build`` reads it).
    client : Client, optional
        HTTP with a cache, an interval per host and retries (a default one when None).
    endpoint : str, optional
        Another address for the service (a mirror, or a test server).
    mailto : str, optional
        A contact address, sent to services that ask for one.
    progress : bool, optional
        A bar on stderr; None: when stderr is a terminal.

    Returns
    -------
    int
        The papers written.

    Raises
    ------
    FetchError
        The service cannot be reached, or answers with an error, after the retries.

    Examples
    --------
    >>> fetch(parse_spec("arxiv:abs:transformer AND cat:cs.CL"), "transformers.jsonl")  # doctest: +SKIP
    100
    """
    from tqdm import tqdm

    client = client or Client(mailto=mailto)
    output = Path(output)
    state_file = output.with_name(output.name + ".state")
    state = json.loads(state_file.read_text()) if state_file.is_file() else {}
    resume = state.get("spec") == spec.key() and output.is_file()
    at, written = (state.get("next"), state.get("written", 0)) if resume else (None, 0)
    endpoint = endpoint or services()[spec.service]["endpoint"]
    page_of = PAGES[spec.service]
    extra = {"mailto": mailto} if spec.service == "openalex" else {}
    output.parent.mkdir(parents=True, exist_ok=True)
    bar = tqdm(
        total=spec.max,
        initial=written,
        unit="papers",
        desc=f"fetch {spec.service}",
        file=sys.stderr,
        disable=(not sys.stderr.isatty()) if progress is None else not progress,
    )
    with open(output, "a" if resume else "w", encoding="utf-8") as out, bar:
        while True:
            papers, nxt = page_of(client, spec, at, endpoint, **extra)
            keep = [p for p in papers if not spec.since or not p.date or p.date >= spec.since]
            if spec.max is not None:
                keep = keep[: max(0, spec.max - written)]
            for p in keep:
                out.write(json.dumps(record(p), ensure_ascii=False) + "\n")
            out.flush()
            written += len(keep)
            bar.update(len(keep))
            if nxt is None or (spec.max is not None and written >= spec.max):
                break
            at = nxt
            state_file.write_text(json.dumps({"spec": spec.key(), "next": at, "written": written}))
    state_file.unlink(missing_ok=True)
    return written


def references(
    papers: Iterable[Paper],
    output: str | os.PathLike,
    client: Client | None = None,
    endpoint: str | None = None,
    mailto: str | None = None,
) -> tuple[int, int]:
    """The reference lists of ``papers`` from OpenAlex, as JSON Lines records that merge with
    the papers (same title and arXiv id) and add their ``ids`` and ``cites``. Papers are
    looked up by DOI (an arXiv paper's DOI is ``10.48550/arXiv.<id>``), 50 per request.

    Parameters
    ----------
    papers : iterable of Paper
    output : str or path
        The JSON Lines file to write; build it with the papers' own file.
    client, endpoint, mailto
        As for :func:`fetch`.

    Returns
    -------
    tuple of int
        (papers found, papers without a DOI or arXiv id, not looked up).

    Examples
    --------
    >>> from papergraph import sources
    >>> papers = sources.load(["transformers.jsonl"]).papers  # doctest: +SKIP
    >>> references(papers, "transformers.refs.jsonl")  # doctest: +SKIP
    (97, 3)
    """
    client = client or Client(mailto=mailto)
    conf = services()["openalex"]
    endpoint = endpoint or conf["endpoint"]
    by_doi: dict[str, Paper] = {}
    unknown = 0
    for p in papers:
        doi = next((i[4:] for i in p.ids if i.startswith("doi:")), None)
        doi = doi or (f"10.48550/arxiv.{p.arxiv_id.lower()}" if p.arxiv_id else None)
        if doi:
            by_doi[doi.lower()] = p
        else:
            unknown += 1
    found = 0
    dois = sorted(by_doi)
    polite = {"mailto": mailto} if mailto else {}
    with open(output, "w", encoding="utf-8") as out:
        for i in range(0, len(dois), conf["or_max"]):
            chunk = dois[i : i + conf["or_max"]]
            params = {"filter": "doi:" + "|".join(chunk), "per-page": conf["page_max"], **polite}
            doc = json.loads(client.get(client.url(endpoint, params), conf["interval_s"]))
            for work in doc.get("results") or []:
                fetched = openalex_paper(work, references=True)
                doi = str(work.get("doi") or "").lower().removeprefix("https://doi.org/")
                mine = by_doi.get(doi)
                if fetched is None or mine is None:
                    continue
                rec = {"title": mine.title, "abstract": mine.abstract, "ids": list(fetched.ids)}
                if mine.arxiv_id:
                    rec["arxiv_id"] = mine.arxiv_id
                rec.update({"cites": [c for _, c in fetched.cites], "cites_from": "openalex"})
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
                found += 1
    return found, unknown


def _s2_ids(ids: dict[str, Any]) -> list[str]:
    """papergraph identifiers from Semantic Scholar ``externalIds`` ({"ArXiv": ..., "DOI": ...})."""
    out = []
    if ids.get("ArXiv"):
        out.append(f"arxiv:{str(ids['ArXiv']).lower()}")
    if ids.get("DOI"):
        out.append(f"doi:{str(ids['DOI']).lower()}")
    return out


def s2_references(
    papers: Iterable[Paper], output: str | os.PathLike, client: Client | None = None, endpoint: str | None = None
) -> tuple[int, int]:
    """The reference lists of ``papers`` from the Semantic Scholar Graph API, looked up one
    paper a request by arXiv id or DOI (``GET /paper/ARXIV:<id>?fields=externalIds,
    references.externalIds``), as JSON Lines records whose ``cites`` are the arXiv ids and
    DOIs of the works each paper cites. A paper Semantic Scholar does not know (404) is
    counted as not found.

    Parameters
    ----------
    papers : iterable of Paper
    output : str or path
        The JSON Lines file to write; build it with the papers' own file.
    client, endpoint
        As for :func:`fetch`.

    Returns
    -------
    tuple of int
        (papers found, papers with no id to look up).

    Examples
    --------
    >>> from papergraph import sources
    >>> papers = sources.load(["transformers.jsonl"]).papers  # doctest: +SKIP
    >>> s2_references(papers, "transformers.s2.jsonl")  # doctest: +SKIP
    (95, 3)
    """
    client = client or Client()
    conf = services()["s2"]
    endpoint = (endpoint or conf["endpoint"]).rstrip("/")
    found = unknown = 0
    with open(output, "w", encoding="utf-8") as out:
        for p in papers:
            doi = next((i[4:] for i in p.ids if i.startswith("doi:")), None)
            key = f"ARXIV:{p.arxiv_id}" if p.arxiv_id else (f"DOI:{doi}" if doi else None)
            if key is None:
                unknown += 1
                continue
            url = client.url(f"{endpoint}/{key}", {"fields": "externalIds,references.externalIds"})
            try:
                work = json.loads(client.get(url, conf["interval_s"]))
            except FetchError as err:
                if " 404 " in str(err):
                    continue
                raise
            cites = [i for ref in work.get("references") or [] for i in _s2_ids(ref.get("externalIds") or {})]
            rec: dict[str, Any] = {
                "title": p.title,
                "abstract": p.abstract,
                "ids": _s2_ids(work.get("externalIds") or {}),
            }
            if p.arxiv_id:
                rec["arxiv_id"] = p.arxiv_id
            rec.update({"cites": cites, "cites_from": "semanticscholar"})
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            found += 1
    return found, unknown
