"""Auth, retries, deadlines and errors, against the sandbox's fault injection."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests import payloads
from tests._async.conftest import FAST_RETRY
from timeback_caliper import (
    AsyncCaliperClient,
    AuthenticationError,
    CaliperTimeoutError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    ServerError,
    TransportError,
)
from timeback_caliper._core.auth import MAX_REVOCATIONS
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio

UUID4 = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _requests(sandbox: Sandbox, route: str) -> int:
    return int(sandbox.stats()["stats"].get(f"requests {route}", 0))


@pytest.mark.parametrize("fault", ["503:0", "429:0", "500", "502", "504", "drop", "drop-after"])
async def test_transient_failures_are_retried(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, fault: str
) -> None:
    """5xx, 429, 502/504 and dropped connections are retried; the event is stored once."""
    caliper_sandbox.faults.plan("send", [fault, fault])
    event = payloads.activity_event()

    result = await client.events.send(payloads.SENSOR, [event])

    assert result.job_id is not None
    assert 3 == _requests(caliper_sandbox, "send")
    assert (1, 1) == (caliper_sandbox.count_events(), caliper_sandbox.count_distinct_events())


async def test_retry_after_is_honoured(caliper_sandbox: Sandbox) -> None:
    """A 429 with Retry-After: 1 makes the client wait about a second, not its own backoff."""
    caliper_sandbox.faults.plan("list", ["429:1"])
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=RetryPolicy(backoff=0.01, max_backoff=0.01)
    ) as client:
        started = time.monotonic()
        await client.events.list()
        elapsed = time.monotonic() - started

    assert 0.9 <= elapsed < 5


async def test_retries_exhausted_raise_the_last_error(caliper_sandbox: Sandbox) -> None:
    """After max_retries, a 429 raises RateLimitError with the server's retry_after."""
    caliper_sandbox.faults.add("list", "429:0", 1.0)
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), retry=FAST_RETRY) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.events.list()

    assert (429, 0.0) == (caught.value.status_code, caught.value.retry_after)
    assert 4 == _requests(caliper_sandbox, "list")
    assert UUID4.fullmatch(caught.value.request_id or "")


async def test_max_retries_zero_turns_retries_off(caliper_sandbox: Sandbox) -> None:
    """With max_retries=0 the first 503 is final."""
    caliper_sandbox.faults.plan("list", ["503:0"])
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), max_retries=0) as client:
        with pytest.raises(ServerError) as caught:
            await client.events.list()

    assert 503 == caught.value.status_code
    assert 1 == _requests(caliper_sandbox, "list")


async def test_client_errors_are_not_retried(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A 404 is final at once and carries the request id."""
    with pytest.raises(NotFoundError) as caught:
        await client.events.get("urn:uuid:00000000-0000-4000-8000-000000000000")

    assert ("Event not found", 1) == (caught.value.message, _requests(caliper_sandbox, "get"))
    assert UUID4.fullmatch(caught.value.request_id or "")
    assert (caught.value.request_id or "?") in str(caught.value)


async def test_one_deadline_covers_every_attempt(caliper_sandbox: Sandbox) -> None:
    """Slow replies and retries share the operation's timeout; the error has the last status."""
    caliper_sandbox.faults.plan("list", ["503:0", "latency:3"])
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=FAST_RETRY, timeout=0.5
    ) as client:
        started = time.monotonic()
        with pytest.raises(CaliperTimeoutError) as caught:
            await client.events.list()
        elapsed = time.monotonic() - started

    assert elapsed < 2
    assert 503 == caught.value.last_status_code


async def test_the_deadline_covers_the_token_fetch(caliper_sandbox: Sandbox) -> None:
    """A slow token endpoint counts against the operation's timeout."""
    caliper_sandbox.faults.plan("token", ["latency:3"])
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), max_retries=0, timeout=0.5
    ) as client:
        started = time.monotonic()
        with pytest.raises(CaliperTimeoutError):
            await client.events.list()
        elapsed = time.monotonic() - started

    assert elapsed < 2


async def test_token_fetch_and_request_share_one_deadline(caliper_sandbox: Sandbox) -> None:
    """A token fetch and a request that each fit the timeout, but not together, time out."""
    caliper_sandbox.faults.plan("token", ["latency:0.7"])
    caliper_sandbox.faults.plan("list", ["latency:0.7"])
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), timeout=1.0) as client:
        started = time.monotonic()
        with pytest.raises(CaliperTimeoutError):
            await client.events.list()
        elapsed = time.monotonic() - started

    assert elapsed < 1.5


async def test_a_slow_last_attempt_reports_the_status_before_it(caliper_sandbox: Sandbox) -> None:
    """503, then a reply too slow for the deadline: CaliperTimeoutError with last status 503."""
    caliper_sandbox.faults.plan("list", ["503:0", "latency:3"])
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=FAST_RETRY, timeout=0.8
    ) as client:
        with pytest.raises(CaliperTimeoutError) as caught:
            await client.events.list()

    assert 503 == caught.value.last_status_code


