"""The pure core: every decision the client makes, with no I/O.

Rules (checked by tests/core/test_core_is_pure.py):

1. Nothing here performs I/O, sleeps, reads a clock or draws random numbers. Time comes in
   as an argument (`now`, from `time.monotonic()` or `time.time()` in the facade); ids come
   in from the caller.
2. Every behaviour that must be the same for sync and async callers, and for the client and
   the sandbox, lives here: retry and deadline decisions, paging, job states, token
   freshness, error mapping, envelope building, timestamps.
3. Results are values (frozen attrs classes, tuples, strings), never side effects.
4. No httpx import: inputs are plain values (status codes, header mappings, bytes, dicts).
"""
