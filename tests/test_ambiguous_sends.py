"""What "exactly once" rests on, shown: each retry setting against a sandbox that keeps an
event id once (what we assume of the API) and one that stores it again, under the two
faults that leave a send ambiguous (a 500, a reply lost after the events were stored)."""

from __future__ import annotations

import pathlib
from typing import Any

import pytest

from tests import payloads
from timeback_caliper import (
    ApiError,
    RetryPolicy,
    Sender,
    SyncCaliperClient,
    TransportError,
)
from timeback_caliper.sandbox import Sandbox


def _policy(retry_ambiguous: bool) -> RetryPolicy:
    return RetryPolicy(
        max_retries=3,
        backoff=0.01,
        max_backoff=0.02,
        max_retry_after=0.05,
        retry_ambiguous=retry_ambiguous,
    )


# (retry_ambiguous, sandbox duplicates mode, fault) -> (the call raised, rows stored)
OUTCOMES = {
    (True, "once", "500"): (False, 1),  # resent: stored once
    (True, "once", "drop-after"): (False, 1),  # resent: the second copy is recognised
    (True, "again", "500"): (False, 1),  # the first attempt stored nothing
    (True, "again", "drop-after"): (False, 2),  # resent: duplicated where ids are not kept
    (False, "once", "500"): (True, 0),  # not resent: lost, unless the caller resends
    (False, "once", "drop-after"): (True, 1),  # not resent: stored, the caller is told maybe
    (False, "again", "500"): (True, 0),
    (False, "again", "drop-after"): (True, 1),
}


@pytest.mark.parametrize(
    ("retry_ambiguous", "duplicates", "fault"),
    sorted(OUTCOMES),
    ids=[f"retry={r}-{d}-{f}" for r, d, f in sorted(OUTCOMES)],
)
def test_what_a_caller_ends_up_with(
    caliper_sandbox: Sandbox, retry_ambiguous: bool, duplicates: str, fault: str
) -> None:
    """Stored once, duplicated or lost: as the table says for each setting and mode."""
    caliper_sandbox.set_duplicates(duplicates)
    caliper_sandbox.faults.plan("send", [fault])
    event = payloads.activity_event()
    raised: ApiError | TransportError | None = None

    with SyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=_policy(retry_ambiguous), timeout=10
    ) as client:
        try:
            client.events.send(payloads.SENSOR, [event])
        except (ApiError, TransportError) as exc:
            raised = exc

    assert OUTCOMES[(retry_ambiguous, duplicates, fault)] == (
        raised is not None,
        caliper_sandbox.count_events(),
    )
    if raised is not None:
        assert raised.ambiguous


@pytest.mark.parametrize("fault", ["503:0", "429:0"])
def test_failures_that_say_the_send_was_not_carried_out_are_retried_whatever_the_setting(
    caliper_sandbox: Sandbox, fault: str
) -> None:
    """A 503 or a 429 says the send was not carried out: it is resent even with
    retry_ambiguous=False. (A connection closed after the request went out cannot say: the
    sandbox's "drop" looks to a client exactly like "drop-after".)"""
    caliper_sandbox.faults.plan("send", [fault])

    with SyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=_policy(False), timeout=10
    ) as client:
        result = client.events.send(payloads.SENSOR, [payloads.activity_event()])

    assert result.job_id is not None
    assert 1 == caliper_sandbox.count_events()


def test_a_connection_never_made_is_not_ambiguous(unused_port: int) -> None:
    """A refused connection sent nothing: it is retried, and its error says it is not
    ambiguous (the events were certainly not stored)."""
    with (
        SyncCaliperClient(
            base_url=f"http://127.0.0.1:{unused_port}",
            auth_url=f"http://127.0.0.1:{unused_port}/oauth2/token",
            client_id="id",
            client_secret="secret",
            retry=_policy(False),
            timeout=10,
        ) as client,
        pytest.raises(TransportError) as caught,
    ):
        client.events.send(payloads.SENSOR, [payloads.activity_event()])

    assert not caught.value.ambiguous


@pytest.fixture
def unused_port() -> int:
    """A loopback port nothing listens on (bound, then closed)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def test_reads_are_retried_whatever_the_setting(caliper_sandbox: Sandbox) -> None:
    """The setting concerns sends: a list that meets a 500 is simply retried."""
    caliper_sandbox.faults.plan("list", ["500"])

    with SyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=_policy(False), timeout=10
    ) as client:
        page = client.events.list()

    assert [] == page.events


def test_a_sender_reports_an_ambiguous_batch_instead_of_resending(
    caliper_sandbox: Sandbox, tmp_path: pathlib.Path
) -> None:
    """With retry_ambiguous=False the sender neither resends nor drops silently: the
    batch goes to on_error and to the spool's dead letters, counted as failed."""
    caliper_sandbox.faults.plan("send", ["500"])
    reported: list[tuple[BaseException, list[Any]]] = []
    spool = tmp_path / "spool.db"

    with (
        SyncCaliperClient(**caliper_sandbox.client_kwargs(), retry=_policy(False)) as client,
        Sender(
            sensor=payloads.SENSOR,
            spool=spool,
            on_error=lambda error, events: reported.append((error, events)),
            client=client,
        ) as sender,
    ):
        sender.enqueue(payloads.activity_event())
        sender.flush(5)
        stats = sender.stats()
        dead = sender._queue.dead()  # type: ignore[attr-defined]

    assert (1, 0, 0) == (stats.failed, stats.sent, caliper_sandbox.count_events())
    assert 1 == len(reported)
    assert getattr(reported[0][0], "ambiguous", False)
    assert 1 == len(dead)
