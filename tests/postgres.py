"""A real PostgreSQL server for the outbox tests: started in a temporary data directory, on
loopback, as an unprivileged user (the `postgres` system user when the tests run as root),
and stopped at the end. The binaries come from the distribution's packages
(`make test` installs them first: scripts/system-packages.sh; `scripts/postgres.sh
install` finds them); without them the tests fail
with one line saying why, never falling back to a fake."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time

from tests.spec_tools import ROOT


def _bin_dir() -> str:
    done = subprocess.run(
        [str(ROOT / "scripts" / "postgres.sh"), "install"], capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr else "no PostgreSQL")
    return done.stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


_NAMES = itertools.count(1)


class PostgresServer:
    """One throwaway server. `url` is a libpq URL of its `postgres` database."""

    def __init__(self, *, durable: bool = False) -> None:
        self._bin = _bin_dir()
        self._root = tempfile.mkdtemp(prefix="timeback-pg-")
        self.data = os.path.join(self._root, "data")
        self.port = _free_port()
        self.durable = durable
        self._user: list[str] = []
        if os.geteuid() == 0:  # initdb refuses root: run the server as `postgres`
            account = pwd.getpwnam("postgres")
            os.chown(self._root, account.pw_uid, account.pw_gid)
            self._user = ["runuser", "-u", "postgres", "--"]
        self._run(
            "initdb",
            "-D",
            self.data,
            "-U",
            "caliper",
            "--auth=trust",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        )
        self.url = f"postgresql://caliper@127.0.0.1:{self.port}/postgres"

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run(
            [*self._user, os.path.join(self._bin, tool), *args],
            capture_output=True,
            text=True,
            cwd=self._root,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self._root}"
        options += " -c max_connections=200"
        if not self.durable:  # tests: no fsync (a benchmark runs it durable)
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(
            "pg_ctl",
            "-D",
            self.data,
            "-o",
            options,
            "-l",
            os.path.join(self._root, "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop")

    def restart(self) -> None:
        """Stop at once (every connection is cut) and start again on the same port."""
        self.stop("immediate")
        deadline = time.monotonic() + 30
        while True:
            try:
                self.start()
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def new_database(self, *, migrated: bool = True) -> str:
        """The URL of a new, empty database (with the outbox schema unless not `migrated`)."""
        import psycopg

        from timeback_caliper.outbox import migrate

        name = f"outbox_{next(_NAMES)}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        url = self.url.rsplit("/", 1)[0] + f"/{name}"
        if migrated:
            migrate(url)
        return url

    def close(self) -> None:
        with contextlib.suppress(RuntimeError):
            self.stop()
        shutil.rmtree(self._root, ignore_errors=True)
