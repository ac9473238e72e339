"""What one operation tells every request it makes: its request id and its deadline.

The transport sets `CURRENT_CALL` around each attempt; the auth flow (`_http.CaliperAuth`)
reads it to stamp the request id and a timeout that ends at the deadline on each request
of the flow (token fetch included). Kept apart from `_http.py` so that setting it needs no
httpx.
"""

from __future__ import annotations

from contextvars import ContextVar

from attrs import frozen


@frozen
class CallContext:
    """What the facade tells the auth flow about the current operation."""

    request_id: str
    deadline: float  # time.monotonic() at which the operation must be over


CURRENT_CALL: ContextVar[CallContext | None] = ContextVar("timeback_caliper_call", default=None)
