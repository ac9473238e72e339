from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.postgres import PostgresServer

pytest_plugins = ["pytester"]

# Property-based tests are deterministic and bounded: a fixed seed (derived from each test),
# no example database carried between runs, no deadline (a loaded CI machine is slow, not
# wrong). A test that needs fewer examples says so with its own @settings.
settings.register_profile(
    "timeback",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("timeback")


@pytest.fixture
def anyio_backend() -> str:
    """The client's async tests run on asyncio (what the facade and httpx use)."""
    return "asyncio"


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session, started only when a test asks for it (the
    outbox tests, the fleet guide): on loopback, in a temporary directory, stopped at the end."""
    server = PostgresServer()
    server.start()
    yield server
    server.close()
