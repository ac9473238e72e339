"""The OAuth2 steps of every request, as httpx drives them through `CaliperAuth`.

`_async/auth.py` is the single source of both flows: scripts/unasync.py generates
`_sync/auth.py` from it. The flow only sequences; `CaliperAuth` (in `_http.py`) holds the
token, the locks and the request-building, and `_core/auth.py` decides freshness.

Steps: use the shared token if it is fresh; otherwise one caller fetches a new one while the
others wait on the lock, then use it. On a 401, drop the token unless another caller already
replaced it, fetch once, and resend the request once.

A caller never waits on the lock while it holds a response: the 401 is read (which gives
its connection back to the pool) first. Otherwise, with more requests in flight than the
pool has connections, every connection is held by a waiter and the token request that
would release them can never get one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import httpx

    from timeback_caliper._call import CallContext
    from timeback_caliper._http import AsyncAuthFlow, CaliperAuth


async def aauth_flow(
    auth: CaliperAuth, request: httpx.Request, call: CallContext | None
) -> AsyncAuthFlow:
    token = auth.usable()
    if token is None:
        async with auth.alock():
            token = auth.usable()
            if token is None:
                fetch_started = time.perf_counter()
                reply = yield auth.token_request(call)
                await reply.aread()
                token = auth.accept(reply, call, fetch_started)
    auth.sign(request, token, call)
    started = time.perf_counter()
    response = yield request
    auth.log(response, call, started)
    if response.status_code != 401:
        return
    await response.aread()  # its connection goes back to the pool before we wait
    async with auth.alock():
        if auth.token is token or auth.token is None:
            fetch_started = time.perf_counter()
            reply = yield auth.token_request(call)
            await reply.aread()
            auth.accept(reply, call, fetch_started)
        token = auth.token or token
    auth.sign(request, token, call)
    started = time.perf_counter()
    response = yield request
    auth.log(response, call, started)
