"""`python -m timeback_caliper.sandbox`: exports first, serves, stops cleanly on signals."""

from __future__ import annotations

import os
import pathlib
import signal
import socket
import subprocess
import sys

import httpx
import pytest


def _start(*args: str) -> tuple[subprocess.Popen[str], dict[str, str]]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "timeback_caliper.sandbox", "--port", "0", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    env: dict[str, str] = {}
    for _ in range(4):
        line = proc.stdout.readline()
        assert line.startswith("export "), line
        name, _, value = line.removeprefix("export ").strip().partition("=")
        env[name] = value
    return proc, env


def _stop(proc: subprocess.Popen[str], sig: int) -> tuple[int, str]:
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=20)
    return proc.returncode, err


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_prints_exports_serves_and_stops_cleanly(sig: int) -> None:
    """The first four lines configure a client; a signal stops the server with exit code 0."""
    proc, env = _start()
    try:
        token = httpx.post(
            env["TIMEBACK_API_AUTH_URL"],
            auth=(env["TIMEBACK_API_CLIENT_ID"], env["TIMEBACK_API_CLIENT_SECRET"]),
            data={"grant_type": "client_credentials"},
        ).json()["access_token"]
        listed = httpx.get(
            f"{env['TIMEBACK_API_BASE_URL']}/caliper/events",
            headers={"Authorization": f"Bearer {token}"},
        )
        page = httpx.get(f"{env['TIMEBACK_API_BASE_URL']}/_sandbox/")
    finally:
        code, err = _stop(proc, sig)

    assert [
        "TIMEBACK_API_BASE_URL",
        "TIMEBACK_API_AUTH_URL",
        "TIMEBACK_API_CLIENT_ID",
        "TIMEBACK_API_CLIENT_SECRET",
    ] == list(env)
    assert 200 == listed.status_code
    assert 0 == code, err
    inspector = f"# inspector (what it received, live): {env['TIMEBACK_API_BASE_URL']}/_sandbox/"
    assert inspector in err.splitlines()
    assert (200, "text/html; charset=utf-8") == (page.status_code, page.headers["content-type"])
    assert "sandbox stopped" in err
    assert "Traceback" not in err


def test_flags_set_credentials_faults_and_a_kept_database(tmp_path: pathlib.Path) -> None:
    """--client-id/--client-secret/--fault/--db are honoured; the db file stays."""
    db = tmp_path / "kept.db"
    proc, env = _start(
        "--client-id", "me", "--client-secret", "s3cret", "--fault", "list:503:0@1", "--db", str(db)
    )
    try:
        token = httpx.post(
            env["TIMEBACK_API_AUTH_URL"],
            auth=("me", "s3cret"),
            data={"grant_type": "client_credentials"},
        ).json()["access_token"]
        listed = httpx.get(
            f"{env['TIMEBACK_API_BASE_URL']}/caliper/events",
            headers={"Authorization": f"Bearer {token}"},
        )
    finally:
        code, _ = _stop(proc, signal.SIGTERM)

    assert ("me", "s3cret") == (env["TIMEBACK_API_CLIENT_ID"], env["TIMEBACK_API_CLIENT_SECRET"])
    assert (503, 0) == (listed.status_code, code)
    assert db.exists()


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--fault", "send:418"], "unknown fault '418'"),
        (["--job-timing", "later"], "job-timing"),
        (["--fault-plan", "mail:503"], "unknown route 'mail'"),
    ],
)
def test_bad_flags_are_one_clear_line(args: list[str], error: str) -> None:
    """A mistyped flag exits 2 with argparse's message, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "timeback_caliper.sandbox", *args],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ},
        check=False,
    )

    assert 2 == result.returncode
    assert error in result.stderr
    assert "Traceback" not in result.stderr


def test_a_taken_port_is_one_line_naming_it() -> None:
    """Another server on the port: exit 1 and a line that says which address, no traceback."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "timeback_caliper.sandbox", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert 1 == done.returncode
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
