#!/usr/bin/env bash
# Runs a command with Redis and Kafka available: starts them through
# scripts/services.sh when nothing answers (reusing whatever does), runs the
# command, then stops only what was started here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/services.sh" up
trap 'bash "$here/services.sh" down' EXIT
"$@"
