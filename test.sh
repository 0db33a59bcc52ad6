#!/usr/bin/env bash
# Runs every test against real services: installs what a fresh Debian machine lacks, starts a private
# PostgreSQL cluster, a private MariaDB server, a private Redis and an SMTP server on loopback (nginx is started by
# the tests that need it, on ports of their own), runs `dotnet test`, stops them, and fails if any test was skipped.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v chromium >/dev/null || need+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || need+=(postgresql)
command -v mariadbd >/dev/null || need+=(mariadb-server)
/usr/bin/python3 -c "import aiosmtpd" 2>/dev/null || need+=(python3-aiosmtpd)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v redis-server >/dev/null || need+=(redis-server)
[ -x /usr/sbin/nginx ] || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  echo "Installing: ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/platform-test.XXXXXX)
chown postgres "$work"
chmod 711 "$work"   # the mysql user reaches its datadir inside
pg_port=55432
maria_port=33306
smtp_port=2525
redis_port=6389   # the dev services' Redis is on 6380
pg_bin=/usr/lib/postgresql/15/bin
cleanup() {
  [ -n "${smtp_pid:-}" ] && kill "$smtp_pid" 2>/dev/null || true
  [ -n "${redis_pid:-}" ] && kill "$redis_pid" 2>/dev/null || true
  if [ -n "${maria_pid:-}" ]; then kill "$maria_pid" 2>/dev/null || true; wait "$maria_pid" 2>/dev/null || true; fi
  su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $work/pg -m fast stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

su postgres -s /bin/sh -c "$pg_bin/initdb -D $work/pg -U postgres --auth=trust -E UTF8 >/dev/null"
su postgres -s /bin/sh -c "$pg_bin/pg_ctl -D $work/pg -l $work/pg.log -w -o '-p $pg_port -k $work -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200' start >/dev/null"

# MariaDB: its datadir must belong to the mysql user; root signs in through the socket, the tests as `platform`.
mkdir -p "$work/maria"; chown mysql "$work/maria"
mariadb-install-db --user=mysql --datadir="$work/maria/data" --auth-root-authentication-method=normal --skip-test-db >/dev/null
mariadbd --user=mysql --datadir="$work/maria/data" --socket="$work/maria/sock" --port=$maria_port --bind-address=127.0.0.1 \
  --pid-file="$work/maria/pid" --log-error="$work/maria/err" --max-connections=500 --innodb-flush-log-at-trx-commit=0 &
maria_pid=$!
for _ in $(seq 120); do mariadb --socket="$work/maria/sock" -uroot -e "SELECT 1" >/dev/null 2>&1 && break; sleep 0.5; done
mariadb --socket="$work/maria/sock" -uroot -e "CREATE USER 'platform'@'127.0.0.1' IDENTIFIED BY 'platform'; GRANT ALL ON *.* TO 'platform'@'127.0.0.1';"

# Redis in memory only, on loopback: Hangfire's storage beside MariaDB, and events between nodes.
redis-server --port $redis_port --bind 127.0.0.1 --save "" --appendonly no --daemonize no --dir "$work" >"$work/redis.log" 2>&1 &
redis_pid=$!
for _ in $(seq 40); do redis-cli -p $redis_port ping >/dev/null 2>&1 && break; sleep 0.25; done

mkdir -p "$work/mail/new" "$work/mail/cur" "$work/mail/tmp"   # a maildir; aiosmtpd only creates one that does not exist yet
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$smtp_port" -c aiosmtpd.handlers.Mailbox "$work/mail" &
smtp_pid=$!

export PLATFORM_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"
export PLATFORM_TEST_MARIADB="Server=127.0.0.1;Port=$maria_port;User ID=platform;Password=platform"
export PLATFORM_TEST_REDIS="127.0.0.1:$redis_port"
export PLATFORM_TEST_SMTP_PORT=$smtp_port
export PLATFORM_TEST_SMTP_MAILDIR="$work/mail"
export PLATFORM_TEST_CHROMIUM=/usr/bin/chromium

dotnet tool restore >/dev/null
dotnet build Platform.sln -c Release -nologo -v quiet
dotnet build bench/Platform.Bench -c Release -nologo -v quiet   # keeps the benchmark compiling
set +e
dotnet test Platform.Tests -c Release --no-build --logger "trx;LogFileName=results.trx" --results-directory "$work/results" \
  --logger "console;verbosity=normal" 2>&1 | tee "$work/test.log"
status=${PIPESTATUS[0]}
set -e

count() { grep -E "^ +$1: +[0-9]+" "$work/test.log" | tail -1 | grep -oE "[0-9]+" || echo 0; }
passed=$(count Passed)
failed=$(count Failed)
skipped=$(count Skipped)
# What failed, last, so that the tail of a long log names it.
if [ "${failed:-0}" != "0" ]; then
  echo "Failed tests:"
  /usr/bin/python3 - "$work/results/results.trx" <<'PY' || grep -E "^\s+Failed " "$work/test.log"
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") == "Failed":
        message = r.findtext(".//t:ErrorInfo/t:Message", default="", namespaces=ns).strip().splitlines()
        stack = r.findtext(".//t:ErrorInfo/t:StackTrace", default="", namespaces=ns).splitlines()
        ours = [line.strip() for line in stack if "/Platform.Tests/" in line][:2]
        print(f"  {r.get('testName')} ({r.get('duration')}): {' / '.join(message[:6])[:600]}")
        for line in ours:
            print(f"    {line}")
PY
fi
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
if [ "${skipped:-0}" != "0" ]; then
  echo "Tests were skipped: every dependency is installed here, so nothing may be skipped." >&2
  exit 1
fi
exit "$status"
