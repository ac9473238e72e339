"""OAuth2 client credentials: the token request, the reply, when a token is stale, and
which token a request uses, before and after a 401."""

from __future__ import annotations

import base64
import json
from urllib.parse import unquote_plus

import pytest

from timeback_caliper._core.auth import (
    MAX_UNAUTHORIZED,
    GiveUp,
    Refresh,
    Refused,
    Resends,
    Send,
    Token,
    TokenRequest,
    TokenState,
    Wait,
    parse_token_reply,
    token_request,
)
from timeback_caliper.exceptions import (
    ApiError,
    AuthenticationError,
    RateLimitError,
    ServerError,
)

TOKEN_URL = "https://idp.example.com/oauth2/token"
SCOPE = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"
SECRET = "s3cr3t-Value"
ACCESS_TOKEN = "eyJhbGciOiJIUzI1NiJ9.payload.signature"
NOW = 1000.0


def _json(value: object) -> bytes:
    return json.dumps(value).encode()


def _credentials(request: TokenRequest) -> tuple[str, str]:
    """The (id, secret) a server recovers from the Basic header (RFC 6749 §2.3.1)."""
    scheme, _, encoded = request.authorization.partition(" ")
    assert "Basic" == scheme
    client_id, _, secret = base64.b64decode(encoded).decode().partition(":")
    return unquote_plus(client_id), unquote_plus(secret)


def test_basic_header_matches_the_contract_example() -> None:
    """`cid:sec` is sent as `Basic Y2lkOnNlYw==` with a client_credentials grant."""
    request = token_request(TOKEN_URL, "cid", "sec", None)

    assert (
        TokenRequest(TOKEN_URL, {"grant_type": "client_credentials"}, "Basic Y2lkOnNlYw==")
        == request
    )


@pytest.mark.parametrize(
    ("client_id", "secret"),
    [
        ("cid", "sec"),
        ("id:with:colons", "secret:with:colons"),
        ("user@example.com", "p@ss w/rd+&=%"),
        ("7abc", "ünïcødé-秘密"),
        ("plus+id", "~tilde_dot.dash-"),
    ],
    ids=["plain", "colons", "reserved-characters", "non-ascii", "plus-and-unreserved"],
)
def test_basic_credentials_survive_form_encoding(client_id: str, secret: str) -> None:
    """Id and secret are form-encoded before Basic encoding, so a colon cannot split them."""
    request = token_request(TOKEN_URL, client_id, secret, None)

    assert (client_id, secret) == _credentials(request)


def test_a_colon_in_the_id_is_percent_encoded() -> None:
    """The only raw colon in the decoded pair is the separator."""
    request = token_request(TOKEN_URL, "a:b", "c:d", None)

    decoded = base64.b64decode(request.authorization.removeprefix("Basic ")).decode()

    assert "a%3Ab:c%3Ad" == decoded


@pytest.mark.parametrize(
    ("scope", "expected_form"),
    [
        (None, {"grant_type": "client_credentials"}),
        ("", {"grant_type": "client_credentials"}),
        (SCOPE, {"grant_type": "client_credentials", "scope": SCOPE}),
    ],
    ids=["no-scope", "empty-scope", "learnwith-ai-scope"],
)
def test_scope_is_sent_only_when_given(scope: str | None, expected_form: dict[str, str]) -> None:
    """BEYOND_AI sends only the grant type; LEARNWITH_AI adds its scope."""
    request = token_request(TOKEN_URL, "cid", SECRET, scope)

    assert expected_form == request.form


def test_token_request_repr_hides_the_credentials() -> None:
    """The repr of a token request shows neither the secret nor the Basic header."""
    request = token_request(TOKEN_URL, "cid", SECRET, SCOPE)

    text = repr(request)

    assert (False, False, True) == (
        SECRET in text,
        request.authorization.removeprefix("Basic ") in text,
        TOKEN_URL in text,
    )


def test_token_repr_hides_the_access_token() -> None:
    """The repr of a token shows when it goes stale but not its value."""
    token = Token(ACCESS_TOKEN, refresh_at=4540.0)

    text = repr(token)

    assert (False, True) == (ACCESS_TOKEN in text, "4540.0" in text)


