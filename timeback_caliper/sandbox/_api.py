"""What each API route does: the token endpoint, send, validate, list, get, job status and
LEARNWITH_AI's send, each a function of the app's state and the request.

Order of checks for an API request, as a real gateway would do them: route, injected fault
(decided by `_app.py`), bearer token, content type, body size, JSON, Caliper validation,
then the operation itself.
"""

from __future__ import annotations

import math
import secrets
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from attrs import frozen

from timeback_caliper._core.jobs import ACTIVE, FAILED, WAITING
from timeback_caliper._core.limits import DEFAULT_LIMIT
from timeback_caliper._core.timestamps import epoch_ms, format_epoch, parse_time_input
from timeback_caliper._core.vocabulary import LWAI_SCOPE
from timeback_caliper.sandbox._asgi import (
    Reply,
    Request,
    UnkeptJson,
    basic_credentials,
    error,
    media_type,
    oauth_error,
    read_json,
    single,
)
from timeback_caliper.sandbox._faults import Decision
from timeback_caliper.sandbox._jobs import job_phase
from timeback_caliper.sandbox._store import EventFilter
from timeback_caliper.validation import Issue, errors_of, validate_envelope

if TYPE_CHECKING:
    from collections.abc import Mapping

    from timeback_caliper.sandbox._app import SandboxApp

GRANTABLE_SCOPES = frozenset(
    {LWAI_SCOPE}
    | {
        f"https://purl.imsglobal.org/spec/caliper/v1p1/scope/{name}"
        for name in ("admin", "event.create", "webhook.create", "webhook.readonly")
    }
)


@frozen
class Token:
    client_id: str
    scopes: frozenset[str]
    expires_at: float


def authenticate(app: SandboxApp, request: Request, decision: Decision) -> Token | Reply:
    header = request.headers.get("authorization", "")
    scheme, _, credential = header.partition(" ")
    if scheme.lower() != "bearer" or not credential.strip():
        return error(401, "Missing bearer token", www_authenticate="Bearer")
    credential = credential.strip()
    token = app.tokens.get(credential)
    if token is None:
        return error(401, "Invalid token", www_authenticate='Bearer error="invalid_token"')
    fault = decision.fault
    if token.expires_at <= app.clock() or (fault is not None and fault.kind == "expire"):
        app.tokens.pop(credential, None)
        return error(401, "jwt expired", www_authenticate='Bearer error="invalid_token"')
    if fault is not None and fault.kind == "revoke":
        app.tokens.pop(credential, None)
        return error(401, "Token revoked", www_authenticate='Bearer error="invalid_token"')
    return token


