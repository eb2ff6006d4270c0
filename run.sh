#!/usr/bin/env bash
# Runs ReferralTraining locally: a private PostgreSQL cluster in .data/pg (kept between runs), migrations,
# course content, demo accounts and an in-app development mailbox. Ctrl-C stops the app and the database.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"
. scripts/lib.sh

APP_PORT="${RT_APP_PORT:-5080}"
PG_PORT="${RT_PG_PORT:-55432}"
DATA="$ROOT/.data"

ensure_dotnet
ensure_postgres
command -v psql >/dev/null || apt_install postgresql-client
start_cluster "$DATA/pg" "$PG_PORT" durable
PG_PORT="$CLUSTER_PORT"
if [ "$CLUSTER_STARTED_HERE" = 1 ]; then
  trap 'stop_cluster "$DATA/pg"' EXIT
fi
trap 'exit 130' INT TERM
create_database "$PG_PORT" referraltraining

if port_in_use "$APP_PORT"; then
  echo "Port $APP_PORT is in use (another copy?). Choose another: RT_APP_PORT=5081 ./run.sh" >&2
  exit 1
fi
# The development mailbox's SMTP port: RT_SMTP_PORT (default 2525), or the next free one when a second copy runs.
SMTP_PORT="$(free_port "${RT_SMTP_PORT:-2525}")"

export ASPNETCORE_ENVIRONMENT=Development
export ConnectionStrings__Postgres="Host=127.0.0.1;Port=$PG_PORT;Database=referraltraining;Username=postgres;Maximum Pool Size=16;Max Auto Prepare=20;No Reset On Close=true"
export Courses__ContentPath="$ROOT/content"
export Email__DevMailboxFolder="$DATA/mailbox"
export Email__Port="$SMTP_PORT"
# Links in e-mails, PDFs and QR codes name the address this copy serves on.
export Credentials__PublicBaseUrl="${RT_PUBLIC_BASE_URL:-http://localhost:$APP_PORT}"

log "Building (first run restores packages; this takes a minute)"
dotnet build src/ReferralTraining.Web -c Debug -v quiet -nologo >/dev/null
log "ReferralTraining: http://localhost:$APP_PORT  (mailbox: http://localhost:$APP_PORT/dev/mailbox, SMTP 127.0.0.1:$SMTP_PORT)"
dotnet run --project src/ReferralTraining.Web --no-build --no-launch-profile --urls "http://localhost:$APP_PORT"
