#!/usr/bin/env bash
# Checks the metrics path end to end with a real Prometheus (Debian's `prometheus` package), against a running copy
# of the app: Prometheus scrapes its /metrics, then two of the app's own series are read back through Prometheus's
# HTTP API. Not part of ./test.sh (it needs a running app and a package the tests do not).
#
#   ./run.sh &                                   # or any running copy whose /metrics allows this machine
#   scripts/check-prometheus.sh                  # default target http://127.0.0.1:5080
#   scripts/check-prometheus.sh http://127.0.0.1:8081 9099    # target, Prometheus port
#
# Exit code 0 when both series came back through Prometheus, 1 otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

TARGET="${1:-http://127.0.0.1:5080}"
PROM_PORT="${2:-9099}"
HOSTPORT="${TARGET#*://}"; HOSTPORT="${HOSTPORT%%/*}"
SERIES=(referraltraining_outbox_waiting referraltraining_outbox_oldest_age_seconds)

command -v prometheus >/dev/null || apt_install prometheus
command -v curl >/dev/null || apt_install curl
command -v python3 >/dev/null || apt_install python3

curl -fsS "$TARGET/metrics" >/dev/null || { echo "$TARGET/metrics does not answer this machine (see Operations:MetricsNetworks)" >&2; exit 1; }

WORK="$(mktemp -d)"
PROM_PID=""
cleanup() { [ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null; wait "$PROM_PID" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

cat > "$WORK/prometheus.yml" <<YAML
global:
  scrape_interval: 2s
scrape_configs:
  - job_name: referraltraining
    metrics_path: /metrics
    static_configs:
      - targets: ["$HOSTPORT"]
YAML

log "Starting Prometheus on 127.0.0.1:$PROM_PORT, scraping $TARGET/metrics every 2 s"
prometheus --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/data" \
  --web.listen-address="127.0.0.1:$PROM_PORT" >"$WORK/prometheus.log" 2>&1 &
PROM_PID=$!

query() { curl -fsS --get "http://127.0.0.1:$PROM_PORT/api/v1/query" --data-urlencode "query=$1"; }
# Prints the sample values of an instant query's answer, one per line (nothing when there is none).
values() { python3 -c 'import json,sys; [print(r["metric"].get("__name__", ""), r["metric"].get("hangfire_job", r["metric"].get("result", "")), r["value"][1]) for r in json.load(sys.stdin)["data"]["result"]]' 2>/dev/null; }

for _ in $(seq 1 60); do
  if query 'up{job="referraltraining"}' 2>/dev/null | values | grep -q ' 1$'; then break; fi
  sleep 1
done
query 'up{job="referraltraining"}' | values | grep -q ' 1$' || { echo "Prometheus did not scrape $TARGET (log: $(tail -5 "$WORK/prometheus.log"))" >&2; exit 1; }
log "Prometheus scrapes the app (up == 1)"

failed=0
for name in "${SERIES[@]}"; do
  found=""
  for _ in $(seq 1 30); do
    found="$(query "$name{job=\"referraltraining\"}" | values)"
    [ -n "$found" ] && break
    sleep 1
  done
  if [ -n "$found" ]; then echo "ok   $found"; else echo "MISSING $name" >&2; failed=1; fi
done
# Informational: other app series present once the app has done something (sign-ins, jobs, submissions, certificates).
query '{__name__=~"referraltraining_.*_total"}' | values | sed 's/^/info /' || true
exit "$failed"
