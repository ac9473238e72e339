"""A real browser for the inspector's tests: Debian's Chromium, headless, driven by
Playwright (`make test` installs Chromium when it is missing: scripts/system-packages.sh).

One browser serves each test module; each test gets a new context (no cookies, no cache) and
a page on the inspector, polling every 100 ms. A script error, a refused resource (the
page's content policy) or a failed request of the page fails the test that caused it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.inspector.browser import launch
from timeback_caliper.sandbox import Sandbox

# Long enough for two loaded cores; a wait ends as soon as what it waits for is there.
TIMEOUT_MS = 10_000
expect.set_options(timeout=TIMEOUT_MS)


# Module-scoped, not session: while Playwright's sync driver is open, the main thread
# counts as running its event loop, and `asyncio.run()` in a later test would fail.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    try:
        browser = launch(playwright)
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    yield browser
    browser.close()


@pytest.fixture
def inspector(browser: Browser, caliper_sandbox: Sandbox) -> Iterator[Callable[..., Page]]:
    """Opens the inspector of the (reset) session sandbox in a new page."""
    problems: list[str] = []
    contexts: list[Any] = []

    def console(kind: str, text: str) -> None:
        # The browser logs every 4xx a fetch gets; those the page means to get (a refused
        # fault rule) are its business, and its own files are checked in `own_file`.
        if kind == "error" and not text.startswith("Failed to load resource"):
            problems.append(f"console error: {text}")

    def own_file(url: str, status: int) -> None:
        mine = "/_sandbox/static/" in url or url.split("?")[0].endswith("/_sandbox/")
        if mine and status != 200:
            problems.append(f"{url}: {status}")

    def open_page(fragment: str = "") -> Page:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"script error: {exc}"))
        page.on("console", lambda msg: console(msg.type, msg.text))
        page.on("response", lambda reply: own_file(reply.url, reply.status))
        page.goto(f"{caliper_sandbox.inspector_url}?poll=100{fragment}")
        page.wait_for_selector("#counts:not(:text('connecting'))")
        return page

    yield open_page
    found = list(problems)
    for context in contexts:
        context.close()
    assert [] == found
