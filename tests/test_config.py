"""Client settings: URLs per platform and environment, precedence, and validation."""

from __future__ import annotations

import math
import os
import subprocess
import sys
import urllib.parse
from typing import Any

import httpx
import pytest

from tests import payloads
from timeback_caliper import SyncCaliperClient
from timeback_caliper._config import ENV_VARS, ClientConfig
from timeback_caliper._core.retry import RetryPolicy
from timeback_caliper.exceptions import ConfigurationError

SECRET = "s3cr3t-Value-XYZ"
LWAI_SCOPE = "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write"
CREDENTIALS = {"client_id": "cid", "client_secret": SECRET}


def _resolve(environ: dict[str, str] | None = None, /, **kwargs: Any) -> ClientConfig:
    return ClientConfig.resolve(environ={} if environ is None else environ, **kwargs)


@pytest.mark.parametrize(
    ("platform", "env", "base_url", "auth_url"),
    [
        (
            "BEYOND_AI",
            "staging",
            "https://caliper.staging.alpha-1edtech.ai",
            "https://staging-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
        ),
        (
            "BEYOND_AI",
            "production",
            "https://caliper.alpha-1edtech.ai",
            "https://prod-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
        ),
        (
            "LEARNWITH_AI",
            "staging",
            "https://platform.dev.timeback.com",
            "https://platform.dev.timeback.com/auth/1.0/token",
        ),
        (
            "LEARNWITH_AI",
            "production",
            "https://platform.timeback.com",
            "https://platform.timeback.com/auth/1.0/token",
        ),
    ],
    ids=["beyond-staging", "beyond-production", "learnwith-staging", "learnwith-production"],
)
def test_env_and_platform_pick_the_urls(
    platform: str, env: str, base_url: str, auth_url: str
) -> None:
    """env= with a platform gives that platform's Caliper and token URLs."""
    config = _resolve(env=env, platform=platform, **CREDENTIALS)

    assert (platform, base_url, auth_url) == (config.platform, config.base_url, config.auth_url)


def test_platform_defaults_to_beyond_ai() -> None:
    """Without platform=, the client talks to BEYOND_AI."""
    config = _resolve(env="staging", **CREDENTIALS)

    assert ("BEYOND_AI", "https://caliper.staging.alpha-1edtech.ai") == (
        config.platform,
        config.base_url,
    )


FULL_ENVIRON = {
    "TIMEBACK_API_BASE_URL": "https://env-api.example.com",
    "TIMEBACK_API_AUTH_URL": "https://env-api.example.com/token",
    "TIMEBACK_API_CLIENT_ID": "env-api-id",
    "TIMEBACK_API_CLIENT_SECRET": "env-api-secret",
}


def test_explicit_arguments_win_over_env_and_environment_variables() -> None:
    """base_url, auth_url, client_id and client_secret given as arguments are used as given."""
    config = _resolve(
        FULL_ENVIRON,
        env="production",
        base_url="https://arg.example.com",
        auth_url="https://arg.example.com/token",
        client_id="arg-id",
        client_secret="arg-secret",
    )

    assert (
        "https://arg.example.com",
        "https://arg.example.com/token",
        "arg-id",
        "arg-secret",
    ) == (config.base_url, config.auth_url, config.client_id, config.client_secret)


def test_url_environment_variables_win_over_the_urls_env_implies() -> None:
    """The more specific setting wins: TIMEBACK_API_BASE_URL points code written with
    env="production" elsewhere (a sandbox) without an edit."""
    config = _resolve(FULL_ENVIRON, env="production")

    assert (
        "https://env-api.example.com",
        "https://env-api.example.com/token",
        "env-api-id",
        "env-api-secret",
    ) == (config.base_url, config.auth_url, config.client_id, config.client_secret)
    assert {"base_url": "TIMEBACK_API_BASE_URL", "auth_url": "TIMEBACK_API_AUTH_URL"} == {
        k: config.sources[k] for k in ("base_url", "auth_url")
    }


def test_env_fills_in_only_the_urls_no_variable_gives() -> None:
    config = _resolve(
        {"TIMEBACK_API_AUTH_URL": "https://idp.example.com/t"}, env="staging", **CREDENTIALS
    )

    assert ("https://caliper.staging.alpha-1edtech.ai", "https://idp.example.com/t") == (
        config.base_url,
        config.auth_url,
    )
    assert {"base_url": "env=staging", "auth_url": "TIMEBACK_API_AUTH_URL"} == {
        k: config.sources[k] for k in ("base_url", "auth_url")
    }


