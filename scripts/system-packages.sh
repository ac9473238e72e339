#!/usr/bin/env bash
# The distribution's packages the tests use, installed in one apt-get run when missing:
# PostgreSQL (the outbox tests start a server of their own: tests/postgres.py) and
# Chromium (the inspector's browser tests drive it headless: tests/inspector/).
# As root it installs them; otherwise it names what to install and fails.
set -euo pipefail

missing=()
ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
    echo "ERROR: missing Debian packages: ${missing[*]}; run 'apt-get install ${missing[*]}' as root" >&2
    exit 2
fi
echo "installing from the distribution's packages: ${missing[*]}" >&2
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        "${missing[@]}" >/dev/null; }; then
    echo "ERROR: apt-get could not install ${missing[*]} (see above)" >&2
    exit 2
fi
