#!/usr/bin/env bash
# Circuits: memory per idle circuit and UI round trips at growing numbers of simulated people on one route.
# Usage: bench/circuits.sh [route] [email] [counts...]   e.g. bench/circuits.sh /donor donor@example.test 100 500 1000
# Starts the Release build on a fresh demo database (or uses BASE and SERVER_PID), runs the client once per count with
# DURATION seconds of events (default 60) every THINK seconds per person (default 5), and appends JSON lines to OUT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
route=${1:-/donor}; email=${2:-donor@example.test}; shift 2 || true
counts=${*:-100 500 1000}
dotnet build "$here/Platform.Circuits" -c Release -nologo -v quiet >/dev/null
ulimit -n 65536 2>/dev/null || true
if [ -z "${BASE:-}" ]; then
  SERVER_PID=$("$here/app.sh"); trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
  BASE=http://127.0.0.1:${PORT:-5080}
  for _ in $(seq 600); do curl -fs -o /dev/null "$BASE/" && break; sleep 0.1; done
fi
for n in $counts; do
  echo "== $route, $n people (load $(cut -d' ' -f1 /proc/loadavg))"
  dotnet "$here/Platform.Circuits/bin/Release/net10.0/Platform.Circuits.dll" --base "$BASE" --route "$route" --email "$email" \
    --users "$n" --ramp "${RAMP:-$(( n / 50 + 5 ))}" --duration "${DURATION:-60}" --think "${THINK:-5}" \
    --event "${EVENT:-click:Toggle navigation}" --server-pid "${SERVER_PID:-0}" --out "${OUT:-/tmp/platform-circuits.jsonl}"
done
