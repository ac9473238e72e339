import pytest

pytest_plugins = ["pytester"]


@pytest.fixture
def anyio_backend() -> str:
    """The client's async tests run on asyncio (what the facade and httpx use)."""
    return "asyncio"
