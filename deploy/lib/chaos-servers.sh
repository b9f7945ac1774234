#!/usr/bin/env bash
# A PostgreSQL cluster and a RabbitMQ node of the chaos checker's own, which it may stop, kill and
# freeze without touching the servers that deploy/up and deploy/test use.
#   deploy/lib/chaos-servers.sh start DIR | stop DIR
#   deploy/lib/chaos-servers.sh DIR postgres-stop | postgres-start | broker-stop | broker-kill
#                                   | broker-start | broker-freeze | broker-thaw
# Ports: PostgreSQL 25432, RabbitMQ 5673 (management 15673, distribution 25673), all below the
# ephemeral range (32768+), so that a client's connection never holds one while its server is down.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CHAOS_PG_PORT=25432
CHAOS_AMQP_PORT=5673
CHAOS_MGMT_PORT=15673
CHAOS_DIST_PORT=25673
CHAOS_NODE="chaos@localhost"
PG_BIN="$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n1)"

as_postgres() { (cd / && runuser -u postgres -- "$@"); }

# Settings of the private node, exported for every rabbitmq command run on it.
as_rabbitmq() {
    (cd / && runuser -u rabbitmq -- env \
        RABBITMQ_NODENAME="$CHAOS_NODE" RABBITMQ_DIST_PORT="$CHAOS_DIST_PORT" \
        RABBITMQ_MNESIA_BASE="$dir/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$dir/rabbitmq/log" \
        RABBITMQ_CONFIG_FILE="$dir/rabbitmq/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$dir/rabbitmq/enabled_plugins" \
        RABBITMQ_PID_FILE="$dir/rabbitmq/pid" HOME="$dir/rabbitmq" "$@")
}

postgres_start() {
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/postgres/data" status >/dev/null 2>&1 && return 0
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/postgres/data" -l "$dir/postgres/log" -w -t 120 start >/dev/null
}

postgres_stop() { as_postgres "$PG_BIN/pg_ctl" -D "$dir/postgres/data" -m immediate -w stop >/dev/null; }

# The node's Erlang VM, found by the node name in its environment (its pid file goes when it stops).
broker_pid() {
    local pid
    for pid in $(pgrep -x beam.smp); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx "RABBITMQ_NODENAME=$CHAOS_NODE"; then
            echo "$pid"
            return 0
        fi
    done
}

broker_start() {
    as_rabbitmq /usr/lib/rabbitmq/bin/rabbitmq-server -detached
    wait_until 120 curl -fs -o /dev/null -m 3 -u guest:guest "http://127.0.0.1:$CHAOS_MGMT_PORT/api/overview" \
        || die "the chaos RabbitMQ node did not start; see $dir/rabbitmq/log"
}

# Debian's /usr/sbin/rabbitmqctl resets HOME, and with it the node's cookie: the real one is called.
broker_stop() { as_rabbitmq /usr/lib/rabbitmq/bin/rabbitmqctl -n "$CHAOS_NODE" -q stop >/dev/null 2>&1 || true; }

broker_kill() {
    local pid
    pid="$(broker_pid)"
    [[ -n "$pid" ]] || return 0
    kill -KILL "$pid" 2>/dev/null || true
    wait_until 30 bash -c "! kill -0 $pid" || true
}

start() {
    if ! command -v rabbitmq-server >/dev/null || [[ ! -x "$PG_BIN/initdb" ]]; then
        die "PostgreSQL and RabbitMQ are not installed; run deploy/up or deploy/test once"
    fi
    stop || true
    rm -rf "$dir"
    mkdir -p "$dir/postgres" "$dir/rabbitmq/log"
    # The servers run as postgres and rabbitmq: each folder above theirs must let them through (a clone in a
    # mktemp -d folder is 0700 to root).
    local up
    up=$(dirname "$dir")
    while [[ "$up" != "/" ]]; do
        [[ -x "$up" && $(stat -c %A "$up") == *x ]] || chmod o+x "$up"
        up=$(dirname "$up")
    done
    chown postgres "$dir/postgres"
    as_postgres "$PG_BIN/initdb" -D "$dir/postgres/data" -U postgres --auth=trust -E UTF8 >/dev/null
    cat >>"$dir/postgres/data/postgresql.conf" <<CONF
port = $CHAOS_PG_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir/postgres'
max_connections = 300
shared_buffers = 512MB
fsync = on
CONF
    postgres_start
    as_postgres "$PG_BIN/psql" -h 127.0.0.1 -p "$CHAOS_PG_PORT" -U postgres -X -q \
        -c "create role callresponse login createdb password 'callresponse'" >/dev/null

    printf 'listeners.tcp.default = %s\nmanagement.tcp.port = %s\nloopback_users = none\n' \
        "$CHAOS_AMQP_PORT" "$CHAOS_MGMT_PORT" >"$dir/rabbitmq/rabbitmq.conf"
    echo '[rabbitmq_management].' >"$dir/rabbitmq/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$dir/rabbitmq"
    broker_start
}

stop() {
    [[ -d "$dir" ]] || return 0
    broker_thaw_quietly
    broker_stop
    broker_kill
    [[ ! -f "$dir/postgres/data/postmaster.pid" ]] || postgres_stop || true
}

broker_thaw_quietly() { local pid; pid="$(broker_pid)"; [[ -z "$pid" ]] || kill -CONT "$pid" 2>/dev/null || true; }

case "${1:-}" in
    start | stop)
        dir="${2:?usage: chaos-servers.sh start|stop DIR}"
        "$1"
        ;;
    *)
        dir="${1:?usage: chaos-servers.sh DIR ACTION}"
        case "${2:-}" in
            postgres-stop) postgres_stop ;;
            postgres-start) postgres_start ;;
            broker-stop) broker_stop ;;
            broker-kill) broker_kill ;;
            broker-start) broker_start ;;
            broker-freeze) kill -STOP "$(broker_pid)" ;;
            broker-thaw) broker_thaw_quietly ;;
            *) die "unknown action '${2:-}'" ;;
        esac
        ;;
esac
