"""A real headless Chromium (Debian's), driven by Playwright, for the HTML page's tests."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or (os.path.exists("/usr/bin/chromium") and "/usr/bin/chromium") or None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium); the browser tests need it"
        if os.environ.get("PAPERGRAPH_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """Open a local HTML file with the network cut off; returns (page, problems, requests)."""
    contexts = []

    def _open(path):
        context = browser.new_context(offline=True)
        contexts.append(context)
        page = context.new_page()
        problems, requests, dialogs = [], [], []
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: r.url.startswith("file:") or requests.append(r.url))
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.pgReady === true", timeout=15000)
        return page, problems, requests, dialogs

    yield _open
    for c in contexts:
        c.close()
