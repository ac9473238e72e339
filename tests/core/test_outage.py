"""`Outage`: how long the sender's workers wait for a spool that cannot be reached, and
what they log (once when it begins, once when it ends)."""

from __future__ import annotations

import itertools

from timeback_caliper._core.outage import FIRST_WAIT, LONGEST_WAIT, SETTLE, Outage


def test_an_outage_is_logged_once_when_it_begins_and_once_when_it_ends() -> None:
    outage = Outage()

    logged = [outage.failed(10.0 + i, 0.999)[0] for i in range(5)]  # five workers, or tries
    assert [True, False, False, False, False] == logged
    assert 5.0 == outage.succeeded(14.5, 15.0)  # began after it began: the spool is back
    assert outage.succeeded(15.5, 16.0) is None  # nothing to end


def test_the_waits_grow_from_the_first_to_the_longest_with_jitter() -> None:
    outage = Outage()

    waits = [outage.failed(1.0, 0.999_999)[1] for _ in range(8)]
    assert abs(waits[0] - FIRST_WAIT) < 1e-6
    assert all(a <= b for a, b in itertools.pairwise(waits))
    assert abs(waits[-1] - LONGEST_WAIT) < 1e-5
    assert Outage().failed(1.0, 0.0)[1] == FIRST_WAIT / 2  # jitter: half to all of it


def test_an_attempt_begun_before_the_outage_does_not_end_it() -> None:
    """A worker that slept through the start of an outage and then succeeded with a
    connection it had proves nothing about the one the others lost."""
    outage = Outage()
    outage.failed(10.0, 0.5)

    assert outage.succeeded(9.0, 11.0) is None
    assert outage.since == 10.0


def test_a_failure_just_after_an_outage_ended_is_its_tail_and_logged_neither_way() -> None:
    """After a restart each worker finds its own connection dead at first use, some after
    another worker found the spool back: no second "waiting" nor "back" for those."""
    outage = Outage()
    outage.failed(10.0, 0.5)
    assert outage.succeeded(12.0, 13.0) == 3.0

    begins, _ = outage.failed(13.0 + SETTLE / 2, 0.5)
    assert not begins
    assert outage.succeeded(14.0 + SETTLE / 2, 14.5 + SETTLE / 2) is None

    # Long after, an outage is a new one again.
    later = 100.0
    assert outage.failed(later, 0.5)[0]
    assert outage.succeeded(later + 1, later + 2) == 2.0
