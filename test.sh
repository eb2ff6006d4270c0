#!/usr/bin/env bash
# Runs every test (unit, integration, browser) against a throwaway PostgreSQL cluster and Debian's
# Chromium, installing what is missing. Ends with one line: "N passed, N failed".
set -uo pipefail
ROOT="$(cd "$(dirname "$0")" && pwd)"
cd "$ROOT"
. scripts/lib.sh
exec 2>&1 # one ordered stream: the summary line is always the last line

PG_PORT="${RT_TEST_PG_PORT:-55433}"
RESULTS="$ROOT/TestResults"

ensure_dotnet
ensure_postgres
command -v psql >/dev/null || apt_install postgresql-client
command -v chromium >/dev/null || [ -x /usr/bin/chromium ] || apt_install chromium fonts-dejavu-core
command -v node >/dev/null && command -v npm >/dev/null || apt_install nodejs npm

WORK="$(mktemp -d /tmp/rt-test-XXXXXX)"
if ! start_cluster "$WORK/pg" "$PG_PORT" throwaway; then
  tail -20 "$WORK/pg/server.log" 2>/dev/null
  echo "0 passed, 1 failed"
  exit 1
fi
cleanup() { stop_cluster "$WORK/pg" immediate; rm -rf "$WORK"; }
trap cleanup EXIT
export RT_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres"

rm -rf "$RESULTS"
log "Building"
status=0
# The app and the test projects only: the bench/ programs are not tests and build with their own scripts.
dotnet build ReferralTraining.Tests.slnf -nologo -v quiet || status=$?
if [ "$status" -eq 0 ]; then
  # The unit tests check our VC-JWTs with an independent verifier (panva/jose on Node).
  if command -v npm >/dev/null; then
    npm ci --prefix tests/node-verifier --no-audit --no-fund --loglevel=error || status=$?
    # The browser tests' stand-in LMS runs scorm-again, the LMS-side SCORM runtime.
    npm ci --prefix tests/scorm-lms --no-audit --no-fund --loglevel=error || status=$?
    # The SSO tests start their own OpenID provider (panva/oidc-provider) from here (issue 23).
    npm ci --prefix tests/oidc-provider --no-audit --no-fund --loglevel=error || status=$?
  fi
  for project in UnitTests IntegrationTests BrowserTests; do
    log "Running $project"
    dotnet test "tests/ReferralTraining.$project" --no-build -nologo \
      --logger "trx;LogFileName=$project.trx" --logger "console;verbosity=normal" \
      --results-directory "$RESULTS" "$@" || status=$?
  done
fi

# The cluster goes first, so that the summary below is the last line of output.
cleanup
trap - EXIT

# vstest prints one summary per project; CI wants one plain total, computed from the TRX files.
passed=0; failed=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Name every failed test just above the total, so a short CI excerpt still says what broke.
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p'
done
# And the first lines of each failure's message, so a flaky failure on CI can be diagnosed from the excerpt.
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  command -v python3 >/dev/null || break
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult[@outcome='Failed']", ns):
    message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip().splitlines()
    trace = r.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=ns).strip().splitlines()
    print("WHY " + r.get("testName", "?").rsplit(".", 1)[-1] + ":")
    for line in message[:8] + [l for l in trace if ".Tests" in l or "Tests." in l][:3]:
        print("    " + line.strip()[:300])
PY
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or a test host failed before any result was written
fi
echo "$passed passed, $failed failed"
exit "$status"
