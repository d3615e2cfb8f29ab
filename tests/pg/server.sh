#!/usr/bin/env bash
# A throwaway PostgreSQL server for the team-workspace tests, from Debian's `postgresql`
# package: a new cluster in a temporary folder, loopback only, on the port given.
#
#   tests/pg/server.sh start DIR PORT PASSWORD [WATCH_PID [tls]]  # initdb (first time) + start
#   tests/pg/server.sh stop DIR                               # immediate stop
#   tests/pg/server.sh pid DIR                                # the postmaster's pid
#   tests/pg/server.sh check                                  # are the binaries there?
#
# The cluster's superuser is `admin` with PASSWORD (scram-sha-256; every connection is TCP
# on 127.0.0.1 and must authenticate). With WATCH_PID, a watcher stops the server when that
# process ends, so a test run that is killed leaves no server behind. With `tls`, the server
# also speaks TLS with a certificate for 127.0.0.1 signed by a throwaway authority,
# DIR/ca.crt (what a client gives as PGSSLROOTCERT).
set -euo pipefail
cmd=${1:?usage: server.sh start|stop|pid|check DIR ...}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql)" >&2
  exit 3
fi
[ "$cmd" = check ] && { "$bindir/postgres" --version; exit 0; }
dir=${2:?DIR missing}
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
  start)
    port=${3:?PORT missing}
    password=${4:?PASSWORD missing}
    watch_pid=${5:-}
    tls=${6:-}
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    chmod 700 "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      printf '%s\n' "$password" > "$dir/pw"
      if [ "$(id -u)" = 0 ]; then chown postgres: "$dir/pw"; fi
      as_pg "$bindir/initdb" -D "$dir/data" -U admin --pwfile="$dir/pw" \
        -A scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      rm -f "$dir/pw"
    fi
    # After a kill -9 the lock file names a dead postmaster, or a zombie where nothing reaps
    # orphans (PID 1 in some containers): postgres would take it for a live one.
    if [ -f "$dir/data/postmaster.pid" ]; then
      old=$(head -n 1 "$dir/data/postmaster.pid")
      state=$(awk '{print $3}' "/proc/$old/stat" 2>/dev/null || echo gone)
      if [ "$state" = Z ] || [ "$state" = gone ]; then
        rm -f "$dir/data/postmaster.pid" "$dir"/.s.PGSQL."$port".lock
      fi
    fi
    options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c shared_buffers=64MB"
    if [ "$tls" = tls ]; then
      if [ ! -f "$dir/server.crt" ]; then
        (
          cd "$dir"
          openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout ca.key -out ca.crt -days 2 -subj /CN=factdesk-test-ca 2>/dev/null
          openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
            -keyout server.key -out server.csr -subj /CN=127.0.0.1 2>/dev/null
          printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > ext
          openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
            -out server.crt -days 2 -extfile ext 2>/dev/null
          chmod 600 server.key
          if [ "$(id -u)" = 0 ]; then chown postgres: server.key server.crt; fi
          chmod 644 ca.crt
        )
      fi
      options="$options -c ssl=on -c ssl_cert_file=$dir/server.crt -c ssl_key_file=$dir/server.key"
    fi
    as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 start \
      -o "$options" \
      >/dev/null || { cat "$dir/data/server.log" >&2; exit 1; }
    if [ -n "$watch_pid" ]; then
      setsid bash -c "while kill -0 $watch_pid 2>/dev/null; do sleep 1; done; \
        $(declare -f as_pg); as_pg '$bindir/pg_ctl' -D '$dir/data' -m immediate stop" \
        </dev/null >/dev/null 2>&1 &
    fi
    ;;
  stop)
    [ -f "$dir/data/postmaster.pid" ] && as_pg "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    ;;
  pid)
    head -n 1 "$dir/data/postmaster.pid"
    ;;
  *)
    echo "unknown command $cmd" >&2; exit 2
    ;;
esac
