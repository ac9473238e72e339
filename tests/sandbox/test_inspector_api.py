"""The inspector's page and the JSON it reads, over HTTP: what each endpoint answers,
its filters, its refusals, and the protections it shares with the admin API."""

from __future__ import annotations

import string
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import payloads
from tests.sandbox.conftest import Api
from timeback_caliper.sandbox import Sandbox


def get(sandbox: Sandbox, path: str, **kwargs: Any) -> httpx.Response:
    return httpx.get(f"{sandbox.base_url}{path}", **kwargs)


def test_the_page_and_its_files_are_served_with_a_policy_that_admits_nothing_else(
    caliper_sandbox: Sandbox,
) -> None:
    page = get(caliper_sandbox, "/_sandbox/")
    script = get(caliper_sandbox, "/_sandbox/static/inspector.js")
    style = get(caliper_sandbox, "/_sandbox/static/inspector.css")
    bare = get(caliper_sandbox, "/_sandbox")

    assert (200, 200, 200) == (page.status_code, script.status_code, style.status_code)
    assert page.headers["content-type"].startswith("text/html")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "static/inspector.js" in page.text
    assert "http" not in page.text.split("<body>")[0]
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "DENY" == page.headers["x-frame-options"]
    assert (308, "/_sandbox/") == (bare.status_code, bare.headers["location"])
    assert 404 == get(caliper_sandbox, "/_sandbox/static/../_store.py").status_code
    assert 404 == get(caliper_sandbox, "/_sandbox/static/index.html").status_code


def test_events_are_listed_newest_first_and_filtered(api: Api) -> None:
    first = payloads.activity_event(user="ada")
    second = payloads.time_spent_event(user="bob")
    third = payloads.activity_event(user="bob", event_time="2024-01-01T00:00:00.000Z")
    api.send(payloads.envelope(first, second))
    api.send(payloads.envelope(third, sensor="https://other.example.com/sensor"))

    def ids(**params: str) -> list[str]:
        body = get(api.sandbox, "/_sandbox/events", params=params).json()
        if not {"before", "after", "limit"} & set(params):  # `total` counts every match
            assert body["total"] == len(body["events"])
        return [e["externalId"] for e in body["events"]]

    assert [third["id"], second["id"], first["id"]] == ids()
    assert [third["id"], second["id"]] == ids(actor="bob")
    assert [first["id"]] == ids(actor="ada@example")
    assert [second["id"]] == ids(type="TimeSpentEvent")
    assert [third["id"]] == ids(sensor="other.example")
    assert [third["id"]] == ids(until="2025-01-01T00:00:00Z")
    assert [second["id"], first["id"]] == ids(since="2025-01-01")
    newest = get(api.sandbox, "/_sandbox/events").json()["events"][0]["id"]
    assert [] == ids(after=str(newest))
    polled = get(api.sandbox, "/_sandbox/events", params={"after": str(newest - 1)}).json()
    assert (1, None) == (len(polled["events"]), polled["total"])  # a poll is not counted
    assert [first["id"]] == ids(before=str(newest - 1))
    assert [third["id"]] == ids(limit="1")


def test_requests_are_filtered_by_route_status_and_time(api: Api) -> None:
    api.send(payloads.envelope(payloads.activity_event()))
    api.send({"sensor": "x"})
    api.list()

    def routes(**params: str) -> list[tuple[str, int]]:
        body = get(api.sandbox, "/_sandbox/requests", params=params).json()
        return [(r["route"], r["status"]) for r in body["requests"]]

    assert [("send", 400), ("send", 200)] == routes(route="send")
    assert [("send", 400)] == routes(status="refused")
    assert [("send", 400)] == routes(status="400")
    assert [("list", 200), ("send", 200), ("token", 200)] == routes(status="2xx")
    assert [] == routes(since="2999-01-01T00:00:00Z")
    assert 4 == len(routes(until="2999-01-01T00:00:00Z"))


