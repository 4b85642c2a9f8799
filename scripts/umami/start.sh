#!/usr/bin/env bash
# Start a REAL Umami v2.10.0 server backed by a private PostgreSQL cluster, both on 127.0.0.1,
# without internet access (only the npm registry and Debian's apt are used).
#
# Follows the recipe in shared/UMAMI.md ("Running a real Umami on loopback without internet").
# Idempotent: on a re-run every finished step is skipped; when Umami already runs and answers
# /api/heartbeat, nothing is restarted. Never prompts (CI runs it as root with no stdin).
#
# On success it writes $UMAMI_GUARD_STATE/env (UMAMI_E2E_URL, UMAMI_E2E_WEBSITE_ID,
# UMAMI_E2E_DATABASE_URL), loadable with `set -a; . .umami-e2e/env; set +a`, and prints it.
# Settings: see common.sh. Stop everything with scripts/umami/stop.sh.
set -Eeuo pipefail

# shellcheck source=scripts/umami/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

export DEBIAN_FRONTEND=noninteractive
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export NEXT_TELEMETRY_DISABLED=1 DISABLE_TELEMETRY=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1

# The log whose tail is printed when a step fails; each phase points it at its own log.
CURRENT_LOG=""
on_error() {
  local rc=$? line=$1
  # set -E runs this trap in subshells too: report once, from the main shell only.
  [[ $BASHPID == "$$" ]] || exit "$rc"
  printf '[umami] ERROR: step failed (exit %s, start.sh line %s) after %ss\n' "$rc" "$line" "$SECONDS" >&2
  [[ -n "$CURRENT_LOG" ]] && tail_log "$CURRENT_LOG" 80
  exit "$rc"
}
trap 'on_error $LINENO' ERR

mkdir -p "$UMAMI_GUARD_STATE"
# One start.sh at a time per state dir (a second one waits, then finds everything done).
# Long-lived children (postmaster, Umami) are started with fd 9 closed, or they would hold
# the lock forever.
exec 9>"$UMAMI_GUARD_STATE/start.lock"
flock -w 900 9 || die "another start.sh holds $UMAMI_GUARD_STATE/start.lock"

# --------------------------------------------------------------------------------------------
# 1. PostgreSQL binaries (Debian package `postgresql`)
# --------------------------------------------------------------------------------------------
ensure_postgres_installed() {
  PG_BIN="$(find_pg_bin)"
  if [[ -z "$PG_BIN" ]]; then
    [[ $EUID -eq 0 ]] || die "PostgreSQL is not installed and we are not root: apt-get install postgresql"
    log "installing PostgreSQL from apt (log: $UMAMI_GUARD_STATE/apt.log)"
    CURRENT_LOG="$UMAMI_GUARD_STATE/apt.log"
    {
      apt-get update -q
      apt-get install -y -q --no-install-recommends postgresql postgresql-client
    } >"$CURRENT_LOG" 2>&1 </dev/null
    PG_BIN="$(find_pg_bin)"
    [[ -n "$PG_BIN" ]] || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found"
  fi
  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "the 'postgres' OS user does not exist (initdb refuses to run as root)"
  fi
  log "PostgreSQL binaries: $PG_BIN ($("$PG_BIN/postgres" --version))"
}

# --------------------------------------------------------------------------------------------
# 2. Private cluster: 127.0.0.1:$UMAMI_PG_PORT only, socket in the state dir, role/db umami
# --------------------------------------------------------------------------------------------
pg_running() { as_pg "$PG_BIN/pg_ctl" status -D "$UMAMI_PG_DATA" >/dev/null 2>&1; }

# psql as the cluster's superuser over the unix socket (trust auth for local connections).
pg_admin_psql() {
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$UMAMI_PG_SOCKET_DIR" -p "$UMAMI_PG_PORT" \
    -U postgres -d postgres "$@"
}