@pytest.mark.parametrize("var", ["TIMEBACK_API_ENV", "TIMEBACK_ENV", "CALIPER_ENV"])
def test_an_environment_variable_selects_env(var: str) -> None:
    config = _resolve({var: "production"}, **CREDENTIALS)

    assert "https://caliper.alpha-1edtech.ai" == config.base_url


def test_an_explicit_env_beats_the_env_variable() -> None:
    config = _resolve({"TIMEBACK_API_ENV": "production"}, env="staging", **CREDENTIALS)

    assert "https://caliper.staging.alpha-1edtech.ai" == config.base_url


def test_an_unknown_env_variable_is_named() -> None:
    with pytest.raises(
        ConfigurationError, match="TIMEBACK_API_ENV must be 'staging' or 'production', got 'prod'"
    ):
        _resolve({"TIMEBACK_API_ENV": "prod"}, **CREDENTIALS)


@pytest.mark.parametrize(
    ("setting", "names"),
    [
        ("base_url", ("TIMEBACK_API_BASE_URL", "TIMEBACK_BASE_URL", "CALIPER_BASE_URL")),
        ("auth_url", ("TIMEBACK_API_AUTH_URL", "TIMEBACK_AUTH_URL", "CALIPER_TOKEN_URL")),
        ("client_id", ("TIMEBACK_API_CLIENT_ID", "TIMEBACK_CLIENT_ID", "CALIPER_CLIENT_ID")),
        (
            "client_secret",
            ("TIMEBACK_API_CLIENT_SECRET", "TIMEBACK_CLIENT_SECRET", "CALIPER_CLIENT_SECRET"),
        ),
    ],
    ids=["base-url", "auth-url", "client-id", "client-secret"],
)
@pytest.mark.parametrize(
    ("present", "expected_index"),
    [
        ((0, 1, 2), 0),
        ((1, 2), 1),
        ((0, 2), 0),
        ((2,), 2),
        ((1,), 1),
    ],
    ids=["all-three", "timeback-and-caliper", "api-and-caliper", "caliper-only", "timeback-only"],
)
def test_environment_variable_precedence(
    setting: str, names: tuple[str, str, str], present: tuple[int, ...], expected_index: int
) -> None:
    """TIMEBACK_API_* wins over TIMEBACK_*, which wins over CALIPER_*."""
    base = {
        "base_url": "https://base.example.com",
        "auth_url": "https://base.example.com/token",
        **CREDENTIALS,
    }
    del base[setting]
    environ = {names[i]: f"https://value-{i}.example.com" for i in present}

    config = _resolve(environ, **base)

    assert f"https://value-{expected_index}.example.com" == getattr(config, setting)


def test_empty_environment_variables_are_skipped() -> None:
    """An empty variable counts as unset, so the next one in order is used."""
    environ = {
        "TIMEBACK_API_BASE_URL": "",
        "TIMEBACK_BASE_URL": "",
        "CALIPER_BASE_URL": "https://caliper.example.com",
        "TIMEBACK_API_AUTH_URL": "https://auth.example.com/token",
        "TIMEBACK_API_CLIENT_ID": "",
        "TIMEBACK_CLIENT_ID": "tb-id",
        "CALIPER_CLIENT_SECRET": SECRET,
    }

    config = _resolve(environ)

    assert ("https://caliper.example.com", "https://auth.example.com/token", "tb-id", SECRET) == (
        config.base_url,
        config.auth_url,
        config.client_id,
        config.client_secret,
    )


def test_an_empty_argument_falls_back_to_the_environment() -> None:
    """An empty string argument is treated as not given."""
    config = _resolve(FULL_ENVIRON, base_url="", client_id="")

    assert ("https://env-api.example.com", "env-api-id") == (config.base_url, config.client_id)


@pytest.mark.parametrize(
    ("missing", "variable"),
    [
        ("base_url", "TIMEBACK_API_BASE_URL"),
        ("auth_url", "TIMEBACK_API_AUTH_URL"),
        ("client_id", "TIMEBACK_API_CLIENT_ID"),
        ("client_secret", "TIMEBACK_API_CLIENT_SECRET"),
    ],
    ids=["base-url", "auth-url", "client-id", "client-secret"],
)
def test_a_missing_setting_names_its_variable(missing: str, variable: str) -> None:
    """A setting found nowhere raises ConfigurationError naming the argument and the variable."""
    environ = {k: v for k, v in FULL_ENVIRON.items() if k != variable}

    with pytest.raises(ConfigurationError) as caught:
        _resolve(environ)

    assert (True, True) == (variable in str(caught.value), f"no {missing}" in str(caught.value))