def test_an_event_shows_its_validation_at_each_level_and_its_job(api: Api) -> None:
    """Valid at basic, refused at strict (a property Caliper does not define): both shown."""
    event = payloads.activity_event(mood="sunny")
    job_id = api.send(payloads.envelope(event)).json()["jobId"]
    number = get(api.sandbox, "/_sandbox/events").json()["events"][0]["id"]

    body = get(api.sandbox, f"/_sandbox/events/{number}").json()

    assert event == body["sent"]
    assert event["id"] == body["event"]["externalId"]
    assert not [i for i in body["validation"]["basic"] if i["severity"] == "error"]
    assert any(
        i["path"] == "mood" and i["severity"] == "error" for i in body["validation"]["strict"]
    )
    assert job_id == body["job"]["id"] == body["event"]["jobId"]
    assert ["active", "completed"] == [s["state"] for s in body["job"]["history"]]


def test_a_job_is_shown_with_its_states_and_the_send_that_made_it(api: Api) -> None:
    api.sandbox.faults.plan("send", ["fail"])
    api.sandbox.set_job_timing("polls:1")
    job_id = api.send(payloads.envelope(payloads.activity_event())).json()["jobId"]
    api.job(job_id)
    api.job(job_id)

    job = get(api.sandbox, f"/_sandbox/jobs/{job_id}").json()
    send = get(api.sandbox, "/_sandbox/requests", params={"route": "send"}).json()["requests"]

    assert ["waiting", "failed"] == [s["state"] for s in job["history"]]
    assert "failed" == job["state"]
    assert job["failedReason"]
    assert send[0]["id"] == job["request"]
    assert 2 == job["polls"]


def test_the_chart_counts_events_by_type_and_refused_requests_per_minute(api: Api) -> None:
    api.send(payloads.envelope(payloads.activity_event(), payloads.activity_event()))
    api.send(payloads.envelope(payloads.time_spent_event()))
    api.send({"sensor": "x"})

    chart = get(api.sandbox, "/_sandbox/chart", params={"minutes": "3"}).json()

    assert 3 == len(chart["minutes"]) == len(chart["refused"])
    assert chart["minutes"] == sorted(chart["minutes"])
    assert {"ActivityEvent": 2, "TimeSpentEvent": 1} == {
        t: sum(c) for t, c in chart["events"].items()
    }
    assert 1 == sum(chart["refused"])


def test_missing_things_are_404s(caliper_sandbox: Sandbox) -> None:
    for path in ("/_sandbox/events/1", "/_sandbox/requests/99", "/_sandbox/jobs/5"):
        assert 404 == get(caliper_sandbox, path).status_code
    for path in ("/_sandbox/events/x", "/_sandbox/requests/%D9%A3", "/_sandbox/jobs/-1"):
        assert 404 == get(caliper_sandbox, path).status_code


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/_sandbox/events?limit=0", "limit"),
        ("/_sandbox/events?limit=501", "limit"),
        ("/_sandbox/events?before=x", "before"),
        ("/_sandbox/events?since=yesterday", "since"),
        ("/_sandbox/requests?status=teapot", "status"),
        ("/_sandbox/requests?until=2025-13-01", "until"),
        ("/_sandbox/chart?minutes=100000", "minutes"),
        ("/_sandbox/requests?before=1" + "0" * 25, "before"),  # past SQLite's integers
        ("/_sandbox/events?limit=" + "0" * 17 + "10000000", "limit"),  # zeros first
        ("/_sandbox/chart?minutes=" + "0" * 20 + "100000", "minutes"),
    ],
)
def test_bad_parameters_are_refused_naming_the_parameter(
    caliper_sandbox: Sandbox, path: str, field: str
) -> None:
    reply = get(caliper_sandbox, path)

    assert 400 == reply.status_code
    assert [field] == [e["path"] for e in reply.json()["errors"]]


_QUERY_TEXT = st.one_of(
    st.text(string.printable + "٣²é\u0000", max_size=30),
    st.from_regex(r"0{0,30}[0-9]{1,40}", fullmatch=True),  # zeros first, past 64 bits
)


