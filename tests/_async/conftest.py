"""Fixtures of the client tests; the sync twin of this file is generated (scripts/unasync.py)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from timeback_caliper import AsyncCaliperClient, RetryPolicy
from timeback_caliper.sandbox import Sandbox

# Retries without real waiting: the sandbox's Retry-After is capped to 0.05 s.
FAST_RETRY = RetryPolicy(max_retries=3, backoff=0.01, max_backoff=0.02, max_retry_after=0.05)


@pytest.fixture
async def client(caliper_sandbox: Sandbox) -> AsyncIterator[AsyncCaliperClient]:
    """A client of a fresh sandbox, with fast retries."""
    async with AsyncCaliperClient(
        **caliper_sandbox.client_kwargs(), retry=FAST_RETRY, timeout=10
    ) as client:
        yield client
