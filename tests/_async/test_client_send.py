"""Sending: events, envelopes, Timeback inputs, validation before I/O, LEARNWITH_AI."""

from __future__ import annotations

import logging
import re

import pytest

from tests import payloads
from timeback_caliper import (
    ActivityCompletedInput,
    AsyncCaliperClient,
    InputValidationError,
    TimeSpentInput,
    UnsupportedOperationError,
    ValidationError,
    create_activity_event,
    create_time_spent_event,
)
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio

SENSOR = "https://myapp.example.com/sensors/main"
ACTOR = {
    "id": "https://api.example.com/users/123",
    "type": "TimebackUser",
    "email": "student@example.edu",
}
OBJECT = {
    "id": "https://myapp.example.com/activities/456",
    "type": "TimebackActivityContext",
    "subject": "Math",
    "app": {"name": "My Learning App"},
}


async def test_vendor_quick_start_sends_an_activity(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """The vendor docs' quick start, with dict inputs, stores one ActivityEvent."""
    result = await client.events.send_activity(
        SENSOR,
        ActivityCompletedInput(
            actor=ACTOR,
            object=OBJECT,
            metrics=[
                {"type": "totalQuestions", "value": 10},
                {"type": "correctQuestions", "value": 8},
                {"type": "xpEarned", "value": 150},
            ],
        ),
    )
    status = await client.jobs.wait_for_completion(result.job_id or "", poll_interval=0.05)

    stored = caliper_sandbox.events()
    assert "completed" == status.state
    assert [(e["externalId"], "ActivityEvent") for e in stored] == [
        (r.external_id, "ActivityEvent")
        for r in status.return_value.results  # type: ignore[union-attr]
    ]
    assert re.fullmatch(r"[0-9a-f-]{36}", result.request_id or "")


async def test_time_spent_keeps_camel_case_on_the_wire(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """subType/startDate/endDate arrive as camelCase (the vendor client sent snake_case)."""
    await client.events.send_time_spent(
        SENSOR,
        TimeSpentInput(
            actor=ACTOR,
            object={**OBJECT, "subject": "Reading"},
            metrics=[
                {"type": "active", "value": 1800},
                {
                    "type": "inactive",
                    "value": 300,
                    "sub_type": "eating",
                    "start_date": "2025-07-28T15:00:00Z",
                    "end_date": "2025-07-28T15:05:00Z",
                },
            ],
        ),
    )

    items = caliper_sandbox.events()[0]["generated"]["items"]
    assert {
        "type": "inactive",
        "value": 300,
        "subType": "eating",
        "startDate": "2025-07-28T15:00:00.000Z",
        "endDate": "2025-07-28T15:05:00.000Z",
    } == items[1]


async def test_send_batches_factory_events_and_generic_events(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """send(sensor, events) takes factory output and plain Caliper dicts in one envelope."""
    activity = create_activity_event(
        {
            "actor": ACTOR,
            "object": OBJECT,
            "metrics": [{"type": "xpEarned", "value": 5}],
            "attempt": 2,
        }
    )
    spent = create_time_spent_event(
        {"actor": ACTOR, "object": OBJECT, "metrics": [{"type": "active", "value": 60}]}
    )
    generic = payloads.navigation_event()

    result = await client.events.send(SENSOR, [activity, spent, generic])

    assert result.job_id is not None
    assert {activity["id"], spent["id"], generic["id"]} == {
        e["externalId"] for e in caliper_sandbox.events()
    }


async def test_send_envelope_sends_it_as_given(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A complete envelope goes out unchanged."""
    envelope = payloads.envelope(payloads.activity_event())

    await client.events.send_envelope(envelope)

    assert envelope["sensor"] == caliper_sandbox.events()[0]["sensor"]


@pytest.mark.parametrize(
    ("sensor", "events", "paths"),
    [
        ("", [payloads.navigation_event()], ["sensor"]),
        (SENSOR, [], ["events"]),
        (SENSOR, "not a list", ["events"]),
        (SENSOR, [{**payloads.activity_event(), "id": "abc"}], ["data[0].id"]),
        (SENSOR, [payloads.activity_event(), 42], ["data[1]"]),
    ],
)
async def test_invalid_input_is_refused_before_any_request(
    client: AsyncCaliperClient,
    caliper_sandbox: Sandbox,
    sensor: str,
    events: object,
    paths: list[str],
) -> None:
    """InputValidationError names every problem, and the sandbox sees no request at all."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.send(sensor, events)  # type: ignore[arg-type]

    assert paths == [i.path for i in caught.value.issues]
    assert {} == {
        k: v for k, v in caliper_sandbox.stats()["stats"].items() if k.startswith("requests")
    }


async def test_bad_factory_input_names_the_field(client: AsyncCaliperClient) -> None:
    """An email or a metric value of the wrong type is reported with its path before
    sending."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.send_activity(
            SENSOR,
            {
                "actor": {**ACTOR, "email": 42},
                "object": OBJECT,
                "metrics": [{"type": "xpEarned", "value": "1"}],
            },
        )

    assert ["data[0].actor.email", "data[0].generated.items[0].value"] == [
        i.path for i in caught.value.issues
    ]


async def test_what_basic_only_warns_about_strict_refuses(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A malformed email and an unknown metric type: sent with a warning at "basic"
    (the API may well accept them), refused before sending at "strict"."""
    odd = {
        "actor": {**ACTOR, "email": "nope"},
        "object": OBJECT,
        "metrics": [{"type": "points", "value": 1}],
    }
    with caplog.at_level(logging.DEBUG, logger="timeback_caliper"):  # once: then DEBUG
        sent = await client.events.send_activity(SENSOR, odd)
    with pytest.raises(InputValidationError) as caught:
        await client.events.send_activity(SENSOR, odd, validation="strict")

    assert sent.job_id is not None
    assert any("actor.email: must be an email address" in r.getMessage() for r in caplog.records)
    assert ["data[0].actor.email", "data[0].generated.items[0].type"] == [
        i.path for i in caught.value.issues
    ]
    assert 1 == caliper_sandbox.stats()["stats"]["requests send"]


async def test_server_side_rejection_is_a_validation_error_with_issues() -> None:
    """What the client lets through but the server refuses (here: a strict server) raises
    ValidationError carrying the server's issues; validate() returns them instead."""
    with Sandbox(validation="strict") as strict:
        async with AsyncCaliperClient(**strict.client_kwargs(), max_retries=0) as client:
            envelope = payloads.envelope(payloads.navigation_event())  # no @context
            verdict = await client.events.validate(envelope)
            with pytest.raises(ValidationError) as caught:
                await client.events.send_envelope(envelope)

    assert ("error", ["data[0].@context"]) == (
        verdict.status,
        [i.path for i in verdict.errors or []],
    )
    assert (400, ["data[0].@context"]) == (
        caught.value.status_code,
        [i.path for i in caught.value.issues],
    )


async def test_validate_answers_valid_and_locally_invalid(client: AsyncCaliperClient) -> None:
    """validate() says success for a valid envelope, and gives the issues of an invalid one."""
    ok = await client.events.validate(payloads.envelope(payloads.activity_event()))
    bad = await client.events.validate(
        payloads.envelope({**payloads.activity_event(), "action": 7})
    )

    assert (True, None) == (ok.ok, ok.errors)  # none, as on the wire
    assert (False, ["data[0].action"]) == (bad.ok, [i.path for i in bad.errors or []])


async def test_validate_can_ask_the_api_whatever_the_local_verdict(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """check_locally=False: the API judges an envelope the client would refuse itself."""
    envelope = payloads.envelope({**payloads.activity_event(), "action": 7})

    local = await client.events.validate(envelope)
    remote = await client.events.validate(envelope, check_locally=False)

    assert ["data[0].action"] == [i.path for i in local.errors or []]
    assert ["data[0].action"] == [i.path for i in remote.errors or []]
    assert 1 == caliper_sandbox.stats()["stats"]["requests validate"]


async def test_learnwith_ai_is_send_only(caliper_sandbox: Sandbox) -> None:
    """On LEARNWITH_AI, every read raises UnsupportedOperationError before any I/O."""
    async with AsyncCaliperClient(
        platform="LEARNWITH_AI", **caliper_sandbox.client_kwargs()
    ) as client:
        calls = [
            lambda: client.events.validate(payloads.envelope(payloads.activity_event())),
            lambda: client.events.list(),
            lambda: client.events.get("urn:uuid:x"),
            lambda: client.jobs.get_status("1"),
            lambda: client.jobs.wait_for_completion("1"),
        ]
        for call in calls:
            with pytest.raises(UnsupportedOperationError):
                await call()  # type: ignore[no-untyped-call]
        with pytest.raises(UnsupportedOperationError):
            client.events.stream()

    assert {} == {
        k: v for k, v in caliper_sandbox.stats()["stats"].items() if k.startswith("requests")
    }


async def test_learnwith_ai_send_asks_for_the_scope_and_rewrites(caliper_sandbox: Sandbox) -> None:
    """The token request carries the events.write scope; the payload arrives rewritten."""
    async with AsyncCaliperClient(
        platform="LEARNWITH_AI",
        base_url=caliper_sandbox.base_url,
        auth_url=f"{caliper_sandbox.base_url}/auth/1.0/token",
        client_id=caliper_sandbox.client_id,
        client_secret=caliper_sandbox.client_secret,
    ) as client:
        result = await client.events.send_activity(
            SENSOR,
            {"actor": ACTOR, "object": OBJECT, "metrics": [{"type": "xpEarned", "value": 7}]},
        )

    stored = caliper_sandbox.events()[0]
    assert result.job_id is None
    assert ("AggregationProfile", {"type": "Person", "id": ACTOR["id"]}) == (
        stored["profile"],
        stored["actor"],
    )
    assert "XpEarned" == stored["generated"]["items"][0]["metricType"]
    assert 1 == caliper_sandbox.stats()["stats"]["responses lwai 200"]
