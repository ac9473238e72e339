"""The generated operations' public, I/O-free request builders and reply parser."""

from __future__ import annotations

import httpx

from timeback_caliper_api.api.events import list_events, send_events
from timeback_caliper_api.api.jobs import get_job_status
from timeback_caliper_api.models.send_result import SendResult


def test_build_request_gives_the_operation_method_path_and_query() -> None:
    """Query parameters take their wire names; path parameters are quoted."""
    listing = list_events.build_request(limit=5, actor_email="a@b.c")
    job = get_job_status.build_request(job_id="a/b")

    assert ("get", "/caliper/events") == (listing["method"], listing["url"])
    assert (5, "a@b.c") == (listing["params"]["limit"], listing["params"]["actorEmail"])
    assert "/jobs/a%2Fb/status" == job["url"]


def test_build_encoded_request_sends_the_bytes_as_given() -> None:
    """An envelope encoded once goes out unchanged, as JSON."""
    request = send_events.build_encoded_request(b'{"sensor":"s"}')

    assert ("post", "/caliper/event", b'{"sensor":"s"}') == (
        request["method"],
        request["url"],
        request["content"],
    )
    assert "application/json" == request["headers"]["Content-Type"]


def test_parse_response_reads_documented_replies_and_survives_others() -> None:
    """A documented reply parses to its model; a non-JSON body or an unknown status leaves
    `parsed` None and keeps the status and bytes."""
    ok = send_events.parse_response(httpx.Response(200, json={"status": "success", "jobId": "7"}))
    html = send_events.parse_response(httpx.Response(200, text="<html>"))
    odd = send_events.parse_response(httpx.Response(499, content=b"x"))

    assert isinstance(ok.parsed, SendResult)
    assert "7" == ok.parsed.job_id
    assert (None, b"<html>") == (html.parsed, html.content)
    assert (499, None) == (odd.status_code, odd.parsed)
