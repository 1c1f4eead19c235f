#!/usr/bin/env bash
# scripts/services.sh — real Redis and a real single-node Apache Kafka for tests and local runs,
# without Docker.
#
#   scripts/services.sh up [redis|kafka]  start what is not already answering (idempotent; all by
#                                default), wait until ready
#   scripts/services.sh down [redis|kafka]  stop only what this script started (all by default)
#   scripts/services.sh status   show whether each service answers and who started it
#   scripts/services.sh kafka-classpath  resolve the Kafka jars if needed, print their Java classpath
#                                (the interop tests run Kafka's Java console producer/consumer with it)
#
# Configuration (environment):
#   REDIS_URL       default redis://127.0.0.1:6379
#   KAFKA_BROKERS   default 127.0.0.1:9092 (comma-separated; the first host:port is used)
#   KAFKA_KEEP_DATA=1     keep Kafka's data on `down` (default: deleted, see below)
#   REDIS_KEEP_DATA=1     keep Redis's append-only file on `down` (default: deleted)
#   KAFKA_HEAP_OPTS       default "-Xmx512m -Xms256m"
#   REDIS_APPENDONLY=no   run a Redis this script starts without its append-only file (default: AOF,
#                         appendfsync everysec, so it can be killed and restarted on its data)
#   SERVICES_DIR          state folder (default <repo>/.services): another folder, with other
#                         addresses, gives a second, independent pair of services (the fault
#                         suite's, which it kills and restarts); the Kafka jars stay shared
#
# Behaviour:
#   - If something already answers at the configured address (Redis: PING -> PONG; Kafka: a real
#     ApiVersions request answered with error 0), it is REUSED and never stopped by `down`.
#   - Otherwise the service is started bound to 127.0.0.1 only, and a pidfile in <repo>/.services/
#     records that this script started it. Only addresses on this machine can be started.
#   - Redis is installed with apt-get when missing (root only). It runs with maxmemory-policy
#     noeviction (BullMQ's requirement) and an append-only file (AOF, fsync every second) in
#     .services/redis, as production must: a Redis killed and started again keeps the queue and
#     the statuses, which the bridge's "nothing lost" guarantee needs (the fault tests do that).
#     `down` deletes the AOF like Kafka's data (REDIS_KEEP_DATA=1 keeps it).
#   - Kafka is the real broker from Maven Central (org.apache.kafka:kafka_2.13, version below) plus
#     its runtime dependencies, Kafka's Java tools (kafka-tools: console producer/consumer) and a
#     log4j2 backend, resolved by Maven once into
#     .services/kafka/libs (a marker file records the version; later runs do not touch Maven).
#     It runs in KRaft combined mode (broker+controller, node.id=1); the controller listener is on
#     broker port + 1.
#   - DECISION: `down` deletes Kafka's data (.services/kafka/data) so every `up` after a `down`
#     gives tests a clean, empty broker (formatting again costs ~1 s). Set KAFKA_KEEP_DATA=1 to keep
#     it. Redis keeps nothing on disk anyway. The cached jars are always kept.
#   - State (pidfiles, logs, data) lives in <repo>/.services/ (git-ignored) or SERVICES_DIR; the
#     jars always in <repo>/.services/kafka/libs.
# shellcheck disable=SC2016  # the single-quoted `bash -c` snippets expand their own $0/$1/$2
set -euo pipefail

KAFKA_VERSION=4.4.0          # newest 4.x on Maven Central when written
LOG4J_VERSION=2.25.3         # log4j2 backend; kafka_2.13 depends on slf4j-api 1.7.x, hence log4j-slf4j-impl
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
REDIS_WAIT_S=20
KAFKA_WAIT_S=90

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
STATE_DIR="${SERVICES_DIR:-$REPO_ROOT/.services}"
REDIS_DIR="$STATE_DIR/redis"
KAFKA_DIR="$STATE_DIR/kafka"
# The jar cache is one per checkout, whatever the state folder: resolved once, then only read.
JARS_DIR="$REPO_ROOT/.services/kafka"
KAFKA_LIBS="$JARS_DIR/libs"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_LIBS_MARKER="$KAFKA_LIBS/.resolved"
KAFKA_LIBS_STAMP="kafka_2.13=$KAFKA_VERSION kafka-tools=$KAFKA_VERSION log4j=$LOG4J_VERSION"

REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
KAFKA_BROKERS=${KAFKA_BROKERS:-127.0.0.1:9092}

STARTED=()   # summary lines for `up`
REUSED=()

# ---------------------------------------------------------------------------------------------
# small helpers

log()  { printf '%s\n' "$*"; }
warn() { printf 'WARNING: %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
have() { command -v "$1" >/dev/null 2>&1; }
now_ms() { date +%s%3N; }
elapsed() { local ms=$(( $(now_ms) - $1 )); printf '%d.%01ds' $((ms / 1000)) $(((ms % 1000) / 100)); }
rel() { printf '%s' "${1#"$REPO_ROOT"/}"; }   # path relative to the repo, for messages

is_local_host() { [[ $1 == 127.0.0.1 || $1 == localhost || $1 == 0.0.0.0 ]]; }

# TCP connect test without nc (not installed on a fresh Debian).
port_open() { timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null; }

# Running and not a zombie (kill -0 succeeds for an unreaped zombie).
pid_running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# pid from a pidfile if that process is alive and its command line contains $2 (guards
# against pid reuse after a reboot or a crash).
alive_pid() {
  local pidfile=$1 pattern=$2 pid
  [[ -s $pidfile ]] || return 1
  pid=$(tr -dc '0-9' <"$pidfile")
  [[ -n $pid ]] && pid_running "$pid" || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$pattern" || return 1
  printf '%s' "$pid"
}

# SIGTERM, wait up to $2 seconds, then SIGKILL.
stop_pid() {
  local pid=$1 wait_s=$2 deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$(( $(date +%s) + wait_s ))
  while pid_running "$pid"; do
    if (( $(date +%s) >= deadline )); then
      warn "pid $pid did not stop within ${wait_s}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
      break
    fi
    sleep 0.2
  done
}

# pid of the service this script started, if it is alive AND was started for address $3
# (the same state folder may have been used with another REDIS_URL / KAFKA_BROKERS).
ours_at() {
  local dir=$1 pattern=$2 addr=$3 pid
  pid=$(alive_pid "$dir/$(basename "$dir").pid" "$pattern") || return 1
  [[ $(cat "$dir/addr" 2>/dev/null) == "$addr" ]] || return 1
  printf '%s' "$pid"
}

show_log_tail() {
  local file=$1
  if [[ -f $file ]]; then
    printf -- '--- last 40 lines of %s ---\n' "$(rel "$file")" >&2
    tail -n 40 "$file" >&2
    printf -- '---\n' >&2
  fi
}

# Serialise concurrent invocations (e.g. two test runners calling `up` at once).
take_lock() {
  mkdir -p "$STATE_DIR"
  if have flock; then
    exec 9>"$STATE_DIR/.lock"
    flock -w 180 9 || die "another scripts/services.sh is still running (lock $(rel "$STATE_DIR")/.lock)"
  fi
}

# ---------------------------------------------------------------------------------------------
# configuration parsing

# REDIS_URL: redis://[user[:password]@]host[:port][/db]
parse_redis_url() {
  local rest=${REDIS_URL#*://} auth=""
  [[ $REDIS_URL == *://* ]] || rest=$REDIS_URL
  if [[ $rest == *@* ]]; then auth=${rest%@*}; rest=${rest##*@}; fi
  rest=${rest%%/*}
  REDIS_HOST=${rest%%:*}
  REDIS_PORT=6379
  [[ $rest == *:* ]] && REDIS_PORT=${rest##*:}
  # "user:password", ":password" or a bare "password"
  REDIS_USER="" REDIS_PASSWORD=""
  if [[ $auth == *:* ]]; then REDIS_USER=${auth%%:*}; REDIS_PASSWORD=${auth#*:}; else REDIS_PASSWORD=$auth; fi
  [[ -n $REDIS_HOST ]] || REDIS_HOST=127.0.0.1
  [[ $REDIS_PORT =~ ^[0-9]+$ ]] || die "cannot parse a port from REDIS_URL=$REDIS_URL"
  REDIS_ADDR="$REDIS_HOST:$REDIS_PORT"
}

# KAFKA_BROKERS: host:port[,host:port...], optionally with a PLAINTEXT:// prefix
parse_kafka_brokers() {
  local first=${KAFKA_BROKERS%%,*}
  first=${first#*://}
  first=${first// /}
  KAFKA_HOST=${first%:*}
  KAFKA_PORT=${first##*:}
  [[ $first == *:* && $KAFKA_PORT =~ ^[0-9]+$ ]] || die "cannot parse host:port from KAFKA_BROKERS=$KAFKA_BROKERS"
  KAFKA_CONTROLLER_PORT=$((KAFKA_PORT + 1))
  KAFKA_ADDR="$KAFKA_HOST:$KAFKA_PORT"
}

# ---------------------------------------------------------------------------------------------
# Redis

# Raw RESP exchange for when redis-cli is absent: sends [AUTH], the command, then QUIT, so the
# server closes the connection and `cat` ends. Prints the raw reply.
redis_raw() {
  local payload="" arg
  resp() { local s="*$#"$'\r\n'; for arg in "$@"; do s+="\$${#arg}"$'\r\n'"$arg"$'\r\n'; done; payload+=$s; }
  if [[ -n $REDIS_USER && -n $REDIS_PASSWORD ]]; then resp AUTH "$REDIS_USER" "$REDIS_PASSWORD"
  elif [[ -n $REDIS_PASSWORD ]]; then resp AUTH "$REDIS_PASSWORD"; fi
  resp "$@"
  resp QUIT
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1; printf "%s" "$2" >&3; cat <&3' \
    "$REDIS_HOST" "$REDIS_PORT" "$payload" 2>/dev/null | tr -d '\r'
}

# redis-cli with host/port/credentials from the parsed URL (not `-u`: redis-cli 7.0 sends
# AUTH "" <password> for redis://:password@host, which fails). The password goes through the
# environment so it is not visible in the process list.
redis_cli() {
  local args=(-h "$REDIS_HOST" -p "$REDIS_PORT")
  [[ -n $REDIS_USER ]] && args+=(--user "$REDIS_USER")
  REDISCLI_AUTH=$REDIS_PASSWORD timeout 3 redis-cli "${args[@]}" "$@" 2>/dev/null
}

redis_ping() {
  if have redis-cli; then
    [[ $(redis_cli ping) == PONG ]]
  else
    redis_raw PING | grep -qx '+PONG'
  fi
}

redis_maxmemory_policy() {
  if have redis-cli; then
    redis_cli config get maxmemory-policy | sed -n 2p
  else
    # reply: [+OK] *2 $15 maxmemory-policy $N value +OK
    redis_raw CONFIG GET maxmemory-policy | grep -v '^[*$+]' | sed -n 2p
  fi
}

redis_check_policy() {
  local policy
  policy=$(redis_maxmemory_policy || true)
  if [[ -z $policy ]]; then
    warn "redis at $REDIS_ADDR: could not read maxmemory-policy (CONFIG may be disabled); BullMQ needs noeviction"
  elif [[ $policy != noeviction ]]; then
    warn "redis at $REDIS_ADDR has maxmemory-policy=$policy; BullMQ needs noeviction (not changed by this script)"
  fi
}

redis_install() {
  have redis-server && return 0
  [[ $(id -u) == 0 ]] || die "redis-server is not installed and we are not root: run 'sudo apt-get install -y redis-server'"
  log "redis: installing redis-server with apt-get"
  # Only refresh the package lists when apt does not know the package yet.
  if ! apt-cache policy redis-server 2>/dev/null | grep -q 'Candidate: [0-9]'; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >"$STATE_DIR/apt-redis.log" 2>&1 \
    || { show_log_tail "$STATE_DIR/apt-redis.log"; die "apt-get install redis-server failed"; }
  have redis-server || die "redis-server still missing after apt-get install"
}

redis_up() {
  local t0 pid version
  t0=$(now_ms)
  parse_redis_url
  mkdir -p "$REDIS_DIR"

  if redis_ping; then
    if pid=$(ours_at "$REDIS_DIR" redis-server "$REDIS_ADDR"); then
      log "redis: reusing $REDIS_ADDR (started earlier by this script, pid $pid)"
      REUSED+=("redis  $REDIS_URL  (ours, pid $pid)")
    else
      log "redis: reusing $REDIS_ADDR"
      REUSED+=("redis  $REDIS_URL  (external)")
    fi
    redis_check_policy
    return 0
  fi

  is_local_host "$REDIS_HOST" || die "redis: nothing answers at $REDIS_ADDR and it is not a local address, so it cannot be started here"
  if pid=$(alive_pid "$REDIS_DIR/redis.pid" redis-server); then
    die "redis: the Redis this script started (pid $pid) runs on $(cat "$REDIS_DIR/addr" 2>/dev/null || echo '?'), not on $REDIS_ADDR; run 'scripts/services.sh down' first"
  fi
  port_open 127.0.0.1 "$REDIS_PORT" && die "redis: port $REDIS_PORT is in use, but PING did not get PONG (wrong credentials in REDIS_URL, or not Redis)"

  redis_install
  # The Debian package's own service start is normally blocked here; if it did start, reuse it.
  if redis_ping; then
    log "redis: reusing $REDIS_ADDR (started by the package installation)"
    REUSED+=("redis  $REDIS_URL  (external)")
    redis_check_policy
    return 0
  fi

  version=$(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p')
  rm -f "$REDIS_DIR/redis.pid"
  : >"$REDIS_DIR/redis.log"
  # AOF in REDIS_DIR: a restart (same folder) loads it back.
  local persistence=(--save "" --appendonly yes --appendfsync everysec)
  [[ ${REDIS_APPENDONLY:-yes} == no ]] && persistence=(--save "" --appendonly no)
  local args=(--daemonize yes --port "$REDIS_PORT" --bind 127.0.0.1
              "${persistence[@]}" --maxmemory-policy noeviction
              --dir "$REDIS_DIR" --logfile "$REDIS_DIR/redis.log" --pidfile "$REDIS_DIR/redis.pid")
  [[ -n $REDIS_PASSWORD ]] && args+=(--requirepass "$REDIS_PASSWORD")
  # 9>&-: the daemon must not inherit our lock file descriptor (it would hold the lock forever).
  redis-server "${args[@]}" >/dev/null 9>&-
  echo "$REDIS_ADDR" >"$REDIS_DIR/addr"

  local deadline=$(( $(date +%s) + REDIS_WAIT_S ))
  until redis_ping; do
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$REDIS_DIR/redis.log"
      die "redis: did not answer PING at $REDIS_ADDR within ${REDIS_WAIT_S}s"
    fi
    sleep 0.1
  done
  # redis writes its pidfile right after daemonizing; give it a moment if we were faster.
  for _ in 1 2 3 4 5 6 7 8 9 10; do pid=$(alive_pid "$REDIS_DIR/redis.pid" redis-server) && break; sleep 0.1; done
  [[ -n ${pid:-} ]] || die "redis: answers, but no pidfile at $(rel "$REDIS_DIR")/redis.pid"
  log "redis: started redis-server $version on $REDIS_ADDR (pid $pid, data $(rel "$REDIS_DIR")) in $(elapsed "$t0")"
  STARTED+=("redis  $REDIS_URL  (pid $pid)")
}

redis_down() {
  local pid
  if pid=$(alive_pid "$REDIS_DIR/redis.pid" redis-server); then
    stop_pid "$pid" 10
    log "redis: stopped redis-server pid $pid ($(cat "$REDIS_DIR/addr" 2>/dev/null || echo '?'))"
  else
    log "redis: nothing to stop (not started by this script)"
  fi
  rm -f "$REDIS_DIR/redis.pid" "$REDIS_DIR/addr"
  if [[ ${REDIS_KEEP_DATA:-0} != 1 && -d $REDIS_DIR/appendonlydir ]]; then
    rm -rf "$REDIS_DIR/appendonlydir"
    log "redis: deleted $(rel "$REDIS_DIR")/appendonlydir (REDIS_KEEP_DATA=1 keeps it)"
  fi
}

redis_status() {
  parse_redis_url
  local answering=no
  redis_ping && answering=yes
  print_status redis "$REDIS_DIR" redis-server "$REDIS_ADDR" "$answering"
}

# ---------------------------------------------------------------------------------------------
# Kafka

# A real Kafka-protocol check: ApiVersions v0 request (api_key 18, correlation id 1, client id
# "svc"); expect the response's correlation id 1 and error code 0. Pure bash, no JVM start.
kafka_api_ok() {
  local host=$1 port=$2 hex
  hex=$(timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1" || exit 1
      printf "\x00\x00\x00\x0d\x00\x12\x00\x00\x00\x00\x00\x01\x00\x03svc" >&3
      head -c 10 <&3' "$host" "$port" 2>/dev/null | od -An -tx1 | tr -d ' \n') || true
  # bytes: size(4) correlation_id(4) error_code(2)
  [[ ${hex:8:12} == 000000010000 ]]
}

java_ensure() {
  if ! have java; then
    [[ $(id -u) == 0 ]] || die "java (17+) is not installed: run 'sudo apt-get install -y openjdk-17-jre-headless'"
    log "kafka: installing openjdk-17-jre-headless with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
  fi
  local major
  major=$(java -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
  (( ${major:-0} >= 17 )) || die "Kafka 4.x needs Java 17+, found: $(java -version 2>&1 | head -n1)"
}

libs_resolved() { [[ -f $KAFKA_LIBS_MARKER && $(cat "$KAFKA_LIBS_MARKER") == "$KAFKA_LIBS_STAMP" ]]; }

# Resolve kafka_2.13 + runtime deps + log4j2 backend into .services/kafka/libs, once.
kafka_libs_ensure() {
  libs_resolved && return 0
  mkdir -p "$JARS_DIR"
  # Its own lock (state folders have one each, but share these jars), held in a subshell so
  # that no daemon started later inherits it.
  (
    if have flock; then
      flock -w 600 8 || die "another scripts/services.sh is still resolving the Kafka jars (lock $(rel "$JARS_DIR")/.libs.lock)"
    fi
    libs_resolved || kafka_libs_resolve
  ) 8>"$JARS_DIR/.libs.lock"
}

kafka_libs_resolve() {
  if ! have mvn; then
    [[ $(id -u) == 0 ]] || die "maven is not installed: run 'sudo apt-get install -y maven'"
    log "kafka: installing maven with apt-get"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq maven >/dev/null
  fi
  local t0
  t0=$(now_ms)
  log "kafka: resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION and its runtime dependencies with Maven..."
  cat >"$JARS_DIR/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/services.sh: only used to resolve the broker's jars into libs/. -->
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.services</groupId>
  <artifactId>kafka-runtime</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- Kafka's console producer and consumer: the interop tests write and read with the Java
         client (every compression codec), as the platform's Java services do. -->
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka-tools</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <!-- Logging backend, as in Kafka's own distribution (kafka_2.13 only brings slf4j-api 1.7). -->
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  # Resolve into a temporary folder and swap it in, so an interrupted download never looks complete.
  rm -rf "$KAFKA_LIBS.tmp"
  if ! mvn -B -q -f "$JARS_DIR/pom.xml" "$DEPENDENCY_PLUGIN:copy-dependencies" \
        -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp" >"$JARS_DIR/mvn.log" 2>&1; then
    show_log_tail "$JARS_DIR/mvn.log"
    die "kafka: Maven could not resolve the Kafka jars"
  fi
  [[ -f $KAFKA_LIBS.tmp/kafka_2.13-$KAFKA_VERSION.jar ]] || die "kafka: kafka_2.13-$KAFKA_VERSION.jar missing after Maven"
  echo "$KAFKA_LIBS_STAMP" >"$KAFKA_LIBS.tmp/.resolved"
  rm -rf "$KAFKA_LIBS"
  mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
  log "kafka: $(find "$KAFKA_LIBS" -name '*.jar' | wc -l) jars ($(du -sh "$KAFKA_LIBS" | cut -f1)) in $(rel "$KAFKA_LIBS") in $(elapsed "$t0")"
}

kafka_write_config() {
  cat >"$KAFKA_DIR/server.properties" <<EOF
# Generated by scripts/services.sh on every start: single-node KRaft (broker+controller), loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$KAFKA_DATA
# One node: every internal topic has replication factor 1.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# Fast, deterministic tests: no rebalance delay, topics appear on first use with one partition,
# small internal topics (the first consumer group does not wait for 50 offset partitions).
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
num.partitions=1
offsets.topic.num.partitions=1
transaction.state.log.num.partitions=1
EOF
  cat >"$KAFKA_DIR/log4j2.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<!-- Generated by scripts/services.sh: everything to kafka.log. -->
<Configuration status="warn">
  <Appenders>
    <File name="file" fileName="$KAFKA_DIR/kafka.log" append="true">
      <PatternLayout pattern="[%d] %p %m (%c)%n"/>
    </File>
  </Appenders>
  <Loggers>
    <Logger name="kafka.request.logger" level="warn"/>
    <Logger name="kafka.authorizer.logger" level="warn"/>
    <Root level="info"><AppenderRef ref="file"/></Root>
  </Loggers>
</Configuration>
EOF
}

kafka_java() {  # java with the broker's classpath and logging; extra args follow
  java -cp "$KAFKA_LIBS/*" -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.xml" -Dkafka.logs.dir="$KAFKA_DIR" "$@"
}

# Format the storage once per data directory (meta.properties is Kafka's own "formatted" marker).
kafka_format_if_needed() {
  [[ -f $KAFKA_DATA/meta.properties ]] && return 0
  local cluster_id
  # A Kafka cluster id is 16 random bytes, URL-safe base64 without padding.
  cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
  mkdir -p "$KAFKA_DATA"
  # --cluster-id=… (not -t …): an id may start with '-', which would read as an option.
  if ! kafka_java -Xmx256m kafka.tools.StorageTool format --cluster-id="$cluster_id" \
        -c "$KAFKA_DIR/server.properties" >"$KAFKA_DIR/format.log" 2>&1; then
    show_log_tail "$KAFKA_DIR/format.log"
    die "kafka: formatting the storage failed"
  fi
}

kafka_up() {
  local t0 pid
  t0=$(now_ms)
  parse_kafka_brokers
  mkdir -p "$KAFKA_DIR"

  if kafka_api_ok "$KAFKA_HOST" "$KAFKA_PORT"; then
    if pid=$(ours_at "$KAFKA_DIR" "$KAFKA_DIR" "$KAFKA_ADDR"); then
      log "kafka: reusing $KAFKA_ADDR (started earlier by this script, pid $pid)"
      REUSED+=("kafka  $KAFKA_ADDR  (ours, pid $pid)")
    else
      log "kafka: reusing $KAFKA_ADDR"
      REUSED+=("kafka  $KAFKA_ADDR  (external)")
    fi
    return 0
  fi

  is_local_host "$KAFKA_HOST" || die "kafka: nothing answers at $KAFKA_ADDR and it is not a local address, so it cannot be started here"
  if pid=$(alive_pid "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR"); then
    if [[ $(cat "$KAFKA_DIR/addr" 2>/dev/null) == "$KAFKA_ADDR" ]]; then
      log "kafka: our broker (pid $pid) is still starting; waiting for it"
      kafka_wait_ready "$pid" "$t0"
      REUSED+=("kafka  $KAFKA_ADDR  (ours, pid $pid)")
      return 0
    fi
    die "kafka: the broker this script started (pid $pid) runs on $(cat "$KAFKA_DIR/addr" 2>/dev/null || echo '?'), not on $KAFKA_ADDR; run 'scripts/services.sh down' first"
  fi
  local p
  for p in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    port_open 127.0.0.1 "$p" && die "kafka: port $p is in use by something that is not a Kafka broker we can reuse"
  done

  java_ensure
  kafka_libs_ensure
  kafka_write_config
  kafka_format_if_needed

  : >"$KAFKA_DIR/kafka.log"
  # setsid + nohup: the broker outlives this script and the caller's terminal / Ctrl-C.
  # The inner shell writes its own pid, then exec's java, so the pidfile holds java's pid.
  # log4j2's own shutdown hook is off so the broker's shutdown is still logged on SIGTERM.
  local heap
  read -r -a heap <<<"${KAFKA_HEAP_OPTS:--Xmx512m -Xms256m}"
  # A pidfile left by a broker that died (kill -9) would be read below as the new broker's.
  rm -f "$KAFKA_DIR/kafka.pid"
  setsid nohup bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_DIR/kafka.pid" \
    java "${heap[@]}" -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2.xml" -Dkafka.logs.dir="$KAFKA_DIR" \
      -Dlog4j2.shutdownHookEnabled=false \
      -cp "$KAFKA_LIBS/*" kafka.Kafka "$KAFKA_DIR/server.properties" \
    >"$KAFKA_DIR/kafka.out" 2>&1 </dev/null 9>&- &
  echo "$KAFKA_ADDR" >"$KAFKA_DIR/addr"
  for _ in $(seq 50); do [[ -s $KAFKA_DIR/kafka.pid ]] && break; sleep 0.02; done
  pid=$(tr -dc '0-9' <"$KAFKA_DIR/kafka.pid")

  kafka_wait_ready "$pid" "$t0"
  log "kafka: started Apache Kafka $KAFKA_VERSION (KRaft, broker+controller) on $KAFKA_ADDR (controller 127.0.0.1:$KAFKA_CONTROLLER_PORT, pid $pid, data $(rel "$KAFKA_DATA")) in $(elapsed "$t0")"
  STARTED+=("kafka  $KAFKA_ADDR  (pid $pid)")
}

# Ready = the broker answers ApiVersions AND has logged the end of its startup (topics can be
# created and consumer groups joined from then on).
kafka_wait_ready() {
  local pid=$1 deadline=$(( $(date +%s) + KAFKA_WAIT_S ))
  while :; do
    if ! pid_running "$pid"; then
      show_log_tail "$KAFKA_DIR/kafka.out"
      show_log_tail "$KAFKA_DIR/kafka.log"
      rm -f "$KAFKA_DIR/kafka.pid"
      die "kafka: the broker (pid $pid) exited during startup"
    fi
    if grep -q 'Kafka Server started' "$KAFKA_DIR/kafka.log" 2>/dev/null \
        && kafka_api_ok "$KAFKA_HOST" "$KAFKA_PORT"; then
      return 0
    fi
    if (( $(date +%s) >= deadline )); then
      show_log_tail "$KAFKA_DIR/kafka.log"
      die "kafka: not ready at $KAFKA_ADDR within ${KAFKA_WAIT_S}s (pid $pid still running; 'scripts/services.sh down' stops it)"
    fi
    sleep 0.2
  done
}

kafka_down() {
  local pid
  if pid=$(alive_pid "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR"); then
    # A clean KRaft shutdown takes a few seconds; SIGKILL only as a last resort.
    stop_pid "$pid" 30
    log "kafka: stopped broker pid $pid ($(cat "$KAFKA_DIR/addr" 2>/dev/null || echo '?'))"
  else
    log "kafka: nothing to stop (not started by this script)"
  fi
  rm -f "$KAFKA_DIR/kafka.pid" "$KAFKA_DIR/addr"
  if [[ ${KAFKA_KEEP_DATA:-0} != 1 && -d $KAFKA_DATA ]]; then
    rm -rf "$KAFKA_DATA"
    log "kafka: deleted $(rel "$KAFKA_DATA") (KAFKA_KEEP_DATA=1 keeps it)"
  fi
}

kafka_status() {
  parse_kafka_brokers
  local answering=no
  kafka_api_ok "$KAFKA_HOST" "$KAFKA_PORT" && answering=yes
  print_status kafka "$KAFKA_DIR" "$KAFKA_DIR" "$KAFKA_ADDR" "$answering"
}

# ---------------------------------------------------------------------------------------------

# status line: answering or not at the configured address, and whether this script started it.
print_status() {
  local name=$1 dir=$2 pattern=$3 addr=$4 answering=$5 pid line
  if [[ $answering == yes ]]; then line="$name: answering at $addr"; else line="$name: not answering at $addr"; fi
  if pid=$(ours_at "$dir" "$pattern" "$addr"); then
    line+=" (started by this script, pid $pid)"
  elif [[ $answering == yes ]]; then
    line+=" (external)"
  fi
  log "$line"
  if ! ours_at "$dir" "$pattern" "$addr" >/dev/null && pid=$(alive_pid "$dir/$name.pid" "$pattern"); then
    log "$name: note: this script also runs $name pid $pid on $(cat "$dir/addr" 2>/dev/null || echo '?') (stopped by 'down')"
  fi
}

usage() {
  cat <<EOF
usage: scripts/services.sh up [redis|kafka] | down [redis|kafka] | status | kafka-classpath
  env: REDIS_URL (default redis://127.0.0.1:6379), KAFKA_BROKERS (default 127.0.0.1:9092),
       KAFKA_KEEP_DATA=1 / REDIS_KEEP_DATA=1 (keep data on down), KAFKA_HEAP_OPTS (default -Xmx512m -Xms256m),
       REDIS_APPENDONLY=no (no AOF), SERVICES_DIR (state folder, default <repo>/.services)
EOF
}

# up [redis|kafka …]: all by default; naming one lets a caller restart only what it stopped.
cmd_up() {
  local t0 line which=("$@")
  [[ ${#which[@]} -gt 0 ]] || which=(redis kafka)
  t0=$(now_ms)
  take_lock
  for service in "${which[@]}"; do
    case $service in
      redis) redis_up ;;
      kafka) kafka_up ;;
      *) die "unknown service '$service' (redis or kafka)" ;;
    esac
  done
  log ""
  log "services up in $(elapsed "$t0"):"
  for line in "${STARTED[@]+"${STARTED[@]}"}"; do log "  started  $line"; done
  for line in "${REUSED[@]+"${REUSED[@]}"}"; do log "  reused   $line"; done
  log "  REDIS_URL=$REDIS_URL KAFKA_BROKERS=$KAFKA_BROKERS"
}

# down [redis|kafka …]: all by default; naming services lets a caller stop only what it started.
cmd_down() {
  local t0 which=("$@")
  [[ ${#which[@]} -gt 0 ]] || which=(redis kafka)
  t0=$(now_ms)
  take_lock
  for service in "${which[@]}"; do
    case $service in
      redis) redis_down ;;
      kafka) kafka_down ;;
      *) die "unknown service '$service' (redis or kafka)" ;;
    esac
  done
  log "services down in $(elapsed "$t0")"
}

main() {
  case ${1:-} in
    up)     shift; cmd_up "$@" ;;
    down)   shift; cmd_down "$@" ;;
    status) redis_status; kafka_status ;;
    kafka-classpath) take_lock; kafka_libs_ensure >&2; printf '%s\n' "$KAFKA_LIBS/*" ;;
    -h|--help|help) usage ;;
    *) usage >&2; exit 2 ;;
  esac
}

main "$@"
