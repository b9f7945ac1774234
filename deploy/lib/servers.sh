# shellcheck shell=bash
# PostgreSQL and RabbitMQ for CallResponse. Sourced, never run:
#   source deploy/lib/servers.sh && ensure_servers && ensure_database
#
# Where a Docker engine answers (`docker info`), both run from deploy/docker-compose.yml;
# otherwise they run natively from Debian's packages, installed with apt-get when missing.
# CALLRESPONSE_SERVERS=native|docker forces one way (default: auto); external uses the servers that
# ConnectionStrings__Postgres and ConnectionStrings__RabbitMq name and leaves them alone (a test's own
# database and virtual host, or servers run by someone else).

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
# shellcheck source=deploy/lib/secrets.sh
source "$(dirname "${BASH_SOURCE[0]}")/secrets.sh"
[[ "${CALLRESPONSE_SERVERS:-auto}" == external ]] || ensure_secrets

CR_PG_HOST="localhost"
CR_PG_PORT=5432
CR_DB_NAME="${CALLRESPONSE_DB_NAME:-callresponse}"
CR_DB_USER="${CALLRESPONSE_DB_USER:-callresponse}"
CR_DB_PASSWORD="${CALLRESPONSE_DB_PASSWORD:-}"
CR_PG_MAX_CONNECTIONS=300
# PostgreSQL's default (128MB) holds little of a million cases; a quarter of memory is the usual
# starting point. Capped so a small machine keeps room for the services.
CR_PG_SHARED_BUFFERS_MB="${CALLRESPONSE_PG_SHARED_BUFFERS_MB:-$(awk '/MemTotal/ { mb = int($2 / 1024 / 4); print (mb > 4096 ? 4096 : (mb < 128 ? 128 : mb)) }' /proc/meminfo)}"
CR_RABBIT_HOST="localhost"
CR_RABBIT_PORT=5672
CR_RABBIT_MGMT_PORT=15672
# Our own user: Debian's RabbitMQ comes with guest/guest, which deploy/up removes.
CR_RABBIT_USER="callresponse"
CR_RABBIT_PASSWORD="${CALLRESPONSE_RABBIT_PASSWORD:-}"
CR_SERVERS_TIMEOUT="${CALLRESPONSE_SERVERS_TIMEOUT:-120}"
CR_COMPOSE_FILE="$CR_DEPLOY_DIR/docker-compose.yml"

# PostgreSQL runs on this machine: TLS over loopback protects nothing and cost a quarter of the
# cases service's CPU under load, so it is off. A database on another host needs SSL Mode=VerifyFull.
if [[ "${CALLRESPONSE_SERVERS:-auto}" != external ]]; then
    export ConnectionStrings__Postgres="Host=$CR_PG_HOST;Port=$CR_PG_PORT;Database=$CR_DB_NAME;Username=$CR_DB_USER;Password=$CR_DB_PASSWORD;SSL Mode=Disable"
    export ConnectionStrings__RabbitMq="amqp://$CR_RABBIT_USER:$CR_RABBIT_PASSWORD@$CR_RABBIT_HOST:$CR_RABBIT_PORT/"
fi

# --- how the servers run ----------------------------------------------------

# servers_mode : prints native or docker (decided once per process).
servers_mode() {
    if [[ -z "${CR_SERVERS_MODE:-}" ]]; then
        case "${CALLRESPONSE_SERVERS:-auto}" in
            native | docker | external) CR_SERVERS_MODE="$CALLRESPONSE_SERVERS" ;;
            auto)
                if command -v docker >/dev/null 2>&1 && timeout 15 docker info >/dev/null 2>&1; then
                    CR_SERVERS_MODE=docker
                else
                    CR_SERVERS_MODE=native
                fi
                ;;
            *) die "CALLRESPONSE_SERVERS must be auto, native, docker or external (got '$CALLRESPONSE_SERVERS')" ;;
        esac
    fi
    printf '%s\n' "$CR_SERVERS_MODE"
}

compose() {
    if docker compose version >/dev/null 2>&1; then
        docker compose -f "$CR_COMPOSE_FILE" "$@"
    elif command -v docker-compose >/dev/null 2>&1; then
        docker-compose -f "$CR_COMPOSE_FILE" "$@"
    else
        die "a Docker engine answers but neither 'docker compose' nor 'docker-compose' is available"
    fi
}

# --- PostgreSQL -------------------------------------------------------------

pg_ready() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h 127.0.0.1 -p "$CR_PG_PORT" -t 3
    else
        tcp_open 127.0.0.1 "$CR_PG_PORT"
    fi
}

