"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``papergraph serve``).

- ``GET /sparql?query=...``, ``POST`` form-encoded (``query=...``) or ``application/sparql-query``;
- SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle,
  N-Triples or JSON-LD, chosen by the ``Accept`` header (or a ``format`` parameter);
- updates are refused (403); a query running past the timeout is stopped (503), and a
  SELECT result is cut at the row cap (the ``X-Papergraph-Truncated`` header says so);
- ``GET /named?name=N&p.VAR=VALUE`` runs a named query with its parameters bound as values
  (a missing one is a 400 that names it);
- ``GET /`` is the query page (named queries with a parameter form, a sortable table,
  downloads, the query in the URL), ``GET /explore`` the explorer page of the served graph,
  made once per build; both work offline.

Queries run in worker processes that open the store read-only, so a runaway query can be
stopped by ending its process and a query that crashes the engine costs one process, not
the server; the server itself only routes requests. Built to face a hostile client on
loopback: ``SERVICE`` (which would make the server send requests anywhere) is refused,
the ``Host`` header must name the server (DNS rebinding), no web page may read answers
unless ``cors`` names its origin, bodies and nesting are capped, waits are bounded, and a
rebuilt graph is served as a whole new snapshot.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterable
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

from .errors import QueryError

__all__ = [
    "Policy",
    "Server",
    "serve",
]

SELECT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}
CONTENT_TYPE = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "ttl": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


# --- results, written by hand so that the row cap applies while writing ------------------------------
def _term_json(t) -> dict:
    import pyoxigraph as ox

    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = t.datatype.value
    return out


def _csv_cell(t) -> str:
    if t is None:
        return ""
    v = t.value
    return '"' + v.replace('"', '""') + '"' if any(c in v for c in ',"\n\r') else v


def _xml_term(t) -> str:
    j = _term_json(t)
    if j["type"] == "uri":
        return f"<uri>{escape(j['value'])}</uri>"
    if j["type"] == "bnode":
        return f"<bnode>{escape(j['value'])}</bnode>"
    attrs = (f' xml:lang="{escape(j["xml:lang"])}"' if "xml:lang" in j else "") + (
        f' datatype="{escape(j["datatype"])}"' if "datatype" in j else ""
    )
    return f"<literal{attrs}>{escape(j['value'])}</literal>"


def write_select(names: list[str], rows: list[list], fmt: str) -> bytes:
    """SELECT results (terms or None per variable) in a W3C SPARQL results format."""
    if fmt == "json":
        return json.dumps(
            {
                "head": {"vars": names},
                "results": {
                    "bindings": [{n: _term_json(t) for n, t in zip(names, row) if t is not None} for row in rows]
                },
            },
            ensure_ascii=False,
        ).encode()
    if fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)] + [
            "\t".join("" if t is None else str(t) for t in row) for row in rows
        ]
        return ("\n".join(lines) + "\n").encode()
    body = "".join(
        "<result>"
        + "".join(f'<binding name="{escape(n)}">{_xml_term(t)}</binding>' for n, t in zip(names, row) if t is not None)
        + "</result>"
        for row in rows
    )
    head = "".join(f'<variable name="{escape(n)}"/>' for n in names)
    return (
        '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
        f"<head>{head}</head><results>{body}</results></sparql>"
    ).encode()


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt in ("csv", "tsv"):
        return ("true" if value else "false").encode() + b"\n"
    if fmt == "xml":
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>"
        ).encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


