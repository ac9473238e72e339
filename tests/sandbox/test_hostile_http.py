"""The sandbox is never the one failing: hostile HTTP gets a 4xx, never a 5xx (injected
faults aside), and every reply is valid JSON.

Property-based (bounded, fixed seed) over raw bodies, query strings and path segments of
every route, plus the cases found by hand: deep nesting, NaN and Infinity, lone
surrogates, numbers Python's `int()` reads but the API's integers are not, and browsers
posting to the admin API from another site's page.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import payloads
from tests.spec_tools import ROOT
from timeback_caliper.sandbox import Sandbox

BODY_ROUTES = ["/caliper/event", "/caliper/event/validate", "/caliper/v1p2"]
ADMIN_BODY_ROUTES = ["/_sandbox/faults", "/_sandbox/jobs/timing", "/_sandbox/validation"]


def _strict_json(body: bytes) -> Any:
    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in a reply: not JSON")

    return json.loads(body, parse_constant=refuse)


@pytest.fixture(scope="module")
def raw(caliper_sandbox_session: Sandbox) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """Raw HTTP to the session sandbox, with a token that opens every route."""
    sandbox = caliper_sandbox_session
    with httpx.Client(base_url=sandbox.base_url, timeout=10) as http:
        token = http.post(
            "/oauth2/token",
            auth=(sandbox.client_id, sandbox.client_secret),
            data={
                "grant_type": "client_credentials",
                "scope": "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write",
            },
        ).json()["access_token"]
        yield http, {"Authorization": f"Bearer {token}"}


def _no_server_error(response: httpx.Response) -> Any:
    assert response.status_code < 500, response.text[:300]
    return _strict_json(response.content)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda kids: (
        st.lists(kids, max_size=3) | st.dictionaries(st.text(max_size=5), kids, max_size=3)
    ),
    max_leaves=12,
)
HOSTILE_BODIES = st.one_of(
    st.binary(max_size=64),
    st.text(max_size=64).map(str.encode),
    JSONISH.map(lambda v: json.dumps(v).encode()),
    st.sampled_from(
        [
            b"[" * 10_000 + b"]" * 10_000,
            b'{"a":' * 600 + b"1" + b"}" * 600,
            b'{"sensor": NaN}',
            b"[Infinity, -Infinity]",
            b'{"sensor": "\\ud800"}',
            b'"\\udfff"',
            b"1e999",
            b"1" + b"0" * 5000,
            b'{"data": [' + b"1" * 5000 + b"]}",
            b"\xff\xfe",
            b"",
        ]
    ),
    st.just(payloads.envelope(payloads.activity_event())).map(lambda v: json.dumps(v).encode()),
)
BOUNDED = settings(
    max_examples=60,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("route", BODY_ROUTES + ADMIN_BODY_ROUTES)
@BOUNDED
@given(body=HOSTILE_BODIES)
def test_no_body_makes_the_sandbox_fail(
    raw: tuple[httpx.Client, dict[str, str]], route: str, body: bytes
) -> None:
    http, auth = raw
    method = "PUT" if route.startswith("/_sandbox") else "POST"
    if route == "/_sandbox/faults":
        body = b'{"rules": ' + body + b"}"  # never leave the session sandbox with faults on
    reply = http.request(
        method, route, content=body, headers={**auth, "Content-Type": "application/json"}
    )
    _no_server_error(reply)
    http.delete("/_sandbox/faults")
    http.put("/_sandbox/validation", json={"level": "basic"})


QUERY = st.dictionaries(
    st.sampled_from(
        ["limit", "offset", "sensor", "actorId", "actorEmail", "startDate", "endDate", "x"]
    ),
    st.text(max_size=30)
    | st.integers().map(str)
    | st.sampled_from(["\uff11\uff10", "5_0", " 5", "1e3", "9" * 30]),
    max_size=4,
)


@BOUNDED
@given(query=QUERY)
def test_no_query_makes_the_list_fail(
    raw: tuple[httpx.Client, dict[str, str]], query: dict[str, str]
) -> None:
    http, auth = raw
    body = _no_server_error(http.get("/caliper/events", params=query, headers=auth))
    assert "events" in body or body["status"] == "error"


SEGMENT = st.text(min_size=1, max_size=40).filter(lambda s: s not in (".", "..")) | st.sampled_from(
    ["\u0663", "\u00b2", "99999999999999999999999", "-1", "0x10", "%ED%A0%80", "\x00", "a" * 5000]
)


@BOUNDED
@given(segment=SEGMENT)
def test_no_path_makes_get_or_job_fail(
    raw: tuple[httpx.Client, dict[str, str]], segment: str
) -> None:
    http, auth = raw
    quoted = urllib.parse.quote(segment.encode("utf-8", "surrogatepass"), safe="%")
    for path in (f"/caliper/events/{quoted}", f"/jobs/{quoted}/status"):
        reply = http.get(path, headers=auth)
        _no_server_error(reply)


def test_digits_of_other_scripts_are_not_job_ids(api: Any) -> None:
    """Job 3 is not `/jobs/\u0663/status` (Python's int() reads Arabic-Indic digits)."""
    job_id = api.send(payloads.envelope(payloads.activity_event())).json()["jobId"]
    arabic = job_id.translate(str.maketrans("0123456789", "".join(map(chr, range(0x660, 0x66A)))))

    assert 200 == api.job(job_id).status_code
    assert 404 == api.job(urllib.parse.quote(arabic)).status_code


@pytest.mark.parametrize("body", [b'{"sensor": NaN}', b"[Infinity]", b'{"x": -Infinity}'])
def test_nan_and_infinity_are_refused(api: Any, body: bytes) -> None:
    reply = api.http.post(
        "/caliper/event",
        content=body,
        headers={**api.auth, "Content-Type": "application/json"},
    )

    assert 400 == reply.status_code
    assert "finite" in reply.json()["message"]


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site"}, 403),
        ({}, 200),
    ],
    ids=["other-origin", "cross-site", "no-origin"],
)
def test_the_admin_api_refuses_changes_from_other_sites_pages(
    caliper_sandbox: Sandbox, headers: dict[str, str], status: int
) -> None:
    """A page on another site can make a browser POST to the sandbox (a form needs no
    CORS); such requests are refused; tools and same-origin pages are not."""
    with httpx.Client(base_url=caliper_sandbox.base_url) as http:
        reply = http.post("/_sandbox/reset", headers=headers)
        same = http.post("/_sandbox/tokens/revoke", headers={"Origin": caliper_sandbox.base_url})

    assert status == reply.status_code
    assert 200 == same.status_code


