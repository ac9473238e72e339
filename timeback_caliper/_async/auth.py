"""The OAuth2 steps of every request, as httpx drives them through `CaliperAuth`.

`_async/auth.py` is the single source of both flows: scripts/unasync.py generates
`_sync/auth.py` from it. The flow only sequences and does the I/O; `CaliperAuth` (in
`_http.py`) holds the token state, the lock and the request-building, and `_core/auth.py`
decides: which token a request uses, whether a caller refreshes or takes the outcome of a
refresh it waited for, and, after a 401, whether to resend with a newer token at once,
to refresh first, or to give up.

Single flight: a caller that needs a refresh takes the lock; whoever waited on it meanwhile
finds the refresh answered and takes its token, or raises its refusal, without asking the
token endpoint again.

A caller never waits on the lock while it holds a response: the 401 is read (which gives
its connection back to the pool) first. Otherwise, with more requests in flight than the
pool has connections, every connection is held by a waiter and the token request that
would release them can never get one.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from timeback_caliper._core.auth import GiveUp, NoReply, Refresh, Refused, Resends, Wait

if TYPE_CHECKING:
    import httpx

    from timeback_caliper._call import CallContext
    from timeback_caliper._http import AsyncAuthFlow, CaliperAuth


async def aauth_flow(
    auth: CaliperAuth, request: httpx.Request, call: CallContext | None
) -> AsyncAuthFlow:
    step = auth.state.before_request(auth.now())
    resends = Resends()
    while True:
        if isinstance(step, Wait):
            async with auth.alock():
                decision = auth.state.after_wait(step)
                if isinstance(decision, Refresh):
                    auth.refreshing(decision)
                    fetch_started = time.perf_counter()
                    try:
                        reply = yield auth.token_request(call)
                        await reply.aread()
                    except BaseException:  # httpx closed the flow (no reply), or a cut body
                        auth.unanswered(decision.number)
                        raise
                    decision = auth.answer(decision.number, reply, call, fetch_started)
                elif isinstance(decision, Refused | NoReply):
                    raise auth.refusal(decision, call)
            step = decision
        auth.sign(request, step.token, call)
        started = time.perf_counter()
        response = yield request
        auth.log(response, call, started)
        if response.status_code != 401:
            return
        after = resends.unauthorized(auth.state, step)
        if isinstance(after, GiveUp):
            return
        await response.aread()  # its connection goes back to the pool before we wait
        step = after