async def test_retry_after_as_an_http_date_is_honoured(caliper_sandbox: Sandbox) -> None:
    """A 429 whose Retry-After is an HTTP date two seconds ahead makes the client wait."""
    caliper_sandbox.faults.plan("list", ["429:2d"])
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=RetryPolicy(backoff=0.01, max_backoff=0.01)
    ) as client:
        started = time.monotonic()
        await client.events.list()
        elapsed = time.monotonic() - started

    assert 0.9 <= elapsed < 5  # HTTP dates have whole seconds


async def test_a_401_refreshes_the_token_and_retries_once(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """Revoked tokens: the call still succeeds, after one new token request."""
    await client.events.list()
    caliper_sandbox.revoke_tokens()

    await client.events.list()

    assert (2, 3) == (_requests(caliper_sandbox, "token"), _requests(caliper_sandbox, "list"))


@pytest.mark.parametrize("fault", ["revoke", "expire"])
async def test_token_revoked_or_expired_early_is_survived(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, fault: str
) -> None:
    """A token the server drops mid-life is replaced transparently."""
    await client.events.list()
    caliper_sandbox.faults.plan("list", [fault])

    page = await client.events.list()

    assert 0 == len(page.events)
    assert 2 == _requests(caliper_sandbox, "token")


async def test_a_persistent_401_is_an_authentication_error(caliper_sandbox: Sandbox) -> None:
    """If every new token is refused too, AuthenticationError after the first request and
    MAX_REVOCATIONS resends, each with a new token (not an endless loop)."""
    caliper_sandbox.faults.add("list", "revoke", 1.0)
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), retry=FAST_RETRY) as client:
        with pytest.raises(AuthenticationError) as caught:
            await client.events.list()

    assert (401, 1 + MAX_REVOCATIONS, 1 + MAX_REVOCATIONS) == (
        caught.value.status_code,
        _requests(caliper_sandbox, "list"),
        _requests(caliper_sandbox, "token"),
    )


@pytest.mark.parametrize("operation", ["events.list", "check_auth"])
async def test_refused_credentials_name_the_reason_never_the_secret(
    caliper_sandbox: Sandbox, operation: str
) -> None:
    """A failing token endpoint raises AuthenticationError with its text, without the secret,
    from any call and from check_auth()."""
    secret = "hunter2-very-secret"
    async with AsyncCaliperClient(
        base_url=caliper_sandbox.base_url,
        auth_url=caliper_sandbox.auth_url,
        client_id=caliper_sandbox.client_id,
        client_secret=secret,
    ) as client:

        async def attempt() -> None:
            if operation == "check_auth":
                await client.check_auth()
            else:
                await client.events.list()

        with pytest.raises(AuthenticationError) as caught:
            await attempt()

    text = f"{caught.value} {caught.value!r} {caught.value.body} {client!r} {client.config!r}"
    assert "invalid_client" in str(caught.value)
    assert secret not in text


async def test_check_auth_reports_the_token_lifetime_and_hides_the_token(
    caliper_sandbox: Sandbox,
) -> None:
    """check_auth() fetches a token at once; its repr shows the lifetime, not the token."""
    caliper_sandbox.set_token_ttl(120)
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs()) as client:
        info = await client.check_auth()

    assert 110 < info.expires_in <= 120
    assert info.token
    assert info.token not in repr(info)
    assert 1 == _requests(caliper_sandbox, "token")


async def test_token_endpoint_outage_is_retried(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A 503 from the token endpoint is retried like any other."""
    caliper_sandbox.faults.plan("token", ["503:0"])

    await client.events.list()

    assert 2 == _requests(caliper_sandbox, "token")


async def test_connection_refused_is_a_transport_error() -> None:
    """Nothing listening: TransportError, not an httpx exception."""
    async with AsyncCaliperClient(
        base_url="http://127.0.0.1:9",
        auth_url="http://127.0.0.1:9/oauth2/token",
        client_id="x",
        client_secret="y",
        max_retries=0,
    ) as client:
        with pytest.raises(TransportError) as caught:
            await client.events.list()

    assert not isinstance(caught.value, httpx.HTTPError)
    assert UUID4.fullmatch(caught.value.request_id or "")


async def test_requests_carry_a_uuid4_request_id_kept_across_retries(
    caliper_sandbox: Sandbox,
) -> None:
    """Every request has X-Request-ID, the same for all attempts of one operation."""
    seen: list[str] = []

    async def record(request: httpx.Request) -> None:
        seen.append(request.headers.get("x-request-id", ""))

    caliper_sandbox.faults.plan("list", ["503:0"])
    http = httpx.AsyncClient(event_hooks={"request": [record]})
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), http_client=http, retry=FAST_RETRY
    ) as client:
        await client.events.list()
        await client.events.list()
    await http.aclose()

    assert 4 == len(seen)  # token, list (503), list again; then the second list
    assert seen[0] == seen[1] == seen[2] != seen[3]
    assert all(UUID4.fullmatch(s) for s in seen)
