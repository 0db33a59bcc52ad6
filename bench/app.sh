#!/usr/bin/env bash
# Starts the Release build (or $CONFIG, e.g. Debug) of the app on 127.0.0.1:$PORT (default 5080) from the folder $DATA (default a fresh one),
# so its App_Data (SQLite database, mail, gateway journal) lives there. Prints the process id. Used by the load scripts.
# PUBLISHED=1 runs the published app instead (ReadyToRun, as a deployment runs it), published once into bench/out/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
port=${PORT:-5080}
data=${DATA:-$(mktemp -d /tmp/platform-capacity.XXXXXX)}
config=${CONFIG:-Release}
if [ -n "${PUBLISHED:-}" ]; then
  dll="$root/bench/out/Platform.Web.dll"
  [ -f "$dll" ] || dotnet publish "$root/Platform.Web" -c Release -o "$root/bench/out" -nologo -v quiet >&2
else
  dll="$root/Platform.Web/bin/$config/net10.0/Platform.Web.dll"
  [ -f "$dll" ] || dotnet build "$root/Platform.Web" -c "$config" -nologo -v quiet >&2
fi
cd "$data"
# Jobs would add their own load (a reconcile run a minute); the figures are the pages'.
Jobs__Enabled=${JOBS:-false} ASPNETCORE_URLS="http://127.0.0.1:$port" nohup dotnet "$dll" >"$data/app.log" 2>&1 &
echo $!
