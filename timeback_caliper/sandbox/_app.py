"""The sandbox's HTTP behaviour: a plain ASGI application, faithful to openapi/caliper.yaml.

No framework: six API routes, two token routes and a small admin API do not need one, and
owning the request cycle lets fault injection drop a connection mid-reply. The server that
runs it (uvicorn) is started in `_server.py`.

Order of checks for an API request, as a real gateway would do them: route, injected fault
(latency, error status, dropped connection), bearer token, content type, body size, JSON,
Caliper validation, then the operation itself.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import math
import secrets
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, unquote

from attrs import define, field, frozen

from timeback_caliper._core.jobs import ACTIVE, FAILED, WAITING
from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper._core.timestamps import epoch_ms, format_timestamp, parse_time_input
from timeback_caliper._core.vocabulary import LWAI_SCOPE
from timeback_caliper.sandbox._faults import NO_FAULT, Decision, FaultInjector
from timeback_caliper.sandbox._jobs import JobTiming, job_phase
from timeback_caliper.sandbox._store import EventFilter, Store
from timeback_caliper.validation import Issue, validate_envelope

Scope = Mapping[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

MAX_BODY_BYTES = 4 * 1024 * 1024
DEFAULT_LIMIT = 100
GRANTABLE_SCOPES = frozenset(
    {LWAI_SCOPE}
    | {
        f"https://purl.imsglobal.org/spec/caliper/v1p1/scope/{name}"
        for name in ("admin", "event.create", "webhook.create", "webhook.readonly")
    }
)


@frozen
class Reply:
    status: int
    body: Any
    headers: tuple[tuple[str, str], ...] = ()


@frozen
class Request:
    method: str
    segments: tuple[str, ...]  # percent-decoded path segments
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""


@frozen
class Token:
    client_id: str
    scopes: frozenset[str]
    expires_at: float


class _BodyTooLarge(Exception):
    pass


class _Disconnected(Exception):
    pass


def error(status: int, message: str, issues: list[Issue] | None = None, **headers: str) -> Reply:
    """The API's error body (openapi/caliper.yaml ErrorBody)."""
    body = {
        "status": "error",
        "message": message,
        "errors": None if issues is None else [i.to_dict() for i in issues],
    }
    return Reply(status, body, tuple((k.replace("_", "-"), v) for k, v in headers.items()))


