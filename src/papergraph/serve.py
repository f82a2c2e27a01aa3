"""A read-only SPARQL 1.1 Protocol endpoint over a built graph (``papergraph serve``).

- ``GET /sparql?query=...``, ``POST`` form-encoded (``query=...``) or ``application/sparql-query``;
- SELECT/ASK results as SPARQL JSON, XML, CSV or TSV, CONSTRUCT/DESCRIBE as Turtle,
  N-Triples or JSON-LD, chosen by the ``Accept`` header (or a ``format`` parameter);
- updates are refused (403); a query running past the timeout is stopped (503), and a
  SELECT result is cut at the row cap (the ``X-Papergraph-Truncated`` header says so);
- ``GET /`` is a small query page with the named queries, working offline.

Queries run in worker processes that open the store read-only, so a runaway query can be
stopped by ending its process; the server itself only routes requests.
"""
from __future__ import annotations

import html
import json
import multiprocessing as mp
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

SELECT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {"text/turtle": "ttl", "application/n-triples": "nt", "application/ld+json": "jsonld"}
CONTENT_TYPE = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8",
                "ttl": "text/turtle; charset=utf-8", "nt": "application/n-triples", "jsonld": "application/ld+json"}


class QueryTimeout(Exception):
    """The query ran longer than the endpoint allows."""


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
        f' datatype="{escape(j["datatype"])}"' if "datatype" in j else "")
    return f"<literal{attrs}>{escape(j['value'])}</literal>"


def write_select(names: list[str], rows: list[list], fmt: str) -> bytes:
    """SELECT results (terms or None per variable) in a W3C SPARQL results format."""
    if fmt == "json":
        return json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {n: _term_json(t) for n, t in zip(names, row) if t is not None} for row in rows]}},
            ensure_ascii=False).encode()
    if fmt == "csv":
        lines = [",".join(names)] + [",".join(_csv_cell(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + n for n in names)] + ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    body = "".join("<result>" + "".join(f'<binding name="{escape(n)}">{_xml_term(t)}</binding>'
                                         for n, t in zip(names, row) if t is not None) + "</result>" for row in rows)
    head = "".join(f'<variable name="{escape(n)}"/>' for n in names)
    return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{head}</head><results>{body}</results></sparql>").encode()


def write_boolean(value: bool, fmt: str) -> bytes:
    if fmt in ("csv", "tsv"):
        return ("true" if value else "false").encode() + b"\n"
    if fmt == "xml":
        return ('<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
                f"<boolean>{'true' if value else 'false'}</boolean></sparql>").encode()
    return json.dumps({"head": {}, "boolean": value}).encode()


# --- the worker side ---------------------------------------------------------------------------------
def _worker(graph_path: str, conn) -> None:
    """A process that answers queries on the read-only store until its pipe closes."""
    import pyoxigraph as ox

    from .graph import PaperGraph
    graph = PaperGraph.open(graph_path)
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
                rows, truncated = [], False
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
                    lines.append(f"{iri(t.subject.value) if isinstance(t.subject, ox.NamedNode) else t.subject} "
                                 f"{iri(t.predicate.value)} {obj} .\n")
                data = "".join(lines).encode()
                if graph_fmt != "nt":
                    store = ox.Store()
                    store.load(data, format=ox.RdfFormat.N_TRIPLES)
                    fmt = ox.RdfFormat.TURTLE if graph_fmt == "ttl" else ox.RdfFormat.JSON_LD
                    data = store.dump(format=fmt, from_graph=ox.DefaultGraph())
                conn.send(("ok", CONTENT_TYPE[graph_fmt], data, False))
        except Exception as err:  # noqa: BLE001 - every failure goes back to the client as a 400
            conn.send(("error", "text/plain; charset=utf-8", str(err).encode(), False))


class WorkerPool:
    """Query worker processes; a worker whose query overruns the timeout is ended and replaced."""

    def __init__(self, graph_path: str, size: int = 2):
        self.graph_path = graph_path
        self.ctx = mp.get_context("spawn")
        self.idle: list = []
        self.lock = threading.Condition()
        for _ in range(size):
            self.idle.append(self._start())

    def _start(self):
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker, args=(self.graph_path, child), daemon=True)
        proc.start()
        child.close()
        return proc, parent

    def run(self, query: str, select_fmt: str, graph_fmt: str, max_rows: int, timeout: float):
        with self.lock:
            while not self.idle:
                self.lock.wait()
            proc, conn = self.idle.pop()
        try:
            conn.send((query, select_fmt, graph_fmt, max_rows))
            if not conn.poll(timeout):
                proc.kill()
                proc.join()
                conn.close()
                proc, conn = self._start()
                raise QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped")
            return conn.recv()
        finally:
            with self.lock:
                self.idle.append((proc, conn))
                self.lock.notify()

    def close(self) -> None:
        for proc, conn in self.idle:
            conn.close()
            proc.kill()


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


