# shellcheck shell=bash disable=SC2034  # the variables are used by the scripts that source this
# Shared settings and helpers for scripts/umami/*.sh — sourced, never executed.
#
# Everything here can be overridden from the environment:
#   UMAMI_GUARD_STATE     state dir (pg cluster, logs, pid file, env file)   default <repo>/.umami-e2e
#   UMAMI_PG_DIR          PostgreSQL data dir                                  default $UMAMI_GUARD_STATE/pg
#   UMAMI_PG_PORT         PostgreSQL TCP port (127.0.0.1 only)                 default: per state dir (below)
#   UMAMI_PORT            Umami HTTP port (127.0.0.1 only)                     default: per state dir (below)
#   UMAMI_BUILD_CACHE     where Umami 2.10.0 is built (outside the repo)       default ~/.cache/umami-guard/umami-2.10.0
#   UMAMI_WEBSITE_ID_E2E  the fixed website id the e2e tests send to           default 5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01
#   UMAMI_APP_SECRET      Umami's APP_SECRET                                   default a fixed test-only string
#   UMAMI_START_TIMEOUT   seconds to wait for /api/heartbeat                   default 90

UMAMI_SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
UMAMI_REPO_ROOT="$(cd "$UMAMI_SCRIPT_DIR/../.." && pwd)"

UMAMI_VERSION="2.10.0"
# Bump the suffix whenever the build recipe in start.sh changes: a cache whose marker
# does not hold exactly this string is wiped and rebuilt.
UMAMI_RECIPE_ID="umami@${UMAMI_VERSION}+@prisma/adapter-pg@5.7.0+pg@8.11.3+wasm-engine+r1"

UMAMI_GUARD_STATE="${UMAMI_GUARD_STATE:-$UMAMI_REPO_ROOT/.umami-e2e}"
UMAMI_WEBSITE_ID_E2E="${UMAMI_WEBSITE_ID_E2E:-5a3c1e9e-0d4b-4b8a-9c1e-2f6d7a8b9c01}"
UMAMI_APP_SECRET="${UMAMI_APP_SECRET:-umami-guard-e2e-not-a-secret}"
UMAMI_START_TIMEOUT="${UMAMI_START_TIMEOUT:-90}"
_umami_home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
UMAMI_BUILD_CACHE="${UMAMI_BUILD_CACHE:-$_umami_home/.cache/umami-guard/umami-$UMAMI_VERSION}"

# Files inside the state dir.
UMAMI_PID_FILE="$UMAMI_GUARD_STATE/umami.pid"
UMAMI_LOG="$UMAMI_GUARD_STATE/umami.log"
UMAMI_BUILD_LOG="$UMAMI_GUARD_STATE/build.log"
UMAMI_ENV_FILE="$UMAMI_GUARD_STATE/env"
# The marker is written as the very last step of a successful build.
UMAMI_BUILD_MARKER="$UMAMI_BUILD_CACHE/.umami-guard-build-complete"

UMAMI_PORTS_FILE="$UMAMI_GUARD_STATE/ports"

# ---- Ports ----
# Fixed ports collided machine-wide (a second checkout's tests failed with "Address already in use"), so each
# state dir (one per checkout by default) has its own pair, in this order:
#   1. UMAMI_PORT / UMAMI_PG_PORT from the environment (never changed by the scripts);
#   2. the pair start.sh recorded in $UMAMI_GUARD_STATE/ports;
#   3. the ports in $UMAMI_GUARD_STATE/env (a state dir started before this file existed keeps its servers);
#   4. the first free pair from a start derived from the state dir's path, in 20000-29999 (below Linux's
#      ephemeral ports, so outgoing connections never take them).
UMAMI_PORT_FROM_ENV="${UMAMI_PORT:+1}"
UMAMI_PG_PORT_FROM_ENV="${UMAMI_PG_PORT:+1}"

# True when something accepts TCP connections on 127.0.0.1:$1.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# KEY=number from a file, e.g. `saved_value UMAMI_PORT "$UMAMI_PORTS_FILE"`; empty when absent.
saved_value() {
  [[ -s "$2" ]] || return 0
  sed -n "s/^$1=\([0-9]\{1,5\}\)\$/\1/p" "$2" | head -n 1
}

