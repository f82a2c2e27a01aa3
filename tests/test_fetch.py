"""papergraph fetch against a real HTTP server on 127.0.0.1 that answers as each service
documents (arXiv API User's Manual: Atom with opensearch; Hugging Face daily_papers: a list
of {"paper": ...}; OpenAlex: {"meta": {"next_cursor"}, "results": [work]}). No test reaches
a real service."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from click.testing import CliRunner

from papergraph import PaperGraph, fetch, sources
from papergraph.cli import main
from papergraph.errors import FetchError

ATOM_ENTRY = """  <entry>
    <id>http://arxiv.org/abs/2405.{n:05d}v1</id>
    <updated>2024-05-{day:02d}T17:59:00Z</updated>
    <published>2024-05-{day:02d}T17:59:00Z</published>
    <title>Paper {n}: A Transformer Study</title>
    <summary>  We propose Net{n}, a transformer. Net{n} outperforms BERT on GLUE.
</summary>
    <author><name>Author {n}</name></author>
    <link href="http://arxiv.org/abs/2405.{n:05d}v1" rel="alternate" type="text/html"/>
    <link title="pdf" href="http://arxiv.org/pdf/2405.{n:05d}v1" rel="related" type="application/pdf"/>
    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.CL" scheme="http://arxiv.org/schemas/atom"/>
  </entry>
"""


def atom(start: int, size: int, total: int) -> str:
    entries = "".join(ATOM_ENTRY.format(n=n, day=28 - n) for n in range(start, min(start + size, total)))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query?search_query%3Dcat%3Acs.CL" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query: search_query=cat:cs.CL</title>
  <id>http://arxiv.org/api/abc</id>
  <updated>2024-05-28T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{size}</opensearch:itemsPerPage>
{entries}</feed>
"""


def hf_item(n: int) -> dict:
    return {
        "paper": {
            "id": f"2405.{n:05d}",
            "authors": [{"_id": f"a{n}", "name": f"Author {n}", "hidden": False}],
            "publishedAt": f"2024-05-0{n % 9 + 1}T12:00:00.000Z",
            "title": f"HF Paper {n}: Sparse Experts",
            "summary": f"We present Sparse{n}. Sparse{n} improves over Mixtral on MMLU.",
            "upvotes": n,
            "discussionId": f"d{n}",
            "githubRepo": f"https://github.com/example/sparse{n}" if n % 2 else None,
        },
        "publishedAt": "2024-05-02T00:00:00.000Z",
        "title": f"HF Paper {n}: Sparse Experts",
        "numComments": 0,
    }


def work(n: int, cites: list[int] = (), arxiv: bool = True) -> dict:
    doi = f"https://doi.org/10.48550/arxiv.2405.{n:05d}" if arxiv else None
    return {
        "id": f"https://openalex.org/W{1000 + n}",
        "doi": doi,
        "display_name": f"Paper {n}: A Transformer Study",
        "publication_date": f"2024-05-{28 - n:02d}",
        "abstract_inverted_index": {"We": [0], "study": [1], f"Net{n}.": [2]},
        "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": f"Author {n}"}}],
        "locations": [{"landing_page_url": f"http://arxiv.org/abs/2405.{n:05d}", "source": {"display_name": "arXiv"}}],
        "referenced_works": [f"https://openalex.org/W{1000 + c}" for c in cites] + ["https://openalex.org/W9999999"],
    }


