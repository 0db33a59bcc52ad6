#!/usr/bin/env bash
# Throughput of gifts recorded through the service layer (with ledger entries), on SQLite and on PostgreSQL.
# Usage: bench/run.sh [count] [workers]. Starts a private PostgreSQL cluster unless PLATFORM_TEST_PG is set.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-5000}
workers=${2:-4}
dotnet build bench/Platform.Bench -c Release -nologo -v quiet
bench="dotnet bench/Platform.Bench/bin/Release/net10.0/Platform.Bench.dll"

if [ -z "${PLATFORM_TEST_PG:-}" ]; then
  work=$(mktemp -d /tmp/platform-bench.XXXXXX); chown postgres "$work"
  pg_bin=/usr/lib/postgresql/15/bin
  trap 'su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $work/pg -m fast stop" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
  su postgres -s /bin/sh -c "$pg_bin/initdb -D $work/pg -U postgres --auth=trust -E UTF8 >/dev/null"
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $work/pg -l $work/pg.log -w -o '-p 55439 -k $work -c listen_addresses=127.0.0.1' start >/dev/null"
  export PLATFORM_TEST_PG="Host=127.0.0.1;Port=55439;Username=postgres;Database=postgres"
fi

$bench donations sqlite "$count" "$workers"
$bench donations postgres "$count" "$workers"
