"""A local, stateful emulator of the Timeback Caliper API, with fault injection.

Needs the package's `sandbox` extra (uvicorn; see the README's Install) to serve; importing
this package does not import the server. Run it with `python -m timeback_caliper.sandbox`,
use `Sandbox` from Python, or the `caliper_sandbox` pytest fixture.
"""

from timeback_caliper.sandbox._faults import Fault, FaultInjector, FaultRule
from timeback_caliper.sandbox._jobs import JobTiming
from timeback_caliper.sandbox._server import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, Sandbox

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "Fault",
    "FaultInjector",
    "FaultRule",
    "JobTiming",
    "Sandbox",
]
