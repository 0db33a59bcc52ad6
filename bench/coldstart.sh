#!/usr/bin/env bash
# Process start to first page (`/` answering 200), on a new database (migrations and the demo seed) and then on the
# existing one it left, RUNS times each (default 3). Uses the Release build; prints each time and the load average.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
runs=${RUNS:-3}
port=${PORT:-5081}
first_page() {
  local start=$(date +%s%N) pid
  pid=$(PORT=$port DATA=$1 "$here/app.sh")
  until curl -fs -o /dev/null "http://127.0.0.1:$port/"; do sleep 0.02; done
  local end=$(date +%s%N)
  kill "$pid"; while kill -0 "$pid" 2>/dev/null; do sleep 0.05; done
  echo $(( (end - start) / 1000000 ))
}
for i in $(seq "$runs"); do
  data=$(mktemp -d /tmp/platform-coldstart.XXXXXX)
  new=$(first_page "$data"); existing=$(first_page "$data")
  echo "run $i: new database ${new} ms, existing database ${existing} ms (load $(cut -d' ' -f1 /proc/loadavg))"
  [ -n "${KEEP:-}" ] || rm -rf "$data"
done
