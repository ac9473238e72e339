"""The HTTP mechanics of the sandbox, as plain ASGI: requests in, replies out.

No framework: owning the request cycle lets fault injection drop a connection mid-reply.
Nothing here knows the API; `_api.py` and `_admin.py` hold what each route does.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import ipaddress
import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import unquote

from attrs import frozen

from timeback_caliper._core.validation import Issue, Where, _path, json_leaf_problem

Scope = Mapping[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


@frozen
class Reply:
    status: int
    body: Any  # JSON, or bytes sent as they are
    headers: tuple[tuple[str, str], ...] = ()
    content_type: str = "application/json"


@frozen
class Request:
    method: str
    segments: tuple[str, ...]  # percent-decoded path segments
    query: Mapping[str, list[str]]
    headers: Mapping[str, str]  # lower-case names
    body: bytes = b""


class BodyTooLarge(Exception):
    pass


class Disconnected(Exception):
    pass


def error(status: int, message: str, issues: list[Issue] | None = None, **headers: str) -> Reply:
    """The API's error body (openapi/caliper.yaml ErrorBody)."""
    body = {
        "status": "error",
        "message": message,
        "errors": None if issues is None else [i.to_dict() for i in issues],
    }
    return Reply(status, body, tuple((k.replace("_", "-"), v) for k, v in headers.items()))


def oauth_error(status: int, code: str, description: str, **headers: str) -> Reply:
    body = {"error": code, "error_description": description}
    return Reply(status, body, tuple((k.replace("_", "-"), v) for k, v in headers.items()))


def fault_reply(status: int, retry_after: str | None) -> Reply:
    messages = {
        429: "Too many requests",
        500: "Internal server error",
        502: "Bad gateway",
        503: "Service unavailable",
        504: "Gateway timeout",
    }
    if retry_after is None:
        return error(status, messages[status])
    return error(status, messages[status], retry_after=retry_after)


class Receiver:
    """ASGI `receive` that can watch for a disconnect while keeping what it reads."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._buffer: list[Message] = []

    async def __call__(self) -> Message:
        return self._buffer.pop(0) if self._buffer else await self._receive()

    async def disconnected_within(self, seconds: float) -> bool:
        """Wait `seconds`; True as soon as the client disconnects."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while (left := deadline - loop.time()) > 0:
            try:
                message = await asyncio.wait_for(self._receive(), left)
            except TimeoutError:
                return False
            self._buffer.append(message)
            if message["type"] == "http.disconnect":
                return True
        return False


def is_loopback(host: str) -> bool:
    """Whether a host name or address (IPv6 with or without brackets) is this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(headers: Mapping[str, str]) -> str:
    """The name in a request's Host header, without its port."""
    host = headers.get("host", "")
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0]


def media_type(headers: Mapping[str, str]) -> str:
    return headers.get("content-type", "").split(";", 1)[0].strip().lower()


def single(form: Mapping[str, list[str]], name: str) -> str | None:
    values = form.get(name)
    return values[-1] if values else None


def basic_credentials(header: str) -> tuple[str | None, str | None]:
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic":
        return None, None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None, None
    client_id, sep, secret = decoded.partition(":")
    return (unquote(client_id), unquote(secret)) if sep else (None, None)


# **[decided]** JSON nested deeper than this is a 400: deeper is no learning event, and
# Python's own JSON reader and writer stop near 1,000 levels.
MAX_JSON_DEPTH = 512


class UnkeptJson(ValueError):
    """JSON that no route may keep: a value that could not be written back (a number
    beyond the finite, a lone surrogate), named by its path, as validation names one."""

    def __init__(self, issue: Issue) -> None:
        super().__init__(str(issue))
        self.issue = issue


def read_json(body: bytes) -> Any:
    """A request body as JSON, strictly, for every route that reads one: UTF-8, numbers
    finite however written (`NaN`, `1e400`), no lone surrogates, at most MAX_JSON_DEPTH
    levels deep. What is kept must be written back by every read (a stored infinity made
    each list holding it a 500). ValueError with the reason otherwise; `UnkeptJson`,
    naming the path, for a value that is JSON but cannot be kept."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"the body is not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        value = json.loads(text)  # NaN, Infinity and 1e400 come as floats: refused below
    except RecursionError:
        raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels") from None
    except json.JSONDecodeError as exc:
        raise ValueError(str(exc)) from None
    # One pass over every value and key, paths kept as links (parent, key): spelt out only
    # for the problem found.
    stack: list[tuple[Any, int, Where]] = [(value, 1, "")]
    while stack:
        item, level, where = stack.pop()
        if item.__class__ is str or item.__class__ is float:
            if problem := json_leaf_problem(item):
                raise UnkeptJson(Issue(_path(where), problem, code="json"))
        elif isinstance(item, dict):
            if level > MAX_JSON_DEPTH:
                raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
            for key, child in item.items():
                if problem := json_leaf_problem(key):
                    raise UnkeptJson(Issue(_path(where), f"has a key that {problem}", code="json"))
                stack.append((child, level + 1, (where, key)))
        elif isinstance(item, list):
            if level > MAX_JSON_DEPTH:
                raise ValueError(f"nested deeper than {MAX_JSON_DEPTH} levels")
            stack.extend((child, level + 1, (where, i)) for i, child in enumerate(item))
    return value


def declared_length(headers: Mapping[str, str]) -> int:
    """The Content-Length a request declares (0 if none, or not a plain number)."""
    value = headers.get("content-length", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else 0


async def read_body(receive: Receive, headers: Mapping[str, str], limit: int) -> bytes:
    """The whole body; past `limit` bytes the rest is read and dropped, then 413."""
    chunks: list[bytes] = []
    size = 0
    too_large = declared_length(headers) > limit
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise Disconnected
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            too_large = True
        if not too_large:
            chunks.append(chunk)
        if not message.get("more_body", False):
            break
    if too_large:
        raise BodyTooLarge
    return b"".join(chunks)


async def drain(receive: Receive) -> None:
    """Read and discard the request body (see `SandboxApp`'s drop)."""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect" or not message.get("more_body", False):
            return


async def respond(send: Send, reply: Reply) -> None:
    if isinstance(reply.body, bytes):
        body = reply.body
    else:
        body = json.dumps(reply.body, separators=(",", ":"), allow_nan=False).encode()
    headers = [
        (b"content-type", reply.content_type.encode()),
        (b"content-length", str(len(body)).encode()),
        *((k.encode(), v.encode()) for k, v in reply.headers),
    ]
    await send({"type": "http.response.start", "status": reply.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
