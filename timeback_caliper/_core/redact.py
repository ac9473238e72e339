"""Database URLs and driver messages without their passwords, for every message we build.

Rules:
- A password is taken out however the URL is written, malformed ones included (an
  unencoded `%`, `@`, `/` or space in it, an unclosed IPv6 bracket): libpq cuts the user
  information at the first `@`, RFC 3986 at the last, so both readings are taken out.
- `password=` is taken out of a URL's query and of a `key=value` conninfo string.
- A driver's message may quote the URL whole or any piece of it (the token it could not
  decode, a host that is the password's tail): `scrubbed` replaces the URL by its redacted
  form, then every piece of the password still in the message by `***`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

HIDDEN = "***"
_QUERY_PASSWORD = re.compile(r"(?i)([?&]password=)([^&]*)")
# A conninfo value: 'quoted, with \' escapes' or a run of non-space characters.
_CONNINFO_PASSWORD = re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'?|\S*)")
_CUTS = re.compile(r"[@/?#]")  # where a parser of the URL may cut a password in pieces
_SHORT = 4  # pieces shorter than this are taken out only where they stand alone


def redacted(url: str) -> str:
    """The URL (or conninfo string) without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return _CONNINFO_PASSWORD.sub(lambda m: m[1] + HIDDEN, url)
    rest = _QUERY_PASSWORD.sub(lambda m: m[1] + HIDDEN, rest)  # first: it may hold an `@`
    at = rest.rfind("@")
    if at >= 0 and ":" in rest[:at]:
        rest = f"{rest[:at].split(':', 1)[0]}@{rest[at + 1 :]}"
    return f"{scheme}://{rest}"


def misread(url: str) -> bool:
    """Whether libpq reads the URL's user information other than as written: an unencoded
    `@` or `/` in the password moves its tail into the host (a host that no outage
    explains, and no wait would find)."""
    _, sep, rest = url.partition("://")
    rest = rest.split("?", 1)[0]
    return bool(sep) and (rest.count("@") > 1 or ("@" in rest.split("/", 1)[-1] and "/" in rest))


def passwords(url: str) -> set[str]:
    """Every string that may be (a piece of) the password in `url`, however it is parsed."""
    found: set[str] = set()
    _, sep, rest = url.partition("://")
    if sep:
        for at in (i for i, c in enumerate(rest) if c == "@"):
            if ":" in rest[:at]:
                found.add(rest[:at].split(":", 1)[1])
        found.update(m[2] for m in _QUERY_PASSWORD.finditer(rest))
    else:
        for match in _CONNINFO_PASSWORD.finditer(url):
            found.update((match[2], match[2].strip("'").replace("\\'", "'")))
    pieces = set()
    for secret in found:
        pieces.add(secret)
        pieces.add(unquote(secret))
        pieces.update(_CUTS.split(secret))
        pieces.update(_CUTS.split(unquote(secret)))
    pieces.discard("")
    return pieces


def scrubbed(text: str, url: str) -> str:
    """`text` (a driver's message about `url`) with no piece of the password left in it."""
    text = text.replace(url, redacted(url))
    for secret in sorted(passwords(url), key=len, reverse=True):
        if len(secret) >= _SHORT:
            text = text.replace(secret, HIDDEN)
        else:  # "on" must not take the middle out of "connection"
            text = re.sub(rf"(?<![\w]){re.escape(secret)}(?![\w])", HIDDEN, text)
    return _CONNINFO_PASSWORD.sub(lambda m: m[1] + HIDDEN, text)
