"""`timeback-caliper`: every command against the sandbox, bad files, stdin, resume, exit codes."""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import pathlib
import re
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from tests import payloads
from tests.spec_tools import ROOT
from timeback_caliper.cli import main
from timeback_caliper.cli._output import Progress
from timeback_caliper.sandbox import Sandbox

SENSOR = "https://app.example.com/sensors/cli"


@pytest.fixture
def env(caliper_sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """The sandbox, configured through the environment as a user would."""
    for name, value in caliper_sandbox.env.items():
        monkeypatch.setenv(name, value)
    return caliper_sandbox


def _jsonl(path: pathlib.Path, documents: list[Any]) -> pathlib.Path:
    path.write_text("".join(json.dumps(d) + "\n" for d in documents))
    return path


def _cli(*args: str, **kwargs: Any) -> subprocess.CompletedProcess[str]:
    """The installed console script's code path, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "timeback_caliper", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kwargs,
    )


def test_send_jsonl_waits_and_keeps_the_job_ids(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """250 events in envelopes of 100: three jobs, all completed; job ids in the jobs file."""
    events = [payloads.activity_event() for _ in range(250)]
    source = _jsonl(tmp_path / "events.jsonl", events)
    jobs = tmp_path / "jobs.jsonl"

    code = main(["send", "--sensor", SENSOR, "--jobs-file", str(jobs), "--wait", str(source)])

    out = capsys.readouterr().out
    assert 0 == code
    assert (250, 250) == (env.count_events(), env.count_distinct_events())
    assert [100, 100, 50] == [json.loads(line)["events"] for line in jobs.read_text().splitlines()]
    assert "sent 250 events in 3 envelopes" in out
    assert "jobs: 3 completed, 0 failed" in out


def test_send_envelopes_keep_their_sensors(env: Sandbox, tmp_path: pathlib.Path) -> None:
    """Envelope lines carry their sensor; no --sensor is needed."""
    lines = [
        payloads.envelope(payloads.activity_event(), sensor="https://a.example.com/s"),
        payloads.envelope(
            payloads.navigation_event(),
            payloads.navigation_event(),
            sensor="https://b.example.com/s",
        ),
    ]
    source = _jsonl(tmp_path / "envelopes.jsonl", lines)

    assert 0 == main(["send", str(source)])
    assert ["https://a.example.com/s", "https://b.example.com/s", "https://b.example.com/s"] == [
        e["sensor"] for e in env.events()
    ]


def test_send_reads_gzip_and_json_arrays(env: Sandbox, tmp_path: pathlib.Path) -> None:
    """A gzipped JSON Lines file and a JSON array file are both read."""
    zipped = tmp_path / "events.jsonl.gz"
    with gzip.open(zipped, "wt") as f:
        for _ in range(5):
            f.write(json.dumps(payloads.navigation_event()) + "\n")
    array = tmp_path / "events.json"
    array.write_text(json.dumps([payloads.navigation_event() for _ in range(3)], indent=2))

    assert 0 == main(["send", "--sensor", SENSOR, str(zipped), str(array)])
    assert 8 == env.count_events()


def test_send_reads_stdin(env: Sandbox) -> None:
    """`-` reads the events from stdin (here, gzipped)."""
    data = gzip.compress(
        "".join(json.dumps(payloads.navigation_event()) + "\n" for _ in range(7)).encode()
    )

    result = _cli(
        "send",
        "--sensor",
        SENSOR,
        "-",
        input=data.decode("latin-1"),
        env={**os.environ, **env.env},
        encoding="latin-1",
    )

    assert 0 == result.returncode, result.stderr
    assert 7 == env.count_events()


def test_an_invalid_json_line_is_named_and_nothing_is_sent(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A broken line stops the send before anything goes; the lines after it are still
    checked, so one run names every problem."""
    bad = payloads.navigation_event()
    del bad["eventTime"]
    source = tmp_path / "broken.jsonl"
    source.write_text(
        json.dumps(payloads.navigation_event()) + "\n{not json\n" + json.dumps(bad) + "\n"
    )

    code = main(["send", "--sensor", SENSOR, str(source)])

    out = capsys.readouterr().out.splitlines()
    assert 1 == code
    assert [
        f"{source}:2: (event): is not valid JSON: Expecting property name enclosed in double "
        "quotes (column 2)",
        f"{source}:3: eventTime: is required",
    ] == out
    assert 0 == env.count_events()


@pytest.mark.parametrize("command", ["send", "validate"])
@pytest.mark.parametrize("number", ["1e400", "-1e400", "NaN", "Infinity", "-Infinity"])
def test_a_number_that_is_not_finite_is_named_at_its_line_and_nothing_is_sent(
    env: Sandbox,
    tmp_path: pathlib.Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    number: str,
) -> None:
    """Python reads 1e400 as infinity and NaN as a float; the API cannot store either (the
    sandbox refuses them, as the client does): the line is refused, before any send."""
    good = json.dumps(payloads.navigation_event())
    bad = json.dumps({**payloads.navigation_event(), "extensions": {"score": 1.5}})
    source = tmp_path / "numbers.jsonl"
    source.write_text(good + "\n" + bad.replace("1.5", number) + "\n")

    code = main([command, "--sensor", SENSOR, str(source)])

    out = capsys.readouterr().out.splitlines()
    assert 1 == code
    assert out[0].startswith(f"{source}:2: (event): is not valid JSON: "), out
    assert number.lstrip("-") in out[0]
    assert 0 == env.count_events()


def test_invalid_events_are_each_named_by_file_line_and_path(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every problem of every line is printed, as FILE:LINE: PATH: MESSAGE; exit 1."""
    bad = payloads.activity_event()
    bad["actor"]["email"] = 7
    worse = {**payloads.activity_event(), "action": ["Completed"]}
    source = _jsonl(tmp_path / "bad.jsonl", [payloads.activity_event(), bad, worse])

    code = main(["send", "--sensor", SENSOR, str(source)])

    out = capsys.readouterr().out.splitlines()
    assert 1 == code
    assert [
        f"{source}:2: actor.email: must be a string (an email address)",
        f"{source}:3: action: must be a non-empty string",
    ] == out
    assert 0 == env.count_events()


def test_warnings_are_printed_and_sent_and_strict_refuses_them(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What only strict validation refuses is printed as a warning and sent; with --strict
    (or --validation strict) it is a problem and nothing is sent."""
    odd = payloads.activity_event()
    odd["actor"]["email"] = "nope"
    source = _jsonl(tmp_path / "odd.jsonl", [odd])

    sent = main(["send", "--sensor", SENSOR, str(source)])
    out = capsys.readouterr().out.splitlines()
    refused = main(["send", "--sensor", SENSOR, "--strict", str(source)])
    strict_out = capsys.readouterr().out.splitlines()

    assert (0, 1) == (sent, refused)
    assert f"{source}:1: actor.email: warning: must be an email address" == out[0]
    assert [f"{source}:1: actor.email: must be an email address"] == strict_out
    assert 1 == env.count_events()


def test_stream_validate_sends_until_the_first_invalid_event(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With --stream-validate, the batches before the bad line go; the error names the line."""
    events = [payloads.navigation_event() for _ in range(250)]
    events[180]["action"] = 42
    source = _jsonl(tmp_path / "events.jsonl", events)

    code = main(
        ["send", "--sensor", SENSOR, "--stream-validate", "--concurrency", "1", str(source)]
    )

    err = capsys.readouterr().err
    assert 1 == code
    assert f"{source}:181" in err
    assert 100 <= env.count_events() < 250


@pytest.mark.parametrize(
    ("stop", "exit_code"), [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGINT, 130)]
)
def test_a_stopped_send_resumes_from_its_checkpoint(
    env: Sandbox, tmp_path: pathlib.Path, stop: signal.Signals, exit_code: int
) -> None:
    """Kill or Ctrl-C mid-send, rerun with the same checkpoint: only the rest is sent, and
    each event is stored once."""
    events = [payloads.navigation_event() for _ in range(2000)]
    source = _jsonl(tmp_path / "events.jsonl", events)
    checkpoint = tmp_path / "send.ckpt"
    args = [
        "send",
        "--sensor",
        SENSOR,
        "--checkpoint",
        str(checkpoint),
        "--batch-size",
        "50",
        "--concurrency",
        "1",
        str(source),
    ]
    env.faults.add("send", "latency:0.05", 1.0)
    first = subprocess.Popen(
        [sys.executable, "-m", "timeback_caliper", *args],
        env={**os.environ, **env.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while env.count_events() < 300 and time.monotonic() - started < 60:
        time.sleep(0.01)
    first.send_signal(stop)
    _, first_err = first.communicate(timeout=30)
    at_kill = env.count_events()
    env.faults.clear()

    second = _cli(*args, env={**os.environ, **env.env})

    stored = [e["externalId"] for e in env.events()]
    assert 300 <= at_kill < 2000
    assert exit_code == first.returncode, first_err
    if stop == signal.SIGINT:
        assert b"rerun with --checkpoint" in first_err
    assert 0 == second.returncode, second.stderr
    assert (2000, 2000) == (len(stored), len(set(stored)))
    sent_again = int(second.stdout.split("sent ")[1].split(" events")[0].replace(",", ""))
    assert sent_again <= 2000 - at_kill + 50  # at most one batch whose ack was lost


def test_send_fails_when_a_job_fails(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--wait with a job that fails: the failure is reported and the exit code is 1."""
    env.faults.plan("send", ["fail"])
    source = _jsonl(tmp_path / "events.jsonl", [payloads.navigation_event()])

    code = main(["send", "--sensor", SENSOR, "--wait", str(source)])

    assert 1 == code
    assert "failed" in capsys.readouterr().err


def test_validate_offline_and_remote(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """validate checks with the library's rules, or with the API (events in envelopes of up
    to 100); either way each problem is named by file, line and path; problems exit 1."""
    good = _jsonl(tmp_path / "good.jsonl", [payloads.navigation_event(), payloads.activity_event()])
    wrong = payloads.activity_event()
    wrong["actor"]["email"] = 7
    bad = _jsonl(
        tmp_path / "bad.jsonl",
        [{**payloads.navigation_event(), "id": "x"}, payloads.navigation_event(), wrong],
    )

    assert 0 == main(["validate", str(good)])
    assert 0 == main(["validate", "--remote", str(good)])
    capsys.readouterr()
    assert 1 == main(["validate", str(bad)])
    offline = capsys.readouterr()
    assert 1 == main(["validate", "--remote", str(bad)])
    remote = capsys.readouterr()

    expected = [f"{bad}:1: id: must be a urn:uuid", f"{bad}:3: actor.email: must be a string"]
    assert expected == [
        line[: len(e)] for line, e in zip(offline.out.splitlines(), expected, strict=True)
    ]
    assert expected == [
        line[: len(e)] for line, e in zip(remote.out.splitlines(), expected, strict=True)
    ]
    assert "3 events checked with the API: 2 problems" in remote.err
    assert 2 == env.stats()["stats"]["requests validate"]


def test_events_list_export_and_get(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """list shows a page; export writes every event as JSON Lines or CSV; get prints one."""
    events = [payloads.activity_event(user=f"u{i}") for i in range(30)]
    main(["send", "--sensor", SENSOR, str(_jsonl(tmp_path / "e.jsonl", events))])
    capsys.readouterr()

    assert 0 == main(["events", "list", "--limit", "5", "--json"])
    page = json.loads(capsys.readouterr().out)
    jsonl = tmp_path / "export.jsonl"
    assert 0 == main(["events", "export", "--page-size", "7", "-o", str(jsonl)])
    csv_path = tmp_path / "export.csv"
    assert 0 == main(
        [
            "events",
            "export",
            "--format",
            "csv",
            "--columns",
            "externalId,actor.email",
            "--actor-email",
            "u3@example.edu",
            "-o",
            str(csv_path),
        ]
    )
    assert 0 == main(["events", "get", events[0]["id"]])
    got = json.loads(capsys.readouterr().out)

    assert (5, 30) == (len(page["events"]), page["total"])
    assert {e["id"] for e in events} == {
        json.loads(line)["externalId"] for line in jsonl.read_text().splitlines()
    }
    assert [["externalId", "actor.email"], [events[3]["id"], "u3@example.edu"]] == list(
        csv.reader(io.StringIO(csv_path.read_text()))
    )
    assert events[0]["id"] == got["externalId"]


def test_jobs_status_and_wait(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """jobs status prints a job as JSON; jobs wait waits for several and fails on a failed one."""
    env.set_job_timing("polls:2")
    main(
        [
            "send",
            "--sensor",
            SENSOR,
            "--jobs-file",
            str(tmp_path / "j"),
            str(_jsonl(tmp_path / "e.jsonl", [payloads.navigation_event()])),
        ]
    )
    job_id = json.loads((tmp_path / "j").read_text())["jobId"]
    capsys.readouterr()

    assert 0 == main(["jobs", "status", job_id])
    status = json.loads(capsys.readouterr().out)
    assert 0 == main(["jobs", "wait", job_id])
    waited = capsys.readouterr().out
    assert 1 == main(["jobs", "wait", job_id, "424242", "--wait-timeout", "2"])

    assert (job_id, "waiting") == (status["id"], status["state"])
    assert f"{job_id}: completed (1 events)" in waited


def test_token_hides_the_token_unless_asked(
    env: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    """token proves the credentials and shows the lifetime; the token only with --show-token."""
    assert 0 == main(["token"])
    plain = capsys.readouterr().out
    assert 0 == main(["token", "--show-token"])
    shown = capsys.readouterr().out.splitlines()

    assert "credentials OK" in plain
    assert "3,600 s" in plain
    assert 2 == len(shown)
    assert shown[1] not in plain
    assert env.client_secret not in plain + "\n".join(shown)


def test_wrong_credentials_are_one_line_with_exit_1(env: Sandbox) -> None:
    """An error is one line on stderr, no traceback, exit 1; --debug shows the traceback."""
    result = _cli("token", "--client-secret", "wrong", env={**os.environ, **env.env})
    debug = _cli("token", "--client-secret", "wrong", "--debug", env={**os.environ, **env.env})

    assert (1, 1) == (result.returncode, len(result.stderr.strip().splitlines()))
    assert result.stderr.startswith(
        f"error: the credentials were refused by {env.auth_url} (401: token request refused "
        "(invalid_client"
    )
    assert result.stderr.rstrip().endswith(
        "check TIMEBACK_API_CLIENT_ID/SECRET (or --client-id/--client-secret); "
        "try timeback-caliper token"
    )
    assert "Traceback" in debug.stderr
    assert "wrong" not in result.stderr


def test_missing_settings_say_what_to_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no configuration, the error names the variable to set."""
    for name in list(os.environ):
        if name.startswith(("TIMEBACK_", "CALIPER_")):
            monkeypatch.delenv(name)

    assert 1 == main(["events", "list"])
    err = capsys.readouterr().err
    assert "TIMEBACK_API_BASE_URL" in err
    assert "pass --base-url, or --env staging|production" in err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["send"],
        ["validate"],
        ["events"],
        ["events", "list"],
        ["events", "export"],
        ["events", "get"],
        ["jobs"],
        ["jobs", "status"],
        ["jobs", "wait"],
        ["token"],
        ["sandbox"],
    ],
    ids=lambda c: "-".join(c) or "top",
)
def test_every_command_has_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """--help works everywhere and says something about the command."""
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])

    assert 0 == exited.value.code
    assert "usage: timeback-caliper" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown option is argparse's error and exit code 2."""
    with pytest.raises(SystemExit) as exited:
        main(["send", "--nope", "x"])

    assert 2 == exited.value.code


def test_sandbox_command_serves_and_stops(tmp_path: pathlib.Path) -> None:
    """`timeback-caliper sandbox` prints the exports and the inspector's address, and stops
    cleanly on SIGTERM."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeback_caliper", "sandbox", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)

    assert first.startswith("export TIMEBACK_API_BASE_URL=http://127.0.0.1:")
    base = first.strip().partition("=")[2]
    assert f"# inspector (what it received, live): {base}/_sandbox/" in err.splitlines()
    assert 0 == proc.returncode, err


def _stored(env: Sandbox) -> list[str]:
    return [e["externalId"] for e in env.events()]


def test_events_of_a_failed_job_leave_the_checkpoint_and_a_rerun_sends_them(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--wait finds the first job failed: exit 1, its events are taken out of the
    checkpoint, and the rerun sends exactly those."""
    events = [payloads.navigation_event() for _ in range(30)]
    source = _jsonl(tmp_path / "events.jsonl", events)
    args = ["send", "--sensor", SENSOR, "--batch-size", "10", "--concurrency", "1"]
    args += ["--checkpoint", str(tmp_path / "c"), "--wait", str(source)]
    env.faults.plan("send", ["fail"])

    first = main(args)
    first_out = capsys.readouterr()
    stored_after_first = len(_stored(env))
    second = main(args)
    second_out = capsys.readouterr()

    assert (1, 20) == (first, stored_after_first)
    assert "jobs: 2 completed, 1 failed" in first_out.out
    assert "10 events of failed jobs taken out of" in first_out.err
    assert 0 == second
    assert "sent 10 events in 1 envelope" in second_out.out
    assert "skipped 20 sent by an earlier run (checkpoint)" in second_out.out
    assert sorted(e["id"] for e in events) == sorted(_stored(env))


def test_repeated_ids_are_sent_once_and_noted_by_validate(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file holding the same event many times: send sends it once and says so; validate
    notes the repeats without calling them problems."""
    event = payloads.navigation_event()
    other = payloads.navigation_event()
    source = _jsonl(tmp_path / "dup.jsonl", [event] * 150 + [other])

    validated = main(["validate", "--sensor", SENSOR, str(source)])
    validate_out = capsys.readouterr()
    remote = main(["validate", "--remote", "--sensor", SENSOR, str(source)])
    remote_out = capsys.readouterr()
    sent = main(["send", "--sensor", SENSOR, "--checkpoint", str(tmp_path / "c"), str(source)])
    send_out = capsys.readouterr()

    note = (
        f"note: 149 events repeat an earlier event's id ({source}:2 repeats the id of "
        f"{source}:1); send sends each id once"
    )
    assert (0, 0) == (validated, remote)
    assert note in validate_out.err
    assert note in remote_out.err  # the API's check counts as the offline one
    assert "151 events checked with the API: 0 problems" in remote_out.err
    assert "151 events checked with this library's rules: 0 problems" in validate_out.err
    assert 0 == sent
    assert "sent 2 events in 1 envelope" in send_out.out
    assert "skipped 149 repeated ids" in send_out.out
    assert sorted([event["id"], other["id"]]) == sorted(_stored(env))


def test_a_bad_line_while_streaming_stops_after_sending_everything_before_it(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--stream-validate: the events before a broken line all go (batches in flight finish,
    and the checkpoint has them); the summary and the line are printed; once the line is
    fixed, a rerun sends only the rest."""
    events = [payloads.navigation_event() for _ in range(1200)]
    lines = [json.dumps(e) for e in events]
    source = tmp_path / "events.jsonl"
    source.write_text("\n".join([*lines[:1000], "{broken", *lines[1000:]]) + "\n")
    args = ["send", "--sensor", SENSOR, "--stream-validate", "--batch-size", "50"]
    args += ["--checkpoint", str(tmp_path / "c"), str(source)]

    first = main(args)
    first_out = capsys.readouterr()
    stored_after_first = sorted(_stored(env))
    source.write_text("\n".join(lines) + "\n")
    second = main(args)
    second_out = capsys.readouterr()

    assert 1 == first
    assert sorted(e["id"] for e in events[:1000]) == stored_after_first
    assert "sent 1,000 events in 20 envelopes" in first_out.out
    assert f"error: send stopped: {source}:1001: is not valid JSON" in first_out.err
    assert f"fix it, then rerun with --checkpoint {tmp_path / 'c'}" in first_out.err
    assert 0 == second
    assert "sent 200 events" in second_out.out
    assert "skipped 1,000 sent by an earlier run" in second_out.out
    assert 1200 == len(_stored(env))


def test_an_event_too_large_for_a_batch_is_named_by_its_line(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event bigger than --batch-bytes stops the send at its file and line."""
    events = [payloads.navigation_event() for _ in range(5)]
    events[3]["extensions"] = {"blob": "x" * 5000}
    source = _jsonl(tmp_path / "events.jsonl", events)

    code = main(["send", "--sensor", SENSOR, "--batch-bytes", "4096", str(source)])

    err = capsys.readouterr().err
    assert 1 == code
    assert f"error: send stopped: {source}:4: Event too large" in err
    assert "fix the data, then rerun" in err
    assert 3 == len(_stored(env))


@pytest.mark.parametrize(
    "args",
    [
        ["send", "--sensor", SENSOR, "--wait", "--wait-timeout", "-1", "f"],
        ["send", "--batch-size", "0", "f"],
        ["send", "--concurrency", "0", "f"],
        ["send", "--batch-bytes", "10", "f"],
        ["events", "list", "--limit", "0"],
        ["events", "list", "--offset", "-5"],
        ["events", "list", "--start-date", "last tuesday"],
        ["events", "export", "--page-size", "0"],
        ["events", "export", "--max-items", "0"],
        ["events", "export", "--format", "csv", "--columns", ",,"],
        ["jobs", "wait", "1", "--wait-timeout", "nope"],
    ],
    ids=lambda a: " ".join(a[:4]),
)
def test_bad_option_values_are_usage_errors(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Out-of-range numbers, bad dates and bad columns: exit 2 before anything is read or
    sent, with argparse's one-line reason."""
    with pytest.raises(SystemExit) as exited:
        main(args)

    err = capsys.readouterr().err
    assert 2 == exited.value.code
    assert "error: argument" in err


def test_validate_reads_stdin_and_leaves_no_copy_behind(
    env: Sandbox, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`-` is stdin, named <stdin> in problems; the copy a two-pass send makes is removed."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    bad = {**payloads.navigation_event(), "id": "x"}
    text = "\n".join(json.dumps(e) for e in [payloads.navigation_event(), bad]) + "\n"

    validated = _cli("validate", "--sensor", SENSOR, "-", input=text, env={**os.environ})
    sent = _cli("send", "--sensor", SENSOR, "-", input=text, env={**os.environ, **env.env})

    assert 1 == validated.returncode
    assert validated.stdout.startswith("<stdin>:2: id: must be a urn:uuid")
    assert 1 == sent.returncode
    assert sent.stdout.startswith("<stdin>:2: id: must be a urn:uuid")
    assert [] == list(tmp_path.glob("timeback-caliper-stdin-*"))


def test_unreadable_input_is_named_and_the_rest_still_checked(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Non-UTF-8 and broken lines (the first one too), truncated gzip, a directory, a
    missing file: each named, one line, no traceback; good lines around them are checked."""
    good = json.dumps(payloads.navigation_event()).encode()
    bad = json.dumps({**payloads.navigation_event(), "id": "x"}).encode()
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b"{broken\n" + good + b"\n" + b'{"x": "\xff"}\n\n' + bad + b"\n")
    truncated = tmp_path / "cut.jsonl.gz"
    truncated.write_bytes(gzip.compress(good * 200)[:200])
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n")

    code = main(["validate", "--sensor", SENSOR, str(mixed), str(truncated), str(empty)])
    out = capsys.readouterr().out.splitlines()
    missing = main(["validate", str(tmp_path / "nope.jsonl")])
    directory = main(["validate", str(tmp_path)])
    errors = capsys.readouterr().err

    expected = [
        f"{mixed}:1: (event): is not valid JSON: Expecting property name enclosed in double "
        "quotes (column 2)",
        f"{mixed}:3: (event): is not UTF-8 text (byte 0xff at column 8)",
        f"{mixed}:5: id: must be a urn:uuid",
        f"{truncated}: (event): cannot be read: Compressed file ended",
    ]
    assert 1 == code
    assert expected == [line[: len(e)] for line, e in zip(out, expected, strict=True)]
    assert (1, 1) == (missing, directory)
    assert f"error: {tmp_path / 'nope.jsonl'}: does not exist" in errors
    assert f"error: {tmp_path}: is a directory" in errors
    assert "Traceback" not in errors


def test_a_pretty_printed_array_is_reported_by_file_line(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Elements of an indented JSON array (after a blank line and a BOM) are named by the
    line they start on."""
    events = [payloads.navigation_event() for _ in range(3)]
    events[2]["action"] = 5
    source = tmp_path / "events.json"
    source.write_text("\n\ufeff" + json.dumps(events, indent=2), encoding="utf-8")
    start = 2 + 1 + 2 * len(json.dumps(events[0], indent=2).splitlines())

    code = main(["validate", "--sensor", SENSOR, str(source)])

    out = capsys.readouterr().out
    assert 1 == code
    assert out.startswith(f"{source}:{start}: action: ")


def test_csv_columns_no_event_has_are_warned_about(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A column no exported event has a value for is probably a typo: say so."""
    main(["send", "--sensor", SENSOR, str(_jsonl(tmp_path / "e", [payloads.activity_event()]))])
    capsys.readouterr()

    code = main(["events", "export", "--format", "csv", "--columns", "externalId,actor.emial"])

    captured = capsys.readouterr()
    assert 0 == code
    assert "warning: no event had a value for actor.emial" in captured.err
    assert captured.out.startswith("externalId,actor.emial\r\n")


def test_list_prints_a_table_and_unknown_ids_exit_1(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """events list shows one line per event and the paging; an unknown event or job is a
    one-line error with exit 1."""
    events = [payloads.activity_event(user=f"u{i}") for i in range(3)]
    main(["send", "--sensor", SENSOR, str(_jsonl(tmp_path / "e", events))])
    capsys.readouterr()

    listed = main(["events", "list", "--limit", "2"])
    table = capsys.readouterr()
    unknown_event = main(["events", "get", "urn:uuid:00000000-0000-4000-8000-000000000000"])
    unknown_job = main(["jobs", "status", "424242"])
    errors = capsys.readouterr().err.splitlines()

    assert 0 == listed
    assert 2 == len(table.out.splitlines())
    assert "ActivityEvent/Completed  u2@example.edu  " + events[2]["id"] in table.out
    assert "2 of 3 events; next --offset 2" in table.err
    assert (1, 1) == (unknown_event, unknown_job)
    assert 2 == len(errors)
    assert all(line.startswith("error: 404") for line in errors)


def test_plain_progress_lines_say_count_share_eta_and_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Off a terminal, progress is a plain line on stderr at most every `every` seconds."""
    progress = Progress("sent", 200, every=0.0)

    progress.add(50)

    line = capsys.readouterr().err.strip()
    assert re.fullmatch(r"sent: 50 / 200 \(25 %\), ETA \d+ s, [\d,]+ events/s", line), line


def test_debug_may_come_before_the_command(env: Sandbox) -> None:
    """`timeback-caliper --debug token` is as good as `timeback-caliper token --debug`."""
    result = _cli("--debug", "token", env={**os.environ, **env.env})

    assert 0 == result.returncode, result.stderr
    assert "DEBUG" in result.stderr


def test_a_checkpoint_that_is_not_a_database_is_named_before_anything_is_read(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A checkpoint path that is not SQLite: one line naming it, nothing sent."""
    checkpoint = tmp_path / "c"
    checkpoint.write_text("not a database, just text" * 100)
    source = _jsonl(tmp_path / "e", [payloads.navigation_event()])

    code = main(["send", "--sensor", SENSOR, "--checkpoint", str(checkpoint), str(source)])

    assert 1 == code
    assert f"error: {checkpoint}: is not a checkpoint" in capsys.readouterr().err
    assert 0 == env.count_events()


def test_another_programs_database_as_checkpoint_is_refused_and_left_untouched(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A SQLite file that is not our checkpoint (another program's, or a sender's spool) is
    refused before anything is read or sent, and not modified."""
    import sqlite3

    checkpoint = tmp_path / "app.db"
    with contextlib.closing(sqlite3.connect(checkpoint)) as conn, conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY)")
    before = checkpoint.read_bytes()
    source = _jsonl(tmp_path / "e", [payloads.navigation_event() for _ in range(10)])

    code = main(["send", "--sensor", SENSOR, "--checkpoint", str(checkpoint), str(source)])

    assert (1, before) == (code, checkpoint.read_bytes())
    assert "is not a checkpoint of this command (a SQLite database with tables: users)" in (
        capsys.readouterr().err
    )
    assert 0 == env.count_events()


def test_a_second_send_on_the_same_checkpoint_is_refused(
    env: Sandbox, tmp_path: pathlib.Path
) -> None:
    """One process per checkpoint: while a send runs, another on the same checkpoint is
    refused at once with a clear line, and every event is stored once."""
    events = [payloads.navigation_event() for _ in range(400)]
    source = _jsonl(tmp_path / "events.jsonl", events)
    checkpoint = tmp_path / "send.ckpt"
    args = ["send", "--sensor", SENSOR, "--checkpoint", str(checkpoint), "--batch-size", "20"]
    env.faults.add("send", "latency:0.3", 1.0)  # the first runs for 6 s
    first = subprocess.Popen(
        [sys.executable, "-m", "timeback_caliper", *args, "--concurrency", "1", str(source)],
        env={**os.environ, **env.env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    while env.count_events() < 20 and time.monotonic() - started < 60:
        time.sleep(0.01)

    second = _cli(*args, str(source), env={**os.environ, **env.env})
    still_running = first.poll() is None
    first.communicate(timeout=60)

    stored = [e["externalId"] for e in env.events()]
    assert still_running  # else the test proved nothing: the first was done too early
    assert (1, 0) == (second.returncode, first.returncode)
    assert "is in use by another send (one process per checkpoint)" in second.stderr
    assert 1 == len(second.stderr.strip().splitlines()), second.stderr
    assert (400, 400) == (len(stored), len(set(stored)))


def test_spool_commands_show_requeue_and_purge_dead_letters(
    env: Sandbox, tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Events whose job failed sit in the spool's dead letters: `spool status` counts them
    by reason, `spool dead` lists them, `spool requeue` puts them back (and the next sender
    delivers them), `spool purge` deletes the rest."""
    from timeback_caliper import Sender

    spool = tmp_path / "spool.db"
    env.faults.plan("send", ["fail", "fail"])
    events = [payloads.navigation_event() for _ in range(6)]
    with Sender(sensor=SENSOR, spool=spool, track_jobs=True, job_poll_interval=0.05) as sender:
        for event in events[:3]:
            sender.enqueue(event)
        sender.flush(10)
        for event in events[3:]:
            sender.enqueue(event)
        sender.flush(10)
        deadline = time.monotonic() + 10
        while sender.stats().jobs_tracked and time.monotonic() < deadline:
            time.sleep(0.05)
    capsys.readouterr()

    assert 0 == main(["spool", "status", str(spool)])
    status = json.loads(capsys.readouterr().out)
    assert 0 == main(["spool", "dead", str(spool)])
    dead = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    first_seq = dead[0]["seq"]
    assert 0 == main(["spool", "requeue", "--seq", str(first_seq), str(spool)])
    requeued = capsys.readouterr().out
    with Sender(sensor=SENSOR, spool=spool) as sender:
        assert sender.flush(10)
    assert 0 == main(["spool", "purge", "--all", str(spool)])
    purged = capsys.readouterr().out
    assert 0 == main(["spool", "status", str(spool)])
    after = json.loads(capsys.readouterr().out)

    assert (6, 0) == (status["dead"], status["queued"])
    assert ["job"] == sorted({reason.split()[0].lower() for reason in status["dead_by_reason"]})
    assert {e["id"] for e in events} == {d["event"]["id"] for d in dead}
    assert "requeued 1 dead letter(s)" in requeued
    assert [dead[0]["event"]["id"]] == [e["externalId"] for e in env.events()]
    assert "purged 5 dead letter(s)" in purged
    assert (0, 0) == (after["dead"], after["queued"])


def test_spool_commands_name_a_file_that_is_not_a_spool(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = main(["spool", "status", str(tmp_path / "nope.db")])
    (tmp_path / "text").write_text("hello" * 100)
    text = main(["spool", "dead", str(tmp_path / "text")])

    err = capsys.readouterr().err
    assert (1, 1) == (missing, text)
    assert f"{tmp_path / 'nope.db'}: no such spool" in err
    assert f"spool {tmp_path / 'text'}: the file is not a SQLite database" in err
