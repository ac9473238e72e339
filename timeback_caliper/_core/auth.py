"""OAuth2 client credentials: the token request, the reply, and when to refresh.

Rules:
- A token is refreshed 60 s before it expires, or at half its life if that is sooner, so a
  short-lived token is not fetched again on every call (a fixed 60 s margin alone makes a
  token that lives under 60 s stale at once: a token request before every call).
- The request is `grant_type=client_credentials` with HTTP Basic credentials; LEARNWITH_AI
  adds its scope (`events.write`, which its send endpoint requires).
- A refused token request raises `AuthenticationError` with the server's error text; the
  secret never appears in it. 429 and 5xx raise the retryable errors instead.
- One refresh at a time for every caller of a client (`TokenState`): a caller that needs a
  token while a refresh is in flight waits for it and takes its outcome, the token or the
  refusal (each waiter gets its own error), so the token endpoint is asked once per
  refresh however many callers wait.
- A 401 on a token older than the newest is resent with the newest, with no refresh; a
  401 on the newest refreshes it (once, as above) and resends. The resends of one request
  are bounded (`Resends`), but count only 401s that prove another revocation, so a
  request converges under repeated revocations and gives up on an API that refuses every
  token.
"""

from __future__ import annotations

import base64
import json
import math
import re
from urllib.parse import quote

from attrs import define, evolve, field, frozen

from timeback_caliper._core.errors import api_error
from timeback_caliper.exceptions import ApiError, AuthenticationError, TransportError

# What an access token may hold to be sent in a header (visible ASCII; RFC 6750's b64token
# is narrower). Surrounding white space is trimmed first.
_HEADER_SAFE = re.compile(r"[\x21-\x7e]+")
EARLY_REFRESH = 60.0
DEFAULT_EXPIRES_IN = 3600.0


@frozen
class Token:
    """An access token, when to refresh it and when it expires (monotonic times)."""

    value: str = field(repr=False)
    refresh_at: float
    expires_at: float = 0.0
    scope: str | None = None

    def fresh(self, now: float) -> bool:
        return now < self.refresh_at


@frozen
class TokenRequest:
    url: str
    form: dict[str, str]
    authorization: str = field(repr=False)  # the Basic header value


def token_request(url: str, client_id: str, client_secret: str, scope: str | None) -> TokenRequest:
    # RFC 6749 §2.3.1: form-encode id and secret before Basic-encoding them.
    pair = f"{quote(client_id, safe='')}:{quote(client_secret, safe='')}".encode()
    form = {"grant_type": "client_credentials"}
    if scope:
        form["scope"] = scope
    return TokenRequest(url, form, "Basic " + base64.b64encode(pair).decode("ascii"))


def parse_token_reply(
    status: int,
    body: bytes,
    *,
    now: float,
    request_id: str | None = None,
    retry_after: float | None = None,
) -> Token:
    """The token from a reply of the token endpoint, or the error to raise."""
    result = read_token_reply(status, body, now=now, retry_after=retry_after)
    if isinstance(result, Refused):
        raise result.error(request_id)
    return result


def read_token_reply(
    status: int, body: bytes, *, now: float, retry_after: float | None = None
) -> Token | Refused:
    """The token from a reply of the token endpoint, or the refusal it is."""
    data = _json_or_none(body)
    token = data.get("access_token") if isinstance(data, dict) else None
    if (
        status == 200
        and isinstance(data, dict)
        and isinstance(token, str)
        and _HEADER_SAFE.fullmatch(token.strip())
    ):
        expires_in = data.get("expires_in")
        if (
            not isinstance(expires_in, (int, float))
            or isinstance(expires_in, bool)
            or not math.isfinite(expires_in)
            or expires_in <= 0
        ):
            expires_in = DEFAULT_EXPIRES_IN
        lead = min(EARLY_REFRESH, expires_in / 2)
        scope = data.get("scope")
        return Token(
            token.strip(),
            now + expires_in - lead,
            now + expires_in,
            scope if isinstance(scope, str) else None,
        )
    return Refused(status, body, retry_after)


def _json_or_none(body: bytes) -> object:
    try:
        return json.loads(body) if body else None
    except (ValueError, RecursionError):
        return None


@frozen
class Refused:
    """A reply of the token endpoint that holds no usable token: kept as it came, so that
    every caller that waited for it gets its own error (with its own request id)."""

    status: int
    body: bytes = field(repr=False)  # a 200's body may hold a token
    retry_after: float | None = None

    def error(self, request_id: str | None) -> ApiError:
        status, body, data = self.status, self.body, _json_or_none(self.body)
        if status == 200:
            token = data.get("access_token") if isinstance(data, dict) else None
            problem = (
                "without an access_token"
                if not isinstance(token, str)
                else ("with an access_token that cannot go in an Authorization header")
            )
            return AuthenticationError(
                f"the token endpoint answered 200 {problem}",
                status_code=status,
                body=_safe_body(data, body, status),
                request_id=request_id,
            )
        if status == 429 or status >= 500:
            return api_error(
                status,
                body,
                request_id=request_id,
                retry_after=self.retry_after,
                prefix="token endpoint: ",
            )
        description = ""
        if isinstance(data, dict):
            parts = [data.get("error"), data.get("error_description")]
            description = ": ".join(p for p in parts if isinstance(p, str) and p)
        return AuthenticationError(
            f"token request refused ({description or 'no error given'})",
            status_code=status,
            body=_safe_body(data, body, status),
            request_id=request_id,
        )


