"""`Sandbox`: the sandbox as a real HTTP server on loopback, with a Python handle on its state."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from types import TracebackType
from typing import Any, Self, TypedDict, TypeVar

from timeback_caliper._core.limits import MAX_LIMIT
from timeback_caliper._core.show import show
from timeback_caliper.sandbox._app import (
    MAX_BODY_BYTES,
    REQUEST_LOG,
    Duplicates,
    SandboxApp,
    SandboxLevel,
)
from timeback_caliper.sandbox._asgi import is_loopback
from timeback_caliper.sandbox._faults import FaultInjector, FaultRule, parse_plan
from timeback_caliper.sandbox._jobs import JobTiming
from timeback_caliper.sandbox._store import Store, check_db

logger = logging.getLogger("timeback_caliper.sandbox")

T = TypeVar("T")


class ClientKwargs(TypedDict):
    base_url: str
    auth_url: str
    client_id: str
    client_secret: str


DEFAULT_CLIENT_ID = "sandbox-client"
DEFAULT_CLIENT_SECRET = "sandbox-secret"

_uvicorn_filter_installed = False


class _IntendedDrops(logging.Filter):
    """Keep the log quiet about the connections the sandbox drops on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "returned without completing response" not in record.getMessage()


def _quiet_uvicorn() -> None:
    global _uvicorn_filter_installed
    if not _uvicorn_filter_installed:
        logging.getLogger("uvicorn.error").addFilter(_IntendedDrops())
        _uvicorn_filter_installed = True


def _import_uvicorn() -> Any:
    try:
        import uvicorn
    except ImportError:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "the sandbox needs uvicorn: install this package with its [sandbox] extra"
            " (README, Install)"
        ) from None
    return uvicorn