class Service:
    """What the test server answers, and every request it saw (path, query, time, headers)."""

    def __init__(self):
        self.log: list[tuple[str, dict, float, dict]] = []
        self.arxiv_total = 5
        self.fail: dict[str, int] = {}  # path or cursor -> failures left to answer

    def answer(self, path: str, query: dict, headers) -> tuple[int, dict, bytes]:
        self.log.append((path, query, time.monotonic(), dict(headers)))
        key = query.get("cursor", [path])[0]
        if self.fail.get(key, 0) > 0:
            self.fail[key] -= 1
            status = 429 if key == "/api/daily_papers" else 500
            return status, {"Retry-After": "1"} if status == 429 else {}, b"busy"
        if path == "/api/query":
            start, size = int(query["start"][0]), int(query["max_results"][0])
            return 200, {"Content-Type": "application/atom+xml"}, atom(start, size, self.arxiv_total).encode()
        if path == "/api/daily_papers":
            page, limit = int(query.get("p", ["0"])[0]), int(query.get("limit", ["100"])[0])
            items = [hf_item(n) for n in range(3)] if page == 0 else []
            return 200, {"Content-Type": "application/json"}, json.dumps(items[:limit]).encode()
        if path.startswith("/graph/v1/paper/ARXIV:"):  # Semantic Scholar's paper endpoint
            n = int(path.rsplit(".", 1)[1])
            if n == 2:
                return 404, {}, json.dumps({"error": "Paper with id ARXIV:2405.00002 not found"}).encode()
            refs = {0: [1, 2], 1: [2]}[n]
            body = {
                "paperId": f"s2p{n}",
                "externalIds": {"ArXiv": f"2405.{n:05d}", "DOI": f"10.48550/arXiv.2405.{n:05d}", "CorpusId": n},
                "references": [{"paperId": f"s2p{r}", "externalIds": {"ArXiv": f"2405.{r:05d}"}} for r in refs]
                + [{"paperId": "x", "externalIds": {"DOI": "10.1000/outside"}}],
            }
            return 200, {}, json.dumps(body).encode()
        if path.startswith("/works/https://doi.org/"):
            return 200, {}, json.dumps(work(1)).encode()
        if path == "/works" and "filter" in query and query["filter"][0].startswith("doi:"):
            wanted = set(query["filter"][0][4:].split("|"))
            graph = {0: [1, 2], 1: [2], 2: []}
            found = [work(n, graph[n]) for n in graph if f"10.48550/arxiv.2405.{n:05d}" in wanted]
            return 200, {}, json.dumps({"meta": {"count": len(found)}, "results": found}).encode()
        if path == "/works":
            cursor = query["cursor"][0]
            pages = {"*": ([work(0), work(1)], "page2"), "page2": ([work(2)], "page3"), "page3": ([], None)}
            results, nxt = pages[cursor]
            return 200, {}, json.dumps({"meta": {"count": 3, "next_cursor": nxt}, "results": results}).encode()
        return 404, {}, b"not found"


@pytest.fixture
def service():
    state = Service()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            parts = urlsplit(self.path)
            status, headers, body = state.answer(unquote(parts.path), parse_qs(parts.query), self.headers)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()


def test_fetch_arxiv_pages_one_request_at_a_time_three_seconds_apart(service, tmp_path, monkeypatch):
    conf = fetch.services()
    conf["arxiv"]["page_max"] = 2  # pages of 2, so that 5 papers take 3 requests
    monkeypatch.setattr(fetch, "services", lambda: conf)
    client = fetch.Client(cache=tmp_path / "cache", mailto="me@example.org")
    out = tmp_path / "cl.jsonl"
    n = fetch.fetch(fetch.Spec("arxiv", {"query": "cat:cs.CL"}, max=5), out, client, service.url + "/api/query")
    assert n == 5 and len(out.read_text().splitlines()) == 5
    times = [t for path, _, t, _ in service.log if path == "/api/query"]
    assert len(times) == 3 and all(b - a >= 2.95 for a, b in zip(times, times[1:]))
    agent = service.log[0][3]["User-Agent"]
    assert agent.startswith("papergraph/") and "mailto:me@example.org" in agent
    assert [q["start"][0] for _, q, _, _ in service.log] == ["0", "2", "4"]
    assert service.log[0][1]["sortBy"] == ["submittedDate"]
    papers = sources.load([out]).papers
    assert papers[0].arxiv_id == "2405.00000" and papers[0].date == "2024-05-28" and papers[0].authors == ("Author 0",)