# _pg_cluster : "VERSION NAME PORT STATUS" of the native cluster (the one on port 5432,
# else the first one).
_pg_cluster() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters -h 2>/dev/null \
        | awk -v p="$CR_PG_PORT" '{ l[NR] = $1" "$2" "$3" "$4; if ($3 == p && !hit) hit = NR }
                                  END { if (NR) print l[hit ? hit : 1] }'
}

_pg_wait_ready() {
    if ! wait_until "$CR_SERVERS_TIMEOUT" pg_ready; then
        if [[ "$(servers_mode)" == native ]]; then
            local ver name
            read -r ver name _ <<<"$(_pg_cluster)"
            tail -n 20 "/var/log/postgresql/postgresql-$ver-$name.log" >&2 2>/dev/null || true
        else
            compose logs --tail 20 postgres >&2 || true
        fi
        die "PostgreSQL did not accept connections on 127.0.0.1:$CR_PG_PORT within ${CR_SERVERS_TIMEOUT}s"
    fi
}

_ensure_postgres_native() {
    local ver name port status
    if [[ -z "$(_pg_cluster)" ]]; then
        apt_install postgresql
    fi
    read -r ver name port status <<<"$(_pg_cluster)"
    [[ -n "$ver" ]] || die "PostgreSQL is installed but pg_lsclusters lists no cluster (create one: pg_createcluster --start 15 main)"
    [[ "$port" == "$CR_PG_PORT" ]] || die "PostgreSQL cluster $ver/$name listens on port $port, not $CR_PG_PORT"
    if [[ "$status" == online* ]]; then
        say "PostgreSQL $ver/$name is running"
    else
        say "starting PostgreSQL $ver/$name"
        pg_ctlcluster "$ver" "$name" start || die "pg_ctlcluster $ver $name start failed (log: /var/log/postgresql/postgresql-$ver-$name.log)"
    fi
    _pg_wait_ready
}

_pg_restart() {
    if [[ "$(servers_mode)" == docker ]]; then
        compose restart postgres
    else
        local ver name
        read -r ver name _ <<<"$(_pg_cluster)"
        pg_ctlcluster "$ver" "$name" restart
    fi
    _pg_wait_ready
}

# pg_admin PSQL-ARGS... : psql as the superuser `postgres` (stdin passes through).
pg_admin() {
    if [[ "$(servers_mode)" == docker ]]; then
        compose exec -T postgres psql -U postgres -X -v ON_ERROR_STOP=1 "$@"
    else
        (cd / && runuser -u postgres -- psql -p "$CR_PG_PORT" -X -v ON_ERROR_STOP=1 "$@")
    fi
}

# _pg_login_ok : the application role can log in over TCP with its password.
_pg_login_ok() {
    if command -v psql >/dev/null 2>&1; then
        PGPASSWORD="$CR_DB_PASSWORD" PGCONNECT_TIMEOUT=5 \
            psql -X -h 127.0.0.1 -p "$CR_PG_PORT" -U "$CR_DB_USER" -d "$CR_DB_NAME" -tAc 'select 1' 2>&1 | grep -qx 1
    else
        compose exec -T -e PGPASSWORD="$CR_DB_PASSWORD" postgres \
            psql -X -h 127.0.0.1 -U "$CR_DB_USER" -d "$CR_DB_NAME" -tAc 'select 1' 2>&1 | grep -qx 1
    fi
}

# --- RabbitMQ ---------------------------------------------------------------

rabbit_mgmt_ready() {
    curl -fs -o /dev/null -m 3 -u "$CR_RABBIT_USER:$CR_RABBIT_PASSWORD" \
        "http://127.0.0.1:$CR_RABBIT_MGMT_PORT/api/overview"
}

_rabbit_native_running() {
    timeout 30 rabbitmq-diagnostics -q check_running >/dev/null 2>&1
}

_rabbit_fail() {
    local f
    for f in /var/log/rabbitmq/rabbit@*.log /var/log/rabbitmq/startup_err; do
        [[ -s "$f" ]] && { printf -- '--- %s\n' "$f" >&2; tail -n 20 "$f" >&2; }
    done
    die "$*"
}

