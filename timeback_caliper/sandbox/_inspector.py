"""The inspector: the page at `/_sandbox/` and the JSON it reads.

The page (`inspector/`, shipped in the package: no CDN, no build step) polls these
endpoints; each answers from indexed or bounded queries, so that it stays quick with
100,000 stored events and a full request log (benchmarks/bench_inspector.py):

- `GET /_sandbox/requests` and `/_sandbox/events`: one line per logged request or stored
  event, newest first, filtered, paged by id (`before`, and `after` for what is new), with
  the number of matches (`total`; not counted for `after`, which a poll asks);
- `GET /_sandbox/requests/{n}`, `/_sandbox/events/{n}`, `/_sandbox/jobs/{id}`: one of them
  whole: a request's body and errors, an event as sent with its validation at each level,
  a job with the states it went through;
- `GET /_sandbox/chart`: events stored per minute by type, refused requests per minute.

What the page changes (faults, tokens, reset) goes through the admin API (`_admin.py`),
with the same protections.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from timeback_caliper._core.timestamps import format_epoch
from timeback_caliper._core.validation import Issue, validate_envelope, validate_event
from timeback_caliper._core.vocabulary import Level, Platform
from timeback_caliper.sandbox._admin import refusal
from timeback_caliper.sandbox._api import MAX_INTEGER, moment_ms, whole_number
from timeback_caliper.sandbox._asgi import Reply, Request, error, read_json
from timeback_caliper.sandbox._faults import Decision
from timeback_caliper.sandbox._store import REQUEST_STATUSES, InspectFilter, RequestFilter

if TYPE_CHECKING:
    from timeback_caliper.sandbox._app import SandboxApp

W = TypeVar("W", InspectFilter, RequestFilter)

# The page's own files, and the types they are served as.
ASSETS = {
    "inspector.js": "text/javascript; charset=utf-8",
    "inspector.css": "text/css; charset=utf-8",
}
LEVELS_SHOWN: tuple[Level, ...] = ("basic", "strict")  # the levels a sandbox checks at
PAGE_LIMIT = 500  # the most lines one list request returns
DEFAULT_PAGE = 100
CHART_MINUTES = 1440  # the longest chart: a day
# The page runs only its own script and style, and no other site may frame it (a reset
# button under someone else's page).
_PAGE_HEADERS = (
    (
        "content-security-policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
        " img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    ),
    ("x-frame-options", "DENY"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-cache"),
)
_DATA_HEADERS = (("cache-control", "no-store"), ("x-content-type-options", "nosniff"))


@functools.cache
def _asset(name: str) -> bytes:
    return (resources.files("timeback_caliper.sandbox") / "inspector" / name).read_bytes()


async def page(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    refused = refusal(request, page=True)
    if refused is not None:
        return refused
    if request.segments == ("_sandbox",):  # without the slash its relative links break
        return Reply(308, b"", (("location", "/_sandbox/"),), content_type="text/plain")
    if len(request.segments) == 3:
        name = request.segments[2]
        if name not in ASSETS:
            return error(404, "Not found")
        return Reply(200, _asset(name), _PAGE_HEADERS, content_type=ASSETS[name])
    return Reply(200, _asset("index.html"), _PAGE_HEADERS, content_type="text/html; charset=utf-8")


async def data(app: SandboxApp, request: Request, decision: Decision) -> Reply:
    refused = refusal(request)
    if refused is not None:
        return refused
    _, what, *rest = request.segments
    issues: list[Issue] = []
    query = _Query(request.query, issues)
    if what == "chart":
        minutes = query.integer("minutes", 30, 1, CHART_MINUTES)
        body = None if issues else chart(app, minutes)
    elif rest:
        body = None if issues else _one(app, what, rest[0])
        if body is None and not issues:
            return error(404, f"No such {what[:-1]}")
    elif what == "requests":
        requests = RequestFilter(
            route=query.text("route"),
            status=query.status("status"),
            start=query.seconds("since"),
            end=query.seconds("until"),
        )
        store = app.store
        body = _lines(what, requests, query, store.logged_requests, store.count_requests)
    else:
        events = InspectFilter(
            actor=query.text("actor"),
            type=query.text("type"),
            sensor=query.text("sensor"),
            start_ms=query.millis("since"),
            end_ms=query.millis("until"),
        )
        store = app.store
        body = _lines(what, events, query, store.inspect_events, store.count_inspected)
    if issues:
        more = f" (and {len(issues) - 1} more)" if len(issues) > 1 else ""
        return error(400, f"Invalid parameters: {issues[0]}{more}", issues)
    return Reply(200, body, _DATA_HEADERS)


def _lines(
    name: str,
    where: W,
    query: _Query,
    read: Callable[..., list[dict[str, Any]]],
    count: Callable[[W], int],
) -> dict[str, Any] | None:
    """One page of a list and how many lines match (None: the query has problems)."""
    limit, before, after = query.paging()
    if query.issues:
        return None
    lines = read(where, limit=limit, before=before, after=after)
    total = _total(lines, limit, before, after, functools.partial(count, where))
    return {name: lines, "total": total}


def _total(
    lines: list[Any], limit: int, before: int | None, after: int | None, count: Callable[[], int]
) -> int | None:
    """How many lines match the filters. A count may read every row: not made for the new
    lines of a poll (`after`: the page adds them to the count it has), nor when the first
    page holds every match."""
    if after is not None:
        return None
    if before is None and len(lines) < limit:
        return len(lines)
    return count()


def _one(app: SandboxApp, what: str, key: str) -> dict[str, Any] | None:
    number = int(key) if key.isascii() and key.isdigit() and len(key) <= 18 else None
    if number is None:
        return None
    if what == "requests":
        logged = app.store.logged_request(number)
        if logged is not None:
            logged["job"] = None if logged["jobId"] is None else job(app, logged["jobId"])
            logged["validation"] = _envelope_levels(logged["body"], logged["route"])
        return logged
    if what == "jobs":
        return job(app, key)
    found = app.store.event_by_number(number)
    if found is None:
        return None
    stored, sent = found
    return {
        "event": stored,
        "sent": sent,
        "validation": _levels(lambda level: validate_event(sent, level=level)),
        "job": None if stored["jobId"] is None else job(app, stored["jobId"]),
    }


def _levels(check: Callable[[Level], list[Issue]]) -> dict[str, list[dict[str, str]]]:
    """The issues, errors and warnings, at each level the sandbox can check at."""
    return {
        level: [{**i.to_dict(), "code": i.code, "severity": i.severity} for i in check(level)]
        for level in LEVELS_SHOWN
    }


def _envelope_levels(body: str | None, route: str | None) -> dict[str, Any] | None:
    """A logged send's envelope checked at each level (None: no JSON body kept)."""
    try:
        envelope = read_json(body.encode()) if body is not None else None
    except ValueError:
        return None
    if envelope is None:
        return None
    platform: Platform = "LEARNWITH_AI" if route == "lwai" else "BEYOND_AI"
    return _levels(lambda level: validate_envelope(envelope, level=level, platform=platform))


