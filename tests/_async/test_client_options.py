"""Per-call settings (`with_options`) and the URL a client says it talks to."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests import payloads
from timeback_caliper import AsyncCaliperClient, InputValidationError, ServerError
from timeback_caliper._log import _ANNOUNCED
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


async def test_with_options_retries_less_for_its_calls_only(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """max_retries=0 through with_options fails on the first 503; the client itself retries."""
    caliper_sandbox.faults.plan("send", ["503:0"])
    with pytest.raises(ServerError):
        await client.with_options(max_retries=0).events.send(
            payloads.SENSOR, [payloads.activity_event()]
        )

    caliper_sandbox.faults.plan("send", ["503:0"])
    result = await client.events.send(payloads.SENSOR, [payloads.activity_event()])

    assert result.job_id
    assert 3 == client.config.retry.max_retries


async def test_with_options_shares_connections_and_token(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """The derived client fetches no token of its own and needs no closing."""
    await client.events.send(payloads.SENSOR, [payloads.activity_event()])
    tokens = caliper_sandbox.app.stats["requests token"]
    fast = client.with_options(timeout=5)
    await fast.events.send(payloads.SENSOR, [payloads.activity_event()])

    assert tokens == caliper_sandbox.app.stats["requests token"]
    assert client.transport.open() is fast.transport.open()
    assert (5.0, 10.0) == (fast.config.timeout, client.config.timeout)


async def test_with_options_headers_go_with_each_request(caliper_sandbox: Sandbox) -> None:
    seen: list[str | None] = []

    async def record(request: httpx.Request) -> None:
        if request.url.path.startswith("/caliper/"):
            seen.append(request.headers.get("x-tenant"))

    async with (
        httpx.AsyncClient(event_hooks={"request": [record]}) as http,
        AsyncCaliperClient(**caliper_sandbox.client_kwargs(), http_client=http) as client,
    ):
        tagged = client.with_options(headers={"X-Tenant": "school-42"})
        await tagged.events.send(payloads.SENSOR, [payloads.activity_event()])
        await tagged.events.list(limit=1)
        await client.events.send(payloads.SENSOR, [payloads.activity_event()])

    assert ["school-42", "school-42", None] == seen


async def test_closing_the_client_closes_what_with_options_made(
    caliper_sandbox: Sandbox,
) -> None:
    client = AsyncCaliperClient(**caliper_sandbox.client_kwargs())
    derived = client.with_options(max_retries=1)
    await client.aclose()

    with pytest.raises(Exception, match="the client is closed"):
        await derived.events.send(payloads.SENSOR, [payloads.activity_event()])


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"timeout": -1}, "timeout"),
        ({"timeout": float("nan")}, "timeout"),
        ({"max_retries": -1}, "max_retries"),
        ({"retry": 3}, "retry"),
        ({"headers": {"X-Bad": "line\nbreak"}}, "headers"),
        ({"validation": "lenient"}, "validation"),
    ],
)
async def test_with_options_names_a_bad_option(
    client: AsyncCaliperClient, options: dict[str, object], field: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.with_options(**options)  # type: ignore[arg-type]

    assert [field] == [issue.path for issue in caught.value.issues]


async def test_the_chosen_urls_are_logged_once_with_their_source(
    caliper_sandbox: Sandbox, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TIMEBACK_API_BASE_URL", caliper_sandbox.base_url)
    monkeypatch.setenv("TIMEBACK_API_AUTH_URL", caliper_sandbox.auth_url)
    _ANNOUNCED.clear()
    with caplog.at_level(logging.INFO, logger="timeback_caliper"):
        for _ in range(3):
            await AsyncCaliperClient(env="staging", client_id="x", client_secret="y").aclose()

    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("API ")]
    assert [
        f"API {caliper_sandbox.base_url} (from TIMEBACK_API_BASE_URL), tokens from "
        f"{caliper_sandbox.auth_url} (from TIMEBACK_API_AUTH_URL)"
    ] == lines