def oauth_error(status: int, code: str, description: str, **headers: str) -> Reply:
    body = {"error": code, "error_description": description}
    return Reply(status, body, tuple((k.replace("_", "-"), v) for k, v in headers.items()))


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
    strict: bool = False
    clock: Callable[[], float] = time.time
    tokens: dict[str, Token] = field(factory=dict)
    stats: Counter[str] = field(factory=Counter)
    loop: asyncio.AbstractEventLoop | None = None
    _ticker: asyncio.Task[None] | None = None
    _configured_token_ttl: float = field(init=False)

    def __attrs_post_init__(self) -> None:
        self._configured_token_ttl = self.token_ttl

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
        receive = _Receiver(receive)
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
                reply = _fault_reply(fault.status, fault.retry_after)
            elif fault is not None and fault.kind == "drop":
                await _drain(receive)
                await self._drop(send)
                return
            else:
                body = await _read_body(receive, headers, self.max_body_bytes)
                request = Request(method, segments, query, headers, body)
                reply = await handler(self, request, decision)
        except _BodyTooLarge:
            reply = error(413, f"Request body is larger than {self.max_body_bytes} bytes")
        except _Disconnected:
            return
        self.stats[f"responses {route or 'unknown'} {reply.status}"] += 1
        if fault is not None and fault.kind == "drop-after":
            await self._drop(send)
            return
        await _respond(send, reply)

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

    # -- auth -----------------------------------------------------------------------------

    def issue_token(self, client_id: str, scopes: frozenset[str]) -> tuple[str, int]:
        token = secrets.token_urlsafe(32)
        self.tokens[token] = Token(client_id, scopes, self.clock() + self.token_ttl)
        return token, math.ceil(self.token_ttl)

    def revoke_tokens(self) -> int:
        count = len(self.tokens)
        self.tokens.clear()
        return count

    def authenticate(self, request: Request, decision: Decision) -> Token | Reply:
        header = request.headers.get("authorization", "")
        scheme, _, credential = header.partition(" ")
        if scheme.lower() != "bearer" or not credential.strip():
            return error(401, "Missing bearer token", www_authenticate="Bearer")
        credential = credential.strip()
        token = self.tokens.get(credential)
        if token is None:
            return error(401, "Invalid token", www_authenticate='Bearer error="invalid_token"')
        fault = decision.fault
        if token.expires_at <= self.clock() or (fault is not None and fault.kind == "expire"):
            self.tokens.pop(credential, None)
            return error(401, "jwt expired", www_authenticate='Bearer error="invalid_token"')
        if fault is not None and fault.kind == "revoke":
            self.tokens.pop(credential, None)
            return error(401, "Token revoked", www_authenticate='Bearer error="invalid_token"')
        return token

    # -- handlers -------------------------------------------------------------------------

    async def token(self, request: Request, decision: Decision) -> Reply:
        if _media_type(request.headers) != "application/x-www-form-urlencoded":
            return oauth_error(
                400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
            )
        form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
        client_id, secret = _basic_credentials(request.headers.get("authorization", ""))
        if client_id is None:
            client_id = _single(form, "client_id")
            secret = _single(form, "client_secret")
        if _single(form, "grant_type") != "client_credentials":
            return oauth_error(
                400, "unsupported_grant_type", "grant_type must be client_credentials"
            )
        expected = self.credentials.get(client_id or "")
        if (
            client_id is None
            or secret is None
            or expected is None
            or not secrets.compare_digest(expected.encode(), secret.encode())
        ):
            return oauth_error(
                401, "invalid_client", "Client authentication failed", www_authenticate="Basic"
            )
        scopes = frozenset((_single(form, "scope") or "").split())
        unknown = scopes - GRANTABLE_SCOPES
        if unknown:
            return oauth_error(400, "invalid_scope", f"Unknown scope: {' '.join(sorted(unknown))}")
        access_token, expires_in = self.issue_token(client_id, scopes)
        body: dict[str, Any] = {
            "access_token": access_token,
            "expires_in": expires_in,
            "token_type": "Bearer",
        }
        if scopes:
            body["scope"] = " ".join(sorted(scopes))
        return Reply(200, body, (("cache-control", "no-store"),))

    def _envelope(self, request: Request, *, platform: str = "BEYOND_AI") -> dict[str, Any] | Reply:
        """The request's envelope, or the error reply (415, 400 or 422) it deserves."""
        if _media_type(request.headers) != "application/json":
            return error(415, "Content-Type must be application/json")
        try:
            payload = json.loads(request.body)
        except (UnicodeDecodeError, ValueError) as exc:
            return error(400, f"Malformed JSON: {exc}")
        issues = validate_envelope(payload, strict=self.strict, platform=platform)  # type: ignore[arg-type]
        if issues:
            status = 422 if any(i.code == "unsupported-data-version" for i in issues) else 400
            more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
            return error(status, f"Invalid envelope: {issues[0]}{more}", issues)
        assert isinstance(payload, dict)
        return payload

    async def send_events(self, request: Request, decision: Decision) -> Reply:
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        envelope = self._envelope(request)
        if isinstance(envelope, Reply):
            return envelope
        now = self.clock()
        job_id = self.store.create_job(
            sensor=envelope["sensor"],
            send_time=envelope["sendTime"],
            events=[e for e in envelope["data"] if _is_event(e)],
            client_app_id=token.client_id,
            fail_reason="Injected fault: the job failed while storing events"
            if decision.fail_job
            else None,
            now=now,
            finish_at=format_timestamp_s(now) if self.job_timing.mode == "immediate" else None,
        )
        return Reply(
            200, {"status": "success", "message": "Events queued", "errors": None, "jobId": job_id}
        )

    async def validate_events(self, request: Request, decision: Decision) -> Reply:
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        envelope = self._envelope(request)
        if isinstance(envelope, Reply):
            return envelope
        return Reply(
            200, {"status": "success", "message": "The request payload is valid", "errors": None}
        )

    async def send_lwai(self, request: Request, decision: Decision) -> Reply:
        """LEARNWITH_AI's send-only endpoint: needs the events.write scope, stores at once."""
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        if LWAI_SCOPE not in token.scopes:
            return error(403, f"Insufficient scope: {LWAI_SCOPE} is required")
        envelope = self._envelope(request, platform="LEARNWITH_AI")
        if isinstance(envelope, Reply):
            return envelope
        self.store.store_events(
            [e for e in envelope["data"] if _is_event(e)],
            sensor=envelope["sensor"],
            send_time=envelope["sendTime"],
            client_app_id=token.client_id,
            created_at=format_timestamp_s(self.clock()),
        )
        return Reply(200, {"status": "success", "message": "Events accepted", "errors": None})

    async def list_events(self, request: Request, decision: Decision) -> Reply:
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        params = _ListParams.parse(request.query, self.max_limit)
        if isinstance(params, list):
            more = f" (and {len(params) - 1} more)" if len(params) > 1 else ""
            return error(400, f"Invalid list parameters: {params[0]}{more}", params)
        events, total = self.store.list_events(
            params.where, limit=params.limit, offset=params.offset
        )
        pagination = {
            "total": total,
            "totalPages": math.ceil(total / params.limit),
            "currentPage": params.offset // params.limit + 1,
            "limit": params.limit,
        }
        return Reply(200, {"events": events, "pagination": pagination})

    async def get_event(self, request: Request, decision: Decision) -> Reply:
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        event = self.store.get_event(request.segments[2])
        if event is None:
            return error(404, "Event not found")
        return Reply(200, {"event": event})

    async def job_status(self, request: Request, decision: Decision) -> Reply:
        token = self.authenticate(request, decision)
        if isinstance(token, Reply):
            return token
        job_id = request.segments[1]
        job = self.store.get_job(job_id)
        if job is None:
            return error(404, "Job not found")
        if decision.fault is not None and decision.fault.kind == "delayed":
            delayed = {"id": job.id, "state": "delayed", "returnValue": None, "processedOn": None}
            return Reply(200, {"job": delayed})
        if job.state in (WAITING, ACTIVE):
            self.store.count_poll(job_id)
            now = self.clock()
            phase = job_phase(self.job_timing, age=now - job.created_at, polls=job.polls + 1)
            if phase == "done":
                self.store.finish_job(job_id, processed_on=format_timestamp_s(now))
            elif phase != job.state:
                started = format_timestamp_s(now) if phase == ACTIVE else None
                self.store.set_job_state(job_id, phase, processed_on=started)
            job = self.store.get_job(job_id)
            assert job is not None
        body: dict[str, Any] = {
            "id": job.id,
            "state": job.state,
            "returnValue": job.return_value,
            "processedOn": job.processed_on,
        }
        if job.state == FAILED:
            body["failedReason"] = job.failed_reason
        return Reply(200, {"job": body})

    # -- admin (not part of the real API) -------------------------------------------------

    async def admin(self, request: Request, decision: Decision) -> Reply:
        action = "/".join(request.segments[1:])
        if request.method == "GET" and action == "health":
            return Reply(200, {"status": "ok"})
        if request.method == "GET" and action == "stats":
            return Reply(200, self.snapshot())
        if action == "faults":
            if request.method == "PUT":
                try:
                    self.faults.configure(json.loads(request.body or b"{}"))
                except (ValueError, TypeError, KeyError) as exc:
                    return error(400, f"Invalid fault configuration: {exc}")
            elif request.method == "DELETE":
                self.faults.clear()
            return Reply(200, self.faults.snapshot())
        if action == "jobs/timing":
            if request.method == "PUT":
                try:
                    self.job_timing = JobTiming.parse(str(json.loads(request.body)["timing"]))
                except (ValueError, TypeError, KeyError) as exc:
                    return error(
                        400, f'Invalid job timing (expected {{"timing": "polls:3"}}): {exc}'
                    )
            return Reply(200, {"timing": str(self.job_timing)})
        if request.method == "POST" and action == "tokens/revoke":
            return Reply(200, {"revoked": self.revoke_tokens()})
        if request.method == "POST" and action == "reset":
            self.reset()
            return Reply(200, {"status": "reset"})
        return error(404, "Not found")

    def reset(self) -> None:
        self.store.reset()
        self.faults.clear()
        self.faults.injected.clear()
        self.job_timing = JobTiming()
        self.token_ttl = self._configured_token_ttl
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
    (("oauth2", "token"), {"POST": ("token", SandboxApp.token)}),
    (("auth", "1.0", "token"), {"POST": ("token", SandboxApp.token)}),
    (("caliper", "event"), {"POST": ("send", SandboxApp.send_events)}),
    (("caliper", "event", "validate"), {"POST": ("validate", SandboxApp.validate_events)}),
    (("caliper", "events"), {"GET": ("list", SandboxApp.list_events)}),
    (("caliper", "events", "*"), {"GET": ("get", SandboxApp.get_event)}),
    (("jobs", "*", "status"), {"GET": ("job", SandboxApp.job_status)}),
    (("caliper", "v1p2"), {"POST": ("lwai", SandboxApp.send_lwai)}),
    (("_sandbox", "health"), {"GET": ("admin", SandboxApp.admin)}),
    (("_sandbox", "stats"), {"GET": ("admin", SandboxApp.admin)}),
    (("_sandbox", "reset"), {"POST": ("admin", SandboxApp.admin)}),
    (
        ("_sandbox", "faults"),
        dict.fromkeys(("GET", "PUT", "DELETE"), ("admin", SandboxApp.admin)),
    ),
    (("_sandbox", "jobs", "timing"), dict.fromkeys(("GET", "PUT"), ("admin", SandboxApp.admin))),
    (("_sandbox", "tokens", "revoke"), {"POST": ("admin", SandboxApp.admin)}),
]


