"""No message shows a database password, however malformed the URL (an unencoded `%`, `@`,
`/` or space in the password, an unclosed IPv6 bracket, `password=` in the query): not a
SpoolError's message or repr, not a log record, not the output of `relay` or `spool
status`."""

from __future__ import annotations

import logging
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.outbox.conftest import Relays, new_database
from tests.postgres import PostgresServer
from tests.reliability.scenario import SENSOR, event
from tests.spec_tools import ROOT
from timeback_caliper import Sender, SpoolError
from timeback_caliper._core.redact import redacted, scrubbed
from timeback_caliper._pg_spool import PostgresSpool, migrate
from timeback_caliper.sandbox import Sandbox

PIECES = ("Secr3t", "zzPW")  # every password below holds both


def _malformed(url: str) -> dict[str, str]:
    """The database at `url` (which has no password) behind malformed URLs that do."""
    head, tail = url.split("@", 1)
    host_port, database = tail.split("/", 1)
    port = host_port.rsplit(":", 1)[1]
    return {
        "percent": f"{head}:Secr3t%zzPW@{tail}",
        "space": f"{head}:Secr3t zzPW@{tail}",
        "ipv6": f"{head}:Secr3tzzPW@[::1:{port}/{database}",
        "at": f"{head}:Secr3t@zzPW@{tail}",
        "slash": f"{head}:Secr3t/zzPW@{tail}",
        "query": f"{url}?password=Secr3tzzPW&bogus=1",
    }


def _clean(text: str) -> bool:
    return not any(piece in text for piece in PIECES)


@pytest.fixture(scope="module")
def urls(postgres: PostgresServer) -> dict[str, str]:
    return _malformed(new_database(postgres))


@pytest.mark.parametrize("kind", ["percent", "space", "ipv6", "at", "slash", "query"])
def test_spool_errors_from_malformed_urls_show_no_password(
    urls: dict[str, str], kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Opening a spool, migrating and making a sender: each refuses the URL with a
    SpoolError whose message, repr and path hold no piece of the password, and logs none."""
    url = urls[kind]
    caplog.set_level(logging.DEBUG)
    errors = []
    for attempt in (
        lambda: PostgresSpool(url, 10),
        lambda: migrate(url),
        lambda: Sender(
            sensor=SENSOR,
            spool=url,
            base_url="http://127.0.0.1:9",
            client_id="x",
            client_secret="y",
            auth_url="http://127.0.0.1:9/token",
        ),
    ):
        with pytest.raises(SpoolError) as caught:
            attempt()
        errors.append(caught.value)

    shown = [f"{e} {e!r} {e.path} {e.message}" for e in errors]
    assert [] == [s for s in shown if not _clean(s)]
    assert _clean(caplog.text)
    assert {"bad-url"} == {e.reason for e in errors}


@pytest.mark.parametrize("command", ["relay", "spool-status"])
def test_the_command_line_shows_no_password_of_a_malformed_url(
    urls: dict[str, str], command: str, caliper_sandbox: Sandbox
) -> None:
    """`relay --spool URL` and `spool status URL` exit 1 for each malformed URL, saying
    why on stderr, without any piece of the password on stdout or stderr."""
    outputs = []
    for url in urls.values():
        args = ["relay", "--spool", url] if command == "relay" else ["spool", "status", url]
        done = subprocess.run(
            [sys.executable, "-m", "timeback_caliper", *args],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            env={**os.environ, **caliper_sandbox.env},
        )
        outputs.append((done.returncode, done.stdout + done.stderr))

    assert [(1, True)] * len(urls) == [(code, _clean(out)) for code, out in outputs], outputs
    assert all("the URL cannot be used" in out for _, out in outputs)


def test_an_outage_is_logged_without_the_password(
    postgres: PostgresServer, caliper_sandbox: Sandbox, caplog: pytest.LogCaptureFixture
) -> None:
    """A sender on a URL with a password (the test server ignores it) logs the outage and
    its end; no record, repr or stats holds the password."""
    url = new_database(postgres).replace("caliper@", "caliper:Secr3t%25zzPW@")
    caplog.set_level(logging.DEBUG)
    with Sender(sensor=SENSOR, spool=url, **caliper_sandbox.client_kwargs()) as sender:
        sender.enqueue(event("secret-outage", 0))
        assert sender.flush(10)
        postgres.stop("immediate")
        try:
            assert not sender.flush(1.5)  # waits for the spool, up to its timeout
            during = sender.stats()
        finally:
            postgres.start()
        assert sender.flush(10)
        shown = f"{sender!r} {during} {sender.stats()}"

    assert "waiting for it" in caplog.text
    assert "cannot be reached" in str(during.last_error)
    assert _clean(caplog.text)
    assert _clean(shown)


def test_a_relay_waiting_for_its_database_shows_no_password(
    caliper_sandbox: Sandbox, tmp_path: Path
) -> None:
    """A relay started while nothing answers at its URL (with a password) says it waits,
    without the password, and stops on SIGTERM with 0."""
    group = Relays(caliper_sandbox, "postgresql://caliper:Secr3t%25zzPW@127.0.0.1:9/db", tmp_path)
    relay = group.start()
    deadline = time.monotonic() + 30
    while "waiting for it" not in group.log(0):
        assert time.monotonic() < deadline, group.log(0)
        time.sleep(0.05)
    relay.send_signal(signal.SIGTERM)

    assert 0 == relay.wait(30)
    assert _clean(group.log(0)), group.log(0)


PASSWORD = st.text(alphabet="aZ9%@/:?# []!$&'()+,;=", min_size=6, max_size=16)


@settings(max_examples=300)
@given(password=PASSWORD, query=st.booleans())
def test_redaction_leaves_no_password_however_the_url_is_written(
    password: str, query: bool
) -> None:
    """For any password (unencoded reserved characters included), neither the redacted URL
    nor a driver message quoting the URL and the password, scrubbed, holds it or any piece
    of it a parser may cut off (at `@ / ? #`) of four characters or more."""
    if query:
        password = password.replace("&", "")  # an unencoded `&` ends a query parameter
        url = f"postgresql://caliper@db.example:5432/app?sslmode=require&password={password}"
    else:
        url = f"postgresql://caliper:{password}@db.example:5432/app"
    message = f'invalid token: "{password}" in URI: "{url}"'
    pieces = [p for p in re.split(r"[@/?#]", password) if len(p) >= 4]

    for shown in (redacted(url), scrubbed(message, url)):
        assert [] == [p for p in [password, *pieces] if p in shown], shown
    assert "db.example:5432/app" in redacted(url)