def test_a_missing_url_suggests_env() -> None:
    """The error for a missing URL mentions env='staging'|'production' as a way out."""
    with pytest.raises(ConfigurationError, match="env='staging'\\|'production'"):
        _resolve(**CREDENTIALS)


def test_configuration_error_is_a_value_error() -> None:
    """ConfigurationError can be caught as ValueError."""
    with pytest.raises(ValueError, match="no client_secret"):
        _resolve(env="staging", client_id="cid")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"platform": "beyond_ai"}, "platform must be"),
        ({"platform": "OTHER"}, "platform must be"),
        ({"platform": ""}, "platform must be"),
        ({"env": "dev"}, "env must be"),
        ({"env": "Production"}, "env must be"),
        ({"env": ""}, "env must be"),
        ({"timeout": 0}, "timeout must be"),
        ({"timeout": -1.5}, "timeout must be"),
        ({"timeout": math.nan}, "timeout must be"),
        ({"timeout": math.inf}, "timeout must be"),
        ({"timeout": "30"}, "timeout must be"),
        ({"timeout": None}, "timeout must be"),
        ({"timeout": True}, "timeout must be"),
    ],
    ids=[
        "platform-lowercase",
        "platform-unknown",
        "platform-empty",
        "env-dev",
        "env-capitalised",
        "env-empty",
        "timeout-zero",
        "timeout-negative",
        "timeout-nan",
        "timeout-inf",
        "timeout-str",
        "timeout-none",
        "timeout-bool",
    ],
)
def test_bad_platform_env_or_timeout_is_rejected(kwargs: dict[str, Any], match: str) -> None:
    """An unknown platform or env, or a timeout that is not a positive number, is refused.

    Known library bug (timeout-bool): `_config.py` `ClientConfig.resolve` accepts
    `timeout=True` as a 1 s timeout, while `RetryPolicy` and `wait_params` refuse bools.
    """
    settings = {"env": "staging", **CREDENTIALS, **kwargs}

    with pytest.raises(ConfigurationError, match=match):
        _resolve(**settings)


@pytest.mark.parametrize(
    ("timeout", "expected"), [(30, 30.0), (0.25, 0.25)], ids=["int", "fraction"]
)
def test_timeout_is_kept_as_a_float(timeout: float, expected: float) -> None:
    """The timeout is stored as float seconds."""
    config = _resolve(env="staging", timeout=timeout, **CREDENTIALS)

    assert (expected, float) == (config.timeout, type(config.timeout))


def test_default_timeout_is_30_seconds() -> None:
    """Without timeout=, an operation may take 30 s."""
    assert 30.0 == _resolve(env="staging", **CREDENTIALS).timeout


