"""A fork while another thread is inside the spool's SQLite: the child can use the spool."""

from __future__ import annotations

import os
import pathlib
import threading
import time

from timeback_caliper._spool import Spool


def _wait_child(pid: int, timeout: float) -> int | None:
    """The child's exit code, or None if it did not exit in time (then it is killed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.01)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return None


def test_forking_while_a_thread_uses_the_spool_is_safe(tmp_path: pathlib.Path) -> None:
    """Children forked while a worker thread claims and releases rows each add their rows;
    none hangs, none is lost (SQLite connections and locks must not cross the fork)."""
    spool = Spool(str(tmp_path / "spool.db"), max_items=100_000)
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            spool.put("s", "{}", 2)
            batch = spool.claim(10, 10_000)
            if batch is not None:
                spool.release(batch.entries, "now", 0.0)
            spool.pending()

    worker = threading.Thread(target=churn)
    worker.start()
    codes = []
    try:
        for _ in range(30):
            pid = os.fork()
            if pid == 0:
                try:
                    for _ in range(20):
                        assert spool.put("child", "{}", 2) is None
                    os._exit(0)
                except BaseException:
                    os._exit(1)
            codes.append(_wait_child(pid, 10))
    finally:
        stop.set()
        worker.join()
    (children_rows,) = spool._worker.execute(
        "SELECT COUNT(*) FROM spool WHERE sensor = 'child'"
    ).fetchone()
    spool.close()

    assert [0] * 30 == codes
    assert 600 == children_rows
