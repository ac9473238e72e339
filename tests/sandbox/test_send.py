"""POST /caliper/event and /caliper/event/validate on the sandbox."""

from __future__ import annotations

import json

import pytest

from tests import payloads
from tests.sandbox.conftest import Api


def test_send_queues_a_job_that_stores_every_event(api: Api) -> None:
    """200 {status, message, errors: null, jobId}; the job's results name each stored event."""
    events = [payloads.activity_event(), payloads.time_spent_event(), payloads.navigation_event()]

    response = api.send(payloads.envelope(*events))
    body = response.json()
    job = api.job(body["jobId"]).json()["job"]

    assert 200 == response.status_code
    assert ("success", None) == (body["status"], body["errors"])
    assert "completed" == job["state"]
    assert [e["id"] for e in events] == [r["externalId"] for r in job["returnValue"]["results"]]
    stored = {e["externalId"]: e for e in api.sandbox.events()}
    for result in job["returnValue"]["results"]:
        assert int(result["allocatedId"]) == stored[result["externalId"]]["id"]


def test_stored_event_keeps_what_was_sent(api: Api) -> None:
    """actor, object and generated come back as sent; camelCase time-spent keys survive."""
    event = payloads.time_spent_event()
    api.send(payloads.envelope(event))

    stored = api.get(event["id"]).json()["event"]

    assert (event["actor"], event["object"], event["generated"]) == (
        stored["actor"],
        stored["object"],
        stored["generated"],
    )
    assert (
        stored["sensor"],
        stored["sendTime"],
        stored["clientAppId"],
    ) == (payloads.SENSOR, "2025-07-28T15:15:21.000Z", "sandbox-client")


def test_resending_an_event_does_not_store_it_twice(api: Api) -> None:
    """An id already stored is not stored again; the job reports the existing row."""
    event = payloads.activity_event()
    first = api.job(api.send(payloads.envelope(event)).json()["jobId"]).json()["job"]

    second = api.job(api.send(payloads.envelope(event)).json()["jobId"]).json()["job"]

    assert first["returnValue"]["results"] == second["returnValue"]["results"]
    assert 1 == api.sandbox.count_events()


def test_duplicate_ids_in_one_envelope_are_stored_once_or_refused_when_strict(api: Api) -> None:
    """Two events with one id in an envelope: at "basic" the event is stored once; at
    "strict" the envelope is a 400 naming the second."""
    event = payloads.activity_event()

    accepted = api.send(payloads.envelope(event, dict(event)))
    api.sandbox.set_validation("strict")
    refused = api.send(payloads.envelope(event, dict(event)))

    assert (200, 1) == (accepted.status_code, api.sandbox.count_events())
    assert 400 == refused.status_code
    assert ["data[1].id"] == [e["path"] for e in refused.json()["errors"]]


def test_invalid_envelope_names_every_problem(api: Api) -> None:
    """A bad envelope gives 400 with one {path, message} per problem, and stores nothing."""
    bad = payloads.activity_event()
    bad["id"] = "abc"
    bad["actor"]["email"] = 7
    bad["generated"]["items"][0]["value"] = "many"
    envelope = payloads.envelope(bad, payloads.time_spent_event())
    del envelope["data"][1]["object"]["subject"]

    response = api.send(envelope)

    assert 400 == response.status_code
    assert [
        "data[0].id",
        "data[0].actor.email",
        "data[0].generated.items[0].value",
        "data[1].object.subject",
    ] == [e["path"] for e in response.json()["errors"]]
    assert response.json()["message"].startswith("Invalid envelope: data[0].id")
    assert 0 == api.sandbox.count_events()


def test_a_strict_sandbox_refuses_what_a_basic_one_accepts(api: Api) -> None:
    """Unknown vocabulary and malformed forms pass at "basic" (the real API may take them)
    and are 400s at "strict"; the admin API switches, and reset restores the level."""
    odd = payloads.activity_event()
    odd["actor"]["email"] = "not-an-email"
    odd["generated"]["items"][0]["type"] = "points"
    odd["object"]["subject"] = "Astronomy"

    accepted = api.send(payloads.envelope(odd))
    api.http.put("/_sandbox/validation", json={"level": "strict"})
    refused = api.send(payloads.envelope({**odd, "id": payloads.urn()}))
    api.sandbox.reset()
    level = api.http.get("/_sandbox/validation").json()["level"]

    assert (200, 400, "basic") == (accepted.status_code, refused.status_code, level)
    assert [
        "data[0].actor.email",
        "data[0].object.subject",
        "data[0].generated.items[0].type",
    ] == [e["path"] for e in refused.json()["errors"]]


