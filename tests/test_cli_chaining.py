"""Commands that chain: each message a user acts on, pinned by its text."""

from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest

from tests import payloads
from tests.spec_tools import ROOT
from tests.test_cli import SENSOR, _jsonl
from timeback_caliper.cli import main
from timeback_caliper.sandbox import Sandbox


@pytest.fixture
def env(caliper_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The sandbox, configured through the environment as a user would."""
    for name, value in caliper_sandbox.env.items():
        monkeypatch.setenv(name, value)
    return caliper_sandbox


def test_a_missing_sensor_is_one_line_that_says_what_to_pass(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = _jsonl(tmp_path / "plain.jsonl", [payloads.navigation_event() for _ in range(2000)])

    code = main(["send", str(source)])
    out = capsys.readouterr()

    assert 1 == code
    assert [
        f"{source}:1: (event): and 1,999 more are events without an envelope, and no --sensor "
        "was given: pass --sensor IRI (the IRI of the app that produced them), or give "
        "envelopes, which carry their sensor"
    ] == out.out.splitlines()
    assert "error: 1 problem; nothing was sent\n" == out.err
    assert [] == env.events()


def test_an_unreachable_api_names_the_url_and_blames_no_line(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMEBACK_API_BASE_URL", "http://127.0.0.1:9")
    source = _jsonl(tmp_path / "small.jsonl", [payloads.navigation_event()])

    code = main(["send", "--sensor", SENSOR, "--max-retries", "0", str(source)])
    err = capsys.readouterr().err

    assert 1 == code
    assert "small.jsonl:1" not in err
    assert (
        "error: send stopped: cannot reach the API (send_events: ConnectError: All connection "
        "attempts failed (at http://127.0.0.1:9/caliper/event)): check "
        "TIMEBACK_API_BASE_URL/AUTH_URL (or --base-url/--auth-url) and that the API is up"
    ) in err


def test_refused_credentials_name_the_token_url_and_the_fix(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TIMEBACK_API_CLIENT_SECRET", "wrong")
    source = _jsonl(tmp_path / "small.jsonl", [payloads.navigation_event()])

    code = main(["send", "--sensor", SENSOR, str(source)])
    err = capsys.readouterr().err

    assert 1 == code
    assert "small.jsonl:1" not in err
    assert f"error: send stopped: the credentials were refused by {env.auth_url} (401:" in err
    assert (
        "check TIMEBACK_API_CLIENT_ID/SECRET (or --client-id/--client-secret); "
        "try timeback-caliper token\n"
    ) in err
    assert "wrong" not in err


def test_jobs_wait_and_status_read_what_send_jobs_file_wrote(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    jobs = tmp_path / "jobs.jsonl"
    source = _jsonl(tmp_path / "e.jsonl", [payloads.navigation_event() for _ in range(30)])
    assert 0 == main(
        ["send", "--sensor", SENSOR, "--batch-size", "10", "--jobs-file", str(jobs), str(source)]
    )
    capsys.readouterr()

    waited = main(["jobs", "wait", "--jobs-file", str(jobs)])
    wait_out = capsys.readouterr().out
    status = main(["jobs", "status", "--jobs-file", str(jobs)])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]

    ids = [json.loads(line)["jobId"] for line in jobs.read_text().splitlines()]
    assert (0, 0, 3) == (waited, status, len(ids))
    assert [f"{i}: completed (10 events)" for i in ids] == wait_out.splitlines()
    assert [(i, "completed") for i in ids] == [(s["id"], s["state"]) for s in lines]


def test_jobs_without_ids_say_what_to_give(
    env: Sandbox,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert 1 == main(["jobs", "wait"])
    assert (
        "error: (arguments): no job id: give IDs or --jobs-file FILE\n" == capsys.readouterr().err
    )


def test_events_get_takes_the_number_events_list_prints_and_the_bare_uuid(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    events = [payloads.navigation_event() for _ in range(3)]
    assert 0 == main(["send", "--sensor", SENSOR, str(_jsonl(tmp_path / "e.jsonl", events))])
    capsys.readouterr()
    assert 0 == main(["events", "list", "--limit", "1"])
    number = capsys.readouterr().out.split()[0]

    by_number = main(["events", "get", number])
    got = json.loads(capsys.readouterr().out)
    by_uuid = main(["events", "get", got["externalId"].removeprefix("urn:uuid:")])
    again = json.loads(capsys.readouterr().out)
    missing = main(["events", "get", "999999"])

    assert (0, 0, 1) == (by_number, by_uuid, missing)
    assert int(number) == got["id"] == again["id"]
    assert (
        "error: no event with the database id 999999 among the newest 100,000; give its "
        "urn:uuid (the last column of events list)\n"
    ) == capsys.readouterr().err


def test_an_export_can_be_sent_again_unchanged(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """export -> send: the events go back as they were sent (own ids, own sensor), and the
    store's own fields do not come along."""
    events = [payloads.activity_event() for _ in range(5)]
    assert 0 == main(["send", "--sensor", SENSOR, str(_jsonl(tmp_path / "e.jsonl", events))])
    exported = tmp_path / "export.jsonl"
    assert 0 == main(["events", "export", "-o", str(exported)])
    before = {e["externalId"]: e for e in env.events()}
    env.reset()
    capsys.readouterr()

    code = main(["send", str(exported)])
    out = capsys.readouterr()

    after = {e["externalId"]: e for e in env.events()}
    assert 0 == code, out
    assert "warning" not in out.out
    assert set(before) == set(after)
    for key, stored in after.items():
        assert before[key]["sensor"] == stored["sensor"] == SENSOR
        assert before[key]["actor"] == stored["actor"]
        assert before[key]["object"] == stored["object"]


def test_sandbox_env_file_appears_only_once_the_server_answers(tmp_path: pathlib.Path) -> None:
    """A script that waits for the file, then sources it, never races the server; the file
    goes away when the sandbox stops."""
    env_file = tmp_path / "sandbox.env"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "timeback_caliper",
            "sandbox",
            "--port",
            "0",
            "--env-file",
            str(env_file),
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while not env_file.exists():
            assert time.monotonic() < deadline, "no env file"
            time.sleep(0.01)
        exports = dict(
            line.removeprefix("export ").split("=", 1) for line in env_file.read_text().splitlines()
        )
        done = subprocess.run(
            [sys.executable, "-m", "timeback_caliper", "token"],
            env={**os.environ, **exports},
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

    assert 0 == done.returncode, done.stderr
    assert done.stdout.startswith("credentials OK")
    assert not env_file.exists()
