"""Asynchronous jobs: timing, failure, and what survives a restart."""

from __future__ import annotations

import math
import pathlib
import time
from typing import Any

import pytest

from tests import payloads
from tests.sandbox.conftest import Api
from timeback_caliper.sandbox import JobTiming, Sandbox


def test_polls_timing_walks_waiting_active_completed(api: Api) -> None:
    """polls:3: waiting, active, active, then completed; events appear only at completion."""
    api.sandbox.set_job_timing("polls:3")
    event = payloads.activity_event()
    job_id = api.send(payloads.envelope(event)).json()["jobId"]

    seen = [api.job(job_id).json()["job"] for _ in range(4)]

    assert ["waiting", "active", "active", "completed"] == [j["state"] for j in seen]
    assert [None, None, None] == [j["returnValue"] for j in seen[:3]]
    assert seen[0]["processedOn"] is None
    assert seen[1]["processedOn"] is not None
    assert [event["id"]] == [r["externalId"] for r in seen[3]["returnValue"]["results"]]
    assert 1 == api.sandbox.count_events()


def test_events_of_a_pending_job_are_not_listed_yet(api: Api) -> None:
    """Ingestion is asynchronous: nothing is stored before the job completes."""
    api.sandbox.set_job_timing("polls:1")
    job_id = api.send(payloads.envelope(payloads.activity_event())).json()["jobId"]

    before = api.list().json()["pagination"]["total"]
    api.job(job_id)
    api.job(job_id)
    after = api.list().json()["pagination"]["total"]

    assert (0, 1) == (before, after)


def test_seconds_timing_completes_without_polling(api: Api) -> None:
    """seconds:N jobs complete on their own; a background tick stores the events."""
    api.sandbox.set_job_timing("seconds:0.3")
    job_id = api.send(payloads.envelope(payloads.activity_event())).json()["jobId"]
    first = api.job(job_id).json()["job"]["state"]

    deadline = time.monotonic() + 10
    while api.sandbox.count_events() == 0 and time.monotonic() < deadline:
        time.sleep(0.02)

    assert "waiting" == first
    assert "completed" == api.job(job_id).json()["job"]["state"]


def test_injected_job_failure_has_a_reason_and_stores_nothing(api: Api) -> None:
    """send:fail: the send is accepted, the job fails with failedReason and returnValue null."""
    api.sandbox.faults.plan("send", ["fail"])

    response = api.send(payloads.envelope(payloads.activity_event()))
    job = api.job(response.json()["jobId"]).json()["job"]

    assert 200 == response.status_code
    assert ("failed", None) == (job["state"], job["returnValue"])
    assert "failed" in job["failedReason"]
    assert 0 == api.sandbox.count_events()


def test_unknown_job_is_404(api: Api) -> None:
    """A job id that does not exist, numeric or not."""
    assert [404, 404] == [api.job("999999").status_code, api.job("abc").status_code]


def test_job_timing_parses_its_flag_form() -> None:
    """The --job-timing forms round-trip."""
    forms = ["immediate", "seconds:1.5", "polls:3"]

    assert forms == [str(JobTiming.parse(t)) for t in forms]


UNBOUNDED = ["seconds:inf", "seconds:nan", "seconds:1e308", "seconds:86401", "polls:1e20"]


@pytest.mark.parametrize(
    "bad", ["soon", "polls:1.5", "seconds:-1", "immediate:2", "polls:-1", "polls:10001", *UNBOUNDED]
)
def test_bad_job_timing_says_what_is_expected(bad: str) -> None:
    """A mistyped or unbounded timing is refused with the accepted forms and bounds."""
    with pytest.raises(ValueError, match=r"immediate, seconds:N \(N from 0 to 86,400\)"):
        JobTiming.parse(bad)


@pytest.mark.parametrize(("mode", "value"), [("seconds", math.inf), ("polls", True)])
def test_a_job_timing_made_directly_is_bounded_too(mode: Any, value: Any) -> None:
    """The bounds hold for `JobTiming(...)` given to `Sandbox(job_timing=...)`."""
    with pytest.raises(ValueError, match="job timing must be"):
        JobTiming(mode, value)


def test_events_and_ids_survive_a_restart(tmp_path: pathlib.Path) -> None:
    """A sandbox restarted on the same --db serves the same events with the same ids."""
    db = tmp_path / "caliper.db"
    event = payloads.activity_event()
    with Sandbox(db=db) as first:
        api = Api(first)
        job = api.job(api.send(payloads.envelope(event)).json()["jobId"]).json()["job"]
        api.close()

    with Sandbox(db=db) as second:
        api = Api(second)
        stored = api.get(event["id"]).json()["event"]
        again = api.job(job["id"]).json()["job"]
        api.close()

    assert int(job["returnValue"]["results"][0]["allocatedId"]) == stored["id"]
    assert job == again


def test_pending_jobs_finish_after_a_restart(tmp_path: pathlib.Path) -> None:
    """A job still waiting when the sandbox stopped completes after it restarts."""
    db = tmp_path / "caliper.db"
    with Sandbox(db=db, job_timing="seconds:1000") as first:
        api = Api(first)
        job_id = api.send(payloads.envelope(payloads.activity_event())).json()["jobId"]
        api.close()

    with Sandbox(db=db, job_timing="immediate") as second:
        api = Api(second)
        state = api.job(job_id).json()["job"]["state"]
        count = second.count_events()
        api.close()

    assert ("completed", 1) == (state, count)


def test_memory_database_works(tmp_path: pathlib.Path) -> None:
    """--db :memory: keeps everything in memory, readable from the test thread."""
    with Sandbox(db=":memory:") as sandbox:
        api = Api(sandbox)
        api.send(payloads.envelope(payloads.activity_event(), payloads.time_spent_event()))
        api.close()
        count = sandbox.count_events()

    assert 2 == count