def test_fetch_arxiv_since_stops_at_older_papers(service, tmp_path):
    out = tmp_path / "recent.jsonl"
    client = fetch.Client(cache=None)
    spec = fetch.Spec("arxiv", {"query": "cat:cs.CL"}, since="2024-05-26", max=100)
    assert fetch.fetch(spec, out, client, service.url + "/api/query") == 3  # the 28th, 27th and 26th


def test_fetch_hf_retries_a_429_after_its_retry_after_and_keeps_code_links(service, tmp_path):
    service.fail["/api/daily_papers"] = 1
    out = tmp_path / "week.jsonl"
    client = fetch.Client(cache=None, backoff=0.1)
    assert fetch.fetch(fetch.Spec("hf", {"week": "2024-W18"}), out, client, service.url + "/api/daily_papers") == 3
    first, second = [t for path, _, t, _ in service.log][:2]
    assert second - first >= 0.95  # Retry-After: 1 honoured
    assert service.log[1][1]["week"] == ["2024-W18"]
    g = PaperGraph.build([out])
    repos = {p.title: p.repositories for p in g.papers()}
    assert repos["HF Paper 1: Sparse Experts"] == ("https://github.com/example/sparse1",)
    assert repos["HF Paper 0: Sparse Experts"] == ()


def test_fetch_a_rerun_asks_nothing_the_cache_has(service, tmp_path):
    cache = tmp_path / "cache"
    spec = fetch.Spec("openalex", {"search": "transformers"})
    endpoint = service.url + "/works"
    fetch.fetch(spec, tmp_path / "a.jsonl", fetch.Client(cache=cache), endpoint)
    asked = len(service.log)
    fetch.fetch(spec, tmp_path / "b.jsonl", fetch.Client(cache=cache), endpoint)
    assert len(service.log) == asked == 3
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()


def test_fetch_an_interrupted_run_continues_where_it_stopped(service, tmp_path):
    spec = fetch.Spec("openalex", {"search": "transformers"})
    out, endpoint = tmp_path / "w.jsonl", service.url + "/works"
    service.fail["page2"] = 10
    with pytest.raises(FetchError, match="500"):
        fetch.fetch(spec, out, fetch.Client(cache=None, retries=1, backoff=0.05), endpoint)
    assert len(out.read_text().splitlines()) == 2 and out.with_name("w.jsonl.state").is_file()
    service.fail.clear()
    service.log.clear()
    assert fetch.fetch(spec, out, fetch.Client(cache=None), endpoint) == 3
    assert [q["cursor"][0] for _, q, _, _ in service.log] == ["page2", "page3"]  # page 1 not asked again
    titles = [json.loads(line)["title"] for line in out.read_text().splitlines()]
    assert len(titles) == len(set(titles)) == 3 and not out.with_name("w.jsonl.state").exists()


def test_fetch_offline_is_a_clear_error(tmp_path):
    with pytest.raises(FetchError, match="cannot reach 127.0.0.1:9 .*needs the network"):
        fetch.fetch(
            fetch.Spec("hf", {"date": "2024-05-01"}),
            tmp_path / "x.jsonl",
            fetch.Client(cache=None, retries=0),
            "http://127.0.0.1:9/api/daily_papers",
        )


def _graph_inputs(tmp_path, extra=()):
    """Papers 0-2 of the test services (arXiv ids 2405.00000-2), and ``extra`` records."""
    records = [
        {"title": f"Paper {n}: A Transformer Study", "abstract": f"We study Net{n}.", "arxiv_id": f"2405.{n:05d}"}
        for n in range(3)
    ]
    path = tmp_path / "papers.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*records, *extra]))
    return path


