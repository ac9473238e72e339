"""`make demo`: the main job, end to end, against the local sandbox."""

from __future__ import annotations


def main() -> int:
    print(
        "make demo will start the local Caliper sandbox on an embedded SQLite database,\n"
        "send an activity event and a time-spent event with the client, wait for the\n"
        "processing job, list the events back and stop the sandbox.\n"
        "The sandbox and the client have not landed yet: nothing to run."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
