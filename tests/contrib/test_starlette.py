"""The Starlette/FastAPI integration, with the frameworks themselves."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from tests import payloads
from timeback_caliper import ConfigurationError
from timeback_caliper.contrib.starlette import caliper_lifespan, get_sender
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


async def _done(request: Request) -> JSONResponse:
    return JSONResponse({"delivered": await get_sender(request).enqueue(payloads.activity_event())})


async def test_the_lifespan_opens_and_closes_the_sender(caliper_sandbox: Sandbox) -> None:
    app = Starlette(
        routes=[Route("/done", _done, methods=["POST"])],
        lifespan=caliper_lifespan(
            sensor=payloads.SENSOR, max_delay=3600, **caliper_sandbox.client_kwargs()
        ),
    )
    async with (
        app.router.lifespan_context(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://a") as client,
    ):
        reply = await client.post("/done")
        queued = len(caliper_sandbox.events())

    assert (200, 0) == (reply.status_code, queued)  # queued for an hour: only shutdown sends
    assert 1 == len(caliper_sandbox.events())
    assert not hasattr(app.state, "timeback_caliper")


async def test_get_sender_without_the_lifespan_says_what_to_add() -> None:
    app = Starlette(routes=[Route("/done", _done, methods=["POST"])])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://a"
    ) as client:
        with pytest.raises(ConfigurationError, match="lifespan=caliper_lifespan"):
            await client.post("/done")
