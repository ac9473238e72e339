#!/usr/bin/env bash
# Run the test suite N times in a row while other processes keep every core busy, and
# count the runs that failed: a test that fails once in N runs under load is a failing test.
#
#   scripts/test-repeat.sh [N] [pytest args...]     (make test-repeat N=10 PYTEST_ARGS=...)
#
# Each run's output is kept in $LOGS (default: a new temporary folder) as run-K.log.
set -uo pipefail
n="${1:-10}"
shift || true
python="${VENV:-.venv}/bin/python"
logs="${LOGS:-$(mktemp -d -t timeback-test-repeat-XXXXXX)}"
mkdir -p "$logs"

load_pids=()
stop_load() { for pid in "${load_pids[@]}"; do kill "$pid" 2>/dev/null; done; }
trap stop_load EXIT
trap 'echo "test-repeat: interrupted"; exit 130' INT TERM
for _ in $(seq "$(nproc)"); do
  "$python" -c 'while True: pass' &
  load_pids+=("$!")
done
echo "test-repeat: $n runs, $(nproc) busy-loop processes as load, logs in $logs"

passed=0
failed=0
for run in $(seq "$n"); do
  started=$(date +%s)
  if "$python" -m pytest -p no:cacheprovider -q "$@" >"$logs/run-$run.log" 2>&1; then
    passed=$((passed + 1))
    verdict=passed
  else
    failed=$((failed + 1))
    verdict=FAILED
  fi
  echo "run $run/$n: $verdict in $(($(date +%s) - started)) s: $(tail -n 1 "$logs/run-$run.log")"
  if [ "$verdict" = FAILED ]; then
    grep -E '^(FAILED|ERROR) ' "$logs/run-$run.log" | sed 's/^/    /'
  fi
done
echo "test-repeat: $passed passed, $failed failed of $n runs under load"
[ "$failed" = 0 ]