# The pair for a state dir that has none yet: consecutive ports, both free.
free_port_pair() {
  local start offset port
  start=$(($(printf '%s' "$UMAMI_GUARD_STATE" | cksum | cut -d' ' -f1) % 5000))
  for ((offset = 0; offset < 5000; offset++)); do
    port=$((20000 + 2 * ((start + offset) % 5000)))
    if ! port_busy "$port" && ! port_busy "$((port + 1))"; then
      printf '%s %s\n' "$port" "$((port + 1))"
      return 0
    fi
  done
  die "no free pair of ports in 20000-29999"
}

resolve_ports() {
  local legacy_url="" legacy_db="" pair
  if [[ -s "$UMAMI_GUARD_STATE/env" ]]; then
    legacy_url="$(sed -n 's#^UMAMI_E2E_URL=http://127\.0\.0\.1:\([0-9]\{1,5\}\)$#\1#p' "$UMAMI_GUARD_STATE/env")"
    legacy_db="$(sed -n 's#^UMAMI_E2E_DATABASE_URL=.*@127\.0\.0\.1:\([0-9]\{1,5\}\)/.*#\1#p' "$UMAMI_GUARD_STATE/env")"
  fi
  UMAMI_PORT="${UMAMI_PORT:-$(saved_value UMAMI_PORT "$UMAMI_PORTS_FILE")}"
  UMAMI_PG_PORT="${UMAMI_PG_PORT:-$(saved_value UMAMI_PG_PORT "$UMAMI_PORTS_FILE")}"
  UMAMI_PORT="${UMAMI_PORT:-$legacy_url}"
  UMAMI_PG_PORT="${UMAMI_PG_PORT:-$legacy_db}"
  if [[ -z "$UMAMI_PORT" || -z "$UMAMI_PG_PORT" ]]; then
    pair="$(free_port_pair)"
    UMAMI_PORT="${UMAMI_PORT:-${pair% *}}"
    UMAMI_PG_PORT="${UMAMI_PG_PORT:-${pair#* }}"
  fi
}

# Replaces a remembered port that something else took while our server was down (start.sh, before
# starting anything). Ports given in the environment are never changed.
reselect_port() { # VAR, our server runs (true|false)
  local var="$1" ours="$2" explicit pair
  explicit="$([[ "$var" == UMAMI_PORT ]] && echo "$UMAMI_PORT_FROM_ENV" || echo "$UMAMI_PG_PORT_FROM_ENV")"
  [[ -z "$explicit" && "$ours" == false ]] && port_busy "${!var}" || return 0
  pair="$(free_port_pair)"
  log "port ${!var} is taken by another process: $var is now ${pair% *}"
  printf -v "$var" '%s' "${pair% *}"
}

# Records the pair so that every later script (and stop.sh, psql.sh) of this state dir uses it.
save_ports() {
  printf 'UMAMI_PORT=%s\nUMAMI_PG_PORT=%s\n' "$UMAMI_PORT" "$UMAMI_PG_PORT" >"$UMAMI_PORTS_FILE.tmp"
  mv "$UMAMI_PORTS_FILE.tmp" "$UMAMI_PORTS_FILE"
}

# Sets UMAMI_DATABASE_URL and UMAMI_URL from the ports.
set_urls() {
  UMAMI_DATABASE_URL="postgres://${UMAMI_DB_USER}:${UMAMI_DB_PASSWORD}@127.0.0.1:${UMAMI_PG_PORT}/${UMAMI_DB_NAME}"
  UMAMI_URL="http://127.0.0.1:${UMAMI_PORT}"
}

# The database Umami and the tests use (role, password and database are all "umami").
UMAMI_DB_NAME="umami"
UMAMI_DB_USER="umami"
UMAMI_DB_PASSWORD="umami"
# Created by Umami's first migration.
UMAMI_ADMIN_USER_ID="41e2b680-648e-4b09-bcd7-3e2b10c06264"