# --- the worker side ---------------------------------------------------------------------------------
def _worker(graph_path: str, conn, parent_pid: int) -> None:
    """A process that answers queries on the read-only store until its pipe closes.

    Its first message says which build of the graph it opened (:func:`snapshot_id`), so
    that the pool can tell a worker that opened a newer build from one of its own.
    """
    import pyoxigraph as ox

    from .graph import PaperGraph
    from .store import snapshot_id
    from .processes import die_with_parent

    die_with_parent(parent_pid)
    while True:  # the build that was opened is the one whose marker is the same before and after
        before = snapshot_id(graph_path)
        graph = PaperGraph.open(graph_path)
        if snapshot_id(graph_path) == before:
            break
    conn.send(("ready", before))
    while True:
        try:
            query, select_fmt, graph_fmt, max_rows = conn.recv()
        except EOFError:
            return
        try:
            result = graph.raw_query(query)
            if isinstance(result, ox.QueryBoolean):
                conn.send(("ok", CONTENT_TYPE[select_fmt], write_boolean(bool(result), select_fmt), False))
            elif isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                rows: list = []
                truncated = False
                for sol in result:
                    if len(rows) == max_rows:
                        truncated = True
                        break
                    rows.append([sol[n] for n in names])
                conn.send(("ok", CONTENT_TYPE[select_fmt], write_select(names, rows, select_fmt), truncated))
            else:
                from .rdf import iri

                lines = []
                for t in result:
                    o = t.object
                    obj = iri(o.value) if isinstance(o, ox.NamedNode) else str(o)
                    lines.append(
                        f"{iri(t.subject.value) if isinstance(t.subject, ox.NamedNode) else t.subject} "
                        f"{iri(t.predicate.value)} {obj} .\n"
                    )
                data = "".join(lines).encode()
                if graph_fmt != "nt":
                    store = ox.Store()
                    store.load(data, format=ox.RdfFormat.N_TRIPLES)
                    fmt = ox.RdfFormat.TURTLE if graph_fmt == "ttl" else ox.RdfFormat.JSON_LD
                    data = store.dump(format=fmt, from_graph=ox.DefaultGraph()) or b""
                conn.send(("ok", CONTENT_TYPE[graph_fmt], data, False))
        except Exception as err:  # noqa: BLE001 - every failure goes back to the client as a 400
            conn.send(("error", "text/plain; charset=utf-8", str(err).encode(), False))


