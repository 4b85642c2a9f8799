#!/usr/bin/env bash
# Delete every collected row (events, event data, sessions, session data) of the e2e website,
# so a test starts from an empty slate. The website row itself, users and reports stay.
#
#   scripts/umami/reset-data.sh               # the e2e website ($UMAMI_WEBSITE_ID_E2E)
#   scripts/umami/reset-data.sh <website-id>  # another website
set -Eeuo pipefail

# shellcheck source=scripts/umami/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

website_id="${1:-$UMAMI_WEBSITE_ID_E2E}"
[[ "$website_id" =~ ^[0-9a-fA-F-]{36}$ ]] || die "not a uuid: $website_id"

# Umami v2.10 stores collected data in these four tables, all keyed by website_id.
# One transaction: a concurrent reader never sees events without their session.
counts="$(umami_psql -tA -1 <<EOF
WITH ed AS (DELETE FROM event_data    WHERE website_id = '$website_id' RETURNING 1),
     sd AS (DELETE FROM session_data  WHERE website_id = '$website_id' RETURNING 1),
     we AS (DELETE FROM website_event WHERE website_id = '$website_id' RETURNING 1),
     se AS (DELETE FROM session       WHERE website_id = '$website_id' RETURNING 1)
SELECT format('website_event=%s event_data=%s session=%s session_data=%s',
  (SELECT count(*) FROM we), (SELECT count(*) FROM ed),
  (SELECT count(*) FROM se), (SELECT count(*) FROM sd));
EOF
)"
log "reset website $website_id: deleted $counts"
