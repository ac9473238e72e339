"""Fault injection: every kind, plans and seeded probabilities, from Python and over HTTP."""

from __future__ import annotations

import time
from collections import Counter

import httpx
import pytest

from tests import payloads
from tests.sandbox.conftest import Api
from timeback_caliper.sandbox import Fault, FaultInjector, FaultRule, Sandbox


@pytest.mark.parametrize("status", [429, 500, 502, 503, 504])
def test_status_faults_reply_with_the_error_body(api: Api, status: int) -> None:
    """An injected 5xx or 429 has the API's error body; nothing is stored."""
    api.sandbox.faults.plan("send", [str(status)])

    response = api.send(payloads.envelope(payloads.activity_event()))

    assert (status, "error") == (response.status_code, response.json()["status"])
    assert 0 == api.sandbox.count_events()


@pytest.mark.parametrize(
    ("fault", "retry_after"), [("429", "1"), ("429:0", "0"), ("503:2.5", "2.5")]
)
def test_429_and_503_carry_retry_after(api: Api, fault: str, retry_after: str) -> None:
    """Retry-After defaults to 1 second and can be set per fault."""
    api.sandbox.faults.plan("list", [fault])

    assert retry_after == api.list().headers["retry-after"]


def test_latency_delays_the_reply(api: Api) -> None:
    """latency:S adds S seconds, then the request is served normally."""
    api.sandbox.faults.plan("list", ["latency:0.3"])

    started = time.monotonic()
    response = api.list()

    assert 200 == response.status_code
    assert time.monotonic() - started >= 0.3


def test_drop_closes_the_connection_before_handling(api: Api) -> None:
    """drop: the client sees a broken response and nothing is stored."""
    api.sandbox.faults.plan("send", ["drop"])

    with pytest.raises(httpx.RemoteProtocolError):
        api.send(payloads.envelope(payloads.activity_event()))

    assert 0 == api.sandbox.count_events()


def test_drop_after_stores_then_loses_the_reply(api: Api) -> None:
    """drop-after: the send succeeded, but the client cannot know; a retry does not duplicate."""
    api.sandbox.faults.plan("send", ["drop-after"])
    envelope = payloads.envelope(payloads.activity_event())

    with pytest.raises(httpx.RemoteProtocolError):
        api.send(envelope)
    retried = api.send(envelope)

    assert 200 == retried.status_code
    assert (1, 1) == (api.sandbox.count_events(), api.sandbox.count_distinct_events())


@pytest.mark.parametrize(
    ("fault", "message"), [("revoke", "Token revoked"), ("expire", "jwt expired")]
)
def test_token_revoked_or_expired_early(api: Api, fault: str, message: str) -> None:
    """The request's token stops working at once; a new token works."""
    api.sandbox.faults.plan("list", [fault])

    first = api.list()
    second = api.list()
    api.token = api.fetch_token()
    third = api.list()

    assert (401, message) == (first.status_code, first.json()["message"])
    assert (401, 200) == (second.status_code, third.status_code)


def test_plans_run_in_order_then_fall_back_to_rates(api: Api) -> None:
    """A plan is consumed one request at a time; `ok` lets one through."""
    api.sandbox.faults.plan("list", ["503:0", "ok", "500"])

    statuses = [api.list().status_code for _ in range(4)]

    assert [503, 200, 500, 200] == statuses


def test_wildcard_route_applies_everywhere(api: Api) -> None:
    """A rule on * hits every API route."""
    api.sandbox.faults.add("*", "502", 1.0)

    statuses = {api.list().status_code, api.job("1").status_code}
    api.sandbox.faults.clear()

    assert {502} == statuses
    assert 200 == api.list().status_code


def test_seeded_rates_are_deterministic() -> None:
    """The same seed and rules give the same faults for the same sequence of requests."""

    def draw(seed: int) -> list[str]:
        injector = FaultInjector(seed)
        injector.add("send", "503", 0.3)
        injector.add("send", "drop", 0.1)
        return [str(injector.decide("send").fault) for _ in range(200)]

    first, again, other = draw(7), draw(7), draw(8)

    assert first == again
    assert first != other
    counts = Counter(first)
    assert 40 < counts["503"] < 80, counts


