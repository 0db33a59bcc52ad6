#!/usr/bin/env bash
# HTTP load with wrk on the public pages and the sign-in page: 50 connections, DURATION seconds each (default 15),
# against the app at BASE (default: starts the Release build on a fresh demo database and stops it after).
# Prints req/s, p50, p95, p99 per path, and the load average before each run (the machine is shared).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
duration=${DURATION:-15}
connections=${CONNECTIONS:-50}
if [ -z "${BASE:-}" ]; then
  pid=$("$here/app.sh"); trap 'kill $pid 2>/dev/null || true' EXIT
  BASE=http://127.0.0.1:${PORT:-5080}
  for _ in $(seq 600); do curl -fs -o /dev/null "$BASE/" && break; sleep 0.1; done
fi
page=$(curl -fs "$BASE/charities")
slug=$(grep -o 'href="/charities/[a-z0-9-]*"' <<<"$page" | head -1 | sed 's/.*charities\/\([^"]*\)"/\1/')
program=$(curl -fs "$BASE/charities/$slug" | grep -o '/programs/[0-9a-f-]\{36\}' | head -1 | sed 's/.*programs\///')
for path in / /charities "/charities/$slug" "/programs/$program" "/give/$program" /Account/Login; do
  curl -fs -o /dev/null "$BASE$path" || { echo "$path does not answer 200" >&2; exit 1; }
  wrk -t2 -c"$connections" -d"${duration}s" -s "$here/percentiles.lua" "$BASE$path" >/dev/null 2>&1 </dev/null  # warm-up pass discarded
  load=$(cut -d' ' -f1 /proc/loadavg)
  printf '%-50s load %-5s %s\n' "$path" "$load" "$(wrk -t2 -c"$connections" -d"${duration}s" -s "$here/percentiles.lua" "$BASE$path" | grep RESULT | cut -d' ' -f2-)"
done
