"""Browser tests: the app served on a free port, driven by Debian's chromium.

Playwright never downloads a browser here; it launches /usr/bin/chromium
(``apt-get install -y chromium``, which `make test` does when it is missing).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_SOURCE = (Path(__file__).parent / "axe" / "axe.min.js").read_text()
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 360, "height": 740}
LAPTOP = {"width": 1280, "height": 800}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


class ServedApp:
    """The app as the live server runs it. It counts the requests in progress, so that a
    test's cleanup can wait for the last one, and reads each answer to its end, so that
    a static file is closed even when the browser has gone away meanwhile."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.active = 0
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            self.active += 1
        try:
            answer = self.app(environ, start_response)
            try:
                return [b"".join(answer)]
            finally:
                if hasattr(answer, "close"):
                    answer.close()
        finally:
            with self._lock:
                self.active -= 1

    def wait_until_idle(self, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while self.active and time.monotonic() < deadline:
            time.sleep(0.05)


@pytest.fixture(scope="session")
def served_app(app: Flask) -> ServedApp:
    return ServedApp(app)


@pytest.fixture(autouse=True)
def _live_server_idle(request: pytest.FixtureRequest) -> Iterator[None]:
    """After a browser test, let the server finish what the closed pages asked for before
    the tables are emptied for the next test."""
    yield
    if "live_server" in request.fixturenames:
        request.getfixturevalue("served_app").wait_until_idle()


@pytest.fixture(scope="session")
def live_server(served_app: ServedApp) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, served_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser, live_server: str):
    """Open browser contexts (one per person); every page's CSP errors are collected."""
    contexts: list[BrowserContext] = []
    csp_errors: list[str] = []

    def open_context(locale: str = "fi-FI", viewport: dict | None = None) -> BrowserContext:
        context = browser.new_context(base_url=live_server, locale=locale,
                                      viewport=viewport or LAPTOP)
        context.on("console", lambda message: csp_errors.append(message.text)
                   if "Content Security Policy" in message.text else None)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()
    assert csp_errors == [], "the page broke its Content-Security-Policy"


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


@pytest.fixture
def phone_page(new_context) -> Page:
    return new_context(viewport=PHONE).new_page()


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page screenshot under test-artifacts/ for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    # caret="initial": hiding the caret would inject a style, which the CSP rightly refuses.
    page.screenshot(path=str(path), full_page=True, caret="initial")
    return path


def axe_violations(page: Page) -> list[dict]:
    """Run axe-core (vendored) on the page: WCAG 2.1 A and AA rules."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag',
                values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}));
        }"""
    )
    return result


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)


def fits_width(page: Page) -> bool:
    """True when nothing scrolls sideways (WCAG reflow at 320 px / 400 % zoom)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def confirm(page: Page, button) -> None:
    """Press *button*, which asks first, and answer yes in the page's dialog.

    The dialog is the page's script's: wait until the page has loaded, as a person's tap
    comes after it (before that the button works without script and asks on a page of its
    own instead)."""
    page.wait_for_load_state("load")
    button.click()
    page.locator("#confirm-yes").click()
