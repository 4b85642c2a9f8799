#!/usr/bin/env bash
# The demo's second path: start a REAL Umami (v2.10 + PostgreSQL on 127.0.0.1, the one the test suite
# uses), run the demo against it, and leave it running so you can see the events in Umami's own dashboard.
#
#   demo/local-umami.sh          first run builds Umami (~3 min, npm registry and apt only); later runs ~5 s
#   scripts/umami/stop.sh        stops Umami and its database
set -Eeuo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

echo "Starting a local Umami (scripts/umami/start.sh)…"
bash scripts/umami/start.sh >/dev/null
state="${UMAMI_GUARD_STATE:-$repo/.umami-e2e}"
set -a
# shellcheck disable=SC1091
. "$state/env"
set +a

cat <<INFO

  Umami dashboard  ${UMAMI_E2E_URL}
  login            admin / umami
  website id       ${UMAMI_E2E_WEBSITE_ID}

INFO

status=0
UMAMI_API_URL="$UMAMI_E2E_URL" UMAMI_WEBSITE_ID="$UMAMI_E2E_WEBSITE_ID" npx --no-install tsx demo/run.ts || status=$?

cat <<INFO

Open ${UMAMI_E2E_URL} and log in as admin / umami: the website's Realtime and Events views show what
the demo sent. Check the pipeline end to end with:
  UMAMI_API_URL=${UMAMI_E2E_URL} UMAMI_WEBSITE_ID=${UMAMI_E2E_WEBSITE_ID} UMAMI_PASSWORD=umami \\
    npx tsx src/cli/main.ts check --username admin
Stop Umami with scripts/umami/stop.sh.
INFO
exit "$status"