@frozen
class NoReply:
    """A refresh whose token request got no reply (a connection refused or dropped, a
    timeout): its own caller gets the transport's error; every caller that waited for it
    gets a TransportError of its own (httpx does not pass the first one on), which is
    retried as any connection failure is, so one refresh answers them all."""

    def error(self, request_id: str | None) -> TransportError:
        return TransportError(
            "the token request of another call got no reply (the token endpoint cannot be reached)",
            request_id=request_id,
        )


def _safe_body(data: object, body: bytes, status: int) -> object:
    """The reply's body for the error, without any token it held (a 200's text is left
    out: it may be one)."""
    if isinstance(data, dict):
        return {k: ("<redacted>" if "token" in str(k).lower() else v) for k, v in data.items()}
    if data is not None:
        return data
    if status == 200 and body:
        return "<a body that is not JSON, left out: it may hold a token>"
    return body[:2000].decode("utf-8", "replace")


# -- one token for every caller of a client ------------------------------------------------

# A request is resent after at most this many 401s that each prove another revocation (a
# 401 on a token asked for after the request's previous 401), and after this many 401s in
# all: enough for a few revocations during one request, few for an API that refuses every
# token (it costs 1 + MAX_REVOCATIONS requests and refreshes, shared by concurrent callers).
MAX_REVOCATIONS = 3
MAX_UNAUTHORIZED = 8


@frozen
class Send:
    """Send the request with `token`; `generation` is the number of the refresh that
    fetched it (they only grow), which tells a 401 on an older token from one on the
    newest."""

    token: Token
    generation: int


@frozen
class Wait:
    """Take the refresh lock, then ask `TokenState.after_wait()`: what the caller saw
    before it waited (the newest generation, and how many refreshes had been answered)."""

    generation: int
    answered: int


@frozen
class Refresh:
    """Ask the token endpoint now (the caller holds the refresh lock): refresh `number`."""

    number: int


@frozen
class GiveUp:
    """Return the 401 as it came: the API refused too many tokens for this request."""


@frozen
class TokenState:
    """The shared token of one client, as a value: the facade holds the newest state,
    replaces it only under its refresh lock, and asks it what each request does.

    `requested`: refreshes started; `answered`: refreshes that got a reply (a token or a
    refusal); `refused`: the reply of the last answered refresh, if it held no token.
    """

    token: Token | None = None
    generation: int = 0
    requested: int = 0
    answered: int = 0
    refused: Refused | NoReply | None = None

    def before_request(self, now: float) -> Send | Wait:
        """Use the token if it is fresh; else wait for (or make) a refresh."""
        if self.token is not None and self.token.fresh(now):
            return Send(self.token, self.generation)
        return Wait(self.generation, self.answered)

    def after_wait(self, wait: Wait) -> Send | Refresh | Refused | NoReply:
        """Under the refresh lock: the outcome of a refresh answered while the caller
        waited (a newer token, or its refusal: the same for every waiter), else a refresh."""
        if self.token is not None and self.generation > wait.generation:
            return Send(self.token, self.generation)
        if self.answered > wait.answered and self.refused is not None:
            return self.refused
        return Refresh(self.requested + 1)

    def refreshing(self, refresh: Refresh) -> TokenState:
        return evolve(self, requested=max(self.requested, refresh.number))

    def after_reply(self, number: int, reply: Token | Refused | NoReply) -> TokenState:
        """The state once refresh `number` got `reply` (`check_auth()` passes the number
        `after_wait()` would have given)."""
        if isinstance(reply, Refused | NoReply):
            return evolve(self, answered=self.answered + 1, refused=reply)
        generation = max(number, self.generation + 1)
        return TokenState(reply, generation, max(self.requested, generation), self.answered + 1)


@define
class Resends:
    """The 401s of one request, as a state object: the I/O flow reports each one to
    `unauthorized()`, which says whether to resend with a newer token at once, to wait for
    a refresh, or to give up."""

    revocations: int = 0
    unauthorized_count: int = 0
    requested_then: int = -1  # `TokenState.requested` at the previous 401 (-1: none yet)

    def unauthorized(self, state: TokenState, used: Send) -> Send | Wait | GiveUp:
        """A 401 on `used`; `state` is the client's newest."""
        if used.generation > self.requested_then:
            # The token was asked for after the previous 401, so after the revocation that
            # caused it: this 401 is another revocation. An older token may have been
            # revoked by the same one, and costs nothing (it is bounded by the total).
            self.revocations += 1
        self.unauthorized_count += 1
        self.requested_then = state.requested
        if self.revocations > MAX_REVOCATIONS or self.unauthorized_count > MAX_UNAUTHORIZED:
            return GiveUp()
        if state.token is not None and state.generation > used.generation:
            return Send(state.token, state.generation)
        return Wait(state.generation, state.answered)
