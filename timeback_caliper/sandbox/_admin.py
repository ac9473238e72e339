"""The sandbox's admin API under `/_sandbox/` (not part of the real API): health, stats,
faults, job timing, validation level, duplicate ids, token revocation and reset, the same
effects as `Sandbox`'s methods; and the protections every `/_sandbox/` request, the
inspector's included, goes through."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from timeback_caliper.sandbox._asgi import (
    Reply,
    Request,
    error,
    host_name,
    is_loopback,
    read_json,
)
from timeback_caliper.sandbox._faults import Decision
from timeback_caliper.sandbox._jobs import JobTiming

if TYPE_CHECKING:
    from timeback_caliper.sandbox._app import SandboxApp


def cross_origin(request: Request) -> bool:
    """A browser's request from another site's page (which may not change the sandbox: a
    page could otherwise reset it, or revoke its tokens, behind the user's back). Browsers
    send `Origin` with every such request; tools such as curl and our clients send none."""
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site", "")
    host = request.headers.get("host", "")
    return site in ("cross-site", "same-site") or (
        origin is not None and origin not in (f"http://{host}", f"https://{host}")
    )


def rebound(app: SandboxApp, request_headers: Mapping[str, str]) -> bool:
    """A browser's request for a host name that is not this machine's, to a sandbox on
    loopback: a page of another site whose name was made to resolve to 127.0.0.1 (DNS
    rebinding) is same-origin to the browser, which then lets it read the replies; its
    Host header gives it away. Browsers say so (`Origin`, `Sec-Fetch-*`); tools such as
    curl and our clients, which send neither, may use any name."""
    if not app.loopback:
        return False
    browser = "origin" in request_headers or "sec-fetch-site" in request_headers
    if not browser:
        return False
    name = host_name(request_headers).lower().rstrip(".")
    return not (is_loopback(name) or name.endswith(".localhost"))


def refusal(request: Request, *, page: bool = False) -> Reply | None:
    """The 403 a `/_sandbox/` request gets, if any: another site's page may not change
    the sandbox, nor read it (its events are someone's learning records); only a link to
    the inspector's `page` itself may come from anywhere."""
    if not page and cross_origin(request):
        what = "read" if request.method in ("GET", "HEAD") else "change"
        return error(403, f"Cross-origin requests may not {what} the sandbox")
    return None


async def admin(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    action = "/".join(request.segments[1:])
    refused = refusal(request)
    if refused is not None:
        return refused
    if request.method == "GET" and action == "health":
        return Reply(200, {"status": "ok"})
    if request.method == "GET" and action == "stats":
        return Reply(200, app.snapshot())
    if action == "faults":
        if request.method == "PUT":
            try:
                app.faults.configure(read_json(request.body or b"{}"))
            except (ValueError, TypeError, KeyError) as exc:
                return error(400, f"Invalid fault configuration: {exc}")
        elif request.method == "DELETE":
            app.faults.clear()
        return Reply(200, app.faults.snapshot())
    if action == "jobs/timing":
        if request.method == "PUT":
            try:
                app.job_timing = JobTiming.parse(str(read_json(request.body)["timing"]))
            except (ValueError, TypeError, KeyError) as exc:
                return error(400, f'Invalid job timing (expected {{"timing": "polls:3"}}): {exc}')
        return Reply(200, {"timing": str(app.job_timing)})
    if action == "validation":
        if request.method == "PUT":
            try:
                level = read_json(request.body)["level"]
                if level not in ("basic", "strict"):
                    raise ValueError(f"{level!r} is not basic or strict")
            except (ValueError, TypeError, KeyError) as exc:
                return error(400, f'Invalid validation (expected {{"level": "strict"}}): {exc}')
            app.validation = level
        return Reply(200, {"level": app.validation})
    if action == "duplicates":
        if request.method == "PUT":
            try:
                mode = read_json(request.body)["mode"]
                if mode not in ("once", "again"):
                    raise ValueError(f"{mode!r} is not once or again")
            except (ValueError, TypeError, KeyError) as exc:
                return error(400, f'Invalid duplicates (expected {{"mode": "again"}}): {exc}')
            app.set_duplicates(mode)
        return Reply(200, {"mode": app.duplicates})
    if request.method == "POST" and action == "tokens/revoke":
        return Reply(200, {"revoked": app.revoke_tokens()})
    if request.method == "POST" and action == "reset":
        app.reset()
        return Reply(200, {"status": "reset"})
    return error(404, "Not found")
