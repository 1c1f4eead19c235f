#!/usr/bin/env bash
# The README's test command: provisions Node 22 + pnpm if needed, installs the
# workspace from the lockfile, then runs every test against real Redis and Kafka
# (started by scripts/services.sh when nothing answers, stopped afterwards).
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_toolchain
cd "$REPO_ROOT"
pnpm install --frozen-lockfile
exec pnpm test "$@"