def _sandbox_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "timeback_caliper.sandbox", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--port", "99999"], "port must be from 0 to 65535"),
        (["--token-ttl", "-1"], "token_ttl must be a positive number"),
        (["--max-limit", "0"], "max_limit must be a whole number"),
        (["--db", "/nonexistent/dir/x.db"], "does not exist"),
        (["--db", str(ROOT / "README.md")], "is not a SQLite database"),
        (["--host", "0.0.0.0", "--port", "0"], "refusing to serve on 0.0.0.0"),
    ],
    ids=["port", "ttl", "limit", "db-dir", "db-file", "open-host"],
)
def test_bad_command_line_values_are_one_line_errors(args: list[str], says: str) -> None:
    done = _sandbox_cli(*args)

    assert 2 == done.returncode
    assert 1 == len(done.stderr.strip().splitlines()), done.stderr
    assert says in done.stderr
    assert "Traceback" not in done.stderr


def test_another_programs_database_is_refused_untouched(tmp_path: Any) -> None:
    import sqlite3

    path = tmp_path / "app.db"
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    before = path.read_bytes()

    done = _sandbox_cli("--db", str(path))

    assert (2, before) == (done.returncode, path.read_bytes())
    assert "another program's database (tables: users)" in done.stderr


def test_paging_by_offset_follows_the_order_while_events_arrive(api: Any) -> None:
    """The store seeks from the page before (keyset) instead of skipping rows; pages stay
    exactly the offsets' pages, also when events are stored between two pages."""
    events = [payloads.activity_event() for _ in range(30)]
    for i, event in enumerate(events):
        event["eventTime"] = f"2025-01-01T00:00:{i:02d}.000Z"
    assert 200 == api.send(payloads.envelope(*events[:20])).status_code

    first = [e["externalId"] for e in api.list(limit=7, offset=0).json()["events"]]
    second = [e["externalId"] for e in api.list(limit=7, offset=7).json()["events"]]
    assert 200 == api.send(payloads.envelope(*events[20:])).status_code  # newer: they come first
    third = [e["externalId"] for e in api.list(limit=7, offset=14).json()["events"]]
    everything = [e["externalId"] for e in api.list(limit=100).json()["events"]]

    newest_first = [e["id"] for e in reversed(events)]
    fourth = [e["externalId"] for e in api.list(limit=7, offset=21).json()["events"]]
    assert newest_first == everything
    assert (newest_first[10:17], newest_first[17:24]) == (first, second)
    assert everything[14:21] == third  # not where the page before the arrivals ended
    assert everything[21:28] == fourth  # seeking from the page before
