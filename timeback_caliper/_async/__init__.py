"""The async client; the single source of the sync one (see scripts/unasync.py)."""

from timeback_caliper._async.client import (
    AsyncCaliperClient,
    AsyncEvents,
    AsyncEventStream,
    AsyncJobs,
)

__all__ = ["AsyncCaliperClient", "AsyncEventStream", "AsyncEvents", "AsyncJobs"]
