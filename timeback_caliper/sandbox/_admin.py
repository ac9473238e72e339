"""The sandbox's admin API under `/_sandbox/` (not part of the real API): health, stats,
faults, job timing, validation level, duplicate ids, token revocation and reset, the same
effects as `Sandbox`'s methods; and the protections every `/_sandbox/` request, the
inspector's included, goes through."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from timeback_caliper._core.show import show
from timeback_caliper.sandbox._asgi import (
    Reply,
    Request,
    UnkeptJson,
    error,
    host_name,
    is_loopback,
    read_json,
)
from timeback_caliper.sandbox._faults import Decision, SettingError
from timeback_caliper.sandbox._jobs import JobTiming

if TYPE_CHECKING:
    from timeback_caliper.sandbox._app import SandboxApp

T = TypeVar("T")


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
    try:
        return _setting(app, request, action)
    except SettingError as exc:
        what, example = _SETTINGS.get(action, ("setting", "{}"))
        return error(400, f"Invalid {what} (expected {example}): {exc}", [exc.issue])


# The settings a PUT changes: how errors name them, and an example of each.
_SETTINGS = {
    "faults": ("fault configuration", '{"rules": ["send:503@0.2"]}'),
    "jobs/timing": ("job timing", '{"timing": "polls:3"}'),
    "validation": ("validation", '{"level": "strict"}'),
    "duplicates": ("duplicates", '{"mode": "again"}'),
}


def _setting(app: SandboxApp, request: Request, action: str) -> Reply:
    """The reply to an admin request that may change a setting; SettingError naming the
    field at fault, before anything is changed."""
    put = request.method == "PUT"
    if action == "faults":
        if put:
            app.faults.configure(_body(request.body or b"{}"))
        elif request.method == "DELETE":
            app.faults.clear()
        return Reply(200, app.faults.snapshot())
    if action == "jobs/timing":
        if put:
            app.job_timing = _field(request, "timing", JobTiming.parse)
        return Reply(200, {"timing": str(app.job_timing)})
    if action == "validation":
        if put:
            app.validation = _field(request, "level", _choice("basic", "strict"))
        return Reply(200, {"level": app.validation})
    if action == "duplicates":
        if put:
            app.set_duplicates(_field(request, "mode", _choice("once", "again")))
        return Reply(200, {"mode": app.duplicates})
    if request.method == "POST" and action == "tokens/revoke":
        return Reply(200, {"revoked": app.revoke_tokens()})
    if request.method == "POST" and action == "reset":
        app.reset()
        return Reply(200, {"status": "reset"})
    return error(404, "Not found")


def _body(body: bytes) -> object:
    try:
        return read_json(body)
    except UnkeptJson as exc:
        raise SettingError(exc.issue.path, exc.issue.message) from None
    except ValueError as exc:
        raise SettingError("", f"the body is not JSON: {exc}") from None


def _field(request: Request, name: str, parse: Callable[[object], T]) -> T:
    """The field `name` of the body's JSON object, parsed: SettingError naming it otherwise."""
    body = _body(request.body)
    if not isinstance(body, dict):
        raise SettingError("", f"must be a JSON object with {name!r}")
    if name not in body:
        raise SettingError(name, "is required")
    try:
        return parse(body[name])
    except (ValueError, TypeError) as exc:
        raise SettingError(name, str(exc)) from None


def _choice(*choices: str) -> Callable[[object], Any]:
    def parse(value: object) -> Any:
        if value not in choices:  # a list or dict is no choice, and compares unequal
            raise ValueError(f"must be {' or '.join(choices)}, got {show(value)}")
        return value

    return parse
