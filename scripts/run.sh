#!/usr/bin/env bash
# The README's first command: install what is missing, build in release
# mode, and serve the portal at http://127.0.0.1:3000 on an embedded SQLite
# file under ./data, with demo data loaded on the first run.
source "$(dirname "$0")/lib.sh"
"$ROOT/scripts/build.sh"
cd "$ROOT"
export ASN_MODE="${ASN_MODE:-dev}"
export ASN_BIND="${ASN_BIND:-127.0.0.1:3000}"
export ASN_DATA_DIR="${ASN_DATA_DIR:-$ROOT/data}"
export ASN_DEMO_DATA="${ASN_DEMO_DATA:-true}"
export ASN_SITE_DIR="${ASN_SITE_DIR:-$SITE_DIR}"
if [ ! -f "$ASN_DATA_DIR/asn-portal.db" ] && [ -z "${ASN_DATABASE_URL:-}" ]; then
  say "first run: creating $ASN_DATA_DIR/asn-portal.db with demo data"
  "$SERVER_BIN" demo-data
fi
say "serving http://$ASN_BIND (Ctrl-C to stop)"
exec "$SERVER_BIN" serve