def test_rates_inject_roughly_the_asked_share(api: Api) -> None:
    """20 % of 300 requests fail, give or take sampling noise."""
    api.sandbox.faults.reseed(3)
    api.sandbox.faults.add("list", "503:0", 0.2)

    failures = sum(api.list().status_code == 503 for _ in range(300))

    assert 35 <= failures <= 85


def test_admin_endpoint_sets_and_reports_faults(api: Api) -> None:
    """PUT /_sandbox/faults replaces the configuration; GET shows it; DELETE clears it."""
    config = {"seed": 1, "rules": ["list:504@1"], "plans": {"job": ["503:0"]}}

    put = api.http.put("/_sandbox/faults", json=config)
    listed = api.list().status_code
    shown = api.http.get("/_sandbox/faults").json()
    api.http.delete("/_sandbox/faults")

    assert 200 == put.status_code
    assert 504 == listed
    assert (["list:504@1"], {"job": ["503:0"]}) == (shown["rules"], shown["plans"])
    assert {"list:504": 1} == shown["injected"]
    assert 200 == api.list().status_code


def test_admin_endpoint_refuses_bad_configurations(api: Api) -> None:
    """An unknown fault kind is a 400 that names it."""
    response = api.http.put("/_sandbox/faults", json={"rules": ["send:418@1"]})

    assert 400 == response.status_code
    assert "unknown fault '418'" in response.json()["message"]


def test_admin_endpoint_controls_jobs_tokens_and_state(api: Api) -> None:
    """Job timing, token revocation, stats and reset over HTTP."""
    timing = api.http.put("/_sandbox/jobs/timing", json={"timing": "polls:2"}).json()
    api.send(payloads.envelope(payloads.activity_event()))
    stats = api.http.get("/_sandbox/stats").json()
    revoked = api.http.post("/_sandbox/tokens/revoke").json()
    unauthorized = api.list().status_code
    api.http.post("/_sandbox/reset")

    assert {"timing": "polls:2"} == timing
    assert ({"waiting": 1}, 1) == (stats["jobs"], stats["stats"]["responses send 200"])
    assert revoked["revoked"] >= 1
    assert 401 == unauthorized
    assert {} == api.sandbox.job_states()
    assert {"status": "ok"} == api.http.get("/_sandbox/health").json()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("send:503@0.2", FaultRule("send", Fault("503"), 0.2)),
        ("send:429:2@0.1", FaultRule("send", Fault("429", 2.0), 0.1)),
        ("*:latency:0.5", FaultRule("*", Fault("latency", 0.5), 1.0)),
        ("job:drop-after@0", FaultRule("job", Fault("drop-after"), 0.0)),
    ],
)
def test_rule_strings_parse(text: str, expected: FaultRule) -> None:
    """The flag form of a rule."""
    assert expected == FaultRule.parse(text)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("send:418", "unknown fault '418'"),
        ("mail:503", "unknown route 'mail'"),
        ("send:503@2", "probability must be between 0 and 1"),
        ("send:latency", "latency needs seconds"),
        ("send:drop:3", "takes no parameter"),
    ],
)
def test_bad_rule_strings_say_why(text: str, error: str) -> None:
    """A mistyped rule is refused with the reason."""
    with pytest.raises(ValueError, match=error):
        FaultRule.parse(text)


def test_faults_set_at_construction() -> None:
    """Rules and plans given to Sandbox(...) are in force from the first request."""
    with Sandbox(faults=["list:500@1"], fault_plans=["job:503:0"], seed=5) as sandbox:
        api = Api(sandbox)
        statuses = (api.list().status_code, api.job("1").status_code, api.job("1").status_code)
        api.close()

    assert (500, 503, 404) == statuses
