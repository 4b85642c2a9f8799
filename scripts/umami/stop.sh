#!/usr/bin/env bash
# Stop the e2e Umami server and its private PostgreSQL cluster started by start.sh.
# Idempotent: stopping what is not running is not an error. The data and the build cache stay.
#
#   scripts/umami/stop.sh                # Umami, then PostgreSQL
#   scripts/umami/stop.sh --umami-only   # leave PostgreSQL running (used by start.sh)
set -Eeuo pipefail

# shellcheck source=scripts/umami/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

umami_only=false
case "${1:-}" in
  "") ;;
  --umami-only) umami_only=true ;;
  *) die "usage: $0 [--umami-only]" ;;
esac

stop_umami() {
  if ! umami_pid_alive; then
    rm -f "$UMAMI_PID_FILE"
    log "Umami is not running"
    return 0
  fi
  local pid i
  pid="$(cat "$UMAMI_PID_FILE")"
  log "stopping Umami (pid $pid)"
  # start.sh made the server its own process-group leader: signal the whole group so any
  # worker that Next.js forked goes too; fall back to the pid alone.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "Umami did not stop within 10s: killing it"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
  fi
  rm -f "$UMAMI_PID_FILE"
  log "Umami stopped"
}

stop_postgres() {
  local pg_bin
  resolve_pg_dirs
  pg_bin="$(find_pg_bin)"
  if [[ -z "$pg_bin" || ! -s "$UMAMI_PG_DATA/PG_VERSION" ]]; then
    log "no PostgreSQL cluster at $UMAMI_PG_DATA"
    return 0
  fi
  if ! as_pg "$pg_bin/pg_ctl" status -D "$UMAMI_PG_DATA" >/dev/null 2>&1; then
    log "PostgreSQL is not running"
    return 0
  fi
  log "stopping PostgreSQL ($UMAMI_PG_DATA)"
  as_pg "$pg_bin/pg_ctl" stop -D "$UMAMI_PG_DATA" -m fast -w -t 60 >/dev/null
  log "PostgreSQL stopped"
}

stop_umami
$umami_only || stop_postgres
