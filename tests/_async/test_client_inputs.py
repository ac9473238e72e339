"""Bad input and odd replies: clear errors of our own, never a raw exception."""

from __future__ import annotations

import decimal
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest

from tests import payloads
from timeback_caliper import (
    ApiError,
    AsyncCaliperClient,
    BatchSendError,
    CaliperError,
    ConfigurationError,
    InputValidationError,
)
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


def _mocked(handler: Any) -> AsyncCaliperClient:
    def respond(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        reply: httpx.Response = handler(request)
        return reply

    return AsyncCaliperClient(
        base_url="http://caliper.test",
        auth_url="http://caliper.test/token",
        client_id="i",
        client_secret="s",
        max_retries=0,
        transport=httpx.MockTransport(respond),
    )


@pytest.mark.parametrize(
    ("reply", "job_id"),
    [
        (httpx.Response(200, json={"jobId": "7"}), "7"),
        (httpx.Response(202, json={"status": "success", "jobId": "7"}), "7"),
        (httpx.Response(200, json={"status": "success", "jobId": 7}), "7"),
        (httpx.Response(204), None),
        (httpx.Response(200, text="<html>ok</html>"), None),
    ],
    ids=["job-id-only", "202", "numeric-job-id", "204", "html"],
)
async def test_send_reads_the_job_id_from_any_acknowledgement(
    reply: httpx.Response, job_id: str | None
) -> None:
    """The vendor clients' `{jobId}`, a 202, a number: the job id is found; nothing raises."""
    async with _mocked(lambda request: reply) as client:
        result = await client.events.send(payloads.SENSOR, [payloads.navigation_event()])

    assert job_id == result.job_id


async def test_a_2xx_that_says_error_raises() -> None:
    """`200 {"status": "error"}` is not a success."""
    reply = httpx.Response(200, json={"status": "error", "message": "queue full"})
    async with _mocked(lambda request: reply) as client:
        with pytest.raises(ApiError, match="queue full"):
            await client.events.send(payloads.SENSOR, [payloads.navigation_event()])


async def test_pages_without_total_and_bare_jobs_are_read() -> None:
    """A page without pagination.total, and a job without its `job` wrapper, still parse."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/jobs/"):
            return httpx.Response(200, json={"id": "3", "state": "completed"})
        return httpx.Response(
            200, json={"events": [{"externalId": "urn:uuid:x"}], "pagination": {}}
        )

    async with _mocked(handler) as client:
        page = await client.events.list()
        job = await client.jobs.get_status("3")

    assert (["urn:uuid:x"], None, None) == (
        [e.external_id for e in page.events],
        page.pagination.total if page.pagination else None,
        page.next_offset,
    )
    assert ("3", "completed") == (job.id, job.state)


@pytest.mark.parametrize(
    "body",
    [{"events": "none", "pagination": None}, {"events": [1, "x", None]}, {}],
    ids=["events-not-a-list", "events-not-objects", "empty"],
)
async def test_a_page_of_an_odd_shape_reads_as_empty(body: dict[str, Any]) -> None:
    """A 2xx list reply whose events are missing or not objects gives an empty page."""
    async with _mocked(lambda request: httpx.Response(200, json=body)) as client:
        page = await client.events.list()

    assert ([], None) == (page.events, page.next_offset)


@pytest.mark.parametrize(
    "reply",
    [httpx.Response(200, json={"status": "success"}), httpx.Response(200, json=[1, 2])],
    ids=["no-event", "not-an-object"],
)
async def test_an_event_reply_without_the_event_is_an_api_error(reply: httpx.Response) -> None:
    """`get()` answered without an event object: our ApiError, never a KeyError."""
    async with _mocked(lambda request: reply) as client:
        with pytest.raises(ApiError, match="unexpected response body"):
            await client.events.get("urn:uuid:x")


async def test_validate_without_local_checks_sends_even_an_empty_object() -> None:
    """`check_locally=False` lets the API judge anything, `{}` included."""
    seen: list[bytes] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.content)
        return httpx.Response(400, json={"status": "error", "errors": ["sensor is required"]})

    async with _mocked(handler) as client:
        result = await client.events.validate({}, check_locally=False)

    assert [b"{}"] == seen
    assert (False, ["sensor is required"]) == (result.ok, [i.message for i in result.errors or []])


@pytest.mark.parametrize(
    ("extra", "path"),
    [
        ({"when": datetime(2025, 1, 1, tzinfo=UTC)}, "data[0].extensions.when"),
        ({"price": decimal.Decimal("1.5")}, "data[0].extensions.price"),
        ({"ratio": float("nan")}, "data[0].extensions.ratio"),
        ({(1, 2): "x"}, "data[0].extensions"),
    ],
)
async def test_values_json_cannot_carry_are_input_errors(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, extra: dict[Any, Any], path: str
) -> None:
    """A datetime, a Decimal, NaN or a non-string key: InputValidationError at its path."""
    event = {**payloads.navigation_event(), "extensions": extra}

    with pytest.raises(InputValidationError) as caught:
        await client.events.send(payloads.SENSOR, [event])

    assert [path] == [i.path for i in caught.value.issues]
    assert 0 == caliper_sandbox.stats()["stats"].get("requests send", 0)


async def test_send_batches_names_a_value_json_cannot_carry(client: AsyncCaliperClient) -> None:
    """In a batch send, the event is named by its position in the input."""
    events = [payloads.navigation_event() for _ in range(3)]
    events[2]["extensions"] = {"when": datetime(2025, 1, 1)}

    with pytest.raises(BatchSendError) as caught:
        await client.events.send_batches(payloads.SENSOR, events)

    assert isinstance(caught.value.__cause__, InputValidationError)
    assert ["events[2].extensions.when"] == [i.path for i in caught.value.__cause__.issues]


@pytest.mark.parametrize("events", [None, 5, "abc", {"id": "x"}])
async def test_send_batches_wants_an_iterable_of_events(
    client: AsyncCaliperClient, events: Any
) -> None:
    """Not a list of events: InputValidationError on `events`."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.send_batches(payloads.SENSOR, events)

    assert ["events"] == [i.path for i in caught.value.issues]


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"job_ids": "12"}, "job_ids"),
        ({"job_ids": None}, "job_ids"),
        ({"job_ids": ["1"], "max_concurrency": 0}, "max_concurrency"),
        ({"job_ids": [".."]}, "job_ids[0]"),
    ],
)
async def test_wait_for_all_checks_its_arguments(
    client: AsyncCaliperClient, kwargs: dict[str, Any], path: str
) -> None:
    """A string is not a list of job ids; bounds are whole numbers."""
    with pytest.raises(InputValidationError) as caught:
        await client.jobs.wait_for_all(**kwargs)

    assert [path] == [i.path for i in caught.value.issues]


