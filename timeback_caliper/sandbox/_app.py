"""The sandbox's ASGI application: its state, its life cycle, routing and fault injection,
faithful to openapi/caliper.yaml. The server that runs it (uvicorn) is started in
`_server.py`; what each route does is in `_api.py` and `_admin.py`; the HTTP mechanics are
in `_asgi.py`.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any, Literal
from urllib.parse import parse_qs, unquote

from attrs import define, field

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper.sandbox import _admin, _api
from timeback_caliper.sandbox._api import Token, format_timestamp_s
from timeback_caliper.sandbox._asgi import (
    BodyTooLarge,
    Disconnected,
    Receive,
    Receiver,
    Reply,
    Request,
    Scope,
    Send,
    drain,
    error,
    fault_reply,
    read_body,
    respond,
)
from timeback_caliper.sandbox._faults import NO_FAULT, Decision, FaultInjector
from timeback_caliper.sandbox._jobs import JobTiming, job_phase
from timeback_caliper.sandbox._store import Store

MAX_BODY_BYTES = 4 * 1024 * 1024
# The validation levels of an API emulator: it always checks what storing an envelope needs.
SandboxLevel = Literal["basic", "strict"]
# What happens to an event whose id is stored already: kept once (our assumption of the
# API), or stored again (as an API that does not deduplicate would).
Duplicates = Literal["once", "again"]


@define
class SandboxApp:
    """The ASGI application. Every piece of state it holds is also reachable from `Sandbox`."""

    store: Store
    credentials: dict[str, str]
    faults: FaultInjector
    token_ttl: float = 3600.0
    job_timing: JobTiming = field(factory=JobTiming)
    max_body_bytes: int = MAX_BODY_BYTES
    max_limit: int = MAX_LIMIT
    validation: SandboxLevel = "basic"
    duplicates: Duplicates = "once"
    clock: Callable[[], float] = time.time
    tokens: dict[str, Token] = field(factory=dict)
    stats: Counter[str] = field(factory=Counter)
    loop: asyncio.AbstractEventLoop | None = None
    _ticker: asyncio.Task[None] | None = None
    _configured_token_ttl: float = field(init=False)
    _configured_validation: SandboxLevel = field(init=False)
    _configured_duplicates: Duplicates = field(init=False)

    def __attrs_post_init__(self) -> None:
        self._configured_token_ttl = self.token_ttl
        self._configured_validation = self.validation
        self._configured_duplicates = self.duplicates
        self.set_duplicates(self.duplicates)

    def set_duplicates(self, mode: Duplicates) -> None:
        self.duplicates = mode
        self.store.store_again = mode == "again"

    # -- ASGI -----------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.advance_jobs()  # jobs left pending by an earlier run
                self.loop = asyncio.get_running_loop()
                self._ticker = self.loop.create_task(self._tick())
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if self._ticker is not None:
                    self._ticker.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._ticker
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(0.05)
            if self.job_timing.mode == "seconds":
                self.advance_jobs()

    def advance_jobs(self) -> None:
        """Finish every pending job whose time has come (jobs timed in polls wait for polls)."""
        if self.job_timing.mode == "polls":
            return
        now = self.clock()
        for job_id in self.store.pending_job_ids():
            job = self.store.get_job(job_id)
            if (
                job is not None
                and job_phase(self.job_timing, age=now - job.created_at, polls=0) == "done"
            ):
                self.store.finish_job(job_id, processed_on=format_timestamp_s(now))

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope["method"]
        raw_path: bytes = scope.get("raw_path") or scope["path"].encode()
        raw_path = raw_path.split(b"?", 1)[0]
        segments = tuple(unquote(s.decode("latin-1")) for s in raw_path.split(b"/")[1:])
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        route, handler, allowed = self._route(method, segments)
        self.stats[f"requests {route or 'unknown'}"] += 1
        decision = self.faults.decide(route) if route in _API_ROUTES else NO_FAULT
        receive = Receiver(receive)
        if decision.latency and await receive.disconnected_within(decision.latency):
            return  # the client gave up waiting
        fault = decision.fault
        try:
            if handler is None:
                reply = (
                    error(405, f"Method {method} not allowed", allow=", ".join(allowed))
                    if allowed
                    else error(404, "Not found")
                )
            elif fault is not None and fault.status is not None:
                reply = fault_reply(fault.status, fault.retry_after)
            elif fault is not None and fault.kind == "drop":
                await drain(receive)
                await self._drop(send)
                return
            else:
                body = await read_body(receive, headers, self.max_body_bytes)
                matched = self.faults.matching(route, body) if route in _API_ROUTES else None
                if matched is not None and matched.status is not None:
                    reply = fault_reply(matched.status, matched.retry_after)
                else:
                    request = Request(method, segments, query, headers, body)
                    reply = await handler(self, request, decision)
        except BodyTooLarge:
            reply = error(413, f"Request body is larger than {self.max_body_bytes} bytes")
        except Disconnected:
            return
        self.stats[f"responses {route or 'unknown'} {reply.status}"] += 1
        if fault is not None and fault.kind == "drop-after":
            await self._drop(send)
            return
        await respond(send, reply)

    async def _drop(self, send: Send) -> None:
        """Start a reply and stop: the server closes the connection mid-response.

        Called only once the whole request body is read. A socket closed with unread input
        sends a reset instead of an orderly close, which the client may see before or
        instead of the reply's headers; read first, every drop reaches the client the same
        way: headers, then end of stream (httpx: `RemoteProtocolError`).
        """
        self.stats["dropped connections"] += 1
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"64")],
            }
        )

    def _route(
        self, method: str, segments: tuple[str, ...]
    ) -> tuple[str | None, _Handler | None, list[str]]:
        for pattern, methods in _ROUTE_TABLE:
            if len(pattern) == len(segments) and all(
                p == "*" or p == s for p, s in zip(pattern, segments, strict=True)
            ):
                if method in methods:
                    name, handler = methods[method]
                    return name, handler, []
                return None, None, sorted(methods)
        return None, None, []

    # -- tokens ----------------------------------------------------------------------------

    def issue_token(self, client_id: str, scopes: frozenset[str]) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = Token(client_id, scopes, self.clock() + self.token_ttl)
        return token, math.ceil(self.token_ttl)

    def revoke_tokens(self) -> int:
        count = len(self.tokens)
        self.tokens.clear()
        return count

    def reset(self) -> None:
        self.store.reset()
        self.faults.clear()
        self.faults.injected.clear()
        self.job_timing = JobTiming()
        self.token_ttl = self._configured_token_ttl
        self.validation = self._configured_validation
        self.set_duplicates(self._configured_duplicates)
        self.stats.clear()

    def snapshot(self) -> dict[str, Any]:
        return {
            "stats": dict(self.stats),
            "faults": self.faults.snapshot(),
            "events": self.store.count_events(),
            "jobs": self.store.count_jobs(),
            "jobTiming": str(self.job_timing),
        }


_Handler = Callable[[SandboxApp, Request, Decision], Awaitable[Reply]]
_API_ROUTES = frozenset({"token", "send", "validate", "list", "get", "job", "lwai"})
_ROUTE_TABLE: list[tuple[tuple[str, ...], dict[str, tuple[str, _Handler]]]] = [
    (("oauth2", "token"), {"POST": ("token", _api.token)}),
    (("auth", "1.0", "token"), {"POST": ("token", _api.token)}),
    (("caliper", "event"), {"POST": ("send", _api.send_events)}),
    (("caliper", "event", "validate"), {"POST": ("validate", _api.validate_events)}),
    (("caliper", "events"), {"GET": ("list", _api.list_events)}),
    (("caliper", "events", "*"), {"GET": ("get", _api.get_event)}),
    (("jobs", "*", "status"), {"GET": ("job", _api.job_status)}),
    (("caliper", "v1p2"), {"POST": ("lwai", _api.send_lwai)}),
    (("_sandbox", "health"), {"GET": ("admin", _admin.admin)}),
    (("_sandbox", "stats"), {"GET": ("admin", _admin.admin)}),
    (("_sandbox", "reset"), {"POST": ("admin", _admin.admin)}),
    (
        ("_sandbox", "faults"),
        dict.fromkeys(("GET", "PUT", "DELETE"), ("admin", _admin.admin)),
    ),
    (("_sandbox", "jobs", "timing"), dict.fromkeys(("GET", "PUT"), ("admin", _admin.admin))),
    (("_sandbox", "validation"), dict.fromkeys(("GET", "PUT"), ("admin", _admin.admin))),
    (("_sandbox", "duplicates"), dict.fromkeys(("GET", "PUT"), ("admin", _admin.admin))),
    (("_sandbox", "tokens", "revoke"), {"POST": ("admin", _admin.admin)}),
]
