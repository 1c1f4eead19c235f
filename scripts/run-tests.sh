#!/usr/bin/env bash
# Typechecks, lints and runs every package's tests through Turborepo, then the fault suite
# (test:faults: real processes and services killed and restarted, on a Redis and a Kafka of its
# own), then every benchmark in smoke mode (tiny sizes, nothing asserted on speed: a bench that
# no longer runs fails here instead of rotting), then prints one total line ("N passed,
# N failed") across packages from their vitest JSON reports, the fault suite's included.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rm -f "$root"/apps/*/.test-results.json "$root"/packages/*/.test-results.json \
  "$root"/apps/*/.fault-results.json "$root"/packages/*/.fault-results.json
# --continue: one failing package must not hide the results of the others.
turbo run typecheck lint test --continue "$@"
code=$?
# After the other tests, alone: its faults are timed, and the machine may have two cores.
echo "fault suite (test:faults):"
turbo run test:faults --concurrency=1 --continue "$@" || { echo "the fault suite failed"; code=1; }
echo "benchmarks, smoke mode (BENCH_SMOKE=1):"
BENCH_SMOKE=1 turbo run bench --concurrency=1 --continue || { echo "a benchmark failed in smoke mode"; code=1; }
node "$root/scripts/test-summary.mjs" || code=1
exit $code