@pytest.mark.parametrize("bad", [".", ".."])
async def test_dot_ids_are_refused(client: AsyncCaliperClient, bad: str) -> None:
    """`..` would name another path of the API."""
    with pytest.raises(InputValidationError):
        await client.events.get(bad)
    with pytest.raises(InputValidationError):
        await client.jobs.get_status(bad)


@pytest.mark.parametrize(
    "date",
    [
        datetime.max.replace(tzinfo=timezone(timedelta(hours=-5))),
        datetime.min.replace(tzinfo=timezone(timedelta(hours=5))),
    ],
)
async def test_dates_out_of_range_are_input_errors(client: AsyncCaliperClient, date: Any) -> None:
    """A datetime UTC cannot hold is InputValidationError, not OverflowError (strings are
    the server's to read)."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.list(start_date=date)

    assert ["start_date"] == [i.path for i in caught.value.issues]


async def test_validate_wants_an_envelope(client: AsyncCaliperClient) -> None:
    """validate(None) is a programming error."""
    with pytest.raises(InputValidationError):
        await client.events.validate(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"base_url": 123}, "base_url must be a string"),
        ({"client_id": 5}, "client_id must be a string"),
        ({"base_url": "caliper.example.com"}, "must be an http"),
        ({"retry": "fast"}, "retry must be a RetryPolicy"),
        ({"transport": "x"}, "transport must be"),
        ({"timeout": True}, "timeout must be a positive number"),
    ],
)
async def test_bad_settings_are_configuration_errors(
    caliper_sandbox: Sandbox, kwargs: dict[str, Any], message: str
) -> None:
    """Wrong settings fail at construction, naming the setting."""
    settings: dict[str, Any] = {**caliper_sandbox.client_kwargs(), **kwargs}

    with pytest.raises(ConfigurationError, match=message):
        AsyncCaliperClient(**settings)


async def test_a_closed_client_says_so(caliper_sandbox: Sandbox) -> None:
    """Using a client after closing it is a CaliperError, not httpx's RuntimeError."""
    client = AsyncCaliperClient(**caliper_sandbox.client_kwargs())
    await client.aclose()

    with pytest.raises(CaliperError, match="closed"):
        await client.events.list()


async def test_to_array_refuses_more_than_max_items(client: AsyncCaliperClient) -> None:
    """to_array(max_items) is the vendor's guard against unbounded lists."""
    await client.events.send(payloads.SENSOR, [payloads.navigation_event() for _ in range(5)])

    events = await client.events.stream(limit=2).to_array(max_items=5)
    with pytest.raises(InputValidationError):
        await client.events.stream(limit=2).to_array(max_items=4)

    assert 5 == len(events)


async def test_wait_for_completion_polls_through_outages(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """503s on the job route after the client's retries do not end the wait."""
    caliper_sandbox.set_job_timing("polls:1")
    result = await client.events.send(payloads.SENSOR, [payloads.navigation_event()])
    caliper_sandbox.faults.plan("job", ["503:0"] * 5)

    status = await client.jobs.wait_for_completion(result.job_id or "", poll_interval=0.05)

    assert status.is_completed


async def test_batches_in_flight_when_one_fails_are_reported(caliper_sandbox: Sandbox) -> None:
    """All accepted batches are in BatchSendError.results, whichever flavour sent them."""
    caliper_sandbox.faults.plan("send", ["ok", "500", "ok"])
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), max_retries=0) as client:
        events = [payloads.navigation_event() for _ in range(300)]
        with pytest.raises(BatchSendError) as caught:
            await client.events.send_batches(
                payloads.SENSOR, events, batch_size=100, max_concurrency=1
            )

    assert (100, 1) == (caught.value.failed_index, len(caught.value.results))
    assert 100 == caliper_sandbox.count_events()