ensure_cluster() {
  resolve_pg_dirs
  local owner="postgres"
  [[ $EUID -eq 0 ]] || owner="$(id -un)"
  [[ "$(dirname "$UMAMI_PG_DATA")" == "$UMAMI_GUARD_STATE" ]] ||
    log "note: '$owner' cannot reach $UMAMI_GUARD_STATE; the cluster lives in $UMAMI_PG_DATA"
  mkdir -p "$(dirname "$UMAMI_PG_DATA")" "$UMAMI_PG_SOCKET_DIR"
  touch "$UMAMI_PG_LOG"
  if [[ $EUID -eq 0 ]]; then
    chown postgres: "$UMAMI_PG_SOCKET_DIR" "$UMAMI_PG_LOG"
  fi
  CURRENT_LOG="$UMAMI_PG_LOG"

  if [[ ! -s "$UMAMI_PG_DATA/PG_VERSION" ]]; then
    # A data dir without PG_VERSION is a failed initdb: start over.
    rm -rf "$UMAMI_PG_DATA"
    mkdir -p "$UMAMI_PG_DATA"
    if [[ $EUID -eq 0 ]]; then chown postgres: "$UMAMI_PG_DATA"; fi
    chmod 700 "$UMAMI_PG_DATA"
    log "initialising PostgreSQL cluster in $UMAMI_PG_DATA"
    # Local (unix socket) connections are trusted, which only the OS user can use since the
    # socket directory is private; TCP connections need a password.
    as_pg "$PG_BIN/initdb" -D "$UMAMI_PG_DATA" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >>"$UMAMI_PG_LOG" 2>&1
    # Throw-away test database: trade durability for speed.
    cat >>"$UMAMI_PG_DATA/postgresql.conf" <<'EOF'

# --- umami-guard e2e (scripts/umami/start.sh) ---
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 50
shared_buffers = 128MB
EOF
  fi

  if pg_running; then
    log "PostgreSQL already running ($UMAMI_PG_DATA)"
  else
    reselect_port UMAMI_PG_PORT false
    set_urls
    save_ports
    log "starting PostgreSQL on 127.0.0.1:$UMAMI_PG_PORT (log: $UMAMI_PG_LOG)"
    # Address, port and socket are given on each start, so changing UMAMI_PG_PORT just works.
    # pg_ctl detaches the postmaster (own session), so it outlives this script.
    as_pg "$PG_BIN/pg_ctl" start -D "$UMAMI_PG_DATA" -l "$UMAMI_PG_LOG" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $UMAMI_PG_PORT -k $UMAMI_PG_SOCKET_DIR" >/dev/null 9>&-
  fi

  # Role and database (idempotent; the password is reset so a stale cluster still matches).
  pg_admin_psql <<EOF
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$UMAMI_DB_USER') THEN
    CREATE ROLE $UMAMI_DB_USER LOGIN PASSWORD '$UMAMI_DB_PASSWORD';
  ELSE
    ALTER ROLE $UMAMI_DB_USER LOGIN PASSWORD '$UMAMI_DB_PASSWORD';
  END IF;
END \$\$;
EOF
  if [[ "$(pg_admin_psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$UMAMI_DB_NAME'")" != "1" ]]; then
    log "creating database $UMAMI_DB_NAME"
    pg_admin_psql -c "CREATE DATABASE $UMAMI_DB_NAME OWNER $UMAMI_DB_USER"
  fi
}

# --------------------------------------------------------------------------------------------
# 3. Build Umami 2.10.0 into the cache dir (skipped when the marker says it is complete)
# --------------------------------------------------------------------------------------------
build_is_complete() {
  [[ -f "$UMAMI_BUILD_MARKER" && "$(cat "$UMAMI_BUILD_MARKER")" == "$UMAMI_RECIPE_ID" ]]
}

ensure_build() {
  local cache="$UMAMI_BUILD_CACHE"
  if build_is_complete; then
    log "Umami build cache hit: $cache"
    return 0
  fi
  case "$cache" in
    "" | / | "$HOME" | "$UMAMI_REPO_ROOT" | "$UMAMI_REPO_ROOT"/*)
      die "refusing to build in UMAMI_BUILD_CACHE='$cache' (must be a dedicated dir outside the repo)"
      ;;
  esac
  # Checkouts with different state dirs may share the cache: one builds, the others wait.
  mkdir -p "$(dirname "$cache")"
  exec 8>"$cache.lock"
  flock -w 1800 8 || die "timed out waiting for another build of $cache"
  if build_is_complete; then
    exec 8>&-
    log "Umami build cache hit (built by another start.sh): $cache"
    return 0
  fi
  # Only ever wipe a directory this script created (it holds the start sentinel) or an empty one.
  if [[ -e "$cache" ]]; then
    if [[ -e "$cache/.umami-guard-build-started" || -z "$(ls -A "$cache" 2>/dev/null)" ]]; then
      log "discarding unfinished/outdated build in $cache"
      rm -rf "$cache"
    else
      die "$cache exists but was not made by this script; remove it or set UMAMI_BUILD_CACHE"
    fi
  fi

  local t0=$SECONDS
  CURRENT_LOG="$UMAMI_BUILD_LOG"
  : >"$CURRENT_LOG"
  log "building Umami $UMAMI_VERSION in $cache (log: $CURRENT_LOG; ~3 min on 2 cores)"
  mkdir -p "$cache"
  echo "$UMAMI_RECIPE_ID" >"$cache/.umami-guard-build-started"

  # Everything below runs in a subshell with its output in the build log; `set -e` applies.
  (
    set -Eeuo pipefail
    trap - ERR # the parent reports the failure (with the tail of this log)
    cd "$cache"
    # A DATABASE_URL is needed to pick the postgresql schema; nothing connects during the build.
    export DATABASE_URL="$UMAMI_DATABASE_URL"
    # The build must not see knobs that next.config.js would bake in.
    unset BASE_PATH COLLECT_API_ENDPOINT TRACKER_SCRIPT_NAME CLOUD_MODE CLOUD_URL DISABLE_LOGIN \
      DISABLE_UI HOST_URL FORCE_SSL DEFAULT_LOCALE ALLOWED_FRAME_URLS NODE_ENV

    echo "== $(date +%T) npm pack umami@$UMAMI_VERSION"
    npm pack "umami@$UMAMI_VERSION" --silent >pack.txt
    tar -xzf "umami-$UMAMI_VERSION.tgz" --strip-components=1
    rm -f "umami-$UMAMI_VERSION.tgz" pack.txt

    # Step 2+3 of the recipe in one install: a plain install fails on a peer conflict, and
    # lifecycle scripts would try to download Prisma engines. The driver adapter lets Prisma
    # 5.7's wasm query engine (shipped inside @prisma/client) talk to PostgreSQL via `pg`.
    echo "== $(date +%T) npm install"
    npm install --ignore-scripts --legacy-peer-deps --no-audit --no-fund --loglevel=error \
      --save-exact @prisma/adapter-pg@5.7.0 pg@8.11.3 </dev/null

    # Step 4: copy the postgresql schema + migrations to prisma/, then switch to the wasm engine.
    echo "== $(date +%T) prisma schema"
    node scripts/copy-db-files.js
    node - <<'JS'
const fs = require('fs');
const file = 'prisma/schema.prisma';
const src = fs.readFileSync(file, 'utf8');
const needle = 'provider = "prisma-client-js"';
if (!src.includes(needle)) throw new Error(`${file}: generator block not found`);
const out = src.replace(
  needle,
  () => `${needle}\n  previewFeatures = ["driverAdapters"]\n  engineType = "wasm"`,
);
fs.writeFileSync(file, out);
JS
    grep -q 'engineType = "wasm"' prisma/schema.prisma

    # Step 5: generate the client. The native engine paths must name an existing file, but they
    # are never executed for a wasm client, so an empty file will do (no engine download).
    echo "== $(date +%T) prisma generate"
    : >.empty-prisma-engine
    PRISMA_QUERY_ENGINE_LIBRARY="$PWD/.empty-prisma-engine" \
      PRISMA_QUERY_ENGINE_BINARY="$PWD/.empty-prisma-engine" \
      PRISMA_SCHEMA_ENGINE_BINARY="$PWD/.empty-prisma-engine" \
      node node_modules/prisma/build/index.js generate </dev/null

    # Step 7: make @umami/prisma-client build its PrismaClient with the pg driver adapter.
    echo "== $(date +%T) patch @umami/prisma-client"
    node - <<'JS'
const fs = require('fs');
const file = 'node_modules/@umami/prisma-client/dist/index.js';
const src = fs.readFileSync(file, 'utf8');
const needle = 'new client$2.PrismaClient({';
if (src.split(needle).length !== 2) throw new Error(`${file}: expected exactly one "${needle}"`);
const out = src.replace(
  needle,
  () =>
    `${needle}\n    /* umami-guard: wasm query engine needs a driver adapter */\n` +
    `    adapter: new (require('@prisma/adapter-pg').PrismaPg)(\n` +
    `      new (require('pg').Pool)({ connectionString: process.env.DATABASE_URL }),\n` +
    `    ),`,
);
fs.writeFileSync(file, out);
JS
    grep -q "umami-guard: wasm query engine" node_modules/@umami/prisma-client/dist/index.js

    # Step 8: tracker + Next.js app (check-db and build-geo need the network: skipped).
    echo "== $(date +%T) build-tracker"
    npm run build-tracker </dev/null
    echo "== $(date +%T) build-app"
    NODE_OPTIONS="--max-old-space-size=4096" npm run build-app </dev/null
    test -f .next/BUILD_ID
  ) >>"$CURRENT_LOG" 2>&1

  rm -f "$cache/.umami-guard-build-started"
  # Very last step: the marker that makes the next run skip the build.
  echo "$UMAMI_RECIPE_ID" >"$UMAMI_BUILD_MARKER"
  exec 8>&- # release the build lock
  log "Umami built in $((SECONDS - t0))s"
}

# --------------------------------------------------------------------------------------------
# 4. Schema (migrations applied with psql, recorded in Prisma's own _prisma_migrations table
#    so a later `prisma migrate deploy` would agree) and the e2e website row
# --------------------------------------------------------------------------------------------
ensure_schema() {
  CURRENT_LOG="$UMAMI_PG_LOG"
  umami_psql <<'EOF'
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);
EOF
  local dir name sum applied=0
  for dir in "$UMAMI_BUILD_CACHE"/prisma/migrations/*/; do
    name="$(basename "$dir")"
    [[ -f "$dir/migration.sql" ]] || continue
    if [[ "$(umami_psql -tAc "SELECT 1 FROM _prisma_migrations WHERE migration_name = '$name' AND finished_at IS NOT NULL")" == "1" ]]; then
      continue
    fi
    sum="$(sha256sum "$dir/migration.sql" | cut -d' ' -f1)"
    log "applying migration $name"
    # One transaction per migration: the SQL and its bookkeeping row land together or not at all.
    umami_psql -1 -f "$dir/migration.sql" -c "INSERT INTO _prisma_migrations
      (id, checksum, finished_at, migration_name, applied_steps_count)
      VALUES (gen_random_uuid()::text, '$sum', now(), '$name', 1)"
    applied=$((applied + 1))
  done
  ((applied > 0)) || log "database schema up to date"
  [[ "$(umami_psql -tAc "SELECT to_regclass('public.website') IS NOT NULL")" == "t" ]] ||
    die "migrations ran but table website is missing"

  umami_psql -c "INSERT INTO website (website_id, name, domain, user_id, created_at)
    VALUES ('$UMAMI_WEBSITE_ID_E2E', 'umami-guard-e2e', 'localhost', '$UMAMI_ADMIN_USER_ID', now())
    ON CONFLICT (website_id) DO NOTHING"
  log "website umami-guard-e2e: $UMAMI_WEBSITE_ID_E2E"
}

# --------------------------------------------------------------------------------------------
# 5. Umami itself (next start), detached, with a pid file; wait for /api/heartbeat
# --------------------------------------------------------------------------------------------
heartbeat_ok() { [[ "$(http_status GET "$UMAMI_URL/api/heartbeat")" == "200" ]]; }

# A request that needs the database: log in as the admin created by the first migration.
db_roundtrip_ok() {
  [[ "$(http_status POST "$UMAMI_URL/api/auth/login" '{"username":"admin","password":"umami"}')" == "200" ]]
}

ensure_umami_running() {
  CURRENT_LOG="$UMAMI_LOG"
  if umami_pid_alive; then
    if heartbeat_ok && db_roundtrip_ok; then
      log "Umami already running and healthy (pid $(cat "$UMAMI_PID_FILE")) at $UMAMI_URL"
      return 0
    fi
    log "Umami (pid $(cat "$UMAMI_PID_FILE")) is not healthy: restarting it"
    "$UMAMI_SCRIPT_DIR/stop.sh" --umami-only
  fi
  rm -f "$UMAMI_PID_FILE"
  reselect_port UMAMI_PORT false
  set_urls
  save_ports
  if [[ "$(http_status GET "$UMAMI_URL/api/heartbeat")" != "000" ]]; then
    # E.g. a server left over after its state dir (and pid file) was deleted.
    if command -v ss >/dev/null; then ss -ltnpH "sport = :$UMAMI_PORT" >&2 || true; fi
    die "something else already answers on $UMAMI_URL (not started by this state dir); stop it or set UMAMI_PORT"
  fi

  log "starting Umami on $UMAMI_URL (log: $UMAMI_LOG)"
  {
    echo
    echo "=== $(date -Is) start.sh: next start -H 127.0.0.1 -p $UMAMI_PORT"
  } >>"$UMAMI_LOG"
  # A clean environment: nothing from the caller (NODE_OPTIONS, REDIS_URL, BASE_PATH, ...)
  # leaks into the server. setsid + nohup + </dev/null detach it so it outlives this script and
  # its caller's process group; it becomes its own process-group leader (stop.sh kills the group).
  (
    exec 9>&- # do not inherit the start.lock
    cd "$UMAMI_BUILD_CACHE"
    exec setsid nohup env -i \
      PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 \
      NODE_ENV=production \
      DATABASE_URL="$UMAMI_DATABASE_URL" \
      APP_SECRET="$UMAMI_APP_SECRET" \
      NEXT_TELEMETRY_DISABLED=1 DISABLE_TELEMETRY=1 \
      node node_modules/next/dist/bin/next start -H 127.0.0.1 -p "$UMAMI_PORT" \
      </dev/null >>"$UMAMI_LOG" 2>&1
  ) &
  echo $! >"$UMAMI_PID_FILE"

  local deadline=$((SECONDS + UMAMI_START_TIMEOUT))
  until heartbeat_ok; do
    if ! kill -0 "$(cat "$UMAMI_PID_FILE")" 2>/dev/null; then
      tail_log "$UMAMI_LOG" 80
      die "Umami exited during start-up (log tail above)"
    fi
    if ((SECONDS >= deadline)); then
      tail_log "$UMAMI_LOG" 80
      die "Umami did not answer $UMAMI_URL/api/heartbeat within ${UMAMI_START_TIMEOUT}s"
    fi
    sleep 0.5
  done
  if ! db_roundtrip_ok; then
    tail_log "$UMAMI_LOG" 80
    die "Umami is up but cannot use the database (POST /api/auth/login failed)"
  fi
  log "Umami is up (pid $(cat "$UMAMI_PID_FILE")), database reachable"
}

write_env_file() {
  cat >"$UMAMI_ENV_FILE.tmp" <<EOF
UMAMI_E2E_URL=$UMAMI_URL
UMAMI_E2E_WEBSITE_ID=$UMAMI_WEBSITE_ID_E2E
UMAMI_E2E_DATABASE_URL=$UMAMI_DATABASE_URL
EOF
  mv "$UMAMI_ENV_FILE.tmp" "$UMAMI_ENV_FILE"
  log "wrote $UMAMI_ENV_FILE:"
  cat "$UMAMI_ENV_FILE"
}

main() {
  log "state dir: $UMAMI_GUARD_STATE (Umami port $UMAMI_PORT, PostgreSQL port $UMAMI_PG_PORT)"
  save_ports
  ensure_postgres_installed
  ensure_cluster
  ensure_build
  ensure_schema
  ensure_umami_running
  write_env_file
  log "ready in ${SECONDS}s"
}

main "$@"
