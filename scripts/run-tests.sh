#!/usr/bin/env bash
# Typechecks, lints and runs every package's tests through Turborepo, then prints one total line
# ("N passed, N failed") across packages from their vitest JSON reports.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
rm -f "$root"/apps/*/.test-results.json "$root"/packages/*/.test-results.json
# --continue: one failing package must not hide the results of the others.
turbo run typecheck lint test --continue "$@"
code=$?
node "$root/scripts/test-summary.mjs" || code=1
exit $code
