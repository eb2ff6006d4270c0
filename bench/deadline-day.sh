#!/usr/bin/env bash
# Deadline day (issue 21): 10,000 signed-in clinicians stampede a quiz while 1,000 more sign in, once from one address
# and once from many; memory sampled and the heap profiled. Not part of the test run.
#
#   bench/deadline-day.sh     # about 30 minutes on 2 cores (signing 10,000 in through PBKDF2 is most of it);
#                             # writes bench/results/deadline-day-<date>.md
#
# Knobs: RT_DEADLINE_CLINICIANS (10000), RT_DEADLINE_BURST (1000), RT_SUITE_STAMPEDE_SECONDS (60),
# RT_SUITE_CERTIFICATES (400), RT_DEADLINE_WARMUP (1000: clinicians in the unmeasured first stampede), RT_DEADLINE_HOLD
# (0: seconds the app stays up after the report, for dotnet-dump). Installs dotnet-counters and dotnet-gcdump into a throwaway folder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/lib.sh
ensure_dotnet
ensure_postgres
command -v psql >/dev/null || apt_install postgresql-client
PORT="${RT_BENCH_PG_PORT:-55441}"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is already in use: set RT_BENCH_PG_PORT to a free port." >&2
  exit 1
fi
WORK="$(mktemp -d /tmp/rt-deadline-XXXXXX)"
trap 'stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"' EXIT
start_cluster "$WORK/pg" "$PORT" durable

log "Installing dotnet-counters and dotnet-gcdump (heap profile)"
export RT_DEADLINE_TOOLS="$WORK/tools"
dotnet tool install --tool-path "$RT_DEADLINE_TOOLS" dotnet-counters --version 10.0.750501 >/dev/null || echo "dotnet-counters not installed: the report says so"
dotnet tool install --tool-path "$RT_DEADLINE_TOOLS" dotnet-gcdump --version 10.0.750501 >/dev/null || echo "dotnet-gcdump not installed: the report says so"

log "Building the suite (Release; it builds the app)"
dotnet build bench/ReferralTraining.Suite -c Release -nologo -v quiet

log "Running deadline day"
create_database "$PORT" deadline
export RT_SUITE_MODE=deadline-day
export RT_SUITE_POSTGRES="Host=127.0.0.1;Port=$PORT;Database=deadline;Username=postgres;Maximum Pool Size=16;Max Auto Prepare=20;No Reset On Close=true"
export ASPNETCORE_TEST_CONTENTROOT_REFERRALTRAINING_WEB="$ROOT/src/ReferralTraining.Web"
dotnet bench/ReferralTraining.Suite/bin/Release/net10.0/ReferralTraining.Suite.dll