def _check_settings(
    *,
    port: object,
    token_ttl: object,
    max_body_bytes: object,
    max_limit: object,
    request_log: object,
) -> None:
    if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
        raise ValueError(f"port must be from 0 to 65535, got {port}")
    _check_token_ttl(token_ttl)
    for name, value in (("max_body_bytes", max_body_bytes), ("max_limit", max_limit)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number >= 1, got {value}")
    if not isinstance(request_log, int) or isinstance(request_log, bool) or request_log < 0:
        raise ValueError(f"request_log must be a whole number >= 0, got {request_log}")


def _check_token_ttl(token_ttl: object) -> None:
    if (
        isinstance(token_ttl, bool)
        or not isinstance(token_ttl, (int, float))
        or not 0 < token_ttl <= 10**7  # NaN and inf included
    ):
        raise ValueError(
            f"token_ttl must be a positive number of seconds up to 10**7, got {show(token_ttl)}"
        )


class Sandbox:
    """A local, stateful emulator of the Timeback Caliper API, served over HTTP on loopback.

    Use it as a context manager (or `start()`/`stop()`); it serves from a background thread
    of this process. Everything it does is set by the arguments below and can be changed
    while it runs: `faults`, `set_job_timing()`, `revoke_tokens()`, `reset()`.

    Args:
        host, port: where to listen; port 0 picks a free port.
        db: SQLite database file; `None` makes one in a temporary folder (removed on
            `stop()`); `":memory:"` keeps everything in memory.
        client_id, client_secret: the OAuth2 client the token endpoint accepts.
        token_ttl: lifetime of access tokens, in seconds (up to 10**7).
        job_timing: `"immediate"`, `"seconds:N"` (up to a day) or `"polls:N"` (up to
            10,000): see `JobTiming`.
        faults: fault rules such as `"send:503@0.2"`, or a JSON-like fault configuration.
        fault_plans: plans such as `"send:503,429:0,ok"`.
        seed: seed of the fault injection's random draws.
        max_body_bytes, max_limit: the request size limit and the largest list page.
        request_log: how many API requests the request log keeps (the oldest are dropped;
            0 keeps none); the inspector at `/_sandbox/` shows them.
        validation: "basic" (what the API certainly requires) or "strict" (every Caliper
            1.2 and Timeback rule); see `timeback_caliper.validation`.
        duplicates: "once" (an event id already stored is not stored again, our assumption
            of the real API) or "again" (stored as a new row, as an API that does not
            deduplicate would).
        allow_default_credentials: serve beyond loopback with the default client secret
            (refused otherwise: anyone who can reach the port could use the sandbox).

    Raises:
        ValueError: a setting out of range, a `db` that cannot be the sandbox's database,
            or a host beyond loopback with the default credentials.
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        db: str | os.PathLike[str] | None = None,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        token_ttl: float = 3600.0,
        job_timing: str | JobTiming = "immediate",
        faults: Iterable[str] | Mapping[str, Any] | None = None,
        fault_plans: Iterable[str] = (),
        seed: int | None = None,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_limit: int = MAX_LIMIT,
        request_log: int = REQUEST_LOG,
        validation: str = "basic",
        duplicates: str = "once",
        allow_default_credentials: bool = False,
    ) -> None:
        _check_settings(
            port=port,
            token_ttl=token_ttl,
            max_body_bytes=max_body_bytes,
            max_limit=max_limit,
            request_log=request_log,
        )
        if not is_loopback(host):
            if client_secret == DEFAULT_CLIENT_SECRET and not allow_default_credentials:
                raise ValueError(
                    f"refusing to serve on {host} with the default credentials: anyone who "
                    "can reach it could use it; set --client-id and --client-secret (or "
                    "--allow-default-credentials)"
                )
            logger.warning(
                "the sandbox listens on %s, beyond this machine: anyone who can reach the "
                "port and knows the credentials can read and change what it holds",
                host,
            )
        if db is not None:
            check_db(os.fspath(db))
        self.host, self._port = host, port
        self._tmpdir: str | None = None
        if db is None:
            self._tmpdir = tempfile.mkdtemp(prefix="timeback-sandbox-")
            db = os.path.join(self._tmpdir, "sandbox.db")
        self.db = os.fspath(db)
        self.client_id, self.client_secret = client_id, client_secret
        self.faults = FaultInjector(seed)
        if isinstance(faults, Mapping):
            self.faults.configure(faults)
        else:
            for rule in faults or ():
                parsed = FaultRule.parse(rule)
                self.faults.add(parsed.route, parsed.fault, parsed.probability, match=parsed.match)
        for plan in fault_plans:
            route, steps = parse_plan(plan)
            self.faults.plan(route, steps)
        self._settings = {
            "token_ttl": token_ttl,
            "job_timing": job_timing
            if isinstance(job_timing, JobTiming)
            else JobTiming.parse(job_timing),
            "max_body_bytes": max_body_bytes,
            "max_limit": max_limit,
            "request_log": request_log,
            "loopback": is_loopback(host),
            "validation": _sandbox_level(validation),
            "duplicates": _duplicates(duplicates),
        }
        self._app: SandboxApp | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._reader: Store | None = None
        self._sock: socket.socket | None = None

    # -- life cycle -------------------------------------------------------------------------

    def bind(self) -> socket.socket:
        """Create the app and the listening socket (so the port is known before serving)."""
        if self._sock is None:
            store = Store(self.db)
            self._app = SandboxApp(
                store=store,
                credentials={self.client_id: self.client_secret},
                faults=self.faults,
                **self._settings,  # type: ignore[arg-type]
            )
            self._reader = store.reader()
            sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            # Accepted connections inherit it; uvicorn does not set it on sockets it is
            # handed, and without it every reply waits ~40 ms on Nagle + delayed ACK.
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                sock.bind((self.host, self._port))
            except OSError as exc:
                sock.close()
                raise OSError(
                    exc.errno, f"cannot listen on {self.host}:{self._port}: {exc.strerror}"
                ) from None
            sock.listen(2048)
            self._sock = sock
        return self._sock

    def _make_server(self) -> Any:
        uvicorn = _import_uvicorn()
        _quiet_uvicorn()
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=2,
            timeout_keep_alive=30,
        )
        return uvicorn.Server(config)

    def start(self) -> Self:
        """Serve from a background thread; returns once the server accepts connections."""
        if self._thread is not None:
            return self
        sock = self.bind()
        self._server = self._make_server()
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"timeback-caliper-sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + 15
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.005)
        return self

    def serve_forever(self, on_ready: Callable[[], None] | None = None) -> None:
        """Serve until SIGINT or SIGTERM, then stop cleanly (the command line's way).

        The server runs in its thread and this one waits for the signal: uvicorn, when it
        owns the signals, re-raises them after shutting down, which kills the process with
        the signal instead of exiting 0. `on_ready` runs once the server accepts connections
        and the signals are handled, so whoever it tells may stop it at once.
        """
        stopping = threading.Event()
        previous = {
            sig: signal.signal(sig, lambda *_: stopping.set())
            for sig in (signal.SIGINT, signal.SIGTERM)
        }
        try:
            self.start()
            if on_ready is not None:
                on_ready()
            while not stopping.wait(0.5):
                if self._thread is None or not self._thread.is_alive():
                    break
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.stop()

    def stop(self) -> None:
        """Stop serving, close the database, and remove a temporary database folder."""
        if self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=15)
            self._thread = None
        self._close()

    def _close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None
        if self._app is not None:
            self._app.store.close()
            self._app = None
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- where and who --------------------------------------------------------------------

    @property
    def port(self) -> int:
        if self._sock is None:
            return self._port
        return int(self._sock.getsockname()[1])

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def inspector_url(self) -> str:
        """The inspector: the page that shows what the sandbox received, live."""
        return f"{self.base_url}/_sandbox/"

    @property
    def auth_url(self) -> str:
        return f"{self.base_url}/oauth2/token"

    @property
    def env(self) -> dict[str, str]:
        """The environment variables that point a client at this sandbox."""
        return {
            "TIMEBACK_API_BASE_URL": self.base_url,
            "TIMEBACK_API_AUTH_URL": self.auth_url,
            "TIMEBACK_API_CLIENT_ID": self.client_id,
            "TIMEBACK_API_CLIENT_SECRET": self.client_secret,
        }

    def client_kwargs(self) -> ClientKwargs:
        """Keyword arguments for `SyncCaliperClient(...)` / `AsyncCaliperClient(...)`."""
        return {
            "base_url": self.base_url,
            "auth_url": self.auth_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    def __repr__(self) -> str:
        return f"<Sandbox {self.base_url} db={self.db!r}>"

    # -- control --------------------------------------------------------------------------

    @property
    def app(self) -> SandboxApp:
        if self._app is None:
            raise RuntimeError("the sandbox is not running")
        return self._app

    def set_job_timing(self, timing: str | JobTiming) -> None:
        """How long jobs take from now on: "immediate", "seconds:N" or "polls:N"."""
        self.app.job_timing = timing if isinstance(timing, JobTiming) else JobTiming.parse(timing)

    def set_validation(self, level: str) -> None:
        """How envelopes are checked from now on, "basic" or "strict" (reset restores the
        configured level)."""
        self.app.validation = _sandbox_level(level)

    def set_duplicates(self, mode: str) -> None:
        """Whether a resent event id is stored again from now on: "once" or "again"
        (reset restores the configured mode)."""
        self._on_server_loop(lambda: self.app.set_duplicates(_duplicates(mode)))

    def set_token_ttl(self, seconds: float) -> None:
        """The lifetime of tokens issued from now on."""
        _check_token_ttl(seconds)
        self.app.token_ttl = seconds

    def revoke_tokens(self) -> int:
        """Revoke every issued token (clients get 401 and must fetch a new one)."""
        return self.app.revoke_tokens()

    def reset(self) -> None:
        """Forget every event and job, clear the faults and counters, make jobs immediate,
        give tokens their configured lifetime again."""
        self._on_server_loop(self.app.reset)

    def stats(self) -> dict[str, Any]:
        """Requests, responses and injected faults counted so far, and what is stored."""
        return self._on_server_loop(self.app.snapshot)

    def _on_server_loop(self, fn: Callable[[], T]) -> T:
        """Run `fn` in the server's thread: its database connection is not ours to share."""
        loop = self.app.loop
        if loop is None or self._thread is None:
            return fn()

        async def call() -> T:
            return fn()

        return asyncio.run_coroutine_threadsafe(call(), loop).result(timeout=30)

    # -- what is stored -------------------------------------------------------------------

    @property
    def _store(self) -> Store:
        if self._reader is None:
            raise RuntimeError("the sandbox is not running")
        return self._reader

    def events(self) -> list[dict[str, Any]]:
        """Every stored event, in the order it was stored, as the API returns it."""
        return list(self._store.iter_events())

    def event(self, external_id: str) -> dict[str, Any] | None:
        return self._store.get_event(external_id)

    def count_events(self) -> int:
        return self._store.count_events()

    def count_distinct_events(self) -> int:
        """Distinct Caliper ids stored; equal to `count_events()` unless a duplicate slipped in."""
        return self._store.count_distinct_external_ids()

    def job_states(self) -> dict[str, int]:
        """How many jobs are in each state."""
        return self._store.count_jobs()


def _sandbox_level(value: str) -> SandboxLevel:
    """An API emulator always checks what it needs to store an envelope: no "off" here."""
    if value not in ("basic", "strict"):
        raise ValueError(f"validation must be 'basic' or 'strict', got {value!r}")
    return value  # type: ignore[return-value]


def _duplicates(value: str) -> Duplicates:
    if value not in ("once", "again"):
        raise ValueError(f"duplicates must be 'once' or 'again', got {value!r}")
    return value  # type: ignore[return-value]
