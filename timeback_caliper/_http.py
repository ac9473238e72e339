"""The only handwritten module that imports httpx: auth and the connections of a client.

A client imports it when it opens its connections, on first use, so that importing the
library and constructing a client stay cheap.

`CaliperAuth` is an `httpx.Auth`, so one object serves the sync and the async httpx client
(the generated package's `Client` holds one of each). It does what every request needs:
- fetches the OAuth2 token when there is none or it is due for refresh, once for all the
  threads (or tasks) that need it at the same moment: they wait for that one fetch and
  share its outcome, the token or the refusal;
- stamps `Authorization` and a timeout ending at the operation's deadline (from
  `CURRENT_CALL`, set by the facade), so that the token fetch is covered too; the token
  request carries the operation's `X-Request-ID` (the facade puts it on its own requests,
  when it builds them: a header set on a built httpx request costs several microseconds);
- on a 401, resends the request with a newer token if there is one, else refreshes (once
  for all the callers that met the same 401) and resends; a bounded number of times
  (`_core/auth.py`'s `Resends`), so a request converges under repeated revocations;
- logs method, path, status, duration and request id at DEBUG; never a token or secret.

The steps are `_async/auth.py` (and its generated sync twin); the pure decisions (freshness,
which token a request uses, refresh or resend after a 401, token request and reply) are in
`_core/auth.py`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncGenerator, Callable, Generator
from typing import TYPE_CHECKING, Any

import httpx
from attrs import field, frozen

if TYPE_CHECKING:
    import asyncio

    from timeback_caliper._config import ClientConfig
    from timeback_caliper.exceptions import CaliperError

from timeback_caliper._async.auth import aauth_flow
from timeback_caliper._call import CURRENT_CALL, CallContext
from timeback_caliper._core.auth import (
    NoReply,
    Refresh,
    Refused,
    Send,
    Token,
    TokenState,
    read_token_reply,
    token_request,
)
from timeback_caliper._core.retry import parse_retry_after
from timeback_caliper._sync.auth import auth_flow
from timeback_caliper._version import __version__

logger = logging.getLogger("timeback_caliper")

HTTPClient = httpx.Client
AsyncHTTPClient = httpx.AsyncClient
Transport = httpx.BaseTransport
AsyncTransport = httpx.AsyncBaseTransport
HTTPError = httpx.HTTPError
InvalidURL = httpx.InvalidURL
TimeoutException = httpx.TimeoutException
USER_AGENT = f"timeback-caliper/{__version__} httpx/{httpx.__version__}"

AuthFlow = Generator[httpx.Request, httpx.Response, None]
AsyncAuthFlow = AsyncGenerator[httpx.Request, httpx.Response]


class CaliperAuth(httpx.Auth):
    """OAuth2 client credentials with a shared, early-refreshed token (see module docstring)."""

    def __init__(
        self,
        *,
        token_url: str,
        client_id: str,
        client_secret: str,
        scope: str | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._request = token_request(token_url, client_id, client_secret, scope)
        self._clock = clock
        self._state = TokenState()
        self._state_lock = threading.Lock()  # only around replacing `_state`, never held long
        self._lock = threading.Lock()
        self._async_lock: asyncio.Lock | None = None
        self.token_fetches = 0

    def __repr__(self) -> str:
        return f"<CaliperAuth token_url={self._request.url!r}>"

    # -- what the flows (`_async/auth.py` and its sync twin) use ----------------------------

    @property
    def token(self) -> Token | None:
        return self._state.token

    @property
    def state(self) -> TokenState:
        """The newest token state (one attribute: a consistent value to decide on)."""
        return self._state

    def now(self) -> float:
        return self._clock()

    def lock(self) -> threading.Lock:
        """Held by the one caller that refreshes; the others wait on it (single flight)."""
        return self._lock

    def alock(self) -> asyncio.Lock:
        if self._async_lock is None:
            import asyncio  # here, so that the sync client never imports it

            self._async_lock = asyncio.Lock()
        return self._async_lock

    def _stamp(self, request: httpx.Request, call: CallContext | None) -> None:
        """A timeout ending at the operation's deadline: each request of the flow (token
        fetch, request, refetch after a 401, resend) gets only what is left, as it leaves."""
        if call is None:
            return
        seconds = call.deadline - time.monotonic()
        if seconds <= 0:
            raise httpx.TimeoutException("the operation's deadline passed", request=request)
        request.extensions["timeout"] = {  # httpx's own shape of a timeout extension
            "connect": seconds,
            "read": seconds,
            "write": seconds,
            "pool": seconds,
        }

    def token_request(self, call: CallContext | None) -> httpx.Request:
        """A token request (`check_auth()` sends it without this auth)."""
        self.token_fetches += 1
        headers = {"Authorization": self._request.authorization, "User-Agent": USER_AGENT}
        if call is not None:
            headers["X-Request-ID"] = call.request_id
        request = httpx.Request("POST", self._request.url, data=self._request.form, headers=headers)
        self._stamp(request, call)
        return request

    def refreshing(self, refresh: Refresh) -> None:
        with self._state_lock:
            self._state = self._state.refreshing(refresh)

    def answer(
        self, number: int, response: httpx.Response, call: CallContext | None, started: float
    ) -> Send:
        """Read the reply to refresh `number` and keep what it says, for every caller that
        waits for it: the token, or the refusal (raised here as the mapped error)."""
        self.log(response, call, started)
        reply = read_token_reply(
            response.status_code,
            response.content,
            now=self._clock(),
            retry_after=parse_retry_after(
                response.headers.get("retry-after"), now_epoch=time.time()
            ),
        )
        with self._state_lock:
            self._state = state = self._state.after_reply(number, reply)
        if isinstance(reply, Refused):
            raise self.refusal(reply, call)
        return Send(reply, state.generation)

    def accept(self, response: httpx.Response, call: CallContext | None, started: float) -> Token:
        """Read a token reply that no refresh asked for (`check_auth()`), keep its token."""
        return self.answer(self._state.requested + 1, response, call, started).token

    def refusal(self, refused: Refused | NoReply, call: CallContext | None) -> CaliperError:
        return refused.error(call.request_id if call else None)

    def unanswered(self, number: int) -> None:
        """Refresh `number` got no reply: the callers waiting for it are told so."""
        with self._state_lock:
            self._state = self._state.after_reply(number, NoReply())

    def sign(self, request: httpx.Request, token: Token, call: CallContext | None) -> None:
        request.headers["Authorization"] = f"Bearer {token.value}"
        self._stamp(request, call)

    def log(self, response: httpx.Response, call: CallContext | None, started: float) -> None:
        """One DEBUG line; the duration is our own (`response.elapsed` exists only once a
        transport closed the response, which a test's MockTransport may never do)."""
        if logger.isEnabledFor(logging.DEBUG):
            elapsed = time.perf_counter() - started
            logger.debug(
                "%s %s -> %d in %.1f ms [request id %s]",
                response.request.method,
                response.request.url.path,
                response.status_code,
                elapsed * 1000,
                call.request_id if call else "-",
            )

    # -- httpx's entry points: the one flow, with a thread lock or a task lock --------------

    def sync_auth_flow(self, request: httpx.Request) -> AuthFlow:
        return auth_flow(self, request, CURRENT_CALL.get())

    def async_auth_flow(self, request: httpx.Request) -> AsyncAuthFlow:
        return aauth_flow(self, request, CURRENT_CALL.get())


_URLS_KEPT = 256  # paths joined and kept per client (ids make the paths of gets many)


def _joined(
    client: httpx.Client | httpx.AsyncClient,
    urls: dict[str, tuple[httpx.URL, httpx.URL]],
    path: str,
) -> httpx.URL:
    """`path` joined to the client's base URL as httpx joins a relative URL (the base's path,
    which httpx ends with "/", then the path without its leading "/"), and kept with the base
    it was joined to: httpx joins anew for every request, a quarter of its own time for a
    small send. A base set since (httpx makes a new URL object for each) is joined anew."""
    base = client.base_url
    kept = urls.get(path)
    if kept is not None and kept[0] is base:
        return kept[1]
    relative = httpx.URL(path)
    if relative.is_absolute_url:
        return relative
    if len(urls) >= _URLS_KEPT:
        urls.clear()
    url = base.copy_with(raw_path=base.raw_path + relative.raw_path.lstrip(b"/"))
    urls[path] = (base, url)
    return url


@frozen
class Connections:
    """What a `SyncCaliperClient` opens on first use: its httpx client and the auth that signs
    every request (`owned`: made here, so closed here)."""

    http: httpx.Client
    auth: CaliperAuth
    owned: bool
    _urls: dict[str, tuple[httpx.URL, httpx.URL]] = field(factory=dict, init=False, repr=False)

    def url(self, path: str) -> httpx.URL:
        """The request URL of an operation's path (see `_joined`)."""
        return _joined(self.http, self._urls, path)


@frozen
class AsyncConnections:
    """`Connections` of an `AsyncCaliperClient`."""

    http: httpx.AsyncClient
    auth: CaliperAuth
    owned: bool
    _urls: dict[str, tuple[httpx.URL, httpx.URL]] = field(factory=dict, init=False, repr=False)

    def url(self, path: str) -> httpx.URL:
        return _joined(self.http, self._urls, path)


# Failures that leave a request unsent: the connection was never made, or the request was
# not written out in full (a server does not act on half a request).
_UNSENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.WriteError,
    httpx.WriteTimeout,
    httpx.UnsupportedProtocol,
    httpx.LocalProtocolError,
)