class Refused(Exception):
    """A request the endpoint answers with an error status (and a message, and headers)."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.headers = status, headers or {}


class _Worker:
    """One query process and the pipe to it."""

    def __init__(self, ctx, graph_path: str):
        self.ctx, self.graph_path = ctx, graph_path
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(graph_path, child, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.snapshot = None  # the build it opened, known from its first message

    def ready(self, wait: float) -> bool:
        """Whether the worker has opened the store (reading its first message)."""
        if self.snapshot is None:
            if not self.conn.poll(wait):
                return False
            try:
                _, self.snapshot = self.conn.recv()
            except (EOFError, OSError):
                return False
        return True

    def stop(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()

    def replaced(self) -> "_Worker":
        """A fresh worker in place of this one, which is stopped."""
        self.stop()
        return _Worker(self.ctx, self.graph_path)


class WorkerPool:
    """Query worker processes over one build of the graph.

    A worker whose query overruns the timeout, or whose process dies (a query can crash
    the engine), is ended and replaced; its request gets 503 or 500 and the next one is
    served. A request waits at most ``queue_wait`` seconds for a free worker (then 503).
    """

    def __init__(self, graph_path: str, size: int = 2, queue_wait: float = 10.0):
        self.graph_path, self.queue_wait = graph_path, queue_wait
        self.ctx = mp.get_context("spawn")
        self.lock = threading.Condition()
        self.idle: list[_Worker] = [_Worker(self.ctx, graph_path) for _ in range(size)]
        self.busy = 0
        self.retired = False
        for w in self.idle:
            w.ready(60)
        self.snapshot = next((w.snapshot for w in self.idle if w.snapshot is not None), None)

    def _take(self) -> _Worker:
        deadline = time.monotonic() + self.queue_wait
        with self.lock:
            while not self.idle:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Refused(
                        503, f"all {self.busy} query workers are busy; try again shortly", {"Retry-After": "1"}
                    )
                self.lock.wait(left)
            self.busy += 1
            return self.idle.pop()

    def _give_back(self, worker: _Worker) -> None:
        with self.lock:
            self.busy -= 1
            if self.retired:
                worker.stop()
            else:
                self.idle.append(worker)
            self.lock.notify()

    def run(self, query: str, select_fmt: str, graph_fmt: str, max_rows: int, timeout: float):
        """``(status, content type, body, truncated)`` of one query; raises :class:`Refused`."""
        worker = self._take()
        try:
            if not worker.proc.is_alive() or not worker.ready(30):
                worker = worker.replaced()
                if not worker.ready(60):
                    raise Refused(500, "a query worker could not open the graph")
            worker.conn.send((query, select_fmt, graph_fmt, max_rows))
            if not worker.conn.poll(timeout):
                worker = worker.replaced()
                raise Refused(503, f"the query ran longer than {timeout:g} s and was stopped")
            try:
                return worker.conn.recv()
            except (EOFError, OSError):
                worker.proc.join(5)
                code = worker.proc.exitcode
                cause = (
                    f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
                )
                worker = worker.replaced()
                raise Refused(
                    500,
                    f"the query crashed its worker process ({cause}); the worker was "
                    "replaced, other queries are not affected",
                ) from None
        except (BrokenPipeError, ConnectionResetError):
            worker = worker.replaced()
            raise Refused(500, "the query worker was lost; it was replaced") from None
        finally:
            self._give_back(worker)

    def retire(self) -> None:
        """Stop the idle workers now and the busy ones when their query ends."""
        with self.lock:
            self.retired = True
            idle, self.idle = self.idle, []
        for w in idle:
            w.stop()

    def close(self) -> None:
        self.retire()


class Snapshots:
    """The worker pool of the build now at ``graph_path``: when a rebuild swaps in a new
    graph, a new pool is opened on it and the old one retired, so that every request
    started after the swap is answered from the new build and none from a mix of both."""

    def __init__(self, graph_path: str, size: int, queue_wait: float):
        from .store import snapshot_id

        self.graph_path, self.size, self.queue_wait = graph_path, size, queue_wait
        self._snapshot_id = snapshot_id
        self.lock = threading.Lock()
        self.pool = WorkerPool(graph_path, size, queue_wait)

    def current(self) -> WorkerPool:
        now = self._snapshot_id(self.graph_path)
        if now is None or now == self.pool.snapshot:
            return self.pool
        with self.lock:
            if self._snapshot_id(self.graph_path) != self.pool.snapshot:
                old, self.pool = self.pool, WorkerPool(self.graph_path, self.size, self.queue_wait)
                old.retire()
        return self.pool

    def close(self) -> None:
        self.pool.close()


class ExplorerPages:
    """The explorer page of the graph being served (``GET /explore``), made once per build:
    the query page's IRIs link into it."""

    def __init__(self, graph_path: str):
        self.graph_path, self.lock = graph_path, threading.Lock()
        self.snapshot: tuple[int, int, int] | None = None
        self.page = b""

    def current(self) -> bytes:
        from .store import snapshot_id

        with self.lock:
            now = snapshot_id(self.graph_path)
            if now != self.snapshot or not self.page:
                import tempfile

                from .graph import PaperGraph

                with tempfile.TemporaryDirectory() as tmp:
                    path = PaperGraph.open(self.graph_path).to_html(Path(tmp) / "explore.html", title="papergraph")
                    self.page, self.snapshot = path.read_bytes(), now
            return self.page


# --- the HTTP side -------------------------------------------------------------------------------------
def _negotiate(accept: str, fmt: str | None) -> tuple[str, str]:
    """(SELECT/ASK format, CONSTRUCT/DESCRIBE format) from a ``format`` parameter or ``Accept``."""
    select, graph = "json", "ttl"
    fmt = {"turtle": "ttl", "json-ld": "jsonld", "n-triples": "nt", "ntriples": "nt"}.get(fmt or "", fmt)
    if fmt in ("json", "xml", "csv", "tsv"):
        return fmt, "jsonld" if fmt == "json" else graph
    if fmt in ("ttl", "nt", "jsonld"):
        return select, fmt
    for part in accept.split(","):
        kind = part.split(";")[0].strip().lower()
        if kind in SELECT_TYPES and select == "json" and kind not in ("application/json",):
            select = SELECT_TYPES[kind]
        if kind in GRAPH_TYPES and graph == "ttl":
            graph = GRAPH_TYPES[kind]
    return select, graph


