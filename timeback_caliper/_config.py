"""Client settings: where the API is, who we are, how long to wait and how to retry.

Resolution, the more specific setting first:
1. explicit arguments (`base_url=`, `auth_url=`, `client_id=`, `client_secret=`);
2. environment variables: `TIMEBACK_API_*`, then `TIMEBACK_*`, then `CALIPER_*`;
3. the URLs that `env=` (or `TIMEBACK_API_ENV`) implies on the platform (`URLS` below).
So `TIMEBACK_API_BASE_URL` points code written with `env="staging"` at a sandbox without an
edit, and test events cannot reach staging by accident. (The vendor client let `env=` win
over the variables.) The platform decides the paths and the token scope whatever the URLs'
source (the vendor client 0.4.0 used BEYOND_AI paths for any explicit base URL, so
LEARNWITH_AI sends went to the wrong path).
"""

from __future__ import annotations

import os
import urllib.parse
from collections.abc import Mapping
from typing import Literal

import attrs
from attrs import field, frozen

from timeback_caliper._core.params import seconds_problem
from timeback_caliper._core.retry import RetryPolicy
from timeback_caliper._core.show import show, wire_text_problem
from timeback_caliper._core.validation import level_of
from timeback_caliper._core.vocabulary import DEFAULT_LEVEL, LWAI_SCOPE, PLATFORMS, Level, Platform
from timeback_caliper.exceptions import ConfigurationError

Environment = Literal["staging", "production"]

URLS: dict[tuple[str, str], tuple[str, str]] = {
    ("BEYOND_AI", "production"): (
        "https://caliper.alpha-1edtech.ai",
        "https://prod-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
    ),
    ("BEYOND_AI", "staging"): (
        "https://caliper.staging.alpha-1edtech.ai",
        "https://staging-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
    ),
    ("LEARNWITH_AI", "production"): (
        "https://platform.timeback.com",
        "https://platform.timeback.com/auth/1.0/token",
    ),
    ("LEARNWITH_AI", "staging"): (
        "https://platform.dev.timeback.com",
        "https://platform.dev.timeback.com/auth/1.0/token",
    ),
}
ENV_VARS = {
    "env": ("TIMEBACK_API_ENV", "TIMEBACK_ENV", "CALIPER_ENV"),
    "base_url": ("TIMEBACK_API_BASE_URL", "TIMEBACK_BASE_URL", "CALIPER_BASE_URL"),
    "auth_url": ("TIMEBACK_API_AUTH_URL", "TIMEBACK_AUTH_URL", "CALIPER_TOKEN_URL"),
    "client_id": ("TIMEBACK_API_CLIENT_ID", "TIMEBACK_CLIENT_ID", "CALIPER_CLIENT_ID"),
    "client_secret": (
        "TIMEBACK_API_CLIENT_SECRET",
        "TIMEBACK_CLIENT_SECRET",
        "CALIPER_CLIENT_SECRET",
    ),
}
DEFAULT_TIMEOUT = 30.0


