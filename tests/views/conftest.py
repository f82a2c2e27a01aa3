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
        _wait_until(page, "window.pgReady === true", 15)
        return page, problems, requests, dialogs

    yield _open
    for c in contexts:
        c.close()


def _wait_until(page, expression: str, timeout: float = 15.0) -> None:
    """Poll ``expression`` in the page until it is true. Playwright's ``wait_for_function``
    polls by evaluating a string inside the page, which a page whose Content-Security-Policy
    forbids eval (the served query page) refuses, so it failed whenever the condition was not
    already true at the first look; ``page.evaluate`` is not bound by the page's policy."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > end:
            raise TimeoutError(f"not true after {timeout} s: {expression}")
        page.wait_for_timeout(50)


@pytest.fixture
def wait_until():
    """:func:`_wait_until`: wait for a condition in a page that forbids eval."""
    return _wait_until


@pytest.fixture
def wide_page(browser):
    """Open a page in a wide window (1600 x 1000); returns (context, page, page errors)."""

    def _open(path, fragment=""):
        context = browser.new_context(offline=True, viewport={"width": 1600, "height": 1000})
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.resolve().as_uri() + fragment)
        _wait_until(page, "window.pgReady === true", 15)
        return context, page, errors

    return _open