@dataclass(frozen=True)
class Policy:
    """What the endpoint accepts; the defaults are safe for a server on loopback.

    ``allowed_hosts``: ``Host`` header names accepted (DNS rebinding); ``cors``: the origin
    allowed to read responses from a web page (none by default); ``allow_federation``:
    whether ``SERVICE`` may make the server send requests; ``max_body``: bytes of a POST;
    ``max_nesting``: the deepest nesting of groups a query may have (the engine's parser
    recurses, and thousands of levels crash it); ``socket_timeout``: seconds a client may
    take to send its request.
    """

    allowed_hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost", "::1"})
    cors: str | None = None
    allow_federation: bool = False
    max_body: int = 1 << 20
    max_nesting: int = 128
    socket_timeout: float = 30.0
    timeout: float = 30.0
    max_rows: int = 100_000


def host_allowed(header: str | None, allowed: frozenset[str]) -> bool:
    """Whether a ``Host`` header names one of ``allowed`` (any port).

    >>> host_allowed("127.0.0.1:7878", frozenset({"127.0.0.1"})), host_allowed("evil.example:7878", frozenset({"127.0.0.1"}))
    (True, False)
    >>> host_allowed("[::1]:80", frozenset({"::1"}))
    True
    """
    if not header:
        return False
    header = header.strip().lower()
    if header.startswith("["):
        name = header[1:].split("]", 1)[0]
    else:
        name = header.rsplit(":", 1)[0] if header.count(":") == 1 else header
    return name in allowed or "*" in allowed


def check_query(query: str, policy: Policy) -> None:
    """Refuse a query the endpoint will not run (federation, nesting past the limit)."""
    from .queries import nesting_depth, uses_federation

    if not policy.allow_federation and uses_federation(query):
        raise Refused(
            403,
            "SERVICE (federated query) is disabled on this endpoint: it would make the server "
            "send requests; start it with --allow-federation to allow it",
        )
    depth = nesting_depth(query)
    if depth > policy.max_nesting:
        raise Refused(
            400, f"the query nests {depth} levels deep (groups, parentheses); this endpoint allows {policy.max_nesting}"
        )


