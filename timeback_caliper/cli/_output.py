"""What the commands print: progress on stderr, problems one per line on stdout."""

from __future__ import annotations

import sys
import time
from typing import Any

from timeback_caliper.validation import Issue


class Progress:
    """A progress bar (tqdm) when stderr is a terminal; plain lines every few seconds
    otherwise, so that logs stay readable. Counts what was handled: sent or skipped."""

    def __init__(self, what: str, total: int | None, *, every: float = 2.0) -> None:
        self.what, self.total, self.every = what, total, every
        self.done = 0
        self.started = self._last = time.monotonic()
        self._bar: Any = None
        if sys.stderr.isatty():
            try:
                from tqdm import tqdm
            except ImportError:  # the [cli] extra is not installed: plain lines
                pass
            else:
                self._bar = tqdm(total=total, unit=" events", unit_scale=True, desc=what)

    def add(self, count: int) -> None:
        self.done += count
        if self._bar is not None:
            self._bar.update(count)
            return
        now = time.monotonic()
        if now - self._last >= self.every:
            self._last = now
            print(self.line(now), file=sys.stderr, flush=True)

    def line(self, now: float) -> str:
        rate = self.done / max(now - self.started, 1e-9)
        text = f"{self.what}: {self.done:,}"
        if self.total:
            left = (self.total - self.done) / rate if rate else float("inf")
            text += f" / {self.total:,} ({100 * self.done / self.total:.0f} %), ETA {left:.0f} s"
        return f"{text}, {rate:,.0f} events/s"

    def elapsed(self) -> float:
        return max(time.monotonic() - self.started, 1e-9)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Problems:
    """Prints each problem as `FILE:LINE: PATH: MESSAGE` on stdout, and counts them;
    a warning (which does not stop a send) reads `FILE:LINE: PATH: warning: MESSAGE`."""

    def __init__(self) -> None:
        self.count = 0
        self.warnings = 0

    def __call__(self, where: str, issue: Issue) -> None:
        if issue.is_error:
            self.count += 1
            print(f"{where}: {issue.path or '(event)'}: {issue.message}")
        else:
            self.warnings += 1
            print(f"{where}: {issue.path or '(event)'}: warning: {issue.message}")


def count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


CREDENTIALS_FIX = (
    "check TIMEBACK_API_CLIENT_ID/SECRET (or --client-id/--client-secret); "
    "try timeback-caliper token"
)
URL_FIX = "check TIMEBACK_API_BASE_URL/AUTH_URL (or --base-url/--auth-url) and that the API is up"


def api_trouble(error: BaseException, args: object) -> str | None:
    """What to say for a failure that is the connection's or the credentials', never the
    input's (None: another failure), with where it happened and what to do."""
    from timeback_caliper.exceptions import AuthenticationError, TransportError

    if isinstance(error, AuthenticationError):
        where = _auth_url(args)
        by = f" by {where}" if where else ""
        return f"the credentials were refused{by} ({error}): {CREDENTIALS_FIX}"
    if isinstance(error, TransportError):
        return f"cannot reach the API ({error}): {URL_FIX}"
    return None


def _auth_url(args: object) -> str | None:
    from timeback_caliper._config import ClientConfig
    from timeback_caliper.cli import _client_kwargs
    from timeback_caliper.exceptions import ConfigurationError

    try:
        return ClientConfig.resolve(**_client_kwargs(args)).auth_url  # type: ignore[arg-type]
    except (ConfigurationError, AttributeError):
        return None
