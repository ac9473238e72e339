"""The Django integration, with Django itself: settings, checks, lazy sender, test modes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests import payloads
from tests.spec_tools import ROOT
from timeback_caliper.sandbox import Sandbox

SETTINGS_MODULE = "examples.django_app"
_VARS = [v for v in os.environ if v.startswith(("TIMEBACK", "CALIPER"))]


@pytest.fixture(scope="module")
def django_site() -> Iterator[None]:
    """Django set up with the example site (the settings test_examples uses too)."""
    previous = os.environ.get("DJANGO_SETTINGS_MODULE")
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    import django

    django.setup()
    yield
    if previous is None:
        os.environ.pop("DJANGO_SETTINGS_MODULE", None)


@pytest.fixture
def settings(django_site: None, caliper_sandbox: Sandbox) -> Iterator[Any]:
    """Override TIMEBACK_CALIPER for one test; the lazy sender is closed after it."""
    from django.test import override_settings

    from timeback_caliper.contrib.django import sender

    overrides: list[Any] = []

    def use(**values: Any) -> None:
        override = override_settings(TIMEBACK_CALIPER=values)
        override.enable()
        overrides.append(override)

    yield use
    sender.close(5)
    for override in reversed(overrides):
        override.disable()


def _check_ids(**values: Any) -> list[tuple[str, str]]:
    from django.core import checks
    from django.test import override_settings

    with override_settings(TIMEBACK_CALIPER=values):
        found = checks.run_checks(tags=["timeback_caliper"])
    return [(m.id, m.msg) for m in found]


@pytest.mark.parametrize(
    ("values", "expected_id", "text"),
    [
        ({"SENSOR": payloads.SENSOR, "COLOUR": "blue"}, "timeback_caliper.E001", "'COLOUR'"),
        ({"sensor": payloads.SENSOR}, "timeback_caliper.E001", "'sensor'"),
        ({"ENV": "staging"}, "timeback_caliper.E002", "SENSOR is missing"),
        ({"SENSOR": payloads.SENSOR, "MAX_DELAY": -1}, "timeback_caliper.E002", "max_delay"),
        ({"SENSOR": payloads.SENSOR, "ENV": "prod"}, "timeback_caliper.E002", "env must be"),
        ({"SENSOR": " "}, "timeback_caliper.E002", "sensor"),
        (
            {"SENSOR": payloads.SENSOR, "SPOOL": "/no/such/dir/caliper.db"},
            "timeback_caliper.E002",
            "the directory /no/such/dir does not exist",
        ),
    ],
)
def test_the_checks_name_a_wrong_setting(
    django_site: None, values: dict[str, Any], expected_id: str, text: str
) -> None:
    found = _check_ids(**values)

    assert expected_id == found[0][0]
    assert text in found[0][1]
    assert {"timeback_caliper.W001"} >= {i for i, _ in found[1:]}


def test_the_checks_warn_of_missing_credentials_unless_disabled(
    django_site: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in _VARS:
        monkeypatch.delenv(var)

    warned = _check_ids(SENSOR=payloads.SENSOR, ENV="staging")
    quiet = _check_ids(SENSOR=payloads.SENSOR, DISABLED=True)

    assert [("timeback_caliper.W001", "no client_id")] == [(i, m[:12]) for i, m in warned]
    assert [] == quiet


@pytest.mark.parametrize("spool", [None, "postgresql://app@db.example.com/app"])
def test_valid_settings_pass_the_checks(
    django_site: None, caliper_sandbox: Sandbox, spool: str | None
) -> None:
    """A spool URL is not a path: the checks look for no directory (nor open anything)."""
    assert [] == _check_ids(
        SENSOR=payloads.SENSOR,
        SPOOL=spool,
        **{k.upper(): v for k, v in caliper_sandbox.client_kwargs().items()},
    )


def test_manage_check_runs_without_credentials_and_warns() -> None:
    """`manage.py check` (and so collectstatic, migrate) in a build without secrets: the
    integration imports and the sender is not made; the check says what is missing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMEBACK", "CALIPER"))}
    done = subprocess.run(
        [sys.executable, "-m", "django", "check", f"--settings={SETTINGS_MODULE}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert 0 == done.returncode, done.stderr
    assert "(timeback_caliper.W001) no base_url" in done.stderr


def test_sync_mode_has_the_event_stored_when_the_view_returns(
    settings: Any, caliper_sandbox: Sandbox
) -> None:
    from django.test import Client

    settings(SENSOR=payloads.SENSOR, SYNC_MODE=True, **_upper(caliper_sandbox.client_kwargs()))
    lesson = {
        "student": "s9",
        "email": "s9@example.edu",
        "total": 4,
        "correct": 3,
        "xp": 30,
        "seconds": 60,
    }

    reply = Client().post(
        "/lessons/sync/complete", json.dumps(lesson), content_type="application/json"
    )
    stored = sorted(e["type"] for e in caliper_sandbox.events())  # no flush: already there

    assert 202 == reply.status_code
    assert ["ActivityEvent", "TimeSpentEvent"] == stored


def test_disabled_sends_nothing_and_still_refuses_bad_input(
    settings: Any, caliper_sandbox: Sandbox
) -> None:
    from django.test import Client

    settings(SENSOR=payloads.SENSOR, DISABLED=True)
    lesson = {
        "student": "s9",
        "email": "s9@example.edu",
        "total": 4,
        "correct": 3,
        "xp": 30,
        "seconds": 60,
    }

    ok = Client().post("/lessons/off/complete", json.dumps(lesson), content_type="application/json")
    bad = Client().post(
        "/lessons/off/complete", json.dumps({**lesson, "email": 1}), content_type="application/json"
    )

    assert (202, 400) == (ok.status_code, bad.status_code)
    assert [] == caliper_sandbox.events()


def test_the_sender_is_made_on_first_use_from_the_settings_then(settings: Any) -> None:
    from timeback_caliper.contrib.django import sender

    settings(SENSOR=payloads.SENSOR, DISABLED=True)
    before = sender.started
    sender.enqueue(payloads.activity_event())

    assert (False, True) == (before, sender.started)
    assert "disabled" in repr(sender)


def _upper(kwargs: Any) -> dict[str, Any]:
    return {k.upper(): v for k, v in kwargs.items()}


def test_override_settings_makes_a_new_sender_from_the_new_settings(
    django_site: None, caliper_sandbox: Sandbox
) -> None:
    """A test with DISABLED, then one with SYNC_MODE and another SENSOR (as
    `@override_settings` on two tests does): the second test's event is delivered by a
    sender made from its own settings, to its own sensor."""
    from django.test import override_settings

    from timeback_caliper.contrib.django import sender

    live = {"SENSOR": "https://app.example.com/sensors/second", "SYNC_MODE": True}
    first, second = payloads.activity_event(), payloads.activity_event()
    with override_settings(TIMEBACK_CALIPER={"SENSOR": payloads.SENSOR, "DISABLED": True}):
        sender.enqueue(first)
    with override_settings(TIMEBACK_CALIPER={**live, **_upper(caliper_sandbox.client_kwargs())}):
        sender.enqueue(second)
        delivered = sender.stats().sent  # SYNC_MODE: delivered before enqueue returned
        stored = [(e["externalId"], e["sensor"]) for e in caliper_sandbox.events()]
    left = sender.started

    assert 1 == delivered
    assert [(second["id"], live["SENSOR"])] == stored
    assert not left  # leaving the override closed that sender too


def test_a_settings_change_delivers_what_the_old_sender_accepted(
    django_site: None, caliper_sandbox: Sandbox
) -> None:
    """Events the old sender still held (a minute of MAX_DELAY ahead) are delivered when
    the settings change, before the next sender is made: none is lost."""
    from django.test import override_settings

    from timeback_caliper.contrib.django import sender

    client = _upper(caliper_sandbox.client_kwargs())
    events = [payloads.activity_event() for _ in range(3)]
    slow = {"SENSOR": payloads.SENSOR, "MAX_DELAY": 60, "EXIT_TIMEOUT": 30, **client}
    with override_settings(TIMEBACK_CALIPER=slow):
        for event in events:
            sender.enqueue(event)
        held = caliper_sandbox.count_events()
    stored = sorted(e["externalId"] for e in caliper_sandbox.events())

    assert 0 == held
    assert sorted(e["id"] for e in events) == stored
