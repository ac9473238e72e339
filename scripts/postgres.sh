#!/usr/bin/env bash
# PostgreSQL for the tests, from the distribution's packages (the outbox tests need a real
# server: they never fall back to a fake).
#   scripts/postgres.sh install    install the server if its binaries are missing (with
#                                  scripts/system-packages.sh), print their dir
# The test setup (tests/postgres.py) starts a server of its own in a temporary data
# directory, on loopback, as an unprivileged user, and stops it at the end.
set -euo pipefail

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

case "${1:-}" in
install)
    dir=$(bindir)
    if [ -z "$dir" ]; then
        "$(dirname "$0")/system-packages.sh"  # apt-get, as root; otherwise it says what to install
        dir=$(bindir)
    fi
    if [ ! -x "$dir/initdb" ] || [ ! -x "$dir/pg_ctl" ]; then
        echo "ERROR: no initdb/pg_ctl in $dir" >&2
        exit 2
    fi
    echo "$dir"
    ;;
*)
    echo "usage: $0 install" >&2
    exit 2
    ;;
esac
