#!/usr/bin/env bash
# Certificate benchmarks: issuing 10,000 certificates through the jobs (signing included) and the public
# verification API against a plain endpoint, in one run on a throwaway durable PostgreSQL cluster.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/lib.sh
ensure_dotnet
ensure_postgres
command -v wrk >/dev/null || apt_install wrk
PORT="${RT_BENCH_PG_PORT:-55435}"
WORK="$(mktemp -d /tmp/rt-certbench-XXXXXX)"
start_cluster "$WORK/pg" "$PORT" durable
trap 'stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"' EXIT
create_database "$PORT" certbench
export RT_BENCH_POSTGRES="Host=127.0.0.1;Port=$PORT;Database=certbench;Username=postgres;Maximum Pool Size=32;Max Auto Prepare=20;No Reset On Close=true"
# WebApplicationFactory finds the app's content root from this variable outside a test project.
export ASPNETCORE_TEST_CONTENTROOT_REFERRALTRAINING_WEB="$ROOT/src/ReferralTraining.Web"
dotnet run -c Release --project bench/ReferralTraining.CertificateBenchmarks