@pytest.mark.parametrize(
    ("expires_in", "expected_refresh_at"),
    [
        (3600, NOW + 3540),
        (3600.0, NOW + 3540),
        (7200, NOW + 7140),
        (120, NOW + 60),
        (119, NOW + 59.5),
        (90.5, NOW + 45.25),
        (30, NOW + 15),
        (1, NOW + 0.5),
    ],
    ids=[
        "hour",
        "hour-float",
        "two-hours",
        "two-minutes-boundary",
        "just-under-two-minutes",
        "fractional",
        "thirty-seconds",
        "one-second",
    ],
)
def test_token_is_refreshed_early(expires_in: float, expected_refresh_at: float) -> None:
    """Refresh 60 s before expiry, or at half the token's life if that comes sooner."""
    body = _json({"access_token": ACCESS_TOKEN, "expires_in": expires_in, "token_type": "Bearer"})

    token = parse_token_reply(200, body, now=NOW)

    assert Token(ACCESS_TOKEN, expected_refresh_at, NOW + expires_in) == token


@pytest.mark.parametrize(
    "reply",
    [
        {"access_token": ACCESS_TOKEN},
        {"access_token": ACCESS_TOKEN, "expires_in": None},
        {"access_token": ACCESS_TOKEN, "expires_in": "3600"},
        {"access_token": ACCESS_TOKEN, "expires_in": "soon"},
        {"access_token": ACCESS_TOKEN, "expires_in": 0},
        {"access_token": ACCESS_TOKEN, "expires_in": -30},
        {"access_token": ACCESS_TOKEN, "expires_in": True},
        {"access_token": ACCESS_TOKEN, "expires_in": [3600]},
    ],
    ids=["missing", "null", "string", "garbage", "zero", "negative", "bool", "list"],
)
def test_missing_or_invalid_expires_in_means_an_hour(reply: dict[str, object]) -> None:
    """Without a usable expires_in the token is taken to live 3600 s."""
    token = parse_token_reply(200, _json(reply), now=NOW)

    assert Token(ACCESS_TOKEN, NOW + 3540, NOW + 3600) == token


@pytest.mark.parametrize(
    ("scope", "expected"), [("events.write", "events.write"), (None, None), (42, None)]
)
def test_the_granted_scope_is_kept_when_it_is_text(scope: object, expected: str | None) -> None:
    """`scope` of the reply is what check_auth() reports; anything but text is ignored."""
    reply = {"access_token": ACCESS_TOKEN, "expires_in": 3600, "scope": scope}

    assert expected == parse_token_reply(200, _json(reply), now=NOW).scope


@pytest.mark.parametrize(
    "body",
    [
        _json({"expires_in": 3600, "token_type": "Bearer"}),
        _json({"access_token": None, "expires_in": 3600}),
        _json({"access_token": 12345}),
        _json(["access_token"]),
        b"",
        b"<html>OK</html>",
    ],
    ids=["no-access-token", "null-token", "number-token", "json-list", "empty", "not-json"],
)
def test_a_200_without_an_access_token_is_an_authentication_error(body: bytes) -> None:
    """A 200 that carries no string access_token raises AuthenticationError, not KeyError."""
    with pytest.raises(AuthenticationError) as caught:
        parse_token_reply(200, body, now=NOW, request_id="rid-1")

    assert (200, "rid-1", "the token endpoint answered 200 without an access_token") == (
        caught.value.status_code,
        caught.value.request_id,
        caught.value.message,
    )


@pytest.mark.parametrize(
    ("status", "reply", "expected_message"),
    [
        (
            400,
            {"error": "invalid_client", "error_description": "Client authentication failed"},
            "token request refused (invalid_client: Client authentication failed)",
        ),
        (
            401,
            {"error": "invalid_client", "error_description": "Client authentication failed"},
            "token request refused (invalid_client: Client authentication failed)",
        ),
        (400, {"error": "invalid_scope"}, "token request refused (invalid_scope)"),
        (
            400,
            {"error_description": "unknown client"},
            "token request refused (unknown client)",
        ),
        (403, {"error": "", "error_description": None}, "token request refused (no error given)"),
        (401, {}, "token request refused (no error given)"),
    ],
    ids=[
        "400-invalid-client",
        "401-invalid-client",
        "error-only",
        "description-only",
        "empty-fields",
        "empty-object",
    ],
)
def test_a_refused_token_request_carries_the_server_text(
    status: int, reply: dict[str, object], expected_message: str
) -> None:
    """A 4xx from the token endpoint raises AuthenticationError with the OAuth2 error text."""
    with pytest.raises(AuthenticationError) as caught:
        parse_token_reply(status, _json(reply), now=NOW, request_id="rid-2")

    assert (expected_message, status, reply, "rid-2") == (
        caught.value.message,
        caught.value.status_code,
        caught.value.body,
        caught.value.request_id,
    )


