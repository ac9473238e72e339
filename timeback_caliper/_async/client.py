"""The client, the handwritten facade over the generated `timeback_caliper_api`: its
settings, connections and life cycle; `events` and `jobs` hold the operations.

`_async/client.py` (`AsyncCaliperClient`, exported as `CaliperClient` too: the Timeback docs
await that name) is the single source of both clients: scripts/unasync.py generates
`_sync/client.py` (`SyncCaliperClient`) from it. Decisions live in
`_core`; what differs between threads and tasks lives in `_io.py` and `_http.py`.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Self

from timeback_caliper._async.events import AsyncEvents, AsyncEventStream
from timeback_caliper._async.jobs import AsyncJobs
from timeback_caliper._async.transport import AsyncApiTransport, encode
from timeback_caliper._call import CallContext
from timeback_caliper._config import ClientConfig
from timeback_caliper._core import params as checks
from timeback_caliper._core.retry import RetryPolicy
from timeback_caliper._core.validation import Issue, level_of
from timeback_caliper._log import announce_urls
from timeback_caliper.events import new_request_id
from timeback_caliper.exceptions import ConfigurationError, InputValidationError, TransportError
from timeback_caliper.types import TokenInfo

if TYPE_CHECKING:
    from timeback_caliper._http import AsyncHTTPClient, AsyncTransport

__all__ = ["AsyncCaliperClient", "AsyncEventStream", "AsyncEvents", "AsyncJobs"]


class AsyncCaliperClient:
    """The Timeback Caliper API client. Both flavours have the same methods and behaviour.

    Settings resolve as: explicit arguments, then the environment variables
    `TIMEBACK_API_*`, `TIMEBACK_*` and `CALIPER_*`, then the URLs `env` implies (see the
    README); the URLs chosen are logged once at INFO.

    Args:
        env: "staging" or "production": the platform's URLs for that environment, where no
            URL is given otherwise (default: `TIMEBACK_API_ENV`).
        platform: "BEYOND_AI" (default; also None) or "LEARNWITH_AI" (send-only).
        base_url, auth_url, client_id, client_secret: explicit settings; they win.
        timeout: seconds one operation may take, all attempts, waits and token fetch included.
        max_retries: retries after the first attempt (default 3); 0 turns retries off.
        retry: a full `RetryPolicy` (backoff and `Retry-After` caps).
        validation: how events are checked before they are sent: "basic" (the default: what
            the API certainly requires; the rest gives warnings), "strict" (every Caliper
            1.2 and Timeback rule) or "off"; each send may choose another.
        http_client: an httpx client to use (its pool and settings); you keep closing it.
        transport: an httpx transport for the client this object creates (tests, proxies).
    """

    def __init__(
        self,
        *,
        env: str | None = None,
        platform: str | None = "BEYOND_AI",
        base_url: str | None = None,
        auth_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        timeout: float = 30.0,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        validation: str = "basic",
        http_client: AsyncHTTPClient | None = None,
        transport: AsyncTransport | None = None,
    ) -> None:
        self._config = ClientConfig.resolve(
            env=env,
            platform=platform,
            base_url=base_url,
            auth_url=auth_url,
            client_id=client_id,
            client_secret=client_secret,
            timeout=timeout,
            max_retries=max_retries,
            retry=retry,
            validation=validation,
        )
        announce_urls(self._config.base_url, self._config.auth_url, self._config.sources)
        if http_client is not None and transport is not None:
            raise ConfigurationError("give http_client or transport, not both")
        if http_client is not None or transport is not None:
            import timeback_caliper._http as http  # the caller has httpx loaded already

            for name, value, kind in (
                ("http_client", http_client, http.AsyncHTTPClient),
                ("transport", transport, http.AsyncTransport),
            ):
                if value is not None and not isinstance(value, kind):
                    raise ConfigurationError(f"{name} must be an {kind.__module__}.{kind.__name__}")
        self._transport = AsyncApiTransport(
            self._config, http_client=http_client, transport=transport
        )
        self._events = AsyncEvents(self._transport)
        self._jobs = AsyncJobs(self._transport)

    @property
    def events(self) -> AsyncEvents:
        """The events API: `send`, `send_envelope`, `send_batches`, the `send_*` factories'
        conveniences, `validate`, `list`, `get` and `stream`."""
        return self._events

    @property
    def jobs(self) -> AsyncJobs:
        """The jobs API: `get_status`, `wait_for_completion`, `wait_for_all`."""
        return self._jobs

    @property
    def config(self) -> ClientConfig:
        return self._config

    def get_transport(self) -> AsyncApiTransport:
        """The vendor client's name for `transport`."""
        return self._transport

    @property
    def transport(self) -> AsyncApiTransport:
        """The way every operation goes to the API: auth, retries and one deadline per
        operation (for code that sends what `events` does not offer, such as the sender)."""
        return self._transport

    def with_options(
        self,
        *,
        timeout: float | None = None,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        headers: Mapping[str, str] | None = None,
        validation: str | None = None,
    ) -> Self:
        """This client with other settings for the calls made through it:
        `client.with_options(timeout=5, max_retries=0).events.send(...)`.

        It shares this client's connections and token (nothing is opened, nothing to
        close); `headers` are added to each of its requests. Closing this client closes it.
        """
        import attrs

        c = self._config
        issues: list[Issue] = []
        if timeout is not None and (problem := checks.seconds_problem(timeout)):
            issues.append(Issue("timeout", problem, code="type"))
        policy: object = c.retry if retry is None else retry
        if not isinstance(policy, RetryPolicy):
            issues.append(Issue("retry", "must be a RetryPolicy", code="type"))
            policy = c.retry
        checks.header_issues(issues, headers)
        if max_retries is not None:
            try:
                policy = attrs.evolve(policy, max_retries=max_retries)
            except (TypeError, ValueError) as exc:
                issues.append(Issue("max_retries", str(exc), code="type"))
        if validation is not None:
            try:
                level = level_of(validation)
            except ValueError as exc:
                issues.append(Issue("validation", str(exc), code="enum"))
        if issues:
            raise InputValidationError("Invalid options", issues)
        config = attrs.evolve(
            c,
            timeout=c.timeout if timeout is None else float(timeout),
            retry=policy,
            validation=c.validation if validation is None else level,
        )
        other = object.__new__(type(self))
        other._config = config
        other._transport = self._transport.with_config(config, dict(headers or {}))
        other._events = AsyncEvents(other._transport)
        other._jobs = AsyncJobs(other._transport)
        return other

    def copy(self) -> Self:
        """A new client with the same settings and its own connections (after a fork)."""
        c = self._config
        return type(self)(
            platform=c.platform,
            base_url=c.base_url,
            auth_url=c.auth_url,
            client_id=c.client_id,
            client_secret=c.client_secret,
            timeout=c.timeout,
            retry=c.retry,
            validation=c.validation,
        )

    def __repr__(self) -> str:
        c = self._config
        return (
            f"<{type(self).__name__} platform={c.platform} base_url={c.base_url!r}"
            f" client_id={c.client_id!r}>"
        )

    async def aclose(self) -> None:
        """Close the connections (not those of an `http_client` you passed in)."""
        await self._transport.aclose()

    async def close(self) -> None:  # unasync: remove
        """The vendor client's name for `aclose()`."""  # unasync: remove
        await self.aclose()  # unasync: remove

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, str | int | float | bool] | None = None,
        json: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> object:
        """Any request to the API, for operations this client does not know yet, with its
        auth, retries, deadline and error mapping.

        `path` is the API's (`/caliper/...`); `json` is sent as the body. Returns the 2xx
        reply's body decoded: its JSON, else its text, None when empty; an error status
        raises the mapped ApiError. A POST or PATCH is resent after an ambiguous failure
        only as `RetryPolicy(retry_ambiguous=...)` says, as a send is.
        """
        verb, request = checks.raw_request(method, path, params, headers)
        if json is not None:
            request["content"] = encode(json)
            request["headers"] = {"Content-Type": "application/json", **request.get("headers", {})}
        idempotent = verb in checks.IDEMPOTENT_METHODS
        _, body, _ = await self._transport.call(f"{verb} {path}", request, idempotent=idempotent)
        return body

    async def check_auth(self) -> TokenInfo:
        """Fetch a new token now: proves the credentials and the token URL work.

        Raises AuthenticationError (with the server's reason) if they do not.
        """
        import timeback_caliper._http as http

        connections = self._transport.open()
        started = time.monotonic()
        fetch_started = time.perf_counter()
        call = CallContext(new_request_id(), started + self._config.timeout)
        try:
            request = connections.auth.token_request(call)
            response = await connections.http.send(request, auth=None)
            await response.aread()
        except http.HTTPError as exc:
            raise TransportError(
                f"check_auth: {type(exc).__name__}: {exc}", request_id=call.request_id
            ) from None
        token = connections.auth.accept(response, call, fetch_started)
        now = time.monotonic()
        return TokenInfo(
            max(0.0, token.expires_at - now), token.scope, token.value, (now - started) * 1000
        )


CaliperClient = AsyncCaliperClient  # unasync: remove
