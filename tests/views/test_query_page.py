"""The query page of `papergraph serve`, in real headless Chromium against a real endpoint."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parent.parent / "output"


@pytest.fixture(scope="module")
def served(sample_graph_path, start_serve):
    with start_serve(sample_graph_path) as url:
        yield url


def test_query_page_named_query_form_table_links_and_url(served, browser, wait_until):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1600  # no horizontal overflow
    page.select_option("#named", "improves-on")
    page.click("#run")
    assert "needs a value for ?target" in page.inner_text("#status")  # refused, not run over everything
    page.fill("#params input[name=target]", "Transformer")
    page.press("#params input[name=target]", "Control+Enter")
    wait_until(page, "document.querySelectorAll('#results tr').length > 1")
    rows = page.evaluate("document.querySelectorAll('#results tr').length - 1")
    status = page.inner_text("#status")
    assert status.startswith(f"{rows} rows") and " ms" in status
    assert "name=improves-on" in page.url and "p.target=Transformer" in page.url  # shareable
    counts = page.evaluate("[...document.querySelectorAll('#results td.num')].map(td => Number(td.textContent))")
    page.click("#results th:nth-child(2)")
    page.click("#results th:nth-child(2)")
    resorted = page.evaluate("[...document.querySelectorAll('#results td.num')].map(td => Number(td.textContent))")
    assert resorted == sorted(counts, reverse=True)
    page.screenshot(path=str(OUTPUT / "query-page.png"))
    # the same URL opened afresh runs the query again
    again = context.new_page()
    again.goto(page.url)
    wait_until(again, "document.querySelectorAll('#results tr').length > 1")
    assert again.evaluate("document.querySelectorAll('#results tr').length - 1") == rows
    # IRIs are links into the explorer, which opens on that node
    page.fill("#q", 'SELECT ?m WHERE { ?m a pg:Method ; rdfs:label "Swin Transformer" }')
    page.click("#run")
    page.wait_for_selector("#results a")
    href = page.get_attribute("#results a", "href")
    assert href.startswith("explore#node=")
    explorer = context.new_page()
    explorer.goto(served + "/" + href)
    wait_until(explorer, "window.pgReady === true && window.pgSelected", 30)
    assert explorer.evaluate("window.pgSelected").endswith("/method/swin-transformer")
    assert errors == []
    context.close()


def test_query_page_downloads_and_favicon(served, browser, wait_until):
    assert urllib.request.urlopen(served + "/favicon.ico").headers["Content-Type"] == "image/svg+xml"
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(served + "/?query=" + urllib.request.quote("SELECT ?t WHERE { ?p dcterms:title ?t } LIMIT 3"))
    wait_until(page, "document.querySelectorAll('#results tr').length === 4")
    with page.expect_download() as download:
        page.click("#csv")
    text = Path(download.value.path()).read_text()
    assert text.splitlines()[0] == "t" and len(text.splitlines()) == 4
    context.close()
