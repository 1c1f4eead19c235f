# syntax=docker/dockerfile:1
#
# One image recipe for the three apps; pick one with --target:
#
#   docker build --target kafka-bridge -t aisvc/kafka-bridge .
#   docker build --target worker       -t aisvc/worker .
#   docker build --target api          -t aisvc/api .       (also the default: last stage)
#
# (docker-compose.yml at the repo root builds all three.)
#
# Stages:
#   base    node + pnpm (pinned to package.json's packageManager)
#   build   whole workspace installed, the three apps (and the packages they use) built by turbo
#   deploy  `pnpm deploy --prod` of each app: its package.json, dist/ and production node_modules
#   runtime node only, NODE_ENV=production, user `node`; one small final stage per app on top
#
# Base image: node:22-bookworm-slim (Debian, glibc), not alpine (musl). Every native or
# prebuilt binary in the lockfile (msgpackr-extract's prebuilds, esbuild, turbo) is built and
# tested for glibc first, and the dev/CI machines are Debian too; slim is small enough, and
# alpine's few saved megabytes are not worth a second libc to trust.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
# Keep in step with "packageManager" in package.json. corepack is not used: it fails on
# these machines (signature check), a plain npm install is reliable.
ARG PNPM_VERSION=10.34.8
RUN npm install --global --no-fund --no-audit "pnpm@${PNPM_VERSION}" \
 && npm cache clean --force
ENV npm_config_store_dir=/pnpm/store \
    TURBO_TELEMETRY_DISABLED=1 \
    CI=true
WORKDIR /repo

# ---------------------------------------------------------------------------------------------
FROM base AS build
# 1) Dependencies, keyed on the lockfile only: `pnpm fetch` downloads every package the
#    lockfile names into the store without needing the workspace's package.json files, so
#    this layer survives any source change (and any new workspace package) until
#    pnpm-lock.yaml itself changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json .npmrc ./
RUN pnpm fetch
# 2) Sources, then an offline install (links from the store, runs the allowed build scripts
#    of pnpm-workspace.yaml's onlyBuiltDependencies) and the build. The apps' workspace
#    packages export ./dist/index.js by default, so they must be built too: the `...`
#    filter suffix builds each app together with everything it depends on.
COPY . .
RUN pnpm install --offline --frozen-lockfile \
 && pnpm turbo run build \
      --filter=@aisvc/kafka-bridge... --filter=@aisvc/worker... --filter=@aisvc/api...

# ---------------------------------------------------------------------------------------------
FROM build AS deploy
# `pnpm deploy --prod` writes a self-contained folder per app: its package.json, dist/ and a
# node_modules with production dependencies only, the workspace packages it uses copied in
# (with their dist/) instead of symlinked to the workspace.
#
# pnpm 10 refuses a plain `pnpm deploy` (ERR_PNPM_DEPLOY_NONINJECTED_WORKSPACE) unless
# inject-workspace-packages=true or --legacy. We set the option for this command only
# (--config.inject-workspace-packages=true): that uses pnpm 10's lockfile-based deploy (the
# deployed tree is resolved from pnpm-lock.yaml, versions identical to the build) and leaves
# the workspace's own settings and lockfile untouched, so the `--frozen-lockfile` install
# above is unaffected. Checked with pnpm 10.34.8 outside Docker: each deployed folder runs
# `node dist/main.js` end to end (Redis + Kafka, a job submitted, processed, read back).
RUN for app in kafka-bridge worker api; do \
      pnpm --filter="@aisvc/${app}" --config.inject-workspace-packages=true \
        deploy --prod "/out/${app}" || exit 1; \
    done

# ---------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
# The app's files stay owned by root (read-only to the process); it writes nothing to disk,
# logs go to stdout. 1000:1000 is the base image's `node` user, given by number so that
# Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
# Exec form, no shell and no npm/pnpm wrapper: node is PID 1 and receives SIGTERM itself.
# Each app handles SIGTERM/SIGINT (close-with-grace) and finishes work in hand before it
# exits; its hard limits are worker 30 s, kafka-bridge 15 s, api 10 s, so give the
# orchestrator a longer stop timeout (see stop_grace_period in docker-compose.yml).
CMD ["node", "dist/main.js"]

# ---------------------------------------------------------------------------------------------
FROM runtime AS kafka-bridge
# The bridge's live heap stays near 50 MB; without a limit V8 lets it grow to ~300 MB before
# collecting on a large host. 128 MB keeps its peak RSS under 200 MB at full speed (README,
# Benchmarks); override NODE_OPTIONS to change it.
ENV NODE_OPTIONS="--max-old-space-size=128"
COPY --from=deploy /out/kafka-bridge/package.json ./
COPY --from=deploy /out/kafka-bridge/node_modules ./node_modules
COPY --from=deploy /out/kafka-bridge/dist ./dist

# ---------------------------------------------------------------------------------------------
FROM runtime AS worker
# At concurrency 200 against a 1 s vendor the worker's peak RSS was 259-306 MB without a limit
# (V8 lets the heap grow on a large host), 181 MB with 192 MB of old space, at the same
# throughput (README, Benchmarks); override NODE_OPTIONS to change it.
ENV NODE_OPTIONS="--max-old-space-size=192"
COPY --from=deploy /out/worker/package.json ./
COPY --from=deploy /out/worker/node_modules ./node_modules
COPY --from=deploy /out/worker/dist ./dist

# ---------------------------------------------------------------------------------------------
FROM runtime AS api
COPY --from=deploy /out/api/package.json ./
COPY --from=deploy /out/api/node_modules ./node_modules
COPY --from=deploy /out/api/dist ./dist
EXPOSE 8083
# GET /health answers 200 for UP and DEGRADED (Kafka down: reads still served) and 503 for
# DOWN (Redis down). Node 22 has fetch built in, so no curl is needed in the image.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8083) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
