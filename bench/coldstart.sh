#!/usr/bin/env bash
# Process start to first page (`/` answering 200), on a new database (migrations and the demo seed) and then on the
# existing one it left, RUNS times each (default 3). Runs the published app (ReadyToRun), as a deployment does;
# PUBLISHED= runs the Release build instead. Prints each time, the CPU time the process used to get there, and the
# load average. Delete bench/out/ after a change to publish it again.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs=${RUNS:-3}
export PUBLISHED=${PUBLISHED-1}
port=${PORT:-5081}
first_page() {
  local start=$(date +%s%N) pid
  pid=$(PORT=$port DATA=$1 "$here/app.sh")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.02; done
  local end=$(date +%s%N)
  # CPU seconds the process spent to get there: on a shared machine the wall time follows the load, this much less.
  local cpu=$(awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($14 + $15) * 1000 / hz }' "/proc/$pid/stat")
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  echo "$(( (end - start) / 1000000 )) ms (cpu $cpu ms)"
}
for i in $(seq "$runs"); do
  data=$(mktemp -d /tmp/platform-coldstart.XXXXXX)
  new=$(first_page "$data"); existing=$(first_page "$data")
  echo "run $i: new database ${new}, existing database ${existing} (load $(cut -d' ' -f1 /proc/loadavg))"
  [ -n "${KEEP:-}" ] || rm -rf "$data"
done
