#!/usr/bin/env bash
# Runs a command with Redis and Kafka available: starts them through
# scripts/services.sh when nothing answers (reusing whatever does), runs the
# command, then stops them again — but only when neither answered before, so a
# developer's own `pnpm services up` (or an external Redis/Kafka) survives a test run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Captured first: `status | grep -q` would end status early (SIGPIPE) and, under
# pipefail, read as "nothing answers".
status="$(bash "$here/services.sh" status)"
if grep -q ': answering at' <<<"$status"; then
  bash "$here/services.sh" up
else
  bash "$here/services.sh" up
  trap 'bash "$here/services.sh" down' EXIT
fi
"$@"
