"""GET /caliper/events (filters, order, pagination) and GET /caliper/events/{externalId}."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from tests import payloads
from tests.sandbox.conftest import Api


@pytest.fixture
def stored(api: Api) -> list[dict[str, Any]]:
    """Five events by two learners, on two days, from two sensors."""
    events = [
        payloads.activity_event(event_time="2025-01-01T10:00:00.000Z", user="ann"),
        payloads.activity_event(event_time="2025-01-01T23:59:59.999Z", user="ann"),
        payloads.activity_event(event_time="2025-01-02T00:00:00.000Z", user="bob"),
        payloads.time_spent_event(event_time="2025-01-02T00:00:00.000Z", user="bob"),
        payloads.activity_event(event_time="2025-01-03T08:00:00+02:00", user="ann"),
    ]
    api.send(payloads.envelope(*events[:4]))
    api.send(payloads.envelope(events[4], sensor="https://other.example.com/s"))
    return events


def _ids(response: Any) -> list[str]:
    return [e["externalId"] for e in response.json()["events"]]


def test_order_is_event_time_descending_then_id_descending(
    api: Api, stored: list[dict[str, Any]]
) -> None:
    """Newest eventTime first; equal times: the later stored row first."""
    response = api.list()

    assert [stored[i]["id"] for i in (4, 3, 2, 1, 0)] == _ids(response)
    assert {
        "total": 5,
        "totalPages": 1,
        "currentPage": 1,
        "limit": 100,
    } == response.json()["pagination"]


def test_offsets_are_applied_against_the_same_order(api: Api, stored: list[dict[str, Any]]) -> None:
    """limit/offset page through the list; currentPage is offset // limit + 1."""
    page = api.list(limit=2, offset=2)

    assert [stored[2]["id"], stored[1]["id"]] == _ids(page)
    assert {"total": 5, "totalPages": 3, "currentPage": 2, "limit": 2} == page.json()["pagination"]


@pytest.mark.parametrize("offset", [5, 2**63 - 1])
def test_an_offset_past_the_end_is_an_empty_page(
    api: Api, stored: list[dict[str, Any]], offset: int
) -> None:
    """Past the last event (however far, up to SQLite's largest integer) the page is empty."""
    page = api.list(limit=2, offset=offset)

    assert ([], 5) == (page.json()["events"], page.json()["pagination"]["total"])


@pytest.mark.parametrize(
    ("name", "raw"),
    [
        ("offset", str(2**63)),
        ("offset", "1" * 5000),
        ("limit", "\uff11\uff10"),  # fullwidth 10
        ("limit", "5_0"),
        ("limit", " 5"),
        ("offset", "-1"),
        ("limit", "1e3"),
    ],
)
def test_integers_are_plain_ascii_digits_within_range(api: Api, name: str, raw: str) -> None:
    """Python's `int()` reads fullwidth digits, `5_0` and ` 5`; the API's are digits only."""
    reply = api.list(**{name: raw})

    assert 400 == reply.status_code
    assert [name] == [e["path"] for e in reply.json()["errors"]]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actorEmail": "ann@example.edu"}, [4, 1, 0]),
        ({"actorId": "https://api.example.com/ims/oneroster/rostering/v1p2/users/bob"}, [3, 2]),
        ({"sensor": "https://other.example.com/s"}, [4]),
        ({"startDate": "2025-01-02"}, [4, 3, 2]),
        ({"endDate": "2025-01-02"}, [1, 0]),
        ({"startDate": "2025-01-01T23:59:59.999Z", "endDate": "2025-01-02T00:00:00.000Z"}, [1]),
        ({"startDate": "2025-01-03T06:00:00Z"}, [4]),
        ({"startDate": "2025-01-03T06:00:00.001Z"}, []),
        ({"endDate": "2025-01-01T10:00:00"}, []),
        ({"actorEmail": "ann@example.edu", "startDate": "2025-01-02"}, [4]),
    ],
)
def test_filters(
    api: Api, stored: list[dict[str, Any]], params: dict[str, str], expected: list[int]
) -> None:
    """Filters combine; startDate is inclusive and endDate exclusive, against eventTime (UTC)."""
    response = api.list(**params)

    assert [stored[i]["id"] for i in expected] == _ids(response)
    assert len(expected) == response.json()["pagination"]["total"]


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"limit": 1001}, "limit"),
        ({"limit": 0}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"startDate": "yesterday"}, "startDate"),
        ({"sensor": ""}, "sensor"),
    ],
)
def test_bad_list_parameters_are_400(api: Api, params: dict[str, Any], path: str) -> None:
    """Out-of-bounds or malformed parameters name the parameter; the maximum limit is 1000."""
    response = api.list(**params)

    assert 400 == response.status_code
    assert [path] == [e["path"] for e in response.json()["errors"]]


def test_limit_of_1000_is_allowed(api: Api, stored: list[dict[str, Any]]) -> None:
    """The documented maximum itself is fine."""
    assert 200 == api.list(limit=1000).status_code


def test_get_decodes_the_percent_encoded_id(api: Api, stored: list[dict[str, Any]]) -> None:
    """`urn%3Auuid%3A...` finds the event whose id is `urn:uuid:...`."""
    wanted = stored[3]

    response = api.get(quote(wanted["id"], safe=""))

    event = response.json()["event"]
    assert (wanted["id"], "TimeSpentEvent", "SpentTime") == (
        event["externalId"],
        event["type"],
        event["action"],
    )
    assert isinstance(event["id"], int)


def test_get_unknown_id_is_404(api: Api) -> None:
    """An id nobody sent gives 404 with the error body."""
    response = api.get(quote("urn:uuid:a/b", safe=""))

    assert (404, "Event not found") == (response.status_code, response.json()["message"])
