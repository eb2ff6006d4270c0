#!/usr/bin/env bash
# Benchmark suite (issue 8): pages, APIs and quiz submission next to baselines measured in the same run, and the
# 2,000-clinician stampede. Not part of the test run.
#
#   bench/suite.sh            # about 6-8 minutes on 2 cores; writes bench/results/suite-<date>.md
#
# 1. starts a throwaway PostgreSQL cluster with the durable defaults on RT_BENCH_PG_PORT (55440);
# 2. measures the database's baselines on their own database: pgbench -i -s 8, then select-only (-S) and
#    TPC-B-like, each -c 8 -j 2 -T RT_SUITE_PGBENCH_SECONDS (15);
# 3. runs bench/ReferralTraining.Suite (Release) against a fresh app database in the same cluster.
# Knobs: RT_SUITE_CLINICIANS (2000), RT_SUITE_SECONDS per row (15), RT_SUITE_STAMPEDE_SECONDS (60), RT_SUITE_CERTIFICATES (400),
# RT_SUITE_QUICK=1 (only plain, catalog, module page and verification API, no report: for profiling the app while a row runs;
# RT_SUITE_QUICK_HOLD=N keeps the app and database up N seconds afterwards, e.g. to run pgbench on the app's own queries).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
. scripts/lib.sh
ensure_dotnet
ensure_postgres
command -v psql >/dev/null || apt_install postgresql-client
command -v wrk >/dev/null || apt_install wrk
PGBENCH="$PG_BIN/pgbench"
[ -x "$PGBENCH" ] || PGBENCH="$(command -v pgbench)"
PORT="${RT_BENCH_PG_PORT:-55440}"
SECONDS_EACH="${RT_SUITE_PGBENCH_SECONDS:-15}"
if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
  echo "Port $PORT is already in use: set RT_BENCH_PG_PORT to a free port." >&2
  exit 1
fi
WORK="$(mktemp -d /tmp/rt-suite-XXXXXX)"
trap 'stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"' EXIT
start_cluster "$WORK/pg" "$PORT" durable

log "Building the suite (Release)"
dotnet build bench/ReferralTraining.Suite -c Release -nologo -v quiet

log "Baselines: pgbench scale 8, select-only and TPC-B-like, 8 clients, ${SECONDS_EACH} s each"
create_database "$PORT" pgbench
"$PGBENCH" -h 127.0.0.1 -p "$PORT" -U postgres -i -q -s 8 pgbench >"$WORK/pgbench-init.log" 2>&1
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc CHECKPOINT pgbench
"$PGBENCH" -h 127.0.0.1 -p "$PORT" -U postgres -S -c 8 -j 2 -T "$SECONDS_EACH" pgbench | tee "$WORK/select.log"
"$PGBENCH" -h 127.0.0.1 -p "$PORT" -U postgres -c 8 -j 2 -T "$SECONDS_EACH" pgbench | tee "$WORK/tpcb.log"
export RT_SUITE_PGBENCH_SELECT_TPS="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/select.log" | head -1)"
export RT_SUITE_PGBENCH_TPCB_TPS="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/tpcb.log" | head -1)"
export RT_SUITE_PGBENCH_COMMAND="pgbench -c 8 -j 2 -T $SECONDS_EACH (scale 8)"
psql -h 127.0.0.1 -p "$PORT" -U postgres -qc CHECKPOINT pgbench

log "Running the suite"
create_database "$PORT" suite
export RT_SUITE_POSTGRES="Host=127.0.0.1;Port=$PORT;Database=suite;Username=postgres;Maximum Pool Size=16;Max Auto Prepare=20;No Reset On Close=true"
export ASPNETCORE_TEST_CONTENTROOT_REFERRALTRAINING_WEB="$ROOT/src/ReferralTraining.Web"
dotnet bench/ReferralTraining.Suite/bin/Release/net10.0/ReferralTraining.Suite.dll