_ensure_rabbitmq_native() {
    if ! command -v rabbitmq-server >/dev/null 2>&1 || [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]]; then
        apt_install rabbitmq-server
    fi
    if _rabbit_native_running; then
        say "RabbitMQ is running"
        if ! rabbit_mgmt_ready; then
            say "enabling the RabbitMQ management plugin"
            rabbitmq-plugins -q enable rabbitmq_management >/dev/null
        fi
    else
        # Offline enabling only writes /etc/rabbitmq/enabled_plugins: no restart needed.
        rabbitmq-plugins -q enable --offline rabbitmq_management >/dev/null
        say "starting RabbitMQ"
        rabbitmq-server -detached || _rabbit_fail "rabbitmq-server -detached failed"
        # await_startup fails at once until the node has registered with epmd: retry it.
        local deadline=$((SECONDS + CR_SERVERS_TIMEOUT)) started=$SECONDS
        until timeout 30 rabbitmqctl -q await_startup >/dev/null 2>&1; do
            ((SECONDS < deadline)) || _rabbit_fail "RabbitMQ did not finish booting within ${CR_SERVERS_TIMEOUT}s"
            if ((SECONDS - started > 10)) && ! pgrep -u rabbitmq beam >/dev/null 2>&1; then
                _rabbit_fail "the RabbitMQ node exited during start-up"
            fi
            sleep 1
        done
    fi
    _rabbit_native_user
}

# _rabbit_native_user : our user (administrator: the tests make virtual hosts through the management API) with
# this install's password, and no guest. The password goes through stdin, never a command line.
_rabbit_native_user() {
    if rabbitmqctl -q list_users 2>/dev/null | awk '{ print $1 }' | grep -qx "$CR_RABBIT_USER"; then
        printf '%s\n' "$CR_RABBIT_PASSWORD" | rabbitmqctl -q change_password "$CR_RABBIT_USER" >/dev/null
    else
        printf '%s\n' "$CR_RABBIT_PASSWORD" | rabbitmqctl -q add_user "$CR_RABBIT_USER" >/dev/null
    fi || _rabbit_fail "could not set RabbitMQ user $CR_RABBIT_USER"
    rabbitmqctl -q set_user_tags "$CR_RABBIT_USER" administrator >/dev/null
    rabbitmqctl -q set_permissions -p / "$CR_RABBIT_USER" '.*' '.*' '.*' >/dev/null
    if rabbitmqctl -q list_users 2>/dev/null | awk '{ print $1 }' | grep -qx guest; then
        say "removing RabbitMQ's default user guest"
        rabbitmqctl -q delete_user guest >/dev/null
    fi
}

_rabbit_wait_ready() {
    wait_until "$CR_SERVERS_TIMEOUT" tcp_open 127.0.0.1 "$CR_RABBIT_PORT" \
        || _rabbit_fail "RabbitMQ did not accept AMQP connections on 127.0.0.1:$CR_RABBIT_PORT within ${CR_SERVERS_TIMEOUT}s"
    wait_until "$CR_SERVERS_TIMEOUT" rabbit_mgmt_ready \
        || _rabbit_fail "RabbitMQ management did not answer on http://127.0.0.1:$CR_RABBIT_MGMT_PORT within ${CR_SERVERS_TIMEOUT}s"
}

# --- public functions ---------------------------------------------------------

# ensure_servers : PostgreSQL and RabbitMQ installed, running and accepting connections.
ensure_servers() {
    if [[ "$(servers_mode)" == external ]]; then
        [[ -n "${ConnectionStrings__Postgres:-}" && -n "${ConnectionStrings__RabbitMq:-}" ]] \
            || die "CALLRESPONSE_SERVERS=external needs ConnectionStrings__Postgres and ConnectionStrings__RabbitMq"
        say "using the PostgreSQL and RabbitMQ that ConnectionStrings__* name (CALLRESPONSE_SERVERS=external)"
        return 0
    fi
    if [[ "$(servers_mode)" == docker ]]; then
        say "starting PostgreSQL and RabbitMQ with docker compose ($CR_COMPOSE_FILE)"
        compose up -d || die "docker compose up failed"
        _pg_wait_ready
    else
        _ensure_postgres_native
        _ensure_rabbitmq_native
    fi
    _rabbit_wait_ready
    _rabbit_bounded_queues
    say "PostgreSQL on 127.0.0.1:$CR_PG_PORT, RabbitMQ on 127.0.0.1:$CR_RABBIT_PORT (management :$CR_RABBIT_MGMT_PORT) are up"
}

# The services' queues hold at most CR_QUEUE_MAX_LENGTH messages and refuse more: a publisher's
# outbox then waits, so an overload's backlog stays in PostgreSQL, not in the broker's memory
# (src/docs/architecture.md, "Overload"). Error queues are left unbounded: parking must never fail.
CR_QUEUE_MAX_LENGTH="${CALLRESPONSE_QUEUE_MAX_LENGTH:-10000}"
CR_QUEUE_POLICY_PATTERN='^(?!.*_(error|skipped)$)(intake|routing|cases|sla)-'
_rabbit_bounded_queues() {
    local body
    body="$(printf '{"pattern":"%s","apply-to":"queues","definition":{"max-length":%s,"overflow":"reject-publish"}}' \
        "$CR_QUEUE_POLICY_PATTERN" "$CR_QUEUE_MAX_LENGTH")"
    curl -fsS -o /dev/null -u "$CR_RABBIT_USER:$CR_RABBIT_PASSWORD" -X PUT -H 'Content-Type: application/json' \
        -d "$body" "http://127.0.0.1:$CR_RABBIT_MGMT_PORT/api/policies/%2F/callresponse-bounded-queues" \
        || die "could not set the bounded-queue policy on RabbitMQ"
}

