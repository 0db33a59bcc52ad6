#!/usr/bin/env bash
# Throughput of gifts recorded through the service layer (with ledger entries), on SQLite, PostgreSQL and MariaDB: the
# median of three runs on each.
# Usage: bench/run.sh [count] [workers]. Starts a private PostgreSQL cluster unless PLATFORM_TEST_PG is set, and a private
# MariaDB server unless PLATFORM_TEST_MARIADB is set.
# [workers] is how many donors give at once (default 64): each gives, waits for the answer, then gives again, so it is
# the number of gifts in flight. At 1,000 gifts/s with a card network's usual latency there would be more.
# Then Hangfire jobs/s of a trivial job on SQLite, PostgreSQL and Redis (HANGFIRE_JOBS, default 2,000, 10 workers; a
# private Redis unless PLATFORM_TEST_REDIS is set), payouts for PAYEES payees (default 10,000), and tax statements
# for STATEMENT_DONORS donors (default 1,000) with STATEMENT_PAGES Chromium tabs (default 2), 24 donors at once.
# `bench/run.sh jobs` measures the Hangfire storages only.
set -euo pipefail
cd "$(dirname "$0")/.."
only=""
if [ "${1:-}" = "jobs" ]; then only=jobs; shift; fi
count=${1:-5000}
workers=${2:-64}
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
if [ -z "${PLATFORM_TEST_MARIADB:-}" ]; then
  maria=$(mktemp -d /tmp/platform-bench-mariadb.XXXXXX); chown mysql "$maria"
  mariadb-install-db --user=mysql --datadir="$maria/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null
  mariadbd --user=mysql --datadir="$maria/data" --socket="$maria/sock" --port=33309 --bind-address=127.0.0.1 \
    --pid-file="$maria/pid" --log-error="$maria/err" --max-connections=300 & maria_pid=$!
  trap 'kill $maria_pid 2>/dev/null || true; su postgres -s /bin/sh -c "${pg_bin:-/usr/lib/postgresql/15/bin}/pg_ctl -D ${work:-/nonexistent}/pg -m fast stop" >/dev/null 2>&1 || true; rm -rf "${work:-}" "$maria"' EXIT
  for _ in $(seq 60); do mariadb --socket="$maria/sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
  mariadb --socket="$maria/sock" -uroot -e "CREATE USER 'bench'@'127.0.0.1' IDENTIFIED BY 'bench'; GRANT ALL ON *.* TO 'bench'@'127.0.0.1';"
  export PLATFORM_TEST_MARIADB="Server=127.0.0.1;Port=33309;User ID=bench;Password=bench"
fi

if [ -z "${PLATFORM_TEST_REDIS:-}" ]; then
  command -v redis-server >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null; }
  redis-server --port 6391 --bind 127.0.0.1 --save "" --appendonly no --daemonize no >/dev/null & redis_pid=$!
  trap 'kill $redis_pid 2>/dev/null || true; kill ${maria_pid:-} 2>/dev/null || true; su postgres -s /bin/sh -c "${pg_bin:-/usr/lib/postgresql/15/bin}/pg_ctl -D ${work:-/nonexistent}/pg -m fast stop" >/dev/null 2>&1 || true; rm -rf "${work:-}" "${maria:-}"' EXIT
  for _ in $(seq 40); do redis-cli -p 6391 ping >/dev/null 2>&1 && break; sleep 0.25; done
  export PLATFORM_TEST_REDIS="127.0.0.1:6391"
fi

# Hangfire jobs per second of a trivial job on each storage the app can use.
for store in sqlite postgres redis; do $bench hangfire $store "${HANGFIRE_JOBS:-2000}" 10; done
[ "$only" = jobs ] && exit 0

# Gifts per second: three runs on each provider, each printed, then their median.
gifts() {
  local rates=() line
  for _ in 1 2 3; do
    line=$($bench donations "$1" "$count" "$workers" | tee /dev/stderr | grep "donations/s")
    rates+=("$(echo "$line" | grep -oE '[0-9]+ donations/s$' | cut -d' ' -f1)")
  done
  echo "$1: median of three runs $(printf '%s\n' "${rates[@]}" | sort -n | sed -n 2p) donations/s (runs: ${rates[*]})"
}
gifts sqlite
gifts postgres
gifts mariadb

# The payout run's money pass for 10,000 payees on each provider.
$bench payouts sqlite "${PAYEES:-10000}"
$bench payouts postgres "${PAYEES:-10000}"
$bench payouts mariadb "${PAYEES:-10000}"
# The same run as the app runs it: the payouts job on Hangfire (PostgreSQL's storage; Redis beside MariaDB).
$bench payouts postgres "${PAYEES:-10000}" 4 2527 --on-hangfire
$bench payouts mariadb "${PAYEES:-10000}" 4 2527 --on-hangfire

# Tax statements: rendered, printed by headless Chromium, stored and emailed to a real SMTP server, for 1,000 donors.
mail=$(mktemp -d /tmp/platform-bench-mail.XXXXXX); mkdir -p "$mail"/{new,cur,tmp}
/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:2527 -c aiosmtpd.handlers.Mailbox "$mail" & smtp=$!

sleep 1
$bench statements sqlite "${STATEMENT_DONORS:-1000}" "${STATEMENT_PAGES:-2}" 2527
kill $smtp 2>/dev/null || true; rm -rf "$mail"
