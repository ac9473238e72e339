"""`_http`'s URL join, held to httpx's own: the transport joins an operation's path to the
base URL once and keeps it, instead of letting httpx join it for every request."""

from __future__ import annotations

import urllib.parse

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_caliper._http import _URLS_KEPT, AsyncConnections, CaliperAuth, Connections

_AUTH = CaliperAuth(
    token_url="http://127.0.0.1/token", client_id="i", client_secret="s", scope=None
)

_segments = st.lists(
    st.text(st.characters(codec="utf-8", exclude_characters="/?#"), max_size=8), max_size=3
)
_bases = st.builds(
    lambda scheme, port, parts, slash: (
        f"{scheme}://127.0.0.1{port}/"
        + "/".join(urllib.parse.quote(p) for p in parts)
        + ("/" if slash and parts else "")
    ),
    st.sampled_from(["http", "https"]),
    st.sampled_from(["", ":8080", ":443"]),
    _segments,
    st.booleans(),
)
_paths = st.builds(
    lambda parts, query: "/" + "/".join(urllib.parse.quote(p, safe="") for p in parts) + query,
    _segments,
    st.sampled_from(["", "?limit=5", "?a=%20b&c="]),
)


@settings(max_examples=300)
@given(base=_bases, path=_paths)
def test_a_joined_url_is_the_one_httpx_would_send(base: str, path: str) -> None:
    with httpx.Client(base_url=base) as client:
        connections = Connections(client, _AUTH, owned=True)

        assert client.build_request("POST", path).url == connections.url(path)
        assert client.build_request("POST", path).url == connections.url(path)  # kept


def test_an_absolute_url_is_sent_as_given() -> None:
    with httpx.Client(base_url="http://127.0.0.1/api") as client:
        connections = Connections(client, _AUTH, owned=True)

        assert httpx.URL("https://elsewhere.example/x?y=1") == connections.url(
            "https://elsewhere.example/x?y=1"
        )


@pytest.mark.anyio
async def test_the_kept_urls_are_bounded_and_stay_right_past_the_bound() -> None:
    async with httpx.AsyncClient(base_url="http://127.0.0.1/api/") as client:
        connections = AsyncConnections(client, _AUTH, owned=True)
        paths = [f"/caliper/events/{n}" for n in range(3 * _URLS_KEPT)]

        for path in paths:
            assert client.build_request("GET", path).url == connections.url(path)
        assert httpx.URL("http://127.0.0.1/api/caliper/events/0") == connections.url(paths[0])


def test_a_base_url_set_later_is_the_one_joined_to() -> None:
    """A caller's own httpx client may get another base (each client that adopts it sets its
    own): a URL kept for the old base is not sent."""
    with httpx.Client(base_url="http://127.0.0.1/a/") as client:
        connections = Connections(client, _AUTH, owned=False)
        assert httpx.URL("http://127.0.0.1/a/caliper/event") == connections.url("/caliper/event")

        client.base_url = httpx.URL("http://127.0.0.2/b")

        assert httpx.URL("http://127.0.0.2/b/caliper/event") == connections.url("/caliper/event")