def make_handler(snapshots: Snapshots, policy: Policy, page: bytes, explorer: "ExplorerPages | None" = None):
    class Handler(BaseHTTPRequestHandler):
        server_version = "papergraph"
        timeout = policy.socket_timeout  # a client that stops sending is dropped, not waited for

        def log_message(self, *_args):  # quiet: the CLI prints one line at start
            pass

        def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            if policy.cors:
                self.send_header("Access-Control-Allow-Origin", policy.cors)
                self.send_header("Vary", "Origin")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _refuse(self, err: Refused) -> None:
            self._send(err.status, "text/plain; charset=utf-8", f"{err}\n".encode(), err.headers)

        def _host_ok(self) -> bool:
            if host_allowed(self.headers.get("Host"), policy.allowed_hosts):
                return True
            self._refuse(
                Refused(
                    403,
                    "this endpoint answers only requests addressed to "
                    f"{', '.join(sorted(policy.allowed_hosts))} (Host header); "
                    "start it with --allow-host NAME to add a name",
                )
            )
            return False

        def _answer(self, params: dict[str, list[str]], body_query: str | None = None) -> None:
            if "update" in params:
                return self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n")
            query = body_query if body_query is not None else (params.get("query") or [""])[0]
            if not query:
                return self._send(400, "text/plain", b"missing 'query' parameter\n")
            select_fmt, graph_fmt = _negotiate(
                self.headers.get("Accept", ""), (params.get("format") or [""])[0] or None
            )
            if select_fmt not in CONTENT_TYPE or graph_fmt not in CONTENT_TYPE:
                return self._send(406, "text/plain", b"unknown result format\n")
            try:
                check_query(query, policy)
                pool = snapshots.current()
                status, ctype, body, truncated = pool.run(query, select_fmt, graph_fmt, policy.max_rows, policy.timeout)
            except Refused as err:
                return self._refuse(err)
            if status == "error":
                return self._send(400, ctype, body)
            self._send(200, ctype, body, {"X-Papergraph-Truncated": "true"} if truncated else None)

        def do_GET(self):  # noqa: N802 - http.server's naming
            if not self._host_ok():
                return
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                return self._send(200, "text/html; charset=utf-8", page)
            if url.path == "/favicon.ico":
                return self._send(200, "image/svg+xml", FAVICON, {"Cache-Control": "max-age=86400"})
            if url.path == "/explore" and explorer is not None:
                return self._send(200, "text/html; charset=utf-8", explorer.current())
            if url.path == "/named":
                return self._named(parse_qs(url.query))
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql\n")
            self._answer(parse_qs(url.query))

        def _named(self, params: dict[str, list[str]]) -> None:
            """``GET /named?name=N&p.VAR=VALUE&limit=&offset=``: a named query with its
            parameters bound as values (never as query text); a missing one is a 400."""
            from . import queries

            name = (params.get("name") or [""])[0]
            if name not in queries.names():
                return self._send(404, "text/plain; charset=utf-8", f"no named query {name!r}\n".encode())
            values = {k[2:]: v[0] for k, v in params.items() if k.startswith("p.") and v and v[0].strip()}
            missing = [p for p in queries.parameters(name) if p not in values]
            if missing:
                return self._send(
                    400,
                    "text/plain; charset=utf-8",
                    f"{name} needs a value for {', '.join('?' + m for m in missing)}\n".encode(),
                )
            try:
                limit = int(params["limit"][0]) if params.get("limit") else None
                offset = int(params["offset"][0]) if params.get("offset") else 0
                text = queries.bind(queries.page(queries.named_query(name), limit, offset), **values)
            except (ValueError, QueryError) as err:
                return self._send(400, "text/plain; charset=utf-8", f"{err}\n".encode())
            self._answer({"format": params.get("format", [])} if params.get("format") else {}, text)

        def _body(self) -> str | None:
            """The request body, or None when a refusal was sent (bad or too large length)."""
            raw = self.headers.get("Content-Length")
            if raw is None or not raw.strip().isdigit():
                self.close_connection = True
                self._refuse(
                    Refused(
                        411 if raw is None else 400, "a POST needs a Content-Length header with a whole number of bytes"
                    )
                )
                return None
            length = int(raw)
            if length > policy.max_body:
                self.close_connection = True
                self._refuse(
                    Refused(
                        413, f"the request body is {length:,} bytes; this endpoint takes at most {policy.max_body:,}"
                    )
                )
                return None
            return self.rfile.read(length).decode("utf-8", errors="replace")

        def do_POST(self):  # noqa: N802
            if not self._host_ok():
                return
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql\n")
            data = self._body()
            if data is None:
                return
            ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if ctype == "application/sparql-update":
                return self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n")
            if ctype == "application/sparql-query":
                return self._answer(parse_qs(url.query), data)
            params = parse_qs(data)
            params.update({k: v for k, v in parse_qs(url.query).items() if k not in params})
            self._answer(params)

        def do_PUT(self):  # noqa: N802
            self._send(405, "text/plain", b"read-only endpoint\n")

        do_DELETE = do_PATCH = do_PUT

    return Handler


FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><circle cx="4" cy="4" r="3" fill="#4C78A8"/>'
    b'<circle cx="12" cy="6" r="3" fill="#F58518"/><circle cx="7" cy="12" r="3" fill="#54A24B"/>'
    b'<path d="M4 4L12 6L7 12Z" fill="none" stroke="#666"/></svg>'
)


