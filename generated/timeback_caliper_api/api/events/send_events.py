from __future__ import annotations

import functools
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ... import errors
from ...types import UNSET, Response

if TYPE_CHECKING:  # at run time only the I/O functions below need them
    import httpx

    from ...client import AuthenticatedClient, Client

from ...models.envelope import Envelope
from ...models.error_body import ErrorBody
from ...models.send_result import SendResult
from ...types import Unset


def _get_kwargs(
    *,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/caliper/event",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | SendResult | None:
    if response.status_code == 200:
        response_200 = SendResult.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = SendResult.from_dict(response.json())

        return response_202

    if response.status_code == 400:
        response_400 = ErrorBody.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorBody.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorBody.from_dict(response.json())

        return response_403

    if response.status_code == 413:
        response_413 = ErrorBody.from_dict(response.json())

        return response_413

    if response.status_code == 415:
        response_415 = ErrorBody.from_dict(response.json())

        return response_415

    if response.status_code == 422:
        response_422 = ErrorBody.from_dict(response.json())

        return response_422

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
) -> Response[ErrorBody | SendResult]:
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
    *,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    """This operation's request, as keyword arguments of httpx's `request()`; no I/O."""
    return _get_kwargs(
        body=body,
        x_request_id=x_request_id,
    )


def build_encoded_request(content: bytes) -> dict[str, Any]:
    """This operation's request with its JSON body already encoded, sent as these bytes;
    no I/O."""
    return {
        "method": "post",
        "url": "/caliper/event",
        "content": content,
        "headers": {"Content-Type": "application/json"},
    }


def parse_response(response: httpx.Response) -> Response[ErrorBody | SendResult]:
    """This operation's reply, parsed into its documented model; no I/O. `parsed` is None
    when the status or the body is not the documented one."""
    return _build_response(client=_parser(), response=response)


@functools.cache
def _parser() -> Client:
    from ...client import Client

    return Client(base_url="")


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | SendResult]:
    """Send a Caliper envelope

     Validates the envelope synchronously and queues its events for asynchronous storage.
    **[decided]** The reply carries both the documented `{status, message, errors}` and the
    `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
    **[decided]** Events whose `id` is already stored are not stored again.

    Args:
        x_request_id (str | Unset):
        body (Envelope): A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and
            the Timeback
            event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
            valid Caliper event travels unchanged. The envelope takes no other properties.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SendResult]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | SendResult | None:
    """Send a Caliper envelope

     Validates the envelope synchronously and queues its events for asynchronous storage.
    **[decided]** The reply carries both the documented `{status, message, errors}` and the
    `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
    **[decided]** Events whose `id` is already stored are not stored again.

    Args:
        x_request_id (str | Unset):
        body (Envelope): A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and
            the Timeback
            event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
            valid Caliper event travels unchanged. The envelope takes no other properties.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SendResult
    """

    return sync_detailed(
        client=client,
        body=body,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | SendResult]:
    """Send a Caliper envelope

     Validates the envelope synchronously and queues its events for asynchronous storage.
    **[decided]** The reply carries both the documented `{status, message, errors}` and the
    `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
    **[decided]** Events whose `id` is already stored are not stored again.

    Args:
        x_request_id (str | Unset):
        body (Envelope): A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and
            the Timeback
            event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
            valid Caliper event travels unchanged. The envelope takes no other properties.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | SendResult]
    """

    kwargs = _get_kwargs(
        body=body,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: Envelope,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | SendResult | None:
    """Send a Caliper envelope

     Validates the envelope synchronously and queues its events for asynchronous storage.
    **[decided]** The reply carries both the documented `{status, message, errors}` and the
    `jobId` the vendor's clients expect. Poll `/jobs/{jobId}/status` for the outcome.
    **[decided]** Events whose `id` is already stored are not stored again.

    Args:
        x_request_id (str | Unset):
        body (Envelope): A Caliper 1.2 envelope. `data` holds one or more Events (see `Event` and
            the Timeback
            event schemas) and/or Entities (`Entity`); they are typed loosely here so that every
            valid Caliper event travels unchanged. The envelope takes no other properties.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | SendResult
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            x_request_id=x_request_id,
        )
    ).parsed
