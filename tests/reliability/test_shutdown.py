"""SIGTERM, as `docker stop`, Kubernetes and systemd send it, under the servers people use:
no event queued when the signal arrives is lost.

Every app keeps its events queued (no batch is due before an hour), so only the shutdown
path can deliver them.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

import httpx
import pytest

from tests.reliability.scenario import event
from tests.spec_tools import ROOT
from timeback_caliper.sandbox import Sandbox

BIN = os.path.dirname(sys.executable)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _start(sandbox: Sandbox, command: list[str], **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **sandbox.env, "PYTHONFAULTHANDLER": "1", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _serve_requests(process: subprocess.Popen[str], port: int, count: int) -> None:
    """Wait for the server, then make `count` requests, each queueing one event."""
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as http:
        while True:
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                http.get("/health")
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
        for i in range(count):
            assert 200 == http.get("/event", params={"i": i}).status_code


def _stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    """SIGTERM, then the exit code and the output; a process still running after 30 s
    is made to dump its threads' stacks (faulthandler, on SIGABRT) into the output."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        output, _ = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGABRT)
        output, _ = process.communicate(timeout=30)
        raise AssertionError(f"still running 30 s after SIGTERM:\n{output}") from None
    return process.returncode, f"{output}\n(stopped in {time.monotonic() - started:.1f} s)"


def _stored(sandbox: Sandbox, prefix: str, count: int) -> tuple[int, int]:
    """(events of the prefix stored, distinct), out of `count`."""
    wanted = {event(prefix, i)["id"] for i in range(count)}
    stored = [e["externalId"] for e in sandbox.events() if e["externalId"] in wanted]
    return len(stored), len(set(stored))


@pytest.mark.parametrize("workers", [1, 2])
def test_gunicorn_delivers_every_queued_event_on_sigterm(
    caliper_sandbox: Sandbox, workers: int
) -> None:
    """gunicorn's graceful stop ends each worker with a normal exit: the sender's exit
    hook flushes (bounded), with no option needed."""
    port = _free_port()
    process = _start(
        caliper_sandbox,
        [
            f"{BIN}/gunicorn",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "tests.reliability.servers:wsgi",
        ],
        TIMEBACK_TEST_PREFIX=f"gunicorn-{workers}",
    )
    _serve_requests(process, port, 200)

    code, output = _stop(process)

    assert 0 == code, output
    assert (200, 200) == _stored(caliper_sandbox, f"gunicorn-{workers}", 200), output


def test_uvicorn_delivers_every_queued_event_on_sigterm(caliper_sandbox: Sandbox) -> None:
    """uvicorn turns SIGTERM into the app's shutdown: the lifespan closes the AsyncSender,
    which flushes (then uvicorn ends by the signal it caught, as it has since 0.29)."""
    port = _free_port()
    process = _start(
        caliper_sandbox,
        [
            f"{BIN}/uvicorn",
            "--factory",
            "--port",
            str(port),
            "--lifespan",
            "on",
            "tests.reliability.servers:asgi",
        ],
        TIMEBACK_TEST_PREFIX="uvicorn",
    )
    _serve_requests(process, port, 200)

    code, output = _stop(process)

    assert code in (0, -signal.SIGTERM), output
    assert "Application shutdown complete" in output
    assert (200, 200) == _stored(caliper_sandbox, "uvicorn", 200), output


@pytest.mark.parametrize(
    ("framework", "command", "env"),
    [
        (
            "django",
            ["gunicorn", "--workers", "2", "tests.reliability.django_site:application"],
            {"DJANGO_SETTINGS_MODULE": "tests.reliability.django_site"},
        ),
        ("flask", ["gunicorn", "--workers", "2", "tests.reliability.servers:flask_app()"], {}),
        (
            "fastapi",
            ["uvicorn", "--factory", "--lifespan", "on", "tests.reliability.servers:fastapi_app"],
            {},
        ),
    ],
)
def test_each_framework_integration_delivers_every_queued_event_on_sigterm(
    caliper_sandbox: Sandbox, framework: str, command: list[str], env: dict[str, str]
) -> None:
    """The integrations as their docs set them up, under the server each is deployed with:
    events still queued at SIGTERM (none due before an hour) are all delivered, once."""
    port = _free_port()
    where = ["--bind", f"127.0.0.1:{port}"] if command[0] == "gunicorn" else ["--port", str(port)]
    process = _start(
        caliper_sandbox,
        [f"{BIN}/{command[0]}", *where, *command[1:]],
        TIMEBACK_TEST_PREFIX=f"contrib-{framework}",
        **env,
    )
    try:
        _serve_requests(process, port, 200)
    except BaseException:
        process.kill()
        process.communicate()
        raise

    code, output = _stop(process)

    assert code in (0, -signal.SIGTERM), output
    assert (200, 200) == _stored(caliper_sandbox, f"contrib-{framework}", 200), output


def _plain(sandbox: Sandbox, prefix: str, *flags: str) -> subprocess.Popen[str]:
    process = _start(
        sandbox,
        [
            sys.executable,
            "-m",
            "tests.reliability.scenario",
            "sigterm",
            "--count",
            "300",
            "--batch",
            "1000",  # no batch is ever full: none is due before SIGTERM
            "--prefix",
            prefix,
            *flags,
        ],
    )
    assert process.stdout is not None
    assert "ready" == process.stdout.readline().strip()
    return process


def test_a_plain_process_flushes_on_sigterm_when_asked(caliper_sandbox: Sandbox) -> None:
    """flush_on_sigterm=True: the process (a script, or PID 1 in a container, where SIGTERM
    would otherwise end it at once or be ignored) flushes, then exits with 143."""
    process = _plain(caliper_sandbox, "plain-flush", "--flush-on-sigterm")

    code, output = _stop(process)

    assert 128 + signal.SIGTERM == code, output
    assert (300, 300) == _stored(caliper_sandbox, "plain-flush", 300), output


def test_without_the_option_sigterm_ends_a_plain_process_at_once(
    caliper_sandbox: Sandbox,
) -> None:
    """The default the option exists for: SIGTERM ends the process before anything is
    sent (the README says to opt in, or to use a spool, which keeps them for the next
    start)."""
    process = _plain(caliper_sandbox, "plain-default")

    code, output = _stop(process)

    assert -signal.SIGTERM == code, output
    assert (0, 0) == _stored(caliper_sandbox, "plain-default", 300), output


def test_an_async_sender_refuses_the_option_with_a_pointer_to_lifespan() -> None:
    from timeback_caliper import AsyncSender, InputValidationError

    kwargs: dict[str, Any] = {"base_url": "http://127.0.0.1:9", "client_id": "i"}
    with pytest.raises(InputValidationError) as caught:
        AsyncSender(sensor="https://s", flush_on_sigterm=True, client_secret="s", **kwargs)

    assert ["flush_on_sigterm"] == [i.path for i in caught.value.issues]
    assert "shutdown hook" in str(caught.value)
