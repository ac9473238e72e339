from __future__ import annotations

import functools
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from ... import errors
from ...types import UNSET, Response

if TYPE_CHECKING:  # at run time only the I/O functions below need them
    import httpx

    from ...client import AuthenticatedClient, Client

from ...models.error_body import ErrorBody
from ...models.events_page import EventsPage
from ...types import Unset


def _get_kwargs(
    *,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(x_request_id, Unset):
        headers["X-Request-ID"] = x_request_id

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["offset"] = offset

    params["sensor"] = sensor

    params["startDate"] = start_date

    params["endDate"] = end_date

    params["actorId"] = actor_id

    params["actorEmail"] = actor_email

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/caliper/events",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorBody | EventsPage | None:
    if response.status_code == 200:
        response_200 = EventsPage.from_dict(response.json())

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
) -> Response[ErrorBody | EventsPage]:
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
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> dict[str, Any]:
    """This operation's request, as keyword arguments of httpx's `request()`; no I/O."""
    return _get_kwargs(
        limit=limit,
        offset=offset,
        sensor=sensor,
        start_date=start_date,
        end_date=end_date,
        actor_id=actor_id,
        actor_email=actor_email,
        x_request_id=x_request_id,
    )


def parse_response(response: httpx.Response) -> Response[ErrorBody | EventsPage]:
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
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | EventsPage]:
    """List stored events

     One page of stored events matching every given filter.
    **[decided]** Order: `eventTime` descending, then `id` descending.
    **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
    `eventTime`.

    Args:
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sensor (str | Unset):
        start_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        end_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        actor_id (str | Unset):
        actor_email (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventsPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        sensor=sensor,
        start_date=start_date,
        end_date=end_date,
        actor_id=actor_id,
        actor_email=actor_email,
        x_request_id=x_request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | EventsPage | None:
    """List stored events

     One page of stored events matching every given filter.
    **[decided]** Order: `eventTime` descending, then `id` descending.
    **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
    `eventTime`.

    Args:
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sensor (str | Unset):
        start_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        end_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        actor_id (str | Unset):
        actor_email (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventsPage
    """

    return sync_detailed(
        client=client,
        limit=limit,
        offset=offset,
        sensor=sensor,
        start_date=start_date,
        end_date=end_date,
        actor_id=actor_id,
        actor_email=actor_email,
        x_request_id=x_request_id,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> Response[ErrorBody | EventsPage]:
    """List stored events

     One page of stored events matching every given filter.
    **[decided]** Order: `eventTime` descending, then `id` descending.
    **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
    `eventTime`.

    Args:
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sensor (str | Unset):
        start_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        end_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        actor_id (str | Unset):
        actor_email (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorBody | EventsPage]
    """

    kwargs = _get_kwargs(
        limit=limit,
        offset=offset,
        sensor=sensor,
        start_date=start_date,
        end_date=end_date,
        actor_id=actor_id,
        actor_email=actor_email,
        x_request_id=x_request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    limit: int | Unset = 100,
    offset: int | Unset = 0,
    sensor: str | Unset = UNSET,
    start_date: str | Unset = UNSET,
    end_date: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    actor_email: str | Unset = UNSET,
    x_request_id: str | Unset = UNSET,
) -> ErrorBody | EventsPage | None:
    """List stored events

     One page of stored events matching every given filter.
    **[decided]** Order: `eventTime` descending, then `id` descending.
    **[decided]** `startDate` is inclusive and `endDate` exclusive, both compared with
    `eventTime`.

    Args:
        limit (int | Unset):  Default: 100.
        offset (int | Unset):  Default: 0.
        sensor (str | Unset):
        start_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        end_date (str | Unset): An ISO 8601 date (midnight UTC) or an RFC 3339 date-time (UTC
            without an offset).
            **[decided]** Only real calendar dates of the years 1000 to 2999: the pattern says so,
            so that every string it admits is one the sandbox can filter by.
        actor_id (str | Unset):
        actor_email (str | Unset):
        x_request_id (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorBody | EventsPage
    """

    return (
        await asyncio_detailed(
            client=client,
            limit=limit,
            offset=offset,
            sensor=sensor,
            start_date=start_date,
            end_date=end_date,
            actor_id=actor_id,
            actor_email=actor_email,
            x_request_id=x_request_id,
        )
    ).parsed
