"""Transactional enqueue: the event exists if and only if the caller's transaction commits,
with psycopg, Django (inside `transaction.atomic()`) and SQLAlchemy, on a real server."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import urllib.parse

import psycopg
import pytest
import sqlalchemy
from sqlalchemy.orm import Session

from tests import payloads
from tests.outbox.conftest import rows
from tests.spec_tools import ROOT
from timeback_caliper import InputValidationError, outbox
from timeback_caliper._pg_spool import PostgresSpool

SENSOR = payloads.SENSOR


class Rollback(Exception):
    pass


def _scores(url: str) -> int:
    with psycopg.connect(url) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS scores (learner text, points int)")
        row = conn.execute("SELECT count(*) FROM scores").fetchone()
    return int(row[0]) if row else 0


def test_psycopg_rollback_leaves_no_event_and_commit_records_it(outbox_url: str) -> None:
    _scores(outbox_url)
    kept = payloads.activity_event()

    def lesson_then_failure(conn: psycopg.Connection[object]) -> None:
        with conn.transaction():
            conn.execute("INSERT INTO scores VALUES ('a', 10)")
            outbox.enqueue(conn, payloads.activity_event(), sensor=SENSOR)
            raise Rollback

    with psycopg.connect(outbox_url) as conn:
        with pytest.raises(Rollback):
            lesson_then_failure(conn)
        with conn.transaction():
            conn.execute("INSERT INTO scores VALUES ('b', 20)")
            outbox.enqueue(conn, kept, sensor=SENSOR)

    assert (1, 1) == (_scores(outbox_url), rows(outbox_url))
    with PostgresSpool(outbox_url, 10) as spool:
        batch = spool.claim(10, 1 << 20)
    assert batch is not None
    assert kept["id"] in batch.entries[0].body
    assert SENSOR == batch.sensor


def test_an_invalid_event_is_refused_before_anything_is_written(outbox_url: str) -> None:
    bad = payloads.activity_event()
    del bad["actor"]
    with psycopg.connect(outbox_url) as conn, pytest.raises(InputValidationError, match="actor"):
        outbox.enqueue(conn, bad, sensor=SENSOR)

    assert 0 == rows(outbox_url)


def test_sqlalchemy_session_rollback_and_commit(outbox_url: str) -> None:
    _scores(outbox_url)
    engine = sqlalchemy.create_engine(outbox_url.replace("postgresql://", "postgresql+psycopg://"))
    try:
        with Session(engine) as session:
            session.execute(sqlalchemy.text("INSERT INTO scores VALUES ('a', 1)"))
            outbox.enqueue(session, payloads.activity_event(), sensor=SENSOR)
            session.rollback()
        with Session(engine) as session, session.begin():
            session.execute(sqlalchemy.text("INSERT INTO scores VALUES ('b', 2)"))
            outbox.enqueue(session, payloads.activity_event(), sensor=SENSOR)
    finally:
        engine.dispose()

    assert (1, 1) == (_scores(outbox_url), rows(outbox_url))


def test_django_atomic_rollback_and_commit(outbox_url: str) -> None:
    """In a Django process of its own, on PostgreSQL (Django's settings are per process)."""
    parts = urllib.parse.urlsplit(outbox_url)
    script = textwrap.dedent(
        f"""
        import django
        from django.conf import settings

        settings.configure(DATABASES={{"default": {{
            "ENGINE": "django.db.backends.postgresql", "NAME": {parts.path[1:]!r},
            "USER": "caliper", "HOST": "127.0.0.1", "PORT": {parts.port},
        }}}})
        django.setup()
        from django.db import connection, transaction
        from tests import payloads
        from timeback_caliper import outbox

        with connection.cursor() as c:
            c.execute("CREATE TABLE IF NOT EXISTS scores (learner text, points int)")
        try:
            with transaction.atomic():
                with connection.cursor() as c:
                    c.execute("INSERT INTO scores VALUES ('a', 1)")
                outbox.enqueue(connection, payloads.activity_event(), sensor={SENSOR!r})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("INSERT INTO scores VALUES ('b', 2)")
            outbox.enqueue(connection, payloads.activity_event(), sensor={SENSOR!r})
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )

    assert "ok" == done.stdout.strip(), done.stderr
    assert (1, 1) == (_scores(outbox_url), rows(outbox_url))


def test_enqueue_refuses_a_handle_it_cannot_write_with(outbox_url: str) -> None:
    with pytest.raises(Exception, match="psycopg connection or cursor"):
        outbox.enqueue(object(), payloads.activity_event(), sensor=SENSOR)