log() { printf '[umami] %s\n' "$*"; }
warn() { printf '[umami] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[umami] ERROR: %s\n' "$*" >&2
  exit 1
}

# Print the last lines of a log file (if it exists) to stderr, framed.
tail_log() {
  local file="$1" lines="${2:-60}"
  if [[ -s "$file" ]]; then
    printf '[umami] ---- last %s lines of %s ----\n' "$lines" "$file" >&2
    tail -n "$lines" "$file" >&2 || true
    printf '[umami] ---- end of %s ----\n' "$file" >&2
  fi
}

# The directory holding initdb/pg_ctl/postgres, newest PostgreSQL first; empty if none.
find_pg_bin() {
  local dir
  for dir in $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -Vr); do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" && -x "$dir/postgres" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
  done
  return 0
}

# Where the cluster lives. PostgreSQL runs as the `postgres` OS user (initdb refuses root), so
# that user must be able to reach the data dir. The default is inside the state dir; when the
# checkout sits below a directory that `postgres` cannot traverse (e.g. /root, mode 700), the
# cluster goes to a per-checkout directory under /var/tmp instead. An explicit UMAMI_PG_DIR wins.
resolve_pg_dirs() {
  local base
  if [[ -n "${UMAMI_PG_DIR:-}" ]]; then
    UMAMI_PG_DATA="$UMAMI_PG_DIR"
    base="$(dirname "$UMAMI_PG_DATA")"
  else
    base="$UMAMI_GUARD_STATE"
    if [[ $EUID -eq 0 ]] && id postgres >/dev/null 2>&1 && [[ -d "$base" ]] &&
      ! runuser -u postgres -- test -x "$base" 2>/dev/null; then
      base="/var/tmp/umami-guard-$(printf '%s' "$UMAMI_GUARD_STATE" | sha256sum | cut -c1-12)"
    fi
    UMAMI_PG_DATA="$base/pg"
  fi
  # Unix socket directory (used only for superuser set-up; clients use TCP). A socket path is
  # limited to ~107 bytes, so fall back to /tmp when the checkout path is very long.
  UMAMI_PG_SOCKET_DIR="$base/pg-run"
  if ((${#UMAMI_PG_SOCKET_DIR} > 80)); then
    UMAMI_PG_SOCKET_DIR="/tmp/umami-guard-pg-$(printf '%s' "$UMAMI_PG_DATA" | sha256sum | cut -c1-12)"
  fi
  UMAMI_PG_LOG="$base/postgres.log"
}

# Run a command as the PostgreSQL OS user (`postgres` when we are root, ourselves otherwise),
# from / so that an unreadable current directory does not bother it.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && "$@")
  fi
}

# psql as the umami role over TCP, against the e2e database. Extra args are passed through.
umami_psql() {
  local psql_bin
  psql_bin="$(command -v psql || true)"
  [[ -n "$psql_bin" ]] || psql_bin="$(find_pg_bin)/psql"
  PGPASSWORD="$UMAMI_DB_PASSWORD" PGCONNECT_TIMEOUT=5 PGOPTIONS="-c client_min_messages=warning" "$psql_bin" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$UMAMI_PG_PORT" -U "$UMAMI_DB_USER" -d "$UMAMI_DB_NAME" "$@"
}

# HTTP status code of a request (000 when nothing answers). Uses Node (always present here)
# so that the scripts need no curl. Usage: http_status METHOD URL [JSON_BODY]
http_status() {
  node -e '
    const [method, url, body] = process.argv.slice(1);
    fetch(url, {
      method,
      body: body || undefined,
      headers: body ? { "content-type": "application/json" } : {},
      signal: AbortSignal.timeout(5000),
    }).then(
      (r) => process.stdout.write(String(r.status)),
      () => process.stdout.write("000"),
    );
  ' "$@"
}

# True when the pid file names a live process whose command line is Next.js.
umami_pid_alive() {
  local pid
  [[ -s "$UMAMI_PID_FILE" ]] || return 1
  pid="$(cat "$UMAMI_PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'next' || return 1
}

resolve_ports
set_urls
