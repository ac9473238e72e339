"""Senders made before their settings exist, disabled senders, and the synchronous test mode."""

from __future__ import annotations

import pathlib

import pytest

from tests import payloads
from tests._async.conftest import FAST_RETRY
from timeback_caliper import AsyncSender, ConfigurationError, InputValidationError
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio

_VARS = [
    f"{prefix}{name}"
    for prefix in ("TIMEBACK_API_", "TIMEBACK_", "CALIPER_")
    for name in ("BASE_URL", "AUTH_URL", "TOKEN_URL", "CLIENT_ID", "CLIENT_SECRET", "ENV")
]


def _stored(sandbox: Sandbox, event: dict[str, object]) -> list[object]:
    return [e["externalId"] for e in sandbox.events() if e["externalId"] == event["id"]]


@pytest.fixture
def no_settings(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for var in _VARS:
        monkeypatch.delenv(var, raising=False)
    return monkeypatch


async def test_a_sender_without_credentials_is_made_and_fails_only_at_first_use(
    no_settings: pytest.MonkeyPatch,
) -> None:
    """What `manage.py collectstatic` in a build without secrets needs: no error at import."""
    sender = AsyncSender(sensor=payloads.SENSOR)

    with pytest.raises(ConfigurationError, match="no base_url"):
        await sender.enqueue(payloads.activity_event())
    assert 0 == sender.stats().queued
    await sender.aclose()


async def test_settings_that_arrive_after_the_sender_are_used(
    no_settings: pytest.MonkeyPatch, caliper_sandbox: Sandbox
) -> None:
    sender = AsyncSender(sensor=payloads.SENSOR, retry=FAST_RETRY)
    for name, value in caliper_sandbox.env.items():
        no_settings.setenv(name, value)
    event = payloads.activity_event()

    assert await sender.enqueue(event)
    assert await sender.flush(10)
    await sender.aclose()
    assert [event["id"]] == [
        e["externalId"] for e in caliper_sandbox.events() if e["externalId"] == event["id"]
    ]


async def test_invalid_settings_still_fail_at_once(no_settings: pytest.MonkeyPatch) -> None:
    """Only missing settings wait for first use; a wrong one is an error where it is written."""
    with pytest.raises(ConfigurationError, match="timeout"):
        AsyncSender(sensor=payloads.SENSOR, timeout=-1)


async def test_a_disabled_sender_checks_events_and_sends_nothing(
    no_settings: pytest.MonkeyPatch, tmp_path: pathlib.Path
) -> None:
    spool = tmp_path / "never.db"
    async with AsyncSender(sensor=payloads.SENSOR, disabled=True, spool=spool) as sender:
        assert await sender.enqueue(payloads.activity_event())
        assert sender.enqueue_nowait(payloads.activity_event())
        bad = payloads.activity_event()
        del bad["actor"]
        with pytest.raises(InputValidationError, match="actor"):
            await sender.enqueue(bad)
        assert await sender.flush(1)
        stats = sender.stats()

    assert (0, 0, {}) == (stats.queued, stats.sent, stats.dropped)
    assert not spool.exists()
    assert "disabled" in repr(sender)


async def test_sync_mode_delivers_before_enqueue_returns(caliper_sandbox: Sandbox) -> None:
    event = payloads.activity_event()
    async with AsyncSender(
        sensor=payloads.SENSOR, sync_mode=True, retry=FAST_RETRY, **caliper_sandbox.client_kwargs()
    ) as sender:
        delivered = await sender.enqueue(event)
        stored = [
            e["externalId"] for e in caliper_sandbox.events() if e["externalId"] == event["id"]
        ]

    assert delivered
    assert [event["id"]] == stored


async def test_sync_mode_says_false_when_the_api_refused_the_event(
    caliper_sandbox: Sandbox,
) -> None:
    refused: list[object] = []
    bad = payloads.activity_event()
    del bad["actor"]
    async with AsyncSender(
        sensor=payloads.SENSOR,
        sync_mode=True,
        validation="off",
        retry=FAST_RETRY,
        on_error=lambda error, events: refused.extend(events),
        **caliper_sandbox.client_kwargs(),
    ) as sender:
        delivered = await sender.enqueue(bad)

    assert not delivered
    assert [bad["id"]] == [e["id"] for e in refused]  # type: ignore[index]
