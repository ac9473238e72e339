"""A real PostgreSQL server for the session, and a fresh database (schema migrated) for
each test that wants one."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import psycopg
import pytest

from tests.postgres import PostgresServer
from timeback_caliper.outbox import migrate

_NAMES = itertools.count(1)


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    server = PostgresServer()
    server.start()
    yield server
    server.close()


def new_database(server: PostgresServer, *, migrated: bool = True) -> str:
    name = f"outbox_{next(_NAMES)}"
    with psycopg.connect(server.url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    url = server.url.rsplit("/", 1)[0] + f"/{name}"
    if migrated:
        migrate(url)
    return url


@pytest.fixture
def outbox_url(postgres: PostgresServer) -> str:
    """A database of its own with the outbox schema."""
    return new_database(postgres)


def rows(url: str, table: str = "outbox") -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute(f"SELECT count(*) FROM timeback_caliper.{table}").fetchone()
    return int(row[0]) if row else 0
