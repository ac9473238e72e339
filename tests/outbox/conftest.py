"""A fresh database (schema migrated) for each outbox test that wants one; the server is
the session's (`postgres`, in tests/conftest.py)."""

from __future__ import annotations

import psycopg
import pytest

from tests.postgres import PostgresServer


def new_database(server: PostgresServer, *, migrated: bool = True) -> str:
    return server.new_database(migrated=migrated)


@pytest.fixture
def outbox_url(postgres: PostgresServer) -> str:
    """A database of its own with the outbox schema."""
    return postgres.new_database()


def rows(url: str, table: str = "outbox") -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM timeback_caliper.{table}").fetchone()
    return int(row[0]) if row else 0
