"""No event poisons the sandbox: what it cannot keep is refused with a 400 naming the JSON
path, and whatever it keeps, however hostile, every read route gives back with a 200.

A number such as `1e400` is valid JSON that Python reads as infinity; kept, it made every
later list, get and stream that included it a 500, for everyone.
"""

from __future__ import annotations

import json
import pathlib
from typing import Any

import httpx
import pytest

from tests import payloads
from tests.sandbox.conftest import Api
from timeback_caliper import SyncCaliperClient
from timeback_caliper.cli import main
from timeback_caliper.sandbox import Sandbox
from timeback_caliper.sandbox._asgi import MAX_JSON_DEPTH

ROUTES = ["/caliper/event", "/caliper/event/validate", "/caliper/v1p2"]
LWAI_SCOPE = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"


def _post(api: Api, route: str, body: bytes) -> httpx.Response:
    return api.http.post(
        route, content=body, headers={**api.auth, "Content-Type": "application/json"}
    )


def _with_raw(event: dict[str, Any], where: str, raw: str) -> bytes:
    """The envelope of `event` as JSON, with `raw` written as it is at `where` (a key of
    the event's extensions)."""
    event = {**event, "extensions": {**event.get("extensions", {}), where: "@RAW@"}}
    return json.dumps(payloads.envelope(event)).replace('"@RAW@"', raw).encode()


NON_FINITE = ["1e400", "-1e400", "1E999", "-0.5e309", "NaN", "Infinity", "-Infinity"]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("number", NON_FINITE)
def test_a_non_finite_number_deep_in_an_event_is_a_400_naming_its_path(
    caliper_sandbox: Sandbox, route: str, number: str
) -> None:
    """However it is written, and however deep: refused, the path named, nothing kept."""
    api = Api(caliper_sandbox)
    api.token = api.fetch_token(scope=LWAI_SCOPE)
    body = _with_raw(payloads.activity_event(), "deep", f'[{{"a": [1, {{"b": {number}}}]}}]')

    reply = _post(api, route, body)
    listed = api.list()

    assert 400 == reply.status_code
    assert [
        {
            "path": "data[0].extensions.deep[0].a[1].b",
            "message": reply.json()["errors"][0]["message"],
        }
    ] == reply.json()["errors"]
    assert "finite" in reply.json()["errors"][0]["message"]
    assert "data[0].extensions.deep[0].a[1].b" in reply.json()["message"]
    assert (200, 0) == (listed.status_code, listed.json()["pagination"]["total"])
    api.close()


def test_a_lone_surrogate_is_a_400_naming_its_path(api: Api) -> None:
    """Lone surrogates (`\\ud800`) cannot be stored as UTF-8: refused where they are, a key
    included."""
    event = payloads.activity_event()
    in_value = _with_raw(event, "text", '"ok \\ud800"')
    in_key = _with_raw(event, "object", '{"\\udfff": 1}')

    value_reply, key_reply = _post(api, ROUTES[0], in_value), _post(api, ROUTES[0], in_key)

    assert (400, "data[0].extensions.text") == (
        value_reply.status_code,
        value_reply.json()["errors"][0]["path"],
    )
    assert (400, "data[0].extensions.object") == (
        key_reply.status_code,
        key_reply.json()["errors"][0]["path"],
    )


# Every value below is JSON the sandbox accepts; each is written as it is into one event.
HOSTILE_RAW = {
    "hugeInt": "9" * 4000,  # Python reads at most 4,300 digits
    "hugeNegative": "-" + "9" * 4000,
    "int64Edges": f"[{2**63}, {-(2**63) - 1}, {2**64}, {-(2**64)}]",
    "floats": "[-0.0, -0, 0e0, 1e308, -1e308, 1.7976931348623157e308, 5e-324, 1e-400, 1E+2]",
    "deep": "[" * (MAX_JSON_DEPTH - 4) + "]" * (MAX_JSON_DEPTH - 4),  # the deepest kept
    "long": json.dumps("x" * 1_000_000),
    "unicode": json.dumps("Ünï 😀 עברית e\u0301 \U0010ffff \uffff \u2028\u2029 <script>x</script>"),
    "zeroWidth": json.dumps("\u200b\u200c\u200d\u2060\ufeff\u00ad"),
    "controls": json.dumps('\x00\x01\x1f\x7f \\ " \t\r\n'),
    "escapedPairs": '"\\ud83d\\ude00 \\u0000 \\ud800\\udc00"',  # surrogate pairs, escaped
    "keys": json.dumps({"": 1, "__proto__": {"x": 1}, "a.b": 2, "[0]": 3, "\u0000": 4}),
    "duplicateKeys": '{"k": 1, "k": 2}',
    "emptyThings": '[{}, [], "", null, true, false]',
}


