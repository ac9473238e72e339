"""pytest fixtures for testing against the Caliper sandbox (registered as a pytest11 plugin).

- `caliper_sandbox`: a running `Sandbox`, empty and fault-free at the start of each test.
  One server serves the whole session; each test gets it reset (events, jobs, faults,
  counters, job timing). Point a client at it with
  `SyncCaliperClient(**caliper_sandbox.client_kwargs())`, or set the variables of
  `caliper_sandbox.env` with `monkeypatch.setenv`.
- `caliper_sandbox_session`: the same server without the reset.

Nothing here imports the server until a fixture is used, so installing timeback-caliper
without the `sandbox` extra never breaks a test session.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from timeback_caliper.sandbox import Sandbox


@pytest.fixture(scope="session")
def caliper_sandbox_session() -> Iterator[Sandbox]:
    """One Caliper sandbox for the whole test session, on a temporary SQLite file."""
    from timeback_caliper.sandbox import Sandbox

    with Sandbox() as sandbox:
        yield sandbox


@pytest.fixture
def caliper_sandbox(caliper_sandbox_session: Sandbox) -> Iterator[Sandbox]:
    """The session's Caliper sandbox, reset: no events, no jobs, no faults, immediate jobs."""
    caliper_sandbox_session.reset()
    yield caliper_sandbox_session
    caliper_sandbox_session.reset()
