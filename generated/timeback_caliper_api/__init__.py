"""A client library for accessing Timeback Caliper Analytics API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