def _hostile_events() -> list[tuple[dict[str, Any], bytes]]:
    """(the event as sent, its envelope's body): one event per hostile value, and one
    whose indexed fields (actor id and email, sensor) are hostile text."""
    made = []
    for name, raw in HOSTILE_RAW.items():
        event = payloads.activity_event(user=f"hostile-{name}")
        body = _with_raw(event, name, raw)
        (sent,) = json.loads(body)["data"]
        made.append((sent, body))
    odd = payloads.activity_event(user="\u200b\u00ad😀\u2028")
    odd["actor"]["email"] = "\u200b@\u00ad.😀"
    envelope = payloads.envelope(odd, sensor="https://app.example.com/\u200b😀\u0000")
    made.append((odd, json.dumps(envelope).encode()))
    return made


def test_every_hostile_value_kept_is_read_back_by_every_route(
    caliper_sandbox: Sandbox,
    tmp_path: pathlib.Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Stored (and poison refused), then listed, got, streamed, exported and inspected:
    200s, and what was sent."""
    api = Api(caliper_sandbox)
    events = _hostile_events()
    job_ids = []
    for _, body in events:
        reply = _post(api, ROUTES[0], body)
        assert 200 == reply.status_code, reply.text[:300]
        job_ids.append(reply.json()["jobId"])
    sent = {event["id"]: event for event, _ in events}
    poisons = [  # each kept a value no read could write back: every read a 500
        _post(api, ROUTES[0], _with_raw(payloads.activity_event(), "poison", number))
        for number in NON_FINITE
    ]

    odd = events[-1][0]
    listed = api.list(limit=1000)
    filtered = [
        api.list(actorEmail=odd["actor"]["email"]),
        api.list(actorId=odd["actor"]["id"], sensor="https://app.example.com/\u200b😀\u0000"),
        api.http.get("/_sandbox/events", params={"actor": odd["actor"]["email"]}),
    ]
    got = {event_id: api.get(event_id) for event_id in sent}
    jobs = [api.job(job_id) for job_id in job_ids]
    with SyncCaliperClient(**caliper_sandbox.client_kwargs()) as client:
        streamed = list(client.events.stream(limit=3))
    for name, value in caliper_sandbox.env.items():
        monkeypatch.setenv(name, value)
    exported = tmp_path / "export.jsonl"
    export_code = main(["events", "export", "--page-size", "4", "-o", str(exported)])
    csv_code = main(["events", "export", "--format", "csv", "-o", str(tmp_path / "e.csv")])
    lines = {what: api.http.get(f"/_sandbox/{what}?limit=500") for what in ("events", "requests")}
    inspector = [
        *lines.values(),
        api.http.get("/_sandbox/chart"),
        api.http.get("/_sandbox/stats"),
        *(
            api.http.get(f"/_sandbox/{what}/{line['id']}")
            for what in lines
            for line in lines[what].json()[what]
        ),
        *(api.http.get(f"/_sandbox/jobs/{job_id}") for job_id in job_ids),
    ]
    api.close()

    assert 200 == listed.status_code
    assert {e["externalId"]: e["extensions"] for e in listed.json()["events"]} == {
        i: e.get("extensions") for i, e in sent.items()
    }
    assert [1, 1, 1] == [
        r.json().get("pagination", {}).get("total", r.json().get("total")) for r in filtered
    ]
    assert ["completed"] * len(jobs) == [r.json()["job"]["state"] for r in jobs]
    assert dict.fromkeys(sent, 200) == {i: r.status_code for i, r in got.items()}
    assert {i: e.get("actor") for i, e in sent.items()} == {
        i: r.json()["event"]["actor"] for i, r in got.items()
    }
    assert {i: e.get("extensions") for i, e in sent.items()} == {
        e.external_id: e.raw["extensions"] for e in streamed
    }
    assert (0, 0) == (export_code, csv_code)
    assert sorted(sent) == sorted(
        json.loads(line)["externalId"] for line in exported.read_text().splitlines()
    )
    assert len(sent) == len(lines["events"].json()["events"])
    assert [200] * len(inspector) == [r.status_code for r in inspector], [
        (r.url.path, r.text[:200]) for r in inspector if r.status_code != 200
    ]
    assert [400] * len(NON_FINITE) == [r.status_code for r in poisons]


BIG = "1" + "0" * 400  # an integer beyond every bound, written out
ADMIN_REFUSALS = [
    ("jobs/timing", '{"timing": "seconds:inf"}', "timing"),
    ("jobs/timing", '{"timing": "seconds:1e308"}', "timing"),
    ("jobs/timing", '{"timing": "seconds:NaN"}', "timing"),
    ("jobs/timing", '{"timing": "seconds:-1"}', "timing"),
    ("jobs/timing", '{"timing": "polls:1e20"}', "timing"),
    ("jobs/timing", '{"timing": "polls:-3"}', "timing"),
    ("jobs/timing", '{"timing": true}', "timing"),
    ("jobs/timing", '{"timing": 3}', "timing"),
    ("jobs/timing", '{"timing": ["polls:3"]}', "timing"),
    ("jobs/timing", '{"timing": 1e400}', "timing"),
    ("jobs/timing", '{"timing": NaN}', "timing"),
    ("jobs/timing", "{}", "timing"),
    ("jobs/timing", '["polls:3"]', ""),
    ("faults", '{"rules": ["send:latency:inf"]}', "rules[0]"),
    ("faults", '{"rules": ["*:latency:1e308@1"]}', "rules[0]"),
    ("faults", '{"rules": ["send:503@1e400"]}', "rules[0]"),
    ("faults", '{"rules": ["send:503@NaN"]}', "rules[0]"),
    ("faults", '{"rules": ["list:503", "send:429:1e20d"]}', "rules[1]"),
    ("faults", '{"rules": [{"kind": "latency", "param": 1e308}]}', "rules[0]"),
    ("faults", f'{{"rules": [{{"kind": "latency", "param": {BIG}}}]}}', "rules[0]"),
    ("faults", '{"rules": [{"kind": "503", "probability": true}]}', "rules[0]"),
    ("faults", '{"rules": [{"kind": "503", "probability": -0.5}]}', "rules[0]"),
    ("faults", '{"rules": [{"kind": "503", "probability": 1e400}]}', "rules[0].probability"),
    ("faults", '{"rules": [{"kind": 503}]}', "rules[0]"),
    ("faults", '{"rules": {"send": "503"}}', "rules"),
    ("faults", '{"plans": {"send": ["ok", "latency:inf"]}}', "plans.send[1]"),
    ("faults", '{"plans": {"send": "503"}}', "plans.send"),
    ("faults", '{"plans": ["send:503,429:1e308d"]}', "plans[0]"),
    ("faults", '{"plans": 5}', "plans"),
    ("faults", '{"seed": 1e20}', "seed"),
    ("faults", '{"seed": true}', "seed"),
    ("faults", f'{{"seed": {BIG}}}', "seed"),
    ("faults", '{"seed": "7"}', "seed"),
    ("faults", '{"speed": 1}', ""),
    ("faults", "[]", ""),
    ("validation", '{"level": true}', "level"),
    ("validation", '{"level": ["strict"]}', "level"),
    ("duplicates", '{"mode": 1}', "mode"),
    ("duplicates", '{"mode": Infinity}', "mode"),
]


@pytest.mark.parametrize(("route", "body", "field"), ADMIN_REFUSALS)
def test_every_admin_setting_is_bounded(
    caliper_sandbox: Sandbox, route: str, body: str, field: str
) -> None:
    """Infinite, huge, negative or mistyped settings are a 400 naming the field, and
    nothing changes."""
    with httpx.Client(base_url=caliper_sandbox.base_url, timeout=10) as http:
        before = http.get(f"/_sandbox/{route}").json()
        reply = http.put(
            f"/_sandbox/{route}", content=body, headers={"Content-Type": "application/json"}
        )
        after = http.get(f"/_sandbox/{route}").json()

    assert 400 == reply.status_code, reply.text
    assert [field] == [issue["path"] for issue in reply.json()["errors"]]
    assert before == after


def test_a_bounded_admin_setting_is_taken(caliper_sandbox: Sandbox) -> None:
    """At the bounds, settings are taken: a day of seconds, 10,000 polls, a day of latency."""
    with httpx.Client(base_url=caliper_sandbox.base_url, timeout=10) as http:
        timing = http.put("/_sandbox/jobs/timing", json={"timing": "polls:10000"})
        seconds = http.put("/_sandbox/jobs/timing", json={"timing": "seconds:86400"})
        faults = http.put(
            "/_sandbox/faults",
            json={
                "seed": -(2**63),
                "rules": [{"kind": "latency", "param": 86400, "route": "lwai"}],
            },
        )
        http.delete("/_sandbox/faults")

    assert (200, 200, 200) == (timing.status_code, seconds.status_code, faults.status_code)
    assert {"timing": "seconds:86400.0"} == seconds.json()
    assert ["lwai:latency:86400@1"] == faults.json()["rules"]


def test_a_sandbox_token_lifetime_is_bounded(caliper_sandbox: Sandbox) -> None:
    """`set_token_ttl` refuses what the constructor refuses (inf, NaN, 0, True)."""
    for bad in (float("inf"), float("nan"), 0, True, 1e308):
        with pytest.raises(ValueError, match="token_ttl must be a positive number"):
            caliper_sandbox.set_token_ttl(bad)