@frozen
class _ListParams:
    limit: int
    offset: int
    where: EventFilter

    @classmethod
    def parse(cls, query: Mapping[str, list[str]], max_limit: int) -> _ListParams | list[Issue]:
        issues: list[Issue] = []

        def integer(name: str, default: int, low: int, high: int | None) -> int:
            raw = query.get(name, [None])[-1]
            if raw is None:
                return default
            try:
                value = int(raw)
            except ValueError:
                issues.append(Issue(name, f"must be an integer, got {raw!r}", code="type"))
                return default
            if value < low or (high is not None and value > high):
                bound = f"between {low} and {high}" if high is not None else f"at least {low}"
                issues.append(Issue(name, f"must be {bound}, got {value}", code="range"))
            return value

        def text(name: str) -> str | None:
            raw = query.get(name, [None])[-1]
            if raw is not None and not raw.strip():
                issues.append(Issue(name, "must not be empty", code="type"))
            return raw

        def moment(name: str) -> int | None:
            raw = query.get(name, [None])[-1]
            if raw is None:
                return None
            try:
                return epoch_ms(parse_time_input(raw))
            except ValueError as exc:
                issues.append(Issue(name, str(exc), code="date-time"))
                return None

        limit = integer("limit", DEFAULT_LIMIT, 1, max_limit)
        offset = integer("offset", 0, 0, None)
        where = EventFilter(
            sensor=text("sensor"),
            actor_id=text("actorId"),
            actor_email=text("actorEmail"),
            start_ms=moment("startDate"),
            end_ms=moment("endDate"),
        )
        return issues or cls(limit, offset, where)


