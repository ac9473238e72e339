"""Logging, reprs and injection: what a user sees, and never a secret."""

from __future__ import annotations

import logging

import httpx
import pytest

from tests import payloads
from timeback_caliper import AsyncCaliperClient, InputValidationError
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio

SECRET = "s3cr3t-that-must-not-leak"


def _leaky_client(sandbox: Sandbox, max_retries: int = 3) -> AsyncCaliperClient:
    return AsyncCaliperClient(
        base_url=sandbox.base_url,
        auth_url=sandbox.auth_url,
        client_id="leak-test",
        client_secret=SECRET,
        max_retries=max_retries,
    )


@pytest.fixture
def secret_sandbox(caliper_sandbox: Sandbox) -> Sandbox:
    """The session sandbox, accepting a client whose secret we can look for."""
    caliper_sandbox.app.credentials["leak-test"] = SECRET
    return caliper_sandbox


async def test_debug_log_has_method_path_status_duration_and_request_id(
    secret_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """Each request is logged at DEBUG; no token or secret appears in any record."""
    secret_sandbox.faults.plan("send", ["503:0"])
    with caplog.at_level(logging.DEBUG, logger="timeback_caliper"):
        async with _leaky_client(secret_sandbox, max_retries=1) as client:
            await client.events.send(payloads.SENSOR, [payloads.activity_event()])
            held = client.transport.open().auth.token
            token = held.value if held else ""

    lines = [r.getMessage() for r in caplog.records]
    assert any(line.startswith("POST /oauth2/token -> 200 in ") for line in lines)
    assert any(line.startswith("POST /caliper/event -> 503 in ") for line in lines)
    assert any(
        line.startswith("POST /caliper/event -> 200 in ") and "request id" in line for line in lines
    )
    assert any("retry 1 of 1" in line for line in lines)
    everything = "\n".join(lines) + caplog.text
    assert token
    assert SECRET not in everything
    assert token not in everything


async def test_reprs_never_show_the_secret(secret_sandbox: Sandbox) -> None:
    """repr() of the client, its config, its auth and its errors hide the secret."""
    async with _leaky_client(secret_sandbox) as client:
        await client.events.list()
        with pytest.raises(InputValidationError) as caught:
            await client.events.list(limit=0)
        auth = client.transport.open().auth
        shown = " ".join(repr(x) for x in (client, client.config, auth, auth.token, caught.value))

    assert "leak-test" in shown
    assert SECRET not in shown
    assert auth.token is not None
    assert auth.token.value not in shown


async def test_an_injected_transport_is_used(caliper_sandbox: Sandbox) -> None:
    """transport= wraps the connection layer (here: counting requests on the way)."""
    seen: list[str] = []

    class Counting(httpx.AsyncBaseTransport):
        def __init__(self) -> None:
            self.inner = httpx.AsyncHTTPTransport()

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.url.path)
            return await self.inner.handle_async_request(request)

        async def aclose(self) -> None:
            await self.inner.aclose()

    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), transport=Counting()
    ) as client:
        await client.events.list()

    assert ["/oauth2/token", "/caliper/events"] == seen


async def test_an_injected_http_client_is_not_closed(caliper_sandbox: Sandbox) -> None:
    """The caller keeps owning an http_client it passes in."""
    http = httpx.AsyncClient()
    async with AsyncCaliperClient(**caliper_sandbox.client_kwargs(), http_client=http) as client:
        await client.events.list()

    assert not http.is_closed
    await http.aclose()


async def test_stream_stops_when_the_server_gives_no_total() -> None:
    """One decision, with a mock transport: a page without `total` ends the stream."""
    calls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        event = {"id": 1, "externalId": "urn:uuid:1"}
        return httpx.Response(200, json={"events": [event, event]})

    async with AsyncCaliperClient(
        base_url="http://caliper.test",
        auth_url="http://caliper.test/token",
        client_id="i",
        client_secret="s",
        transport=httpx.MockTransport(handler),
    ) as client:
        events = await client.events.stream(limit=2).to_list()

    assert (2, ["/token", "/caliper/events"]) == (len(events), calls)


async def test_debug_logging_works_with_a_mock_transport(caplog: pytest.LogCaptureFixture) -> None:
    """A MockTransport never closes its responses the way a network transport does; the
    DEBUG line must not depend on it (it read `response.elapsed`, a RuntimeError)."""

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        return httpx.Response(200, json={"events": [], "pagination": {"total": 0}})

    with caplog.at_level(logging.DEBUG, logger="timeback_caliper"):
        async with AsyncCaliperClient(
            base_url="http://caliper.test",
            auth_url="http://caliper.test/token",
            client_id="i",
            client_secret="s",
            transport=httpx.MockTransport(handler),
        ) as client:
            page = await client.events.list()

    lines = [r.getMessage() for r in caplog.records]
    assert [] == page.events
    assert any(line.startswith("POST /token -> 200 in ") for line in lines)
    assert any(line.startswith("GET /caliper/events -> 200 in ") for line in lines)