def test_unsupported_data_version_is_422(api: Api) -> None:
    """A dataVersion other than Caliper 1.2 is unprocessable."""
    envelope = payloads.envelope(payloads.activity_event())
    envelope["dataVersion"] = "http://purl.imsglobal.org/ctx/caliper/v1p1"

    response = api.send(envelope)

    assert (422, "dataVersion") == (response.status_code, response.json()["errors"][0]["path"])


def test_wrong_content_type_is_415(api: Api) -> None:
    """The body must be application/json."""
    body = json.dumps(payloads.envelope(payloads.activity_event()))

    response = api.http.post(
        "/caliper/event", content=body, headers={**api.auth, "Content-Type": "text/plain"}
    )

    assert 415 == response.status_code


def test_malformed_json_is_400_with_a_message(api: Api) -> None:
    """A body that is not JSON says so."""
    response = api.http.post(
        "/caliper/event",
        content=b'{"sensor": ',
        headers={**api.auth, "Content-Type": "application/json"},
    )

    assert 400 == response.status_code
    assert response.json()["message"].startswith("Malformed JSON")


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_body_over_the_limit_is_413(api: Api, declared: bool) -> None:
    """A body over 4 MiB is refused, whether or not it declares its length."""
    big = json.dumps(payloads.envelope(payloads.activity_event(extensions={"x": "y" * 4_200_000})))
    content = big.encode() if declared else iter([big.encode()[:1000], big.encode()[1000:]])

    response = api.http.post(
        "/caliper/event",
        content=content,
        headers={**api.auth, "Content-Type": "application/json"},
    )

    assert 413 == response.status_code
    assert 0 == api.sandbox.count_events()


def test_validate_checks_the_same_rules_and_stores_nothing(api: Api) -> None:
    """validate answers 200 for a valid envelope, 400 for an invalid one, and stores nothing."""
    good = payloads.envelope(payloads.activity_event())
    bad = payloads.envelope({**payloads.activity_event(), "action": 3})

    ok = api.validate(good)
    refused = api.validate(bad)

    assert (200, "success") == (ok.status_code, ok.json()["status"])
    assert (400, "data[0].action") == (refused.status_code, refused.json()["errors"][0]["path"])
    assert 0 == api.sandbox.count_events()


def test_entities_in_data_are_accepted_but_not_stored_as_events(api: Api) -> None:
    """An envelope may describe entities next to events."""
    entity = {"id": "https://example.edu/courses/456", "type": "CourseOffering", "name": "Algebra"}
    event = payloads.navigation_event()

    job = api.job(api.send(payloads.envelope(entity, event)).json()["jobId"]).json()["job"]

    assert [event["id"]] == [r["externalId"] for r in job["returnValue"]["results"]]


def test_unknown_routes_and_methods(api: Api) -> None:
    """Unknown paths are 404, wrong methods 405, both with the error body."""
    missing = api.http.get("/nope", headers=api.auth, extensions={"unchecked": True})
    wrong = api.http.delete("/caliper/events", headers=api.auth, extensions={"unchecked": True})

    assert (404, "error") == (missing.status_code, missing.json()["status"])
    assert (405, "GET") == (wrong.status_code, wrong.headers["allow"])


def test_learnwith_ai_endpoint_needs_the_write_scope(api: Api) -> None:
    """POST /caliper/v1p2 is 403 without events.write and stores the rewritten events with it."""
    event = {
        "@context": payloads.CONTEXT,
        "id": payloads.urn(),
        "type": "ActivityEvent",
        "action": "Completed",
        "profile": "AggregationProfile",
        "eventTime": "2025-07-28T15:15:20.000Z",
        "actor": {"id": "https://example.edu/users/1", "type": "Person"},
        "object": {"id": "https://example.edu/a/1", "type": "AssignableDigitalResource"},
        "generated": {
            "id": payloads.urn(),
            "type": "ActivityMetricsCollection",
            "items": [
                {
                    "id": payloads.urn(),
                    "type": "ActivityMetric",
                    "metricType": "XpEarned",
                    "metricValue": 5,
                }
            ],
        },
    }
    refused = api.http.post("/caliper/v1p2", json=payloads.envelope(event), headers=api.auth)
    scoped = api.fetch_token(
        scope="https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"
    )
    accepted = api.http.post(
        "/caliper/v1p2",
        json=payloads.envelope(event),
        headers={"Authorization": f"Bearer {scoped}"},
    )

    assert 403 == refused.status_code
    assert (200, 1) == (accepted.status_code, api.sandbox.count_events())