def test_a_refused_token_request_shows_the_server_text_in_str() -> None:
    """str(error) contains the status, the server's error and its description."""
    body = _json({"error": "invalid_client", "error_description": "Client authentication failed"})

    with pytest.raises(AuthenticationError) as caught:
        parse_token_reply(401, body, now=NOW)

    assert "401: token request refused (invalid_client: Client authentication failed)" == str(
        caught.value
    )


@pytest.mark.parametrize(
    ("status", "body"),
    [(401, b"Unauthorized"), (400, b""), (401, b"<html>denied</html>")],
    ids=["text", "empty", "html"],
)
def test_a_refused_token_request_with_a_non_json_body(status: int, body: bytes) -> None:
    """A non-JSON refusal still raises AuthenticationError and keeps the body as text."""
    with pytest.raises(AuthenticationError) as caught:
        parse_token_reply(status, body, now=NOW)

    assert ("token request refused (no error given)", body.decode()) == (
        caught.value.message,
        caught.value.body,
    )


def test_a_rate_limited_token_request_is_retryable() -> None:
    """429 from the token endpoint raises RateLimitError with the server's retry_after."""
    body = _json({"message": "slow down"})

    with pytest.raises(RateLimitError) as caught:
        parse_token_reply(429, body, now=NOW, request_id="rid-3", retry_after=7.0)

    assert (7.0, 429, "token endpoint: slow down", "rid-3") == (
        caught.value.retry_after,
        caught.value.status_code,
        caught.value.message,
        caught.value.request_id,
    )


@pytest.mark.parametrize(
    ("status", "body", "expected_message"),
    [
        (503, _json({"message": "maintenance"}), "token endpoint: maintenance"),
        (500, b"", "token endpoint: HTTP 500"),
        (502, b"Bad Gateway", "token endpoint: Bad Gateway"),
    ],
    ids=["503-json", "500-empty", "502-text"],
)
def test_a_failing_token_endpoint_raises_server_error(
    status: int, body: bytes, expected_message: str
) -> None:
    """5xx from the token endpoint raises ServerError, which the caller may retry."""
    with pytest.raises(ServerError) as caught:
        parse_token_reply(status, body, now=NOW)

    assert (status, expected_message) == (caught.value.status_code, caught.value.message)


@pytest.mark.parametrize(
    ("status", "expected_class"),
    [
        (400, AuthenticationError),
        (401, AuthenticationError),
        (403, AuthenticationError),
        (404, AuthenticationError),
        (429, RateLimitError),
        (500, ServerError),
        (503, ServerError),
    ],
    ids=["400", "401", "403", "404", "429", "500", "503"],
)
def test_token_errors_are_api_errors(status: int, expected_class: type[ApiError]) -> None:
    """Every refused token request raises a typed ApiError, never a bare Exception."""
    with pytest.raises(ApiError) as caught:
        parse_token_reply(status, _json({"error": "x"}), now=NOW)

    assert expected_class is type(caught.value)


@pytest.mark.parametrize(
    ("now", "expected"),
    [(0.0, True), (4539.999, True), (4540.0, False), (5000.0, False)],
    ids=["long-before", "just-before", "at-refresh-time", "after"],
)
def test_token_is_fresh_until_its_refresh_time(now: float, expected: bool) -> None:
    """A token is fresh strictly before refresh_at and stale from then on."""
    token = Token(ACCESS_TOKEN, 4540.0)

    assert expected == token.fresh(now)


# -- one token for every caller: TokenState and Resends ------------------------------------

FRESH = Token(ACCESS_TOKEN, refresh_at=NOW + 100, expires_at=NOW + 200)
OTHER = Token("another-token", refresh_at=NOW + 100, expires_at=NOW + 200)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (TokenState(), Wait(0, 0)),
        (TokenState(FRESH, 3, 3, 3), Send(FRESH, 3)),
        (TokenState(Token(ACCESS_TOKEN, refresh_at=NOW), 3, 3, 2), Wait(3, 2)),
    ],
    ids=["no-token", "fresh", "stale"],
)
def test_a_request_uses_a_fresh_token_or_waits_for_a_refresh(
    state: TokenState, expected: Send | Wait
) -> None:
    """A fresh token is used; without one the caller waits, noting what it saw."""
    assert expected == state.before_request(NOW)


