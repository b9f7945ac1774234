# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source this
# The services of CallResponse: their list, ports, settings and readiness. Sourced, never run.
# deploy/lib/supervisor.sh runs them under supervisord; deploy/systemd writes systemd units for them.

# ---------------------------------------------------------------------------
# One line per service: name:project-path:port (project path from the repo root).
# CALLRESPONSE_PORT_<NAME> (e.g. CALLRESPONSE_PORT_SLA) moves a service to another port.
# Adding a service is a one-line change here. The gateway is always started last
# and stopped first, wherever it stands in this list.
SERVICES=(
    "gateway:src/Gateway/CallResponse.Gateway.csproj:8080"
    "intake:src/Intake/CallResponse.Intake.csproj:8081"
    "routing:src/Routing/CallResponse.Routing.csproj:8082"
    "cases:src/Cases/CallResponse.Cases.csproj:8083"
    "sla:src/Sla/CallResponse.Sla.csproj:8084"
    "identity:src/Identity/CallResponse.Identity.csproj:8085"
)
GATEWAY_SERVICE="gateway"
# ---------------------------------------------------------------------------

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CR_LOG_DIR="$CR_RUN_DIR/logs"
CR_READY_TIMEOUT="${CALLRESPONSE_READY_TIMEOUT:-90}"
CR_MANAGEMENT_OFFSET="${CALLRESPONSE_MANAGEMENT_OFFSET:-1000}"
CR_STOP_TIMEOUT="${CALLRESPONSE_STOP_TIMEOUT:-15}"
# Production: real sign-in through the identity service, no Development token issuer, no Swagger on the public port.
CR_ENVIRONMENT="${CALLRESPONSE_ENVIRONMENT:-Production}"

# svc_parse ENTRY : sets SVC_NAME SVC_PROJECT SVC_PORT SVC_BIN_DIR SVC_DLL
svc_parse() {
    local entry=$1 assembly override
    IFS=: read -r SVC_NAME SVC_PROJECT SVC_PORT <<<"$entry"
    override="CALLRESPONSE_PORT_${SVC_NAME^^}"
    SVC_PORT="${!override:-$SVC_PORT}"
    [[ -n "$SVC_NAME" && -n "$SVC_PROJECT" && "$SVC_PORT" =~ ^[0-9]+$ ]] \
        || die "bad SERVICES entry '$entry' (want name:project-path:port)"
    assembly="$(basename "$SVC_PROJECT" .csproj)"
    SVC_BIN_DIR="$CR_ROOT/$(dirname "$SVC_PROJECT")/bin/$CR_CONFIGURATION/$CR_TFM"
    SVC_DLL="$SVC_BIN_DIR/$assembly.dll"
}

# Entries in start order (gateway last); supervisord stops the gateway first (its priority).
services_start_order() {
    local e
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" == "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" != "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
}

svc_log_file() { printf '%s/%s.log\n' "$CR_LOG_DIR" "$1"; }

# svc_port NAME : the port of a service in SERVICES (after overrides); fails if there is none.
svc_port() {
    local e
    for e in "${SERVICES[@]}"; do
        [[ "${e%%:*}" == "$1" ]] || continue
        (svc_parse "$e" && printf '%s\n' "$SVC_PORT")
        return
    done
    return 1
}

# svc_environment ENTRY : the service's settings, one NAME=VALUE a line. Every .NET setting (a name
# with "__") and OTEL_* setting deploy/up was given reaches the services; the addresses of the
# others follow their ports.
svc_environment() {
    svc_parse "$1"
    local name=$SVC_NAME port=$SVC_PORT e other
    printf 'ASPNETCORE_URLS=http://127.0.0.1:%s\n' "$port"
    printf 'ASPNETCORE_ENVIRONMENT=%s\n' "$CR_ENVIRONMENT"
    # Outside Development, /metrics and Swagger answer only here, on localhost: the service's port + 1000.
    printf 'Management__Port=%s\n' "$((port + CR_MANAGEMENT_OFFSET))"
    env | grep -E '^([A-Za-z0-9]+__[A-Za-z0-9_]+|OTEL_[A-Z0-9_]+)=' | sort || true
    if other="$(svc_port routing)"; then printf 'Services__routing=http://127.0.0.1:%s\n' "$other"; fi
    # Development also trusts tokens signed with this install's Development key (the gateway's role picker).
    [[ "$CR_ENVIRONMENT" != Development ]] || printf 'Auth__DevelopmentKeyFile=%s\n' "$CR_RUN_DIR/development-key.pem"
    # Tokens name the issuer by its public address (the gateway); its keys are read from it directly.
    if other="$(svc_port identity)"; then
        printf 'Auth__Issuer=%s\n' "${CALLRESPONSE_PUBLIC_URL:-http://localhost:$(svc_port "$GATEWAY_SERVICE")/}"
        printf 'Auth__KeysAddress=http://127.0.0.1:%s/.well-known/jwks\n' "$other"
    fi
    if [[ "$name" == identity ]]; then
        # The first admin, and the demo roster unless CALLRESPONSE_DEMO=0: made at the first start only.
        printf 'Identity__FirstAdminPassword=%s\n' "${CALLRESPONSE_ADMIN_PASSWORD:-}"
        if [[ "${CALLRESPONSE_DEMO:-1}" == 1 ]]; then
            printf 'Identity__DemoRoster=%s\n' "$CR_DEPLOY_DIR/demo-roster.csv"
            printf 'Identity__DemoPassword=%s\n' "${CALLRESPONSE_DEMO_PASSWORD:-}"
        fi
        printf 'Identity__WorkbenchAddresses__0=http://localhost:%s/\n' "$(svc_port "$GATEWAY_SERVICE")"
        printf 'Identity__WorkbenchAddresses__1=http://127.0.0.1:%s/\n' "$(svc_port "$GATEWAY_SERVICE")"
    fi
    [[ "$name" == "$GATEWAY_SERVICE" ]] || return 0
    for e in "${SERVICES[@]}"; do
        [[ "${e%%:*}" != "$GATEWAY_SERVICE" ]] || continue
        svc_parse "$e"
        printf 'ReverseProxy__Clusters__%s__Destinations__local__Address=http://127.0.0.1:%s\n' "$SVC_NAME" "$SVC_PORT"
    done
}

# svc_ready PORT : GET /health/ready answers 2xx.
svc_ready() {
    curl -fs -o /dev/null -m 3 "http://127.0.0.1:$1/health/ready"
}

# svc_owns_port PID PORT : PID itself listens on PORT (so a ready answer is really ours,
# not another process's on the same port). Assumed true where ss cannot tell.
svc_owns_port() {
    local listeners
    command -v ss >/dev/null 2>&1 || return 0
    listeners="$(ss -ltnpH "sport = :$2" 2>/dev/null)" || return 0
    [[ "$listeners" == *users:* ]] || return 0
    [[ "$listeners" == *"pid=$1,"* ]]
}

# port_holder PORT : who listens on PORT, as ss tells it (empty if it cannot).
port_holder() {
    ss -ltnpH "sport = :$1" 2>/dev/null | grep -o 'users:.*' | head -n1 || true
}
