#!/usr/bin/env bash
# Runs a command with Redis and Kafka available: starts through scripts/services.sh
# whichever does not answer (reusing whatever does), runs the command, then stops
# only what this run started, so a developer's own `pnpm services up` (or an
# external Redis/Kafka) survives a test run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# Captured first: `status | grep -q` would end status early (SIGPIPE) and, under
# pipefail, read as "nothing answers".
status="$(bash "$here/services.sh" status)"
started=()
grep -q '^redis: answering at' <<<"$status" || started+=(redis)
grep -q '^kafka: answering at' <<<"$status" || started+=(kafka)
bash "$here/services.sh" up
if [[ ${#started[@]} -gt 0 ]]; then
  trap 'bash "$here/services.sh" down "${started[@]}"' EXIT
fi
"$@"