REFUSED = Refused(503, b'{"error": "down"}', retry_after=2.0)


@pytest.mark.parametrize(
    ("state", "wait", "expected"),
    [
        (TokenState(FRESH, 4, 4, 4), Wait(3, 3), Send(FRESH, 4)),
        (TokenState(FRESH, 3, 4, 4, REFUSED), Wait(3, 3), REFUSED),
        (TokenState(FRESH, 3, 3, 3), Wait(3, 3), Refresh(4)),
        (TokenState(FRESH, 3, 4, 3), Wait(3, 3), Refresh(5)),
        (TokenState(FRESH, 3, 4, 4, REFUSED), Wait(3, 4), Refresh(5)),
    ],
    ids=[
        "refreshed-while-waiting",
        "refused-while-waiting",
        "nothing-happened",
        "a-refresh-got-no-reply",
        "refused-before-waiting",
    ],
)
def test_a_waiter_takes_the_outcome_of_the_refresh_it_waited_for(
    state: TokenState, wait: Wait, expected: Send | Refresh | Refused
) -> None:
    """Under the lock: a refresh answered while the caller waited is its answer too (a
    token or a refusal); otherwise the caller refreshes (single flight)."""
    assert expected == state.after_wait(wait)


def test_a_refresh_gives_the_next_generation_and_a_refusal_keeps_the_token() -> None:
    """Generations only grow; a refusal is counted as an answer and kept for waiters."""
    state = TokenState(FRESH, 1, 1, 1).refreshing(Refresh(2))
    refused = state.after_reply(2, REFUSED)
    refreshed = refused.refreshing(Refresh(3)).after_reply(3, OTHER)

    assert (
        TokenState(FRESH, 1, 2, 2, REFUSED),
        TokenState(OTHER, 3, 3, 3),
    ) == (refused, refreshed)


def test_each_waiter_gets_its_own_error_with_its_own_request_id() -> None:
    """The refusal is kept as the reply; every waiter's error is new and names its call."""
    first, second = REFUSED.error("rid-a"), REFUSED.error("rid-b")

    assert (ServerError, "rid-a", "rid-b") == (type(first), first.request_id, second.request_id)
    assert (first.message, first.status_code) == (second.message, second.status_code)
    assert first is not second


@pytest.mark.parametrize(
    ("used", "state", "expected"),
    [
        (Send(FRESH, 2), TokenState(OTHER, 3, 3, 3), Send(OTHER, 3)),
        (Send(FRESH, 3), TokenState(FRESH, 3, 3, 3), Wait(3, 3)),
        (Send(FRESH, 3), TokenState(FRESH, 3, 4, 3), Wait(3, 3)),
    ],
    ids=["older-than-the-newest-resend-at-once", "the-newest-refresh", "refresh-in-flight"],
)
def test_a_401_resends_with_a_newer_token_or_waits_for_a_refresh(
    used: Send, state: TokenState, expected: Send | Wait
) -> None:
    """A 401 on an older token is resent with the newest, without a refresh; a 401 on the
    newest waits for a refresh (one in flight, or its own)."""
    assert expected == Resends().unauthorized(state, used)


def test_a_request_gives_up_after_the_fourth_401_that_proves_a_revocation() -> None:
    """Every token refused: 3 resends, each with a token asked for after the previous
    401, then the 401 is returned."""
    resends = Resends()
    decisions = []
    for generation in range(1, 6):
        state = TokenState(FRESH, generation, generation, generation)
        decisions.append(resends.unauthorized(state, Send(FRESH, generation)))

    assert [Wait(1, 1), Wait(2, 2), Wait(3, 3), GiveUp(), GiveUp()] == decisions


def test_a_401_on_a_token_asked_for_before_the_previous_401_is_free() -> None:
    """Tokens fetched before the revocation that caused a 401 may be revoked by it too:
    their 401s are resent without counting toward MAX_REVOCATIONS (only toward the total
    MAX_UNAUTHORIZED)."""
    resends = Resends()
    first = resends.unauthorized(TokenState(OTHER, 9, 9, 9), Send(FRESH, 1))
    # Generations 2..9 were all asked for before the first 401 (requested was 9 then).
    later = [resends.unauthorized(TokenState(OTHER, 9, 9, 9), Send(FRESH, g)) for g in range(2, 10)]

    assert Send(OTHER, 9) == first
    assert [Send(OTHER, 9)] * (MAX_UNAUTHORIZED - 1) + [GiveUp()] == later
    assert 1 == resends.revocations
