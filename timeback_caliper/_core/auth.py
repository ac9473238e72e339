"""OAuth2 client credentials: the token request, the reply, and when to refresh.

Rules:
- A token is refreshed 60 s before it expires, or at half its life if that is sooner, so a
  short-lived token is not fetched again on every call (a fixed 60 s margin alone makes a
  token that lives under 60 s stale at once: a token request before every call).
- The request is `grant_type=client_credentials` with HTTP Basic credentials; LEARNWITH_AI
  adds its scope (`events.write`, which its send endpoint requires).
- A refused token request raises `AuthenticationError` with the server's error text; the
  secret never appears in it. 429 and 5xx raise the retryable errors instead.
"""

from __future__ import annotations

import base64
import json
import math
import re
from urllib.parse import quote

from attrs import field, frozen

from timeback_caliper._core.errors import api_error
from timeback_caliper.exceptions import AuthenticationError

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
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):
        data = None
    token = data.get("access_token") if isinstance(data, dict) else None
    if status == 200 and isinstance(token, str) and _HEADER_SAFE.fullmatch(token.strip()):
        expires_in = data.get("expires_in")  # type: ignore[union-attr]
        if (
            not isinstance(expires_in, (int, float))
            or isinstance(expires_in, bool)
            or not math.isfinite(expires_in)
            or expires_in <= 0
        ):
            expires_in = DEFAULT_EXPIRES_IN
        lead = min(EARLY_REFRESH, expires_in / 2)
        scope = data.get("scope")  # type: ignore[union-attr]
        return Token(
            token.strip(),
            now + expires_in - lead,
            now + expires_in,
            scope if isinstance(scope, str) else None,
        )
    if status == 200:
        problem = (
            "without an access_token"
            if not isinstance(token, str)
            else ("with an access_token that cannot go in an Authorization header")
        )
        raise AuthenticationError(
            f"the token endpoint answered 200 {problem}",
            status_code=status,
            body=_safe_body(data, body, status),
            request_id=request_id,
        )
    if status == 429 or status >= 500:
        raise api_error(
            status, body, request_id=request_id, retry_after=retry_after, prefix="token endpoint: "
        )
    description = ""
    if isinstance(data, dict):
        parts = [data.get("error"), data.get("error_description")]
        description = ": ".join(p for p in parts if isinstance(p, str) and p)
    raise AuthenticationError(
        f"token request refused ({description or 'no error given'})",
        status_code=status,
        body=_safe_body(data, body, status),
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
