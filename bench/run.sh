#!/usr/bin/env bash
# Issue 3 benchmark: graded quiz submissions per second, compared with the database's own write limit.
#
#   bench/run.sh [benchmark options]      e.g. bench/run.sh --concurrency 32 --duration 30
#
# 1. starts a throwaway PostgreSQL cluster with the durable defaults (fsync, synchronous_commit and
#    full_page_writes on: we compare against the real write limit), on port RT_BENCH_PG_PORT (55434);
# 2. measures that limit: pgbench -i -s 8, then a TPC-B-like pgbench -c 8 -j 2 -T 20 on its own database;
# 3. runs bench/ReferralTraining.Benchmarks (Release) against a fresh app database in the same cluster;
# 4. prints the report, and the program rewrites bench/results.md.
# Options after the script name go to the benchmark program (--help lists them).
set -euo pipefail
BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(dirname "$BENCH")"
cd "$ROOT"
. scripts/lib.sh

PG_PORT="${RT_BENCH_PG_PORT:-55434}"
# pgbench's own advice: a scale factor at least the number of clients, or the 8 clients queue on one
# branch row and the result measures lock waits, not the write limit.
PGBENCH_CLIENTS=8
PGBENCH_SCALE="${RT_BENCH_PGBENCH_SCALE:-$PGBENCH_CLIENTS}"
PGBENCH_SECONDS="${RT_BENCH_PGBENCH_SECONDS:-20}"
# Npgsql on 2 cores (docs/toolchain.md): a small pool, auto-prepared statements, no reset on return.
# For this workload 8 connections did as well as or better than 16, and better than 32 (quiet machine,
# 2026-11-26: 308-438 against 345-374 and 346 submissions/s), with less CPU per submission: fewer
# backends competing with the app for the same two cores.
NPGSQL_TUNING="${RT_BENCH_NPGSQL:-Maximum Pool Size=8;Max Auto Prepare=20;No Reset On Close=true}"

ensure_dotnet
PROGRAM="bench/ReferralTraining.Benchmarks/bin/Release/net10.0/ReferralTraining.Benchmarks.dll"
for arg in "$@"; do
  if [ "$arg" = --help ] || [ "$arg" = -h ]; then
    dotnet build bench/ReferralTraining.Benchmarks -c Release -nologo -v quiet >/dev/null && dotnet "$PROGRAM" --help
    exit
  fi
done
ensure_postgres
command -v psql >/dev/null || apt_install postgresql-client
PGBENCH="$PG_BIN/pgbench"
[ -x "$PGBENCH" ] || PGBENCH="$(command -v pgbench || true)"
[ -n "$PGBENCH" ] || { echo "pgbench not found (it ships with PostgreSQL's server package)" >&2; exit 1; }

if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
  echo "Port $PG_PORT is already in use: set RT_BENCH_PG_PORT to a free port." >&2
  exit 1
fi
WORK="$(mktemp -d /tmp/rt-bench-XXXXXX)"
cleanup() { stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"; }
trap cleanup EXIT
start_cluster "$WORK/pg" "$PG_PORT" durable

log "Building the benchmark (Release)"
dotnet build bench/ReferralTraining.Benchmarks -c Release -nologo -v quiet

log "Measuring the database's write limit: pgbench scale $PGBENCH_SCALE, $PGBENCH_CLIENTS clients, ${PGBENCH_SECONDS} s"
create_database "$PG_PORT" pgbench
"$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -i -q -s "$PGBENCH_SCALE" pgbench >"$WORK/pgbench-init.log" 2>&1
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc CHECKPOINT pgbench
PGBENCH_CMD="pgbench -c $PGBENCH_CLIENTS -j 2 -T $PGBENCH_SECONDS (TPC-B-like, scale $PGBENCH_SCALE)"
"$PGBENCH" -h 127.0.0.1 -p "$PG_PORT" -U postgres -c "$PGBENCH_CLIENTS" -j 2 -T "$PGBENCH_SECONDS" pgbench | tee "$WORK/pgbench.log"
TPS="$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$WORK/pgbench.log" | head -1)"
[ -n "$TPS" ] || { echo "Could not read tps from pgbench's output" >&2; exit 1; }
psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc CHECKPOINT pgbench

log "Running the benchmark program"
create_database "$PG_PORT" referraltraining_bench
status=0
dotnet "$PROGRAM" \
  --connection "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=referraltraining_bench;$NPGSQL_TUNING" \
  --pgbench-tps "$TPS" --pgbench-command "$PGBENCH_CMD" \
  "$@" || status=$?
exit "$status"