class MissingSetting(ConfigurationError):
    """A setting that nothing gave (not an invalid one): `name` says which."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _from_environ(name: str, environ: Mapping[str, str]) -> tuple[str | None, str | None]:
    """The first variable of `name` that is set: (value, variable), else (None, None)."""
    for var in ENV_VARS[name]:
        if environ.get(var):
            return environ[var], var
    return None, None


def url_problem(url: str) -> str | None:
    """Why `url` cannot be the API's or the token endpoint's URL (None: it can)."""
    if not url.startswith(("https://", "http://")):
        return "must be an http(s) URL"
    problem = wire_text_problem(url, max_length=2048)
    if problem:
        return problem
    if not url.isprintable() or any(c.isspace() for c in url):
        return "must not hold spaces or control characters"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not parts.hostname:
        return "has no host"
    return None


@frozen(kw_only=True)
class ClientConfig:
    """Resolved settings of one client. Its repr never shows the secret."""

    platform: Platform
    base_url: str
    auth_url: str
    client_id: str
    client_secret: str = field(repr=False)
    timeout: float = DEFAULT_TIMEOUT
    retry: RetryPolicy = field(factory=RetryPolicy)
    validation: Level = DEFAULT_LEVEL
    sources: Mapping[str, str] = field(factory=dict, eq=False, repr=False)
    """Where `base_url` and `auth_url` came from: "argument", a variable's name, or "env=..."."""

    @property
    def token_scope(self) -> str | None:
        return LWAI_SCOPE if self.platform == "LEARNWITH_AI" else None

    @classmethod
    def resolve(
        cls,
        *,
        env: str | None = None,
        platform: str | None = "BEYOND_AI",
        base_url: str | None = None,
        auth_url: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry: RetryPolicy | None = None,
        validation: str = DEFAULT_LEVEL,
        environ: Mapping[str, str] | None = None,
    ) -> ClientConfig:
        environ = os.environ if environ is None else environ
        if env is None:
            env, env_var = _from_environ("env", environ)
            if env is not None and env not in ("staging", "production"):
                raise ConfigurationError(
                    f"{env_var} must be 'staging' or 'production', got {show(env)}"
                )
        if platform is None:  # the vendor client's default
            platform = "BEYOND_AI"
        if platform not in PLATFORMS:
            raise ConfigurationError(
                f"platform must be 'BEYOND_AI' or 'LEARNWITH_AI', got {show(platform)}"
            )
        if env is not None and env not in ("staging", "production"):
            raise ConfigurationError(f"env must be 'staging' or 'production', got {show(env)}")
        problem = seconds_problem(timeout)
        if problem:
            raise ConfigurationError(f"timeout {problem}")
        for name, value in (
            ("base_url", base_url),
            ("auth_url", auth_url),
            ("client_id", client_id),
            ("client_secret", client_secret),
        ):
            if value is not None and not isinstance(value, str):
                raise ConfigurationError(f"{name} must be a string, got {type(value).__name__}")

        try:
            level = level_of(validation)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        if retry is not None and not isinstance(retry, RetryPolicy):
            raise ConfigurationError(f"retry must be a RetryPolicy, got {type(retry).__name__}")
        env_base, env_auth = URLS[(platform, env)] if env is not None else (None, None)
        sources: dict[str, str] = {}

        def pick(name: str, explicit: str | None, implied: str | None = None) -> str:
            value, source = (explicit, "argument") if explicit else _from_environ(name, environ)
            if not value and implied:
                value, source = implied, f"env={env}"
            if value and source:
                sources[name] = source
                return value
            hint = f"pass {name}=..." + (
                ", or env='staging'|'production'" if name.endswith("url") else ""
            )
            raise MissingSetting(name, f"no {name}: {hint}, or set {ENV_VARS[name][0]}")

        try:
            policy = retry or RetryPolicy()
            if max_retries is not None:
                policy = attrs.evolve(policy, max_retries=max_retries)
        except ValueError as exc:
            raise ConfigurationError(str(exc)) from None
        urls = {
            "base_url": pick("base_url", base_url, env_base).rstrip("/"),
            "auth_url": pick("auth_url", auth_url, env_auth),
        }
        for name, url in urls.items():
            problem = url_problem(url)
            if problem:
                raise ConfigurationError(f"{name} {problem}, got {show(url)}")
        credentials = {
            "client_id": pick("client_id", client_id),
            "client_secret": pick("client_secret", client_secret),
        }
        for name, value in credentials.items():
            problem = wire_text_problem(value, max_length=4096)
            if problem:  # said without the value: it may be the secret
                raise ConfigurationError(f"{name} {problem}")
        return cls(
            platform=platform,
            base_url=urls["base_url"],
            auth_url=urls["auth_url"],
            client_id=credentials["client_id"],
            client_secret=credentials["client_secret"],
            timeout=float(timeout),
            retry=policy,
            validation=level,
            sources=sources,
        )