def make_handler(pool: WorkerPool, timeout: float, max_rows: int, page: bytes):
    class Handler(BaseHTTPRequestHandler):
        server_version = "papergraph"

        def log_message(self, *_args):  # quiet: the CLI prints one line at start
            pass

        def _send(self, status: int, ctype: str, body: bytes, extra: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)

        def _answer(self, params: dict[str, list[str]], body_query: str | None = None) -> None:
            if "update" in params:
                return self._send(403, "text/plain", b"this endpoint is read-only: SPARQL updates are refused\n")
            query = body_query if body_query is not None else (params.get("query") or [None])[0]
            if not query:
                return self._send(400, "text/plain", b"missing 'query' parameter\n")
            select_fmt, graph_fmt = _negotiate(self.headers.get("Accept", ""), (params.get("format") or [None])[0])
            if select_fmt not in CONTENT_TYPE or graph_fmt not in CONTENT_TYPE:
                return self._send(406, "text/plain", b"unknown result format\n")
            try:
                status, ctype, body, truncated = pool.run(query, select_fmt, graph_fmt, max_rows, timeout)
            except QueryTimeout as err:
                return self._send(503, "text/plain", f"{err}\n".encode())
            if status == "error":
                return self._send(400, ctype, body)
            self._send(200, ctype, body, {"X-Papergraph-Truncated": "true"} if truncated else None)

        def do_GET(self):  # noqa: N802 - http.server's naming
            url = urlparse(self.path)
            if url.path in ("/", "/index.html"):
                return self._send(200, "text/html; charset=utf-8", page)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql\n")
            self._answer(parse_qs(url.query))

        def do_POST(self):  # noqa: N802
            url = urlparse(self.path)
            if url.path != "/sparql":
                return self._send(404, "text/plain", b"not found; the endpoint is /sparql\n")
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length).decode("utf-8", errors="replace")
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


def query_page() -> bytes:
    """The query page: a text box and the named queries, no external resources."""
    from . import queries
    options = "".join(f'<option value="{html.escape(queries.named_query(n), quote=True)}">{html.escape(n)} — '
                      f"{html.escape(queries.describe(n))}</option>" for n in queries.names())
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>papergraph SPARQL</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<style>body{{font:14px system-ui,sans-serif;margin:2em}}textarea{{width:100%;height:14em;font-family:monospace}}
pre{{background:#f6f6f6;padding:1em;overflow:auto;max-height:30em}}</style></head><body>
<h1>papergraph SPARQL endpoint</h1><p>POST or GET <code>/sparql?query=…</code>; prefixes pg, rdfs, skos, dcterms, prov, schema are predeclared.</p>
<select id="named"><option value="">— named queries —</option>{options}</select>
<textarea id="q">SELECT ?title WHERE {{ ?p a pg:Paper ; dcterms:title ?title }} LIMIT 10</textarea>
<button id="run">Run</button><pre id="out"></pre>
<script>
document.getElementById("named").addEventListener("change", e => {{ if (e.target.value) document.getElementById("q").value = e.target.value; }});
document.getElementById("run").addEventListener("click", async () => {{
  const r = await fetch("sparql", {{method: "POST", headers: {{"Content-Type": "application/sparql-query", "Accept": "text/csv, text/turtle"}},
                                    body: document.getElementById("q").value}});
  document.getElementById("out").textContent = r.status + "\\n" + await r.text();
}});
</script></body></html>""".encode()


def serve(graph_path: str | Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
          max_rows: int = 100_000, workers: int = 2) -> ThreadingHTTPServer:
    """A running endpoint (call ``serve_forever()`` on it, ``shutdown()`` to stop)."""
    from .graph import PaperGraph
    PaperGraph.open(graph_path)  # fail here, with a clear message, if there is no graph
    pool = WorkerPool(str(graph_path), workers)
    server = ThreadingHTTPServer((host, port), make_handler(pool, timeout, max_rows, query_page()))
    server.pool = pool
    return server