def format_timestamp_s(now: float) -> str:
    """A `time.time()` value in Caliper's wire form."""
    return format_timestamp(datetime.fromtimestamp(now, UTC))


def _is_event(item: object) -> bool:
    return isinstance(item, dict) and "action" in item and "eventTime" in item


class _Receiver:
    """ASGI `receive` that can watch for a disconnect while keeping what it reads."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._buffer: list[Message] = []

    async def __call__(self) -> Message:
        return self._buffer.pop(0) if self._buffer else await self._receive()

    async def disconnected_within(self, seconds: float) -> bool:
        """Wait `seconds`; True as soon as the client disconnects."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                message = await asyncio.wait_for(self._receive(), left)
            except TimeoutError:
                return False
            self._buffer.append(message)
            if message["type"] == "http.disconnect":
                return True
        return False


def _fault_reply(status: int, retry_after: str | None) -> Reply:
    messages = {
        429: "Too many requests",
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable",
        504: "Gateway timeout",
    }
    if retry_after is None:
        return error(status, messages[status])
    return error(status, messages[status], retry_after=retry_after)


def _media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def _single(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[-1] if values else None


def _basic_credentials(header: str) -> tuple[str | None, str | None]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if sep else (None, None)


async def _read_body(receive: Receive, headers: Mapping[str, str], limit: int) -> bytes:
    """The whole body; past `limit` bytes the rest is read and dropped, then 413."""
    chunks: list[bytes] = []
    size = 0
    declared = headers.get("content-length", "")
    too_large = declared.isdigit() and int(declared) > limit
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise _Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            too_large = True
        if not too_large:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    if too_large:
        raise _BodyTooLarge
    return b"".join(chunks)


async def _drain(receive: Receive) -> None:
    """Read and discard the request body (see `SandboxApp._drop`)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return


async def _respond(send: Send, reply: Reply) -> None:
    body = json.dumps(reply.body, separators=(",", ":")).encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        *((k.encode(), v.encode()) for k, v in reply.headers),
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