# ensure_database : role + database (idempotent), max_connections, TCP password login.
ensure_database() {
    [[ "$(servers_mode)" != external ]] || return 0
    say "ensuring role '$CR_DB_USER' and database '$CR_DB_NAME'"
    pg_admin -q -d postgres -v user="$CR_DB_USER" -v pass="$CR_DB_PASSWORD" -v db="$CR_DB_NAME" <<'SQL' >/dev/null \
        || die "could not create the role/database in PostgreSQL"
SELECT format('CREATE ROLE %I', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
ALTER ROLE :"user" WITH LOGIN CREATEDB PASSWORD :'pass';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
ALTER DATABASE :"db" OWNER TO :"user";
SQL

    local current buffers restart=0
    current="$(pg_admin -d postgres -tAc 'SHOW max_connections')" || die "could not read max_connections"
    if ((current < CR_PG_MAX_CONNECTIONS)); then
        say "raising PostgreSQL max_connections from $current to $CR_PG_MAX_CONNECTIONS"
        pg_admin -q -d postgres -c "ALTER SYSTEM SET max_connections = $CR_PG_MAX_CONNECTIONS" >/dev/null
        restart=1
    fi
    # shared_buffers in MB (SHOW prints units; the setting table counts 8kB pages).
    buffers="$(pg_admin -d postgres -tAc "SELECT setting::bigint * 8 / 1024 FROM pg_settings WHERE name = 'shared_buffers'")" \
        || die "could not read shared_buffers"
    if ((buffers < CR_PG_SHARED_BUFFERS_MB)); then
        say "raising PostgreSQL shared_buffers from ${buffers}MB to ${CR_PG_SHARED_BUFFERS_MB}MB"
        pg_admin -q -d postgres -c "ALTER SYSTEM SET shared_buffers = '${CR_PG_SHARED_BUFFERS_MB}MB'" >/dev/null
        restart=1
    fi
    if ((restart)); then
        say "restarting PostgreSQL for the new settings"
        _pg_restart
    fi

    if ! _pg_login_ok && [[ "$(servers_mode)" == native ]]; then
        # Debian's pg_hba.conf allows scram on 127.0.0.1 by default; put the rule back if not.
        local hba
        hba="$(pg_admin -d postgres -tAc 'SHOW hba_file')"
        if [[ -f "$hba" ]] && ! grep -q 'added by deploy/lib/servers.sh' "$hba"; then
            warn "password login over TCP failed; adding a scram-sha-256 rule for '$CR_DB_USER' to $hba"
            sed -i "1i # added by deploy/lib/servers.sh\nhost all $CR_DB_USER 127.0.0.1/32 scram-sha-256\nhost all $CR_DB_USER ::1/128 scram-sha-256" "$hba"
            pg_admin -q -d postgres -c 'SELECT pg_reload_conf()' >/dev/null
            sleep 1
        fi
    fi
    _pg_login_ok || die "cannot log in as '$CR_DB_USER' on 127.0.0.1:$CR_PG_PORT with its password (check pg_hba.conf)"
    say "database ready: ${ConnectionStrings__Postgres//$CR_DB_PASSWORD/***}"
}

# stop_servers : stop RabbitMQ and PostgreSQL (native) or the compose services (docker).
stop_servers() {
    if [[ "$(servers_mode)" == external ]]; then
        say "PostgreSQL and RabbitMQ are external (CALLRESPONSE_SERVERS=external): left running"
        return
    fi
    if [[ "$(servers_mode)" == docker ]]; then
        say "stopping docker compose services"
        compose stop
        return
    fi
    if command -v rabbitmqctl >/dev/null 2>&1 && _rabbit_native_running; then
        say "stopping RabbitMQ"
        rabbitmqctl -q stop >/dev/null || warn "rabbitmqctl stop failed"
    fi
    local ver name status
    read -r ver name _ status <<<"$(_pg_cluster)"
    if [[ -n "$ver" && "$status" == online* ]]; then
        say "stopping PostgreSQL $ver/$name"
        pg_ctlcluster "$ver" "$name" stop || warn "pg_ctlcluster $ver $name stop failed"
    fi
}
