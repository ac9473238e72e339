"""The inspector in a real browser: what a developer sees while their app sends.

Each test drives the page the way a person would (clicks, typing) while our client
talks to the same sandbox, and waits for what must appear; the waits end at the first
match (Playwright's `expect`), or fail after 10 s.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests import payloads
from timeback_caliper import SyncCaliperClient, ValidationError
from timeback_caliper.sandbox import Sandbox

Opener = Callable[..., Page]


def client(sandbox: Sandbox, **kwargs: Any) -> SyncCaliperClient:
    return SyncCaliperClient(**sandbox.client_kwargs(), **kwargs)


def events_tab(page: Page) -> None:
    page.click("#tabs button[data-tab=events]")


def test_events_sent_by_the_client_appear_without_a_reload(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    page = inspector()
    events_tab(page)
    expect(page.locator("#empty")).to_be_visible()
    page.evaluate("window.notReloaded = true")
    rows = page.locator("#events-table tbody tr")

    with client(caliper_sandbox) as caliper:
        caliper.events.send_envelope(
            payloads.envelope(payloads.activity_event(), payloads.time_spent_event())
        )
        expect(rows).to_have_count(2)
        caliper.events.send_envelope(payloads.envelope(payloads.activity_event(user="zoe")))
        expect(rows).to_have_count(3)

    expect(rows.first).to_contain_text("zoe@example.edu")
    expect(page.locator("#events-total")).to_have_text("(3)")
    expect(page.locator("#counts")).to_contain_text("3 events")
    assert page.evaluate("window.notReloaded") is True


def test_requests_appear_live_with_status_latency_and_request_id(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    page = inspector()
    with client(caliper_sandbox) as caliper:
        sent = caliper.events.send_envelope(payloads.envelope(payloads.activity_event()))

    row = page.locator("#requests-table tbody tr", has_text="POST /caliper/event")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("200")
    assert sent.request_id is not None
    expect(row).to_contain_text(sent.request_id)


def test_an_opened_event_shows_its_json_its_validation_at_each_level_and_its_job(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    event = payloads.activity_event(mood="sunny")  # not a Caliper property: strict refuses
    caliper_sandbox.set_job_timing("polls:2")
    with client(caliper_sandbox) as caliper:
        job_id = caliper.events.send_envelope(payloads.envelope(event)).job_id
        assert job_id is not None
        caliper.jobs.wait_for_completion(job_id)
    page = inspector()
    events_tab(page)

    page.locator("#events-table tbody tr").first.click()

    detail = page.locator("#detail")
    expect(detail.locator("h2")).to_have_text("ActivityEvent · Completed")
    expect(detail).to_contain_text(event["id"])
    expect(detail.locator("[data-level=basic] h4")).to_have_text("basic: valid")
    expect(detail.locator("[data-level=strict] h4")).to_have_text("strict: 1 error")
    expect(detail.locator('.line[data-path="mood"]')).to_have_class("line has-issue")
    expect(detail.locator('.issue[data-path="mood"]')).to_be_visible()
    expect(detail.locator(".json")).to_contain_text('"subject": "Math"')
    history = detail.locator("ol.history li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("waiting")
    expect(history.nth(2)).to_contain_text("completed")
    expect(detail).to_contain_text(f"Job {job_id}: completed")


def test_a_refused_envelope_shows_each_error_next_to_the_field_it_is_about(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    bad = payloads.activity_event(event_time="yesterday")
    del bad["actor"]
    page = inspector()
    with client(caliper_sandbox, validation="off") as caliper, pytest.raises(ValidationError):
        caliper.events.send_envelope(payloads.envelope(bad))

    page.locator("#requests-table tbody tr[data-status='400']").click()

    detail = page.locator("#detail")
    expect(detail).to_contain_text("Refused: 2 errors")
    expect(detail.locator("[data-level=basic] h4")).to_have_text("basic: 2 errors")
    expect(detail.locator("[data-level=strict] h4")).to_contain_text("strict: ")
    time_note = detail.locator('.line[data-path="data[0].eventTime"] + .issue')
    expect(time_note).to_contain_text("must be an RFC 3339 date-time")
    missing = detail.locator('.line[data-path="data[0]"] ~ .issue[data-path="data[0].actor"]')
    expect(missing).to_have_text("actor: is required")


def test_filters_narrow_the_lists_and_clearing_them_brings_everything_back(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    with client(caliper_sandbox, validation="off") as caliper:
        caliper.events.send_envelope(
            payloads.envelope(
                payloads.activity_event(user="ada"),
                payloads.time_spent_event(user="ada"),
                payloads.activity_event(user="bob"),
            )
        )
        with pytest.raises(ValidationError):
            caliper.events.send_envelope({"sensor": "nope"})
    page = inspector()
    events_tab(page)
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(3)

    page.fill("#filters-events input[name=actor]", "ada")
    expect(rows).to_have_count(2)
    page.fill("#filters-events input[name=type]", "TimeSpentEvent")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("SpentTime")
    page.fill("#filters-events input[name=actor]", "")
    page.fill("#filters-events input[name=type]", "")
    expect(rows).to_have_count(3)

    page.click("#tabs button[data-tab=requests]")
    page.select_option("#filters-requests select[name=status]", "refused")
    refused = page.locator("#requests-table tbody tr")
    expect(refused).to_have_count(1)
    expect(refused.first).to_contain_text("400")


def test_a_fault_planned_from_the_page_meets_the_client_whose_retry_shows_in_the_log(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    page = inspector()
    page.fill("#fault-plan", "send:503:0")
    page.click("#fault-apply")
    expect(page.locator("#faults-now")).to_contain_text("send: 503:0 (next)")

    with client(caliper_sandbox) as caliper:
        sent = caliper.events.send_envelope(payloads.envelope(payloads.activity_event()))

    page.select_option("#filters-requests select[name=route]", "send")
    rows = page.locator("#requests-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("503")
    expect(rows.nth(0)).to_contain_text("200")
    assert sent.request_id is not None
    for i in (0, 1):
        expect(rows.nth(i)).to_contain_text(sent.request_id)  # one call, retried
    expect(page.locator("#faults-now")).to_contain_text("injected so far: send:503 \u00d71")


def test_a_fault_rule_the_sandbox_refuses_is_shown_and_changes_nothing(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    page = inspector()
    page.fill("#fault-rules", "send:418")
    page.click("#fault-apply")

    expect(page.locator("#fault-error")).to_contain_text("unknown fault '418'")
    assert [] == caliper_sandbox.faults.snapshot()["rules"]


def test_tokens_revoked_and_the_sandbox_reset_from_the_page(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    page = inspector()
    token_rows = page.locator("#requests-table tbody tr", has_text="/oauth2/token")
    with client(caliper_sandbox) as caliper:
        caliper.events.send_envelope(payloads.envelope(payloads.activity_event()))
        expect(token_rows).to_have_count(1)

        page.click("#revoke")
        expect(page.locator("#notice")).to_have_text(re.compile(r"Revoked \d+ tokens?\."))
        caliper.events.send_envelope(payloads.envelope(payloads.activity_event()))
        expect(token_rows).to_have_count(2)  # the client fetched a new one

    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#reset")
    expect(page.locator("#notice")).to_have_text("The sandbox was reset.")
    expect(page.locator("#requests-table tbody tr")).to_have_count(0)
    expect(page.locator("#counts")).to_contain_text("0 events")
    assert 0 == caliper_sandbox.count_events()


def test_a_reset_elsewhere_empties_the_open_page(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    with client(caliper_sandbox) as caliper:
        caliper.events.send_envelope(payloads.envelope(payloads.activity_event()))
    page = inspector()
    events_tab(page)
    expect(page.locator("#events-table tbody tr")).to_have_count(1)

    caliper_sandbox.reset()

    expect(page.locator("#events-table tbody tr")).to_have_count(0)
    expect(page.locator("#empty")).to_be_visible()


def test_the_chart_shows_events_per_minute_by_type_and_refused_requests(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    with client(caliper_sandbox, validation="off") as caliper:
        caliper.events.send_envelope(
            payloads.envelope(payloads.activity_event(), payloads.time_spent_event())
        )
        with pytest.raises(ValidationError):
            caliper.events.send_envelope({"sensor": "nope"})
    page = inspector()

    expect(page.locator("#chart rect.bar[data-type=ActivityEvent]")).not_to_have_count(0)
    expect(page.locator("#chart rect.bar[data-type=TimeSpentEvent]")).not_to_have_count(0)
    expect(page.locator("#chart circle.refused")).not_to_have_count(0)
    expect(page.locator("#legend")).to_contain_text("ActivityEvent")
    expect(page.locator("#legend")).to_contain_text("refused requests")


def test_a_link_to_one_event_opens_it(inspector: Opener, caliper_sandbox: Sandbox) -> None:
    event = payloads.activity_event()
    with client(caliper_sandbox) as caliper:
        caliper.events.send_envelope(payloads.envelope(event))
    number = httpx.get(f"{caliper_sandbox.base_url}/_sandbox/events").json()["events"][0]["id"]

    page = inspector(f"#events/{number}")

    expect(page.locator("#detail")).to_contain_text(event["id"])
    expect(page.locator("#tabs button.active")).to_contain_text("Events")


def _shown_ids(page: Page, table: str) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        f"#{table}-table tbody tr", "rows => rows.map(r => r.dataset.id)"
    )
    return ids


def test_older_lines_load_once_however_fast_the_clicks(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    with client(caliper_sandbox) as caliper:
        caliper.events.send_envelope(
            payloads.envelope(*(payloads.activity_event() for _ in range(150)))
        )
    page = inspector()
    events_tab(page)
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(100)

    page.evaluate("() => { const b = document.querySelector('#older'); b.click(); b.click(); }")

    expect(rows).to_have_count(150)
    ids = _shown_ids(page, "events")
    assert len(ids) == len(set(ids))
    expect(page.locator("#older")).to_be_hidden()


def test_a_filter_typed_while_events_arrive_shows_only_matches_each_once(
    inspector: Opener, caliper_sandbox: Sandbox
) -> None:
    """Polls, a filter's reload and actions (each asking for a refresh) overlap: no line
    shows twice, none that does not match stays, none that matches is missing."""
    page = inspector()
    events_tab(page)

    def send() -> None:
        with client(caliper_sandbox) as caliper:
            for i in range(40):
                user = "ada" if i % 2 else "bob"
                caliper.events.send_envelope(payloads.envelope(payloads.activity_event(user=user)))
                time.sleep(0.02)

    sender = threading.Thread(target=send)
    sender.start()
    try:
        page.type("#filters-events input[name=actor]", "ada", delay=40)
        for _ in range(3):
            page.click("#fault-apply")  # each asks for a refresh besides the loop's
    finally:
        sender.join()
    matching = httpx.get(
        f"{caliper_sandbox.base_url}/_sandbox/events", params={"actor": "ada", "limit": 500}
    ).json()["events"]

    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(len(matching))
    assert [str(e["id"]) for e in matching] == _shown_ids(page, "events")
    expect(page.locator("#events-total")).to_have_text(f"({len(matching)})")