def where(exc: httpx.HTTPError) -> str:
    """ " (at URL)": the URL of the request that failed, without its query, when known."""
    try:
        url = exc.request.url
    except RuntimeError:  # an error raised before a request was made
        return ""
    return f" (at {url.copy_with(query=None)})"


def may_have_arrived(error: httpx.HTTPError) -> bool:
    """Whether the server may have received (and acted on) the request that failed."""
    return not isinstance(error, _UNSENT)


def _auth(config: ClientConfig) -> CaliperAuth:
    return CaliperAuth(
        token_url=config.auth_url,
        client_id=config.client_id,
        client_secret=config.client_secret,
        scope=config.token_scope,
    )


def _settings(config: ClientConfig, auth: CaliperAuth) -> dict[str, Any]:
    """What the httpx client this library makes is given, sync or async."""
    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    return {
        "base_url": config.base_url,
        "auth": auth,
        "timeout": config.timeout,
        "headers": headers,
    }


def _adopt(
    client: httpx.Client | httpx.AsyncClient, config: ClientConfig, auth: CaliperAuth
) -> None:
    """Point a caller's httpx client at the API and our auth (its pool and settings stay)."""
    client.base_url = httpx.URL(config.base_url)
    client.auth = auth


def connect(
    config: ClientConfig, http_client: httpx.Client | None, transport: httpx.BaseTransport | None
) -> Connections:
    auth = _auth(config)
    if http_client is not None:
        _adopt(http_client, config, auth)
        return Connections(http_client, auth, owned=False)
    return Connections(httpx.Client(transport=transport, **_settings(config, auth)), auth, True)


def aconnect(
    config: ClientConfig,
    http_client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
) -> AsyncConnections:
    auth = _auth(config)
    if http_client is not None:
        _adopt(http_client, config, auth)
        return AsyncConnections(http_client, auth, owned=False)
    client = httpx.AsyncClient(transport=transport, **_settings(config, auth))
    return AsyncConnections(client, auth, owned=True)
