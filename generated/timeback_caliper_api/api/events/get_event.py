from __future__ import annotations

import functools
from http import HTTPStatus
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from ... import errors
from ...types import UNSET, Response

if TYPE_CHECKING:  # at run time only the I/O functions below need them
    import httpx

    from ...client import AuthenticatedClient, Client

from ...models.error_body import ErrorBody
from ...models.event_response import EventResponse
from ...types import Unset


def _get_kwargs(
    external_id: str,
    *,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/caliper/events/{external_id}".format(
            external_id=quote(str(external_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | EventResponse | None:
    if response.status_code == 200:
        response_200 = EventResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = ErrorBody.from_dict(response.json())

        return response_404

    if response.status_code == 429:
        response_429 = ErrorBody.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorBody.from_dict(response.json())

        return response_500

    if response.status_code == 502:
        response_502 = ErrorBody.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = ErrorBody.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = ErrorBody.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorBody | EventResponse]:
    try:
        status_code: HTTPStatus | int = HTTPStatus(response.status_code)
    except ValueError:
        status_code = response.status_code
    try:
        parsed = _parse_response(client=client, response=response)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        parsed = None
    return Response(
        status_code=status_code,
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def build_request(
    external_id: str,
    *,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    """This operation's request, as keyword arguments of httpx's `request()`; no I/O."""
    return _get_kwargs(
        external_id=external_id,
        x_request_id=x_request_id,
    )


def parse_response(response: httpx.Response) -> Response[ErrorBody | EventResponse]:
    """This operation's reply, parsed into its documented model; no I/O. `parsed` is None
    when the status or the body is not the documented one."""
    return _build_response(client=_parser(), response=response)


@functools.cache
def _parser() -> Client:
    from ...client import Client

    return Client(base_url="")


def sync_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | EventResponse]:
    """Get one stored event by its Caliper id

    Args:
        external_id (str):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventResponse]
    """

    kwargs = _get_kwargs(
        external_id=external_id,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    external_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | EventResponse | None:
    """Get one stored event by its Caliper id

    Args:
        external_id (str):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventResponse
    """

    return sync_detailed(
        external_id=external_id,
        client=client,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    external_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | EventResponse]:
    """Get one stored event by its Caliper id

    Args:
        external_id (str):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventResponse]
    """

    kwargs = _get_kwargs(
        external_id=external_id,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    external_id: str,
    *,
    client: AuthenticatedClient | Client,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | EventResponse | None:
    """Get one stored event by its Caliper id

    Args:
        external_id (str):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventResponse
    """

    return (
        await asyncio_detailed(
            external_id=external_id,
            client=client,
            x_request_id=x_request_id,
        )
    ).parsed
