"""`make screenshots`: the pictures of the inspector in docs/guides/inspector.md.

A sandbox gets what an app typically sends (activities, time spent, a question answered,
an envelope refused, a send that met a planned 503 and was retried), then Debian's
headless Chromium (as in the browser tests) takes the main views.
"""

from __future__ import annotations

import contextlib
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, expect, sync_playwright  # noqa: E402

from tests import payloads  # noqa: E402
from tests.inspector.browser import launch  # noqa: E402
from timeback_caliper import SyncCaliperClient, ValidationError  # noqa: E402
from timeback_caliper.sandbox import Sandbox  # noqa: E402

IMAGES = ROOT / "docs" / "images"


def _traffic(sandbox: Sandbox) -> None:
    with SyncCaliperClient(**sandbox.client_kwargs(), validation="off") as client:
        for user in ("ada", "bob", "cy"):
            client.events.send_envelope(
                payloads.envelope(
                    payloads.activity_event(user=user), payloads.time_spent_event(user=user)
                )
            )
        sandbox.faults.plan("send", ["503:0"])
        client.events.send_envelope(payloads.envelope(payloads.navigation_event()))
        bad = payloads.activity_event(user="dee", event_time="yesterday")
        del bad["actor"]
        with contextlib.suppress(ValidationError):
            client.events.send_envelope(payloads.envelope(bad))


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=str(IMAGES / name), full_page=False)
    print(f"wrote docs/images/{name}")


def main() -> int:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with Sandbox() as sandbox, sync_playwright() as driver:
        _traffic(sandbox)
        browser = launch(driver)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{sandbox.inspector_url}?poll=200")
        page.locator("#requests-table tbody tr[data-status='400']").click()
        expect(page.locator("#detail")).to_contain_text("Refused: 2 errors")
        _shot(page, "inspector-requests.png")
        page.click("#tabs button[data-tab=events]")
        page.locator("#events-table tbody tr").nth(2).click()
        expect(page.locator("#detail ol.history li")).to_have_count(2)
        _shot(page, "inspector-event.png")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
