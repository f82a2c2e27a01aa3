"""A graph held by a remote SPARQL 1.1 store (Virtuoso, Fuseki, GraphDB, Oxigraph server...).

:class:`RemoteStore` speaks the SPARQL 1.1 Protocol for queries and the Graph Store HTTP
Protocol to load a built graph (``papergraph push``); :class:`~papergraph.PaperGraph`
uses it when ``--graph`` names an ``http(s)://`` endpoint, so every query, question and
export works on a graph too large for one machine's store.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable

from .errors import GraphNotFoundError, QueryError
from .namespace import PREFIXES

__all__ = [
    "RemoteStore",
]

_PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


class RemoteStore:
    """A SPARQL endpoint (and optionally its Graph Store Protocol endpoint, for writing)."""

    def __init__(
        self,
        endpoint: str,
        graph_iri: str | None = None,
        user: str | None = None,
        password: str | None = None,
        gsp: str | None = None,
        timeout: float = 120.0,
    ):
        for url in (endpoint, gsp):
            if url is not None and urllib.parse.urlsplit(url).scheme not in ("http", "https"):
                raise GraphNotFoundError(
                    f"{url!r} is not the http(s):// URL of a SPARQL endpoint (e.g. http://127.0.0.1:8890/sparql)"
                )
        self.endpoint, self.graph_iri, self.timeout = endpoint, graph_iri, timeout
        self.gsp = gsp or (
            endpoint.rsplit("/sparql", 1)[0] + ("/sparql-graph-crud-auth" if user else "/sparql-graph-crud")
        )
        handlers = []
        if user:
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.gsp, user, password or "")
            handlers = [urllib.request.HTTPDigestAuthHandler(passwords), urllib.request.HTTPBasicAuthHandler(passwords)]
        self.opener = urllib.request.build_opener(*handlers)

    # --- reading ------------------------------------------------------------------------------
    def request(self, query: str, accept: str = "application/sparql-results+json") -> bytes:
        """The raw response to a query (POSTed form-encoded, as every SPARQL server accepts)."""
        params = {"query": _PROLOGUE + query}
        if self.graph_iri:
            params["default-graph-uri"] = self.graph_iri
        req = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode(params).encode(),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with self.opener.open(req, timeout=self.timeout) as resp:
                return resp.read()
        except urllib.error.HTTPError as err:
            raise QueryError(
                f"{self.endpoint} answered {err.code}: {err.read()[:500].decode(errors='replace')}"
            ) from None
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = getattr(err, "reason", err)
            raise GraphNotFoundError(f"{self.endpoint}: cannot reach the SPARQL endpoint ({reason})") from None

    def select(self, query: str) -> tuple[list[str], list[dict], bool | None]:
        """(variables, rows of JSON terms, boolean for ASK) of a SELECT or ASK query."""
        doc = json.loads(self.request(query))
        if "boolean" in doc:
            return [], [], bool(doc["boolean"])
        return doc["head"].get("vars", []), doc["results"]["bindings"], None

    def construct(self, query: str) -> bytes:
        """N-Triples of a CONSTRUCT or DESCRIBE query."""
        return self.request(query, "application/n-triples")

    # --- writing ------------------------------------------------------------------------------
    def put(self, chunks: Iterable[bytes], graph_iri: str) -> int:
        """Replace the named graph ``graph_iri`` by the N-Triples ``chunks`` (PUT, then POSTs)."""
        sent = 0
        for i, chunk in enumerate(chunks):
            url = f"{self.gsp}?{urllib.parse.urlencode({'graph-uri': graph_iri})}"
            req = urllib.request.Request(
                url, data=chunk, method="PUT" if i == 0 else "POST", headers={"Content-Type": "text/turtle"}
            )
            try:
                with self.opener.open(req, timeout=self.timeout) as resp:
                    resp.read()
            except urllib.error.HTTPError as err:
                raise QueryError(
                    f"{self.gsp} refused the upload ({err.code}): {err.read()[:300].decode(errors='replace')}"
                ) from None
            except (urllib.error.URLError, OSError, ValueError) as err:
                reason = getattr(err, "reason", err)
                raise GraphNotFoundError(
                    f"{self.gsp}: cannot reach the Graph Store endpoint ({reason}); {sent} triples were sent before"
                ) from None
            sent += chunk.count(b"\n")
        return sent


def term_to_python(term: dict):
    """A SPARQL JSON term as the plain value PaperGraph.query gives for local stores."""
    if term["type"] in ("uri", "bnode"):
        return term["value"]
    dt = term.get("datatype", "")
    v = term["value"]
    if dt.endswith(("#integer", "#int", "#long")):
        return int(v)
    if dt.endswith(("#decimal", "#double", "#float")):
        return float(v)
    if dt.endswith("#boolean"):
        return v == "true"
    return v