def test_fetch_references_add_cites_edges_between_papers_of_the_graph(service, tmp_path):
    papers = _graph_inputs(tmp_path, extra=[{"title": "No Identifier", "abstract": "A paper without ids."}])
    graph = tmp_path / "g"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(papers), "--graph", str(graph)]).exit_code == 0
    refs = tmp_path / "refs.jsonl"
    result = runner.invoke(
        main,
        [
            "fetch",
            "openalex",
            "--references",
            "--graph",
            str(graph),
            "-o",
            str(refs),
            "--endpoint",
            service.url + "/works",
            "--cache",
            str(tmp_path / "cache"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 of 4 papers" in result.output and "1 have no DOI or arXiv id" in result.output
    assert runner.invoke(main, ["build", "--update", str(refs), "--graph", str(graph)]).exit_code == 0
    g = PaperGraph.open(graph)
    assert g.stats()["papers"] == 4 and g.stats()["cites"] == 3  # 0->1, 0->2, 1->2; W9999999 is outside
    assert [p.title[:7] for p in g.cites("Paper 0: A Transformer Study")] == ["Paper 1", "Paper 2"]
    assert [p.title[:7] for p in g.cited_by("Paper 2: A Transformer Study")] == ["Paper 0", "Paper 1"]
    top = g.named("most-cited").rows
    assert (top[0]["title"][:7], top[0]["citations"]) == ("Paper 2", 2)
    sources_of = {r["r"] for r in g.query("SELECT ?r WHERE { ?c rdf:predicate pg:cites ; pg:extractedBy ?r }")}
    assert sources_of == {"openalex"} and g.validate()[0]
    view = g.to_networkx(relations=["cites"])
    assert view.number_of_edges() == 3


def test_fetch_cli_hf_and_build_fetch_and_map(service, tmp_path, monkeypatch):
    runner = CliRunner()
    out = tmp_path / "day.jsonl"
    args = ["fetch", "hf", "--date", "2024-05-02", "-o", str(out), "--endpoint", service.url + "/api/daily_papers"]
    result = runner.invoke(main, [*args, "--cache", str(tmp_path / "c")])
    assert result.exit_code == 0 and "wrote 3 papers" in result.output
    monkeypatch.setenv("PAPERGRAPH_ARXIV_ENDPOINT", service.url + "/api/query")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    graph = tmp_path / "g"
    result = runner.invoke(main, ["build", "--fetch", "arxiv:cat:cs.CL", str(out), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    # 5 from arXiv and 3 from the day's file, which has 3 of the same arXiv ids: merged
    assert PaperGraph.open(graph).stats()["papers"] == 5 and "3 duplicates merged" in result.output
    page = tmp_path / "map.html"
    result = runner.invoke(main, ["map", str(out), "-o", str(page)])
    assert result.exit_code == 0 and f"wrote {page.resolve()}" in result.output and "3 papers" in result.output
    assert page.is_file() and page.with_name("map.html.graph").is_dir()


def test_fetch_spec_errors_are_clear():
    with pytest.raises(Exception, match="arxiv:QUERY"):
        fetch.parse_spec("hf:last tuesday")


def test_fetch_s2_references_with_an_api_key(service, tmp_path):
    papers = _graph_inputs(tmp_path)
    graph = tmp_path / "g"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(papers), "--graph", str(graph)]).exit_code == 0
    refs = tmp_path / "s2.jsonl"
    args = ["fetch", "s2", "--references", "--graph", str(graph), "-o", str(refs), "--cache", str(tmp_path / "c")]
    result = runner.invoke(main, [*args, "--endpoint", service.url + "/graph/v1/paper"], env={"S2_API_KEY": "k123"})
    assert result.exit_code == 0, result.output
    assert "2 of 3 papers" in result.output  # Semantic Scholar does not know the third (404)
    assert all(headers.get("x-api-key") == "k123" for path, _, _, headers in service.log)
    assert runner.invoke(main, ["build", "--update", str(refs), "--graph", str(graph)]).exit_code == 0
    g = PaperGraph.open(graph)
    assert g.stats()["cites"] == 3
    assert {r["r"] for r in g.query("SELECT ?r WHERE { ?c rdf:predicate pg:cites ; pg:extractedBy ?r }")} == {
        "semanticscholar"
    }