@pytest.mark.parametrize(
    ("kwargs", "expected_scope", "expected_path"),
    [
        ({"env": "staging"}, None, "/caliper/event"),
        ({"env": "staging", "platform": "LEARNWITH_AI"}, LWAI_SCOPE, "/caliper/v1p2"),
        (
            {
                "platform": "LEARNWITH_AI",
                "base_url": "https://lwai.example.com",
                "auth_url": "https://lwai.example.com/token",
            },
            LWAI_SCOPE,
            "/caliper/v1p2",
        ),
        (
            {"base_url": "https://beyond.example.com", "auth_url": "https://beyond.example.com/t"},
            None,
            "/caliper/event",
        ),
    ],
    ids=["beyond-env", "learnwith-env", "learnwith-explicit-url", "beyond-explicit-url"],
)
def test_platform_decides_scope_and_send_path(
    kwargs: dict[str, Any],
    expected_scope: str | None,
    expected_path: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LEARNWITH_AI asks for its scope and posts to /caliper/v1p2, whatever the URLs' source:
    the requests a client sends, as they leave."""
    for names in ENV_VARS.values():
        for name in names:
            monkeypatch.delenv(name, raising=False)
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "POST" and b"grant_type" in request.content:
            return httpx.Response(200, json={"access_token": "t", "expires_in": 3600})
        return httpx.Response(200, json={"status": "success", "jobId": "1"})

    transport = httpx.MockTransport(answer)
    client = SyncCaliperClient(**kwargs, client_id="cid", client_secret=SECRET, transport=transport)
    with client:
        client.events.send(payloads.SENSOR, [payloads.activity_event()])
    token, send = seen
    scope = urllib.parse.parse_qs(token.content.decode()).get("scope", [None])[0]

    assert (expected_scope, expected_path) == (scope, send.url.path)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://caliper.example.com/", "https://caliper.example.com"),
        ("https://caliper.example.com///", "https://caliper.example.com"),
        ("https://caliper.example.com/prefix/", "https://caliper.example.com/prefix"),
    ],
    ids=["one-slash", "several-slashes", "with-path"],
)
def test_trailing_slashes_are_removed_from_the_base_url(given: str, expected: str) -> None:
    """The base URL is stored without a trailing slash, so paths join cleanly."""
    config = _resolve(base_url=given, auth_url="https://auth.example.com/token", **CREDENTIALS)

    assert expected == config.base_url


@pytest.mark.parametrize("max_retries", [0, 1, 5], ids=["off", "one", "five"])
def test_max_retries_is_applied_to_the_policy(max_retries: int) -> None:
    """max_retries= replaces the retry count and keeps the rest of the policy."""
    policy = RetryPolicy(max_retries=3, backoff=0.0, max_backoff=1.0, max_retry_after=2.0)

    config = _resolve(env="staging", max_retries=max_retries, retry=policy, **CREDENTIALS)

    assert (
        RetryPolicy(max_retries=max_retries, backoff=0.0, max_backoff=1.0, max_retry_after=2.0)
        == config.retry
    )


def test_default_retry_policy() -> None:
    """Without retry settings the default RetryPolicy is used."""
    assert RetryPolicy() == _resolve(env="staging", **CREDENTIALS).retry


@pytest.mark.parametrize("max_retries", [-1, -10, 1.5, True], ids=["-1", "-10", "float", "bool"])
def test_bad_max_retries_is_a_configuration_error(max_retries: Any) -> None:
    """A negative or non-whole max_retries raises ConfigurationError, not a bare ValueError."""
    with pytest.raises(ConfigurationError, match="max_retries"):
        _resolve(env="staging", max_retries=max_retries, **CREDENTIALS)


def test_the_validation_level_is_kept() -> None:
    """validation= is carried into the configuration; "basic" when not given."""
    assert ("basic", "strict", "off") == (
        _resolve(env="staging", **CREDENTIALS).validation,
        _resolve(env="staging", validation="strict", **CREDENTIALS).validation,
        _resolve(env="staging", validation="off", **CREDENTIALS).validation,
    )


def test_an_unknown_validation_level_is_a_configuration_error() -> None:
    """A level that is not off, basic or strict names the choices."""
    with pytest.raises(ConfigurationError, match="off, basic, strict"):
        _resolve(env="staging", validation="lenient", **CREDENTIALS)


def test_repr_never_shows_the_secret() -> None:
    """repr() and str() of a configuration leave the client secret out."""
    config = _resolve(env="staging", client_id="cid", client_secret=SECRET)

    assert (False, False, True) == (
        SECRET in repr(config),
        SECRET in str(config),
        "cid" in repr(config),
    )


def test_secret_from_the_environment_is_not_shown_either() -> None:
    """A secret read from an environment variable is hidden from repr() too."""
    config = _resolve(FULL_ENVIRON)

    assert (False, "env-api-secret") == ("env-api-secret" in repr(config), config.client_secret)


def _run_with_log_var(value: str, code: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIMEBACK", "CALIPER"))}
    env["TIMEBACK_CALIPER_LOG"] = value
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert 0 == done.returncode, done.stderr
    return done.stderr


def test_the_log_variable_turns_on_the_librarys_debug_log_on_stderr() -> None:
    stderr = _run_with_log_var(
        "debug",
        "import timeback_caliper\n"
        "timeback_caliper.CaliperClient(base_url='http://127.0.0.1:9', auth_url="
        "'http://127.0.0.1:9/t', client_id='i', client_secret='very-secret')\n"
        "import logging; logging.getLogger('timeback_caliper').debug('a debug line')\n"
        "logging.getLogger('other').warning('not ours')\n",
    )

    assert "DEBUG [timeback_caliper] a debug line" in stderr
    assert "INFO [timeback_caliper] API http://127.0.0.1:9 (from argument)" in stderr
    assert "[other]" not in stderr  # only our logger gets the handler
    assert "very-secret" not in stderr


def test_an_unknown_log_level_is_said_and_ignored() -> None:
    stderr = _run_with_log_var("loud", "import timeback_caliper")

    assert "TIMEBACK_CALIPER_LOG='loud': not one of debug, info, warning; ignored" in stderr
