#!/usr/bin/env bash
# Regenerates the screenshots in docs/screens/: starts the app on a fresh SQLite demo database on a spare port, signs
# in as each demo role, saves each portal's main pages in light, dark and at phone width, and stops the app.
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
cd "$(dirname "$0")/../.."
port=${PORT:-5199}
work=$(mktemp -d /tmp/platform-screens.XXXXXX)
dotnet build Platform.Web -c Release -nologo -v quiet
dotnet build docs/screens/Screens -c Release -nologo -v quiet
Database__ConnectionString="Data Source=$work/platform.db" ASPNETCORE_URLS="http://localhost:$port" \
  dotnet Platform.Web/bin/Release/net10.0/Platform.Web.dll >"$work/app.log" 2>&1 &
app=$!
trap 'kill $app 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 120); do curl -sf "http://localhost:$port/" >/dev/null && break; sleep 0.5; done
dotnet docs/screens/Screens/bin/Release/net10.0/Screens.dll "http://localhost:$port" docs/screens
