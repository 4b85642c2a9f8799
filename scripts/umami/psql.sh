#!/usr/bin/env bash
# psql against the e2e database (role umami on 127.0.0.1:$UMAMI_PG_PORT), args passed through.
#
#   scripts/umami/psql.sh                                   # interactive
#   scripts/umami/psql.sh -c 'SELECT count(*) FROM website_event'
#   scripts/umami/psql.sh -tAc 'SELECT event_name FROM website_event'
set -Eeuo pipefail

# shellcheck source=scripts/umami/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

psql_bin="$(command -v psql || true)"
[[ -n "$psql_bin" ]] || psql_bin="$(find_pg_bin)/psql"
[[ -x "$psql_bin" ]] || die "psql not found: run scripts/umami/start.sh first"

PGPASSWORD="$UMAMI_DB_PASSWORD" exec "$psql_bin" -X -v ON_ERROR_STOP=1 \
  -h 127.0.0.1 -p "$UMAMI_PG_PORT" -U "$UMAMI_DB_USER" -d "$UMAMI_DB_NAME" "$@"