def query_page() -> bytes:
    """The query page: named queries with a form for their parameters, a SPARQL box, results
    as a sortable table with row count and time, IRIs linking into the explorer (``/explore``),
    CSV and JSON downloads, Ctrl+Enter, and the query in the URL. No external resources."""
    from . import queries
    from .knowledge import read_text
    from .views.html import _script_json

    named = {
        n: {"text": queries.named_query(n), "about": queries.describe(n), "params": queries.parameters(n)}
        for n in queries.names()
    }
    return read_text("query.html").replace("{{NAMED}}", _script_json(named)).encode()


class Server(ThreadingHTTPServer):
    """The endpoint's HTTP server: a thread per connection, a deep listen backlog (200
    clients connecting at once are queued, not refused and retried a second later)."""

    request_queue_size = 1024
    daemon_threads = True
    snapshots: Snapshots

    @property
    def pool(self) -> Snapshots:  # the CLI closes it on exit
        return self.snapshots


def serve(
    graph_path: str | Path,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout: float = 30.0,
    max_rows: int = 100_000,
    workers: int = 2,
    *,
    allow_hosts: Iterable[str] = (),
    cors: str | None = None,
    allow_federation: bool = False,
    queue_wait: float = 10.0,
    max_body: int = 1 << 20,
    socket_timeout: float = 30.0,
) -> Server:
    """A SPARQL 1.1 Protocol endpoint over a built graph, with the query page at ``/`` and the
    explorer at ``/explore``; call ``serve_forever()`` on it, ``shutdown()`` to stop.

    Parameters
    ----------
    graph_path : str or path
        A graph built by :meth:`papergraph.PaperGraph.build` (opened read-only).
    host : str, default "127.0.0.1"
        Where to listen; loopback unless you mean to share it.
    port : int, default 7878
        0 picks a free port (``server.server_address``).
    timeout : float, default 30
        Seconds a query may run.
    max_rows : int, default 100000
        Rows of an answer, at most.
    workers : int, default 2
        Processes that run queries, each with a read-only snapshot of the store.
    allow_hosts : iterable of str
        More names the ``Host`` header may give (DNS-rebinding defence: by default only
        ``host``, or the loopback names when ``host`` is loopback).
    cors : str, optional
        The one web origin allowed to read answers.
    allow_federation : bool, default False
        Whether ``SERVICE`` may make the server send requests.
    queue_wait, max_body, socket_timeout : float, int, float
        Seconds a request waits for a worker, bytes of a POST, seconds a client may take to send.

    Returns
    -------
    Server
        Bound and ready; nothing is served until ``serve_forever()``.

    Examples
    --------
    >>> import json, tempfile, threading, urllib.parse, urllib.request
    >>> from papergraph import PaperGraph
    >>> path = tempfile.mkdtemp() + "/g"
    >>> _ = PaperGraph.build_records([{"title": "FooNet", "abstract": "We propose FooNet."}], path=path)
    >>> server = serve(path, port=0, workers=1)
    >>> threading.Thread(target=server.serve_forever, daemon=True).start()
    >>> url = "http://127.0.0.1:%d/sparql?" % server.server_address[1]
    >>> query = urllib.parse.urlencode({"query": "SELECT ?t WHERE { ?p <http://purl.org/dc/terms/title> ?t }"})
    >>> request = urllib.request.Request(url + query, headers={"Accept": "application/sparql-results+json"})
    >>> json.load(urllib.request.urlopen(request))["results"]["bindings"][0]["t"]["value"]
    'FooNet'
    >>> server.shutdown(); server.pool.close(); server.server_close()
    """
    from .graph import PaperGraph

    PaperGraph.open(graph_path)  # fail here, with a clear message, if there is no graph
    names = {host.lower().strip("[]"), *(h.lower().strip("[]") for h in allow_hosts)}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "::1"}
    policy = Policy(
        allowed_hosts=frozenset(names),
        cors=cors,
        allow_federation=allow_federation,
        max_body=max_body,
        timeout=timeout,
        max_rows=max_rows,
        socket_timeout=socket_timeout,
    )
    snapshots = Snapshots(str(graph_path), workers, queue_wait)
    server = Server((host, port), make_handler(snapshots, policy, query_page(), ExplorerPages(str(graph_path))))
    server.snapshots = snapshots
    return server
