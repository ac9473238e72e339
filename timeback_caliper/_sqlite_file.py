"""What a SQLite file is, read without changing it: the one check behind the spool's, the
CLI checkpoint's and the sandbox database's refusal of a file that is not theirs."""

from __future__ import annotations

import os
import pathlib
import sqlite3


def identity(path: str, *, timeout: float = 5.0) -> tuple[int, frozenset[str]]:
    """(application_id, user table names) of the SQLite file at `path`, opened read-only.
    Raises `sqlite3.Error` (for its caller to name in its own terms)."""
    uri = pathlib.Path(os.path.abspath(path)).as_uri() + "?mode=ro"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout)
    try:
        (app_id,) = conn.execute("PRAGMA application_id").fetchone()
        tables = frozenset(
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        )
    finally:
        conn.close()
    return int(app_id), tables
