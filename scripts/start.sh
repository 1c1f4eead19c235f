#!/usr/bin/env bash
# The README's run command: provisions Node 22 + pnpm if needed, installs the
# workspace from the lockfile, then builds and runs the whole system.
set -euo pipefail
source "$(dirname "$0")/lib/toolchain.sh"
ensure_toolchain
cd "$REPO_ROOT"
pnpm install --frozen-lockfile
# What `pnpm start` does, without pnpm in between: signals (SIGTERM from a supervisor,
# `timeout`) then reach run-system.mjs itself, which stops the apps and services.
pnpm build
exec node scripts/run-system.mjs "$@"
