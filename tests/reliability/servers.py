"""Apps for the shutdown tests, run under real servers (gunicorn, uvicorn).

Each request to `/event?i=N` enqueues event N of the prefix in TIMEBACK_TEST_PREFIX; no
batch is due before an hour, so the events are still queued when the server is told to
stop (SIGTERM), and only the shutdown path can deliver them. The sandbox's URLs and
credentials come from the environment (TIMEBACK_API_*).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

from tests.reliability.scenario import SENSOR, event
from timeback_caliper import AsyncSender, Sender

PREFIX = os.environ.get("TIMEBACK_TEST_PREFIX", "servers")

# gunicorn: one sender per worker process, at module level, as the README says. Made on
# first use, so that importing this module for the ASGI app makes none.
_sender: Sender | None = None


def wsgi(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    global _sender
    if environ.get("PATH_INFO") != "/event":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok\n"]
    if _sender is None:
        _sender = Sender(
            sensor=SENSOR,
            max_delay=3600.0,
            flush_on_sigterm=os.environ.get("TIMEBACK_TEST_FLUSH_ON_SIGTERM") == "1",
        )
    index = int(parse_qs(environ.get("QUERY_STRING", ""))["i"][0])
    _sender.enqueue(event(PREFIX, index))
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"queued\n"]


@contextlib.asynccontextmanager
async def _lifespan(app: Any) -> AsyncIterator[None]:
    async with AsyncSender(sensor=SENSOR, max_delay=3600.0) as sender:
        app.state.sender = sender
        yield  # uvicorn turns SIGTERM into the end of this block: the sender's aclose()


def _asgi() -> Any:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    async def queue(request: Request) -> PlainTextResponse:
        await request.app.state.sender.enqueue(event(PREFIX, int(request.query_params["i"])))
        return PlainTextResponse("queued\n")

    async def health(request: Request) -> PlainTextResponse:
        return PlainTextResponse("ok\n")

    return Starlette(routes=[Route("/event", queue), Route("/health", health)], lifespan=_lifespan)


def asgi() -> Any:
    """The Starlette app (uvicorn --factory)."""
    return _asgi()


# -- the framework integrations (timeback_caliper.contrib), settings as their docs show -----

_HOUR = 3600.0  # no batch due before SIGTERM


def flask_app() -> Any:
    """The Flask extension's app (gunicorn 'tests.reliability.servers:flask_app()')."""
    from flask import Flask, request

    from timeback_caliper.contrib.flask import Caliper

    app = Flask(__name__)
    app.config.update(TIMEBACK_CALIPER_SENSOR=SENSOR, TIMEBACK_CALIPER_MAX_DELAY=_HOUR)
    caliper = Caliper(app)

    @app.get("/event")
    def queue() -> str:
        caliper.sender.enqueue(event(PREFIX, int(request.args["i"])))
        return "queued\n"

    @app.get("/health")
    def health() -> str:
        return "ok\n"

    return app


def fastapi_app() -> Any:
    """The FastAPI app of the lifespan integration (uvicorn --factory)."""
    from fastapi import Depends, FastAPI

    from timeback_caliper.contrib.starlette import caliper_lifespan, get_sender

    app = FastAPI(lifespan=caliper_lifespan(sensor=SENSOR, max_delay=_HOUR))

    @app.get("/event")
    async def queue(i: int, sender: AsyncSender = Depends(get_sender)) -> str:  # noqa: B008
        await sender.enqueue(event(PREFIX, i))
        return "queued"

    @app.get("/health")
    async def health() -> str:
        return "ok"

    return app