@settings(
    max_examples=80,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    path=st.sampled_from(
        ["events", "requests", "chart", "events/1", "requests/1", "jobs/1", "jobs/x"]
    ),
    params=st.dictionaries(
        st.sampled_from(
            [
                "limit",
                "before",
                "after",
                "actor",
                "type",
                "sensor",
                "since",
                "until",
                "route",
                "status",
                "minutes",
            ]
        ),
        _QUERY_TEXT,
        max_size=4,
    ),
)
def test_any_query_gets_a_json_answer_and_never_a_server_error(
    caliper_sandbox_session: Sandbox, path: str, params: dict[str, str]
) -> None:
    reply = get(caliper_sandbox_session, f"/_sandbox/{path}", params=params)

    assert reply.status_code in (200, 400, 404), reply.text
    assert len(reply.content) < 200_000  # no limit is got around (a chart of 10^7 minutes)
    body = reply.json()
    if reply.status_code == 400:
        assert {e["path"] for e in body["errors"]} <= set(params)


def test_other_sites_may_not_read_the_sandbox_but_may_link_to_its_page(
    caliper_sandbox: Sandbox,
) -> None:
    other = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}

    assert 403 == get(caliper_sandbox, "/_sandbox/events", headers=other).status_code
    assert 403 == get(caliper_sandbox, "/_sandbox/requests/1", headers=other).status_code
    assert 403 == get(caliper_sandbox, "/_sandbox/stats", headers=other).status_code
    navigation = {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "navigate"}
    assert 200 == get(caliper_sandbox, "/_sandbox/", headers=navigation).status_code
    same = {"Origin": caliper_sandbox.base_url, "Sec-Fetch-Site": "same-origin"}
    assert 200 == get(caliper_sandbox, "/_sandbox/events", headers=same).status_code


BROWSER = {"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Mode": "cors"}


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8787", "10.0.0.1"])
def test_a_sandbox_on_loopback_answers_browsers_at_loopback_names_only(
    caliper_sandbox: Sandbox, host: str
) -> None:
    """A rebound DNS name reaches 127.0.0.1 as same-origin to the browser; its Host tells.
    Every route is closed to it: with the default credentials a page could otherwise
    fetch a token and read the events."""
    headers = {**BROWSER, "Host": host}
    for path in ("/_sandbox/", "/_sandbox/events", "/_sandbox/stats", "/caliper/events"):
        assert 403 == get(caliper_sandbox, path, headers=headers).status_code
    token = httpx.post(
        caliper_sandbox.auth_url,
        data={"grant_type": "client_credentials"},
        auth=(caliper_sandbox.client_id, caliper_sandbox.client_secret),
        headers={**headers, "Origin": f"http://{host}"},
    )
    assert 403 == token.status_code


@pytest.mark.parametrize(
    "name", ["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "[::1]", "app.localhost"]
)
def test_loopback_names_and_tools_with_any_name_are_answered(
    caliper_sandbox: Sandbox, name: str
) -> None:
    port = caliper_sandbox.port
    headers = {**BROWSER, "Host": f"{name}:{port}"}
    assert 200 == get(caliper_sandbox, "/_sandbox/stats", headers=headers).status_code
    # curl and our clients send no Origin nor Sec-Fetch-*: an alias in /etc/hosts works
    alias = {"Host": f"sandbox.internal:{port}"}
    assert 200 == get(caliper_sandbox, "/_sandbox/stats", headers=alias).status_code


def test_stats_tell_the_page_what_it_shows_in_its_header(api: Api) -> None:
    api.send(payloads.envelope(payloads.activity_event()))
    before = api.sandbox.stats()["generation"]
    api.sandbox.reset()

    stats = api.sandbox.stats()

    run, _, resets = before.partition("-")
    assert f"{run}-{int(resets) + 1}" == stats["generation"]
    assert {"validation", "duplicates", "tokens", "requests", "requestLog"} <= set(stats)
