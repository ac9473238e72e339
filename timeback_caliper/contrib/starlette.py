"""Starlette and FastAPI: `app = FastAPI(lifespan=caliper_lifespan(sensor=...))`, then
`sender: AsyncSender = Depends(get_sender)` in endpoints (or `get_sender(request)`).

The lifespan opens an AsyncSender at start-up and closes it (flushing for at most its
`exit_timeout`) at shutdown, which uvicorn and hypercorn run on SIGTERM. Settings are the
sender's keywords; the client's come from the environment (TIMEBACK_API_*) unless given.
To combine with a lifespan of your own, `async with open_sender(app, ...)` inside it.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.requests import HTTPConnection

from timeback_caliper._async.sender import AsyncSender
from timeback_caliper.exceptions import ConfigurationError

__all__ = ["caliper_lifespan", "get_sender", "open_sender"]

STATE = "timeback_caliper"


@contextlib.asynccontextmanager
async def open_sender(app: Any, **settings: Any) -> AsyncIterator[AsyncSender]:
    """An AsyncSender for the app's life, at `app.state.timeback_caliper`."""
    async with AsyncSender(**settings) as sender:
        setattr(app.state, STATE, sender)
        try:
            yield sender
        finally:
            delattr(app.state, STATE)


def caliper_lifespan(
    **settings: Any,
) -> Callable[[Any], contextlib.AbstractAsyncContextManager[None]]:
    """A lifespan for `Starlette(lifespan=...)` / `FastAPI(lifespan=...)`."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        async with open_sender(app, **settings):
            yield

    return lifespan


def get_sender(request: HTTPConnection) -> AsyncSender:
    """The app's sender: a FastAPI dependency, or call it with a Starlette request."""
    sender = getattr(request.app.state, STATE, None)
    if not isinstance(sender, AsyncSender):
        raise ConfigurationError(
            "no sender on this app: pass lifespan=caliper_lifespan(sensor=...) to the app"
        )
    return sender