def job(app: SandboxApp, job_id: str) -> dict[str, Any] | None:
    """A job as its status reply shows it, with the states it went through and the send
    that created it (while the request log holds it)."""
    row = app.store.get_job(job_id)
    if row is None:
        return None
    return {
        "id": row.id,
        "state": row.state,
        "polls": row.polls,
        "returnValue": row.return_value,
        "processedOn": row.processed_on,
        "failedReason": row.failed_reason,
        "history": app.store.job_history(row.id),
        "request": app.store.request_of_job(row.id),
    }


def chart(app: SandboxApp, minutes: int) -> dict[str, Any]:
    """The last `minutes` minutes, oldest first: events stored by type, refused requests."""
    now = app.clock()
    first = int(now // 60) - minutes + 1
    events, refused = app.store.per_minute(first * 60.0)
    labels = [_minute(first + i) for i in range(minutes)]
    types = sorted({kind for counts in events.values() for kind in counts})
    return {
        "minutes": labels,
        "events": {t: [events.get(m, {}).get(t, 0) for m in labels] for t in types},
        "refused": [refused.get(m, 0) for m in labels],
    }


def _minute(index: int) -> str:
    return format_epoch(index * 60.0)[:16]


class _Query:
    """The query's parameters, read one by one; each problem is added to `issues`."""

    def __init__(self, query: Mapping[str, list[str]], issues: list[Issue]) -> None:
        self._query, self._issues = query, issues

    @property
    def issues(self) -> list[Issue]:
        return self._issues

    def _raw(self, name: str) -> str | None:
        value = self._query.get(name, [None])[-1]
        return None if value is None or value == "" else value

    def text(self, name: str) -> str | None:
        return self._raw(name)

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self._raw(name)
        value = default if raw is None else whole_number(raw, name, low, high)
        if isinstance(value, Issue):
            self._issues.append(value)
            return default
        return value

    def paging(self) -> tuple[int, int | None, int | None]:
        limit = self.integer("limit", DEFAULT_PAGE, 1, PAGE_LIMIT)
        before = self.integer("before", 0, 0, MAX_INTEGER) if self._raw("before") else None
        after = self.integer("after", 0, 0, MAX_INTEGER) if self._raw("after") else None
        return limit, before, after

    def status(self, name: str) -> str | None:
        raw = self._raw(name)
        if (
            raw is None
            or raw in REQUEST_STATUSES
            or (raw.isascii() and raw.isdigit() and len(raw) == 3)
        ):
            return raw
        choices = ", ".join(REQUEST_STATUSES)
        self._issues.append(Issue(name, f"must be a status code or one of {choices}"))
        return None

    def millis(self, name: str) -> int | None:
        raw = self._raw(name)
        value = None if raw is None else moment_ms(raw, name)
        if isinstance(value, Issue):
            self._issues.append(value)
            return None
        return value

    def seconds(self, name: str) -> float | None:
        millis = self.millis(name)
        return None if millis is None else millis / 1000
