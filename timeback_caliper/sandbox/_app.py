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
from timeback_caliper._core.timestamps import format_epoch
from timeback_caliper.sandbox import _admin, _api, _inspector
from timeback_caliper.sandbox._api import Token
from timeback_caliper.sandbox._asgi import (
    BodyTooLarge,
    Disconnected,
    Receive,
    Receiver,
    Reply,
    Request,
    Scope,
    Send,
    declared_length,
    drain,
    error,
    fault_reply,
    read_body,
    respond,
)
from timeback_caliper.sandbox._faults import NO_FAULT, Decision, Fault, FaultInjector
from timeback_caliper.sandbox._jobs import JobTiming, job_phase
from timeback_caliper.sandbox._store import LoggedRequest, RequestFilter, Store

MAX_BODY_BYTES = 4 * 1024 * 1024
# **[decided]** The request log keeps the last 10,000 requests, and of sends the bodies up
# to 256 KiB (a batch of a few hundred events), compressed: at most a few hundred MB on
# disk, usually far less; larger bodies are logged by size only.
REQUEST_LOG = 10_000
LOG_BODY_BYTES = 256 * 1024
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
    request_log: int = REQUEST_LOG
    log_body_bytes: int = LOG_BODY_BYTES
    validation: SandboxLevel = "basic"
    duplicates: Duplicates = "once"
    loopback: bool = True  # served on loopback: browsers are answered at loopback names only
    clock: Callable[[], float] = time.time
    resets: int = 0
    _run: str = field(init=False, factory=lambda: secrets.token_hex(4))
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
                self.store.finish_job(job_id, processed_on=format_epoch(now))

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started_at, started = self.clock(), time.perf_counter()
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
        fault = decision.fault
        matched: Fault | None = None
        body = b""
        reply: Reply | None = None  # None: no reply (the client went away, or a drop)
        try:
            if decision.latency and await receive.disconnected_within(decision.latency):
                raise Disconnected  # the client gave up waiting
            if _admin.rebound(self, headers):
                reply = error(403, "This sandbox answers browsers only at a loopback address")
            elif handler is None:
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
            pass
        sent = reply
        if reply is not None:
            self.stats[f"responses {route or 'unknown'} {reply.status}"] += 1
            if fault is not None and fault.kind == "drop-after":
                await self._drop(send)
                sent = None
            else:
                await respond(send, reply)
        if self.request_log and segments[:1] != ("_sandbox",):
            entry = log_entry(
                scope,
                headers,
                route=route,
                body=body if len(body) <= self.log_body_bytes else None,
                body_bytes=max(len(body), declared_length(headers)),
                reply=reply,
                replied=sent is not None,
                at=started_at,
                latency_ms=(time.perf_counter() - started) * 1000,
                fault=decision.describe(matched),
            )
            self.store.log_request(entry, keep=self.request_log)

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
        self.resets += 1

    @property
    def generation(self) -> str:
        """Changes at each reset and with each process: the inspector starts over when it
        does (ids of a new database start again at 1)."""
        return f"{self._run}-{self.resets}"

    def snapshot(self) -> dict[str, Any]:
        return {
            "stats": dict(self.stats),
            "faults": self.faults.snapshot(),
            "events": self.store.count_events(),
            "jobs": self.store.count_jobs(),
            "jobTiming": str(self.job_timing),
            "validation": self.validation,
            "duplicates": self.duplicates,
            "tokens": sum(t.expires_at > self.clock() for t in self.tokens.values()),
            "requests": self.store.count_requests(RequestFilter()),
            "requestLog": self.request_log,
            "generation": self.generation,
        }


_Handler = Callable[[SandboxApp, Request, Decision], Awaitable[Reply]]
_API_ROUTES = frozenset({"token", "send", "validate", "list", "get", "job", "lwai"})
_SEND_ROUTES = frozenset({"send", "validate", "lwai"})  # whose bodies the log keeps
_MAX_LOGGED_PATH = 2000  # characters of a path and query the log keeps
_SECRET_QUERY = ("secret", "token", "pass", "key", "auth", "sig", "jwt", "code", "credential")


def log_entry(
    scope: Scope,
    headers: dict[str, str],
    *,
    route: str | None,
    body: bytes | None,
    body_bytes: int,
    reply: Reply | None,
    replied: bool,
    at: float,
    latency_ms: float,
    fault: str | None,
) -> LoggedRequest:
    """What the request log keeps of one request, the reply made for it (`None`: none)
    and whether it was sent (not when a fault dropped it): never credentials (the
    Authorization header, a token request's form); of sends, the `body` (`None`: too
    large to keep)."""
    answer = reply.body if reply is not None and isinstance(reply.body, dict) else {}
    errors, job_id = answer.get("errors"), answer.get("jobId")
    message = answer.get("message") or answer.get("error_description")
    return LoggedRequest(
        at=at,
        method=scope["method"],
        path=logged_path(scope),
        route=route,
        request_id=headers.get("x-request-id"),
        status=reply.status if reply is not None and replied else None,
        latency_ms=latency_ms,
        fault=fault,
        job_id=job_id if isinstance(job_id, str) else None,
        message=message if isinstance(message, str) else None,
        errors=errors if isinstance(errors, list) else None,
        body=body if route in _SEND_ROUTES and body else None,
        body_bytes=body_bytes,
    )


def logged_path(scope: Scope) -> str:
    """The request's path and query, as the log shows it: values of secret-looking query
    parameters (`client_secret=...`) are replaced by `***`."""
    path: str = scope.get("path", "")[:_MAX_LOGGED_PATH]
    raw = scope.get("query_string", b"").decode("latin-1")
    if not raw:
        return path
    parts = []
    for part in raw.split("&"):
        name, sep, _ = part.partition("=")
        secret = sep and any(word in unquote(name).lower() for word in _SECRET_QUERY)
        parts.append(f"{name}=***" if secret else part)
    shown = f"{path}?{'&'.join(parts)}"
    return shown if len(shown) <= _MAX_LOGGED_PATH else shown[:_MAX_LOGGED_PATH] + "..."


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
    # the inspector: its page, and the JSON the page reads
    (("_sandbox",), {"GET": ("admin", _inspector.page)}),
    (("_sandbox", ""), {"GET": ("admin", _inspector.page)}),
    (("_sandbox", "static", "*"), {"GET": ("admin", _inspector.page)}),
    (("_sandbox", "requests"), {"GET": ("admin", _inspector.data)}),
    (("_sandbox", "requests", "*"), {"GET": ("admin", _inspector.data)}),
    (("_sandbox", "events"), {"GET": ("admin", _inspector.data)}),
    (("_sandbox", "events", "*"), {"GET": ("admin", _inspector.data)}),
    (("_sandbox", "jobs", "*"), {"GET": ("admin", _inspector.data)}),
    (("_sandbox", "chart"), {"GET": ("admin", _inspector.data)}),
]
