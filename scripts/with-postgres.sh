#!/usr/bin/env bash
# Runs a command beside a throwaway PostgreSQL cluster: initdb in a temporary directory, a free
# port on 127.0.0.1, QABUL_TEST_POSTGRES=postgres://qabul@127.0.0.1:PORT/postgres exported for
# the command; afterwards the cluster is stopped and its directory removed, whatever the
# command did. The server tests then run each test on PostgreSQL as well as on SQLite.
# Durability is off (fsync=off) for speed unless QABUL_PG_DURABLE=1, e.g. for benchmarks.
# Usage: scripts/with-postgres.sh CMD [ARGS...]
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: scripts/with-postgres.sh CMD [ARGS...]" >&2
  exit 2
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL is not installed: run scripts/setup.sh --postgres" >&2
  exit 1
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/qabul-pg.XXXXXX")
# PostgreSQL refuses to run as root: as root, run it as the `postgres` user that Debian's
# package creates.
if [ "$(id -u)" = 0 ]; then
  chown postgres "$dir"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

started=0
cleanup() {
  if [ "$started" = 1 ]; then
    as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT

as_pg "$bindir/initdb" -D "$dir/data" -U qabul -A trust -E UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2
  exit 1
}

settings="-c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c max_connections=300"
if [ "${QABUL_PG_DURABLE:-0}" != 1 ]; then
  settings="$settings -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi

# A free port: pick one at random, skip it if something answers there, and try again if the
# server still cannot bind it (another process may take it in between).
for _ in 1 2 3 4 5 6 7 8; do
  port=$(( 20000 + RANDOM % 40000 ))
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    continue
  fi
  if as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port $settings" start >/dev/null; then
    started=1
    break
  fi
done
if [ "$started" != 1 ]; then
  echo "with-postgres: the cluster did not start:" >&2
  cat "$dir/server.log" >&2 || true
  exit 1
fi

export QABUL_TEST_POSTGRES="postgres://qabul@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{ print $3 }') on port $port" >&2
status=0
"$@" || status=$?
exit "$status"