async def token(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    if media_type(request.headers) != "application/x-www-form-urlencoded":
        return oauth_error(
            400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
        )
    form = parse_qs(request.body.decode("utf-8", "replace"), keep_blank_values=True)
    client_id, secret = basic_credentials(request.headers.get("authorization", ""))
    if client_id is None:
        client_id = single(form, "client_id")
        secret = single(form, "client_secret")
    if single(form, "grant_type") != "client_credentials":
        return oauth_error(400, "unsupported_grant_type", "grant_type must be client_credentials")
    expected = app.credentials.get(client_id or "")
    if (
        client_id is None
        or secret is None
        or expected is None
        or not secrets.compare_digest(expected.encode(), secret.encode())
    ):
        return oauth_error(
            401, "invalid_client", "Client authentication failed", www_authenticate="Basic"
        )
    scopes = frozenset((single(form, "scope") or "").split())
    unknown = scopes - GRANTABLE_SCOPES
    if unknown:
        return oauth_error(400, "invalid_scope", f"Unknown scope: {' '.join(sorted(unknown))}")
    access_token, expires_in = app.issue_token(client_id, scopes)
    body: dict[str, Any] = {
        "access_token": access_token,
        "expires_in": expires_in,
        "token_type": "Bearer",
    }
    if scopes:
        body["scope"] = " ".join(sorted(scopes))
    return Reply(200, body, (("cache-control", "no-store"),))


def _envelope(
    app: SandboxApp, request: Request, *, platform: str = "BEYOND_AI"
) -> dict[str, Any] | Reply:
    """The request's envelope, or the error reply (415, 400 or 422) it deserves."""
    if media_type(request.headers) != "application/json":
        return error(415, "Content-Type must be application/json")
    try:
        payload = read_json(request.body)
    except UnkeptJson as exc:
        return error(400, f"Invalid envelope: {exc.issue}", [exc.issue])
    except ValueError as exc:
        return error(400, f"Malformed JSON: {exc}")
    issues = errors_of(validate_envelope(payload, level=app.validation, platform=platform))  # type: ignore[arg-type]
    if issues:
        status = 422 if any(i.code == "unsupported-data-version" for i in issues) else 400
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        return error(status, f"Invalid envelope: {issues[0]}{more}", issues)
    assert isinstance(payload, dict)
    return payload


async def send_events(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    envelope = _envelope(app, request)
    if isinstance(envelope, Reply):
        return envelope
    now = app.clock()
    job_id = app.store.create_job(
        sensor=envelope["sensor"],
        send_time=envelope["sendTime"],
        events=[e for e in envelope["data"] if is_event(e)],
        client_app_id=token.client_id,
        fail_reason="Injected fault: the job failed while storing events"
        if decision.fail_job
        else None,
        now=now,
        finish_at=format_epoch(now) if app.job_timing.mode == "immediate" else None,
    )
    return Reply(
        200, {"status": "success", "message": "Events queued", "errors": None, "jobId": job_id}
    )


async def validate_events(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    envelope = _envelope(app, request)
    if isinstance(envelope, Reply):
        return envelope
    return Reply(
        200, {"status": "success", "message": "The request payload is valid", "errors": None}
    )


async def send_lwai(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    """LEARNWITH_AI's send-only endpoint: needs the events.write scope, stores at once."""
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    if LWAI_SCOPE not in token.scopes:
        return error(403, f"Insufficient scope: {LWAI_SCOPE} is required")
    envelope = _envelope(app, request, platform="LEARNWITH_AI")
    if isinstance(envelope, Reply):
        return envelope
    app.store.store_events(
        [e for e in envelope["data"] if is_event(e)],
        sensor=envelope["sensor"],
        send_time=envelope["sendTime"],
        client_app_id=token.client_id,
        created_at=format_epoch(app.clock()),
    )
    return Reply(200, {"status": "success", "message": "Events accepted", "errors": None})


async def list_events(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    params = ListParams.parse(request.query, app.max_limit)
    if isinstance(params, list):
        more = f" (and {len(params) - 1} more)" if len(params) > 1 else ""
        return error(400, f"Invalid list parameters: {params[0]}{more}", params)
    events, total = app.store.list_events(params.where, limit=params.limit, offset=params.offset)
    pagination = {
        "total": total,
        "totalPages": math.ceil(total / params.limit),
        "currentPage": params.offset // params.limit + 1,
        "limit": params.limit,
    }
    return Reply(200, {"events": events, "pagination": pagination})


async def get_event(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    event = app.store.get_event(request.segments[2])
    if event is None:
        return error(404, "Event not found")
    return Reply(200, {"event": event})


async def job_status(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    token = authenticate(app, request, decision)
    if isinstance(token, Reply):
        return token
    job_id = request.segments[1]
    job = app.store.get_job(job_id)
    if job is None:
        return error(404, "Job not found")
    if decision.fault is not None and decision.fault.kind == "delayed":
        delayed = {"id": job.id, "state": "delayed", "returnValue": None, "processedOn": None}
        return Reply(200, {"job": delayed})
    if job.state in (WAITING, ACTIVE):
        app.store.count_poll(job_id)
        now = app.clock()
        phase = job_phase(app.job_timing, age=now - job.created_at, polls=job.polls + 1)
        if phase == "done":
            app.store.finish_job(job_id, processed_on=format_epoch(now))
        elif phase != job.state:
            started = format_epoch(now) if phase == ACTIVE else None
            app.store.set_job_state(job_id, phase, processed_on=started, at=format_epoch(now))
        job = app.store.get_job(job_id)
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


MAX_INTEGER = 2**63 - 1  # SQLite's largest integer


def whole_number(raw: str, name: str, low: int, high: int) -> int | Issue:
    """A query parameter's whole number: ASCII digits only (not `٣`, `5_0` or ` 5`),
    leading zeros allowed, from `low` to `high`; the problem otherwise."""
    shown = raw if len(raw) <= 40 else raw[:40] + "..."
    if not (raw.isascii() and raw.isdigit()):
        return Issue(name, f"must be an integer, got {shown!r}", code="type")
    digits = raw.lstrip("0") or "0"
    value = int(digits) if len(digits) <= 19 else MAX_INTEGER + 1  # no int() of any length
    if not low <= value <= high:
        return Issue(name, f"must be between {low} and {high}, got {shown}", code="range")
    return value


def moment_ms(raw: str, name: str) -> int | Issue:
    """A query parameter's date or date-time, in ms since the epoch; the problem otherwise."""
    try:
        return epoch_ms(parse_time_input(raw))
    except ValueError as exc:
        return Issue(name, str(exc), code="date-time")


@frozen
class ListParams:
    limit: int
    offset: int
    where: EventFilter

    @classmethod
    def parse(cls, query: Mapping[str, list[str]], max_limit: int) -> ListParams | list[Issue]:
        issues: list[Issue] = []

        def integer(name: str, default: int, low: int, high: int) -> int:
            raw = query.get(name, [None])[-1]
            if raw is None:
                return default
            value = whole_number(raw, name, low, high)
            if isinstance(value, Issue):
                issues.append(value)
                return default
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
            value = moment_ms(raw, name)
            if isinstance(value, Issue):
                issues.append(value)
                return None
            return value

        limit = integer("limit", DEFAULT_LIMIT, 1, max_limit)
        offset = integer("offset", 0, 0, MAX_INTEGER)
        where = EventFilter(
            sensor=text("sensor"),
            actor_id=text("actorId"),
            actor_email=text("actorEmail"),
            start_ms=moment("startDate"),
            end_ms=moment("endDate"),
        )
        return issues or cls(limit, offset, where)


def is_event(item: object) -> bool:
    return isinstance(item, dict) and "action" in item and "eventTime" in item
