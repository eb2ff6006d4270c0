#!/usr/bin/env bash
# Follow-up scheduler benchmark: one pass of the practice follow-up job over 100,000 due follow-ups,
# at several batch sizes, on a throwaway durable PostgreSQL cluster; mail goes to a pickup folder.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/lib.sh
ensure_dotnet
ensure_postgres

PORT="${RT_BENCH_PG_PORT:-55436}"
WORK="$(mktemp -d /tmp/rt-fubench-XXXXXX)"
start_cluster "$WORK/pg" "$PORT" durable
trap 'stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"' EXIT
create_database "$PORT" fubench
export RT_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Database=fubench;Username=postgres;Maximum Pool Size=32;Max Auto Prepare=20;No Reset On Close=true"
# WebApplicationFactory finds the app's content root from this variable outside a test project.
export ASPNETCORE_TEST_CONTENTROOT_REFERRALTRAINING_WEB="$ROOT/src/ReferralTraining.Web"
dotnet run -c Release --project bench/ReferralTraining.FollowUpBenchmarks
