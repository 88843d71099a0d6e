#!/usr/bin/env bash
# Sourced by .ci/run and benches/run: a throwaway PostgreSQL cluster owned by
# the `postgres` user, listening only on a Unix socket in a temporary
# directory (no port to collide with). `start_postgres` installs Debian's
# package when it is missing, starts the cluster and exports
# PROMPTCRAFTER_PG_URL (its admin URL); `stop_postgres` stops and removes it
# (call it from an EXIT trap, so it runs whatever happened).
PG_DIR=""
PG_BIN=""
stop_postgres() {
    if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
        pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    [ -n "$PG_DIR" ] && rm -rf "$PG_DIR"
    return 0
}
pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
start_postgres() {
    if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
        echo "== apt-get install postgresql"
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/promptcrafter-pg.XXXXXX")
    chmod 755 "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres "$PG_DIR"; fi
    echo "== PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') in $PG_DIR"
    pg_as "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >"$PG_DIR/initdb.log"
    pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
        -o "-c listen_addresses='' -k $PG_DIR -c max_connections=300 -c fsync=on" start >/dev/null
    export PROMPTCRAFTER_PG_URL="postgres://postgres@localhost/postgres?host=$PG_DIR"
}
