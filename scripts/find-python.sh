#!/usr/bin/env bash
# Print the path of a Python interpreter of version X.Y, or fail with one line saying so.
#
#   scripts/find-python.sh 3.12
#
# Looks for pythonX.Y on PATH, then among pyenv's installed versions (where the shims only
# answer with PYENV_VERSION set); prints the interpreter's own sys.executable.
set -uo pipefail
want="${1:?usage: find-python.sh X.Y}"
probe="import sys; assert '%d.%d' % sys.version_info[:2] == '$want'; print(sys.executable)"

try() { "$@" -c "$probe" 2>/dev/null; }

if found=$(try "python$want"); then
  echo "$found"
  exit 0
fi
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
for candidate in $(ls -d "$root/versions/$want".* 2>/dev/null | sort -V -r); do
  if found=$(try "$candidate/bin/python$want"); then
    echo "$found"
    exit 0
  fi
done
echo "ERROR: no Python $want found (looked for python$want on PATH and in $root/versions); install it, e.g. 'pyenv install $want'" >&2
exit 1
