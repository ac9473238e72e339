"""Reading: list with filters and dates, get, stream and its helpers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import parse_qs, quote, urlsplit

import httpx
import pytest

from tests import payloads
from timeback_caliper import (
    AsyncCaliperClient,
    InputValidationError,
    NotFoundError,
    ValidationError,
)
from timeback_caliper.sandbox import Sandbox

pytestmark = pytest.mark.anyio


@pytest.fixture
async def stored(client: AsyncCaliperClient) -> list[str]:
    """Twelve events one hour apart from 2025-01-01T00:00Z; ids newest first."""
    events = [
        payloads.activity_event(
            event_time=f"2025-01-01T{hour:02d}:00:00.000Z", user="ann" if hour % 2 else "bob"
        )
        for hour in range(12)
    ]
    await client.events.send(payloads.SENSOR, events)
    return [e["id"] for e in reversed(events)]


async def test_list_returns_a_page_and_its_pagination(
    client: AsyncCaliperClient, stored: list[str]
) -> None:
    """limit/offset page through the events, newest first; next_offset says where to go on."""
    page = await client.events.list(limit=5, offset=5)

    assert stored[5:10] == [e.external_id for e in page.events]
    assert (12, 3, 2, 5) == (
        page.pagination.total,  # type: ignore[union-attr]
        page.pagination.total_pages,  # type: ignore[union-attr]
        page.pagination.current_page,  # type: ignore[union-attr]
        page.pagination.limit,  # type: ignore[union-attr]
    )
    assert 10 == page.next_offset


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime(2025, 1, 1, 10, tzinfo=UTC), None, 2),
        (datetime(2025, 1, 1, 10), None, 2),  # naive means UTC
        (datetime(2025, 1, 1, 12, tzinfo=timezone(timedelta(hours=2))), None, 2),
        ("2025-01-01T10:00:00Z", "2025-01-01T11:00:00Z", 1),
        ("2025-01-01", "2025-01-02", 12),
        (None, "2025-01-01T03:00:00+00:00", 3),
    ],
)
async def test_dates_take_datetimes_and_iso_strings(
    client: AsyncCaliperClient,
    stored: list[str],
    start: datetime | str | None,
    end: datetime | str | None,
    expected: int,
) -> None:
    """start_date is inclusive, end_date exclusive; naive datetimes are UTC."""
    page = await client.events.list(start_date=start, end_date=end)

    assert expected == page.pagination.total  # type: ignore[union-attr]


async def test_actor_and_sensor_filters(client: AsyncCaliperClient, stored: list[str]) -> None:
    """actor_email, actor_id and sensor narrow the list."""
    by_email = await client.events.list(actor_email="ann@example.edu")
    by_id = await client.events.list(
        actor_id="https://api.example.com/ims/oneroster/rostering/v1p2/users/bob"
    )
    by_sensor = await client.events.list(sensor="https://elsewhere.example.com")

    assert (6, 6, 0) == (
        by_email.pagination.total,  # type: ignore[union-attr]
        by_id.pagination.total,  # type: ignore[union-attr]
        by_sensor.pagination.total,  # type: ignore[union-attr]
    )


@pytest.mark.parametrize(
    ("kwargs", "paths"),
    [
        ({"limit": 0}, ["limit"]),
        ({"offset": -1}, ["offset"]),
        ({"start_date": "", "actor_email": " "}, ["actor_email", "start_date"]),
        ({"extra_params": {"limit": 5}}, ["extra_params.limit"]),
    ],
)
async def test_bad_list_parameters_are_refused_before_any_request(
    client: AsyncCaliperClient,
    caliper_sandbox: Sandbox,
    kwargs: dict[str, object],
    paths: list[str],
) -> None:
    """Every problem is named, and nothing is sent."""
    with pytest.raises(InputValidationError) as caught:
        await client.events.list(**kwargs)  # type: ignore[arg-type]

    assert paths == [i.path for i in caught.value.issues]
    assert 0 == caliper_sandbox.stats()["stats"].get("requests list", 0)


async def test_what_the_server_decides_is_asked_and_its_answer_raised(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """A limit over the sandbox's largest page goes out; the server's 400 comes back as a
    ValidationError naming the parameter."""
    with pytest.raises(ValidationError) as caught:
        await client.events.list(limit=5000)

    assert 400 == caught.value.status_code
    assert "limit" in caught.value.message
    assert 1 == caliper_sandbox.stats()["stats"].get("requests list", 0)


async def test_date_strings_and_extra_params_go_as_given(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """start_date="2025-01-31" goes as written, and an extra parameter rides along."""
    seen: list[str] = []
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), transport=_Recording(seen)
    ) as recording:
        await recording.events.list(start_date="2025-01-31", extra_params={"eventType": "X"})

    (query,) = [parse_qs(urlsplit(url).query) for url in seen if "/caliper/events" in url]
    assert (["2025-01-31"], ["X"]) == (query["startDate"], query["eventType"])


class _Recording(httpx.AsyncHTTPTransport):
    """The real transport, noting every URL it sends."""

    def __init__(self, seen: list[str]) -> None:
        super().__init__()
        self.seen = seen

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(str(request.url))
        return await super().handle_async_request(request)


async def test_the_raw_escape_hatch_goes_through_auth_retries_and_errors(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """client.request() reaches any path of the API with the client's token, retries a
    transient failure and maps an error status; a URL of another host is refused."""
    caliper_sandbox.faults.plan("list", ["503:0"])

    body = await client.request("GET", "/caliper/events", params={"limit": 1})
    with pytest.raises(NotFoundError):
        await client.request("GET", "/jobs/999999/status")
    with pytest.raises(InputValidationError) as caught:
        await client.request("GET", "//evil.example/steal")

    assert isinstance(body, dict)
    assert {"events", "pagination"} <= set(body)
    assert 2 == caliper_sandbox.stats()["stats"].get("requests list", 0)
    assert ["path"] == [i.path for i in caught.value.issues]


async def test_get_finds_an_event_by_its_caliper_id(
    client: AsyncCaliperClient, stored: list[str]
) -> None:
    """The id travels percent-encoded and comes back with the stored fields."""
    event = await client.events.get(stored[0])

    assert (stored[0], "ActivityEvent", "Completed") == (
        event.external_id,
        event.type,
        event.action,
    )
    assert isinstance(event.id, int)
    assert event.to_dict()["externalId"] == event.external_id


async def test_get_of_an_id_with_a_slash(client: AsyncCaliperClient) -> None:
    """An id with reserved characters is one path segment (404 here, not a routing error)."""
    with pytest.raises(NotFoundError):
        await client.events.get("urn:uuid:a/b?c")


async def test_stream_pages_through_everything(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, stored: list[str]
) -> None:
    """stream(limit=5) makes three requests for twelve events and yields them in order."""
    seen = [e.external_id async for e in client.events.stream(limit=5)]

    assert stored == seen
    assert 3 == caliper_sandbox.stats()["stats"]["requests list"]


async def test_stream_honours_max_items_and_asks_for_no_more(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox, stored: list[str]
) -> None:
    """max_items=7 with limit=5 asks for 5, then 2."""
    events = await client.events.stream(limit=5, max_items=7).to_list()

    assert stored[:7] == [e.external_id for e in events]
    assert 2 == caliper_sandbox.stats()["stats"]["requests list"]


async def test_stream_helpers(client: AsyncCaliperClient, stored: list[str]) -> None:
    """first() is the newest event; first_page() gives the page and where the next begins."""
    stream = client.events.stream(limit=4, actor_email="bob@example.edu")

    first = await stream.first()
    page = await stream.first_page()
    empty = await client.events.stream(sensor="https://nobody.example.com").first()

    assert stored[1] == (first.external_id if first else None)
    assert (4, 4) == (len(page.events), page.next_offset)
    assert empty is None


async def test_stream_of_nothing_stops_at_once(
    client: AsyncCaliperClient, caliper_sandbox: Sandbox
) -> None:
    """An empty first page ends the stream after one request."""
    assert [] == await client.events.stream().to_list()
    assert 1 == caliper_sandbox.stats()["stats"]["requests list"]


async def test_quoted_ids_are_not_double_encoded(
    client: AsyncCaliperClient, stored: list[str]
) -> None:
    """A caller who percent-encodes the id gets a 404 for that literal id, not the event."""
    with pytest.raises(NotFoundError):
        await client.events.get(quote(stored[0], safe=""))
