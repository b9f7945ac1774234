# shellcheck shell=bash
# The services of CallResponse and how to start/stop one. Sourced, never run.

# ---------------------------------------------------------------------------
# One line per service: name:project-path:port (project path from the repo root).
# Adding a service is a one-line change here. The gateway is always started last
# and stopped first, wherever it stands in this list.
SERVICES=(
    "gateway:src/Gateway/CallResponse.Gateway.csproj:8080"
    "intake:src/Intake/CallResponse.Intake.csproj:8081"
    "routing:src/Routing/CallResponse.Routing.csproj:8082"
    "cases:src/Cases/CallResponse.Cases.csproj:8083"
    "sla:src/Sla/CallResponse.Sla.csproj:8084"
)
GATEWAY_SERVICE="gateway"
# ---------------------------------------------------------------------------

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CR_LOG_DIR="$CR_RUN_DIR/logs"
CR_READY_TIMEOUT="${CALLRESPONSE_READY_TIMEOUT:-90}"
CR_STOP_TIMEOUT="${CALLRESPONSE_STOP_TIMEOUT:-15}"
CR_ENVIRONMENT="${CALLRESPONSE_ENVIRONMENT:-Development}"

# svc_parse ENTRY : sets SVC_NAME SVC_PROJECT SVC_PORT SVC_BIN_DIR SVC_DLL
svc_parse() {
    local entry=$1 assembly
    IFS=: read -r SVC_NAME SVC_PROJECT SVC_PORT <<<"$entry"
    [[ -n "$SVC_NAME" && -n "$SVC_PROJECT" && "$SVC_PORT" =~ ^[0-9]+$ ]] \
        || die "bad SERVICES entry '$entry' (want name:project-path:port)"
    assembly="$(basename "$SVC_PROJECT" .csproj)"
    SVC_BIN_DIR="$CR_ROOT/$(dirname "$SVC_PROJECT")/bin/$CR_CONFIGURATION/$CR_TFM"
    SVC_DLL="$SVC_BIN_DIR/$assembly.dll"
}

# Entries in start order (gateway last) / stop order (gateway first).
services_start_order() {
    local e
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" == "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" != "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
}
services_stop_order() {
    local e
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" != "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
    for e in "${SERVICES[@]}"; do [[ "${e%%:*}" == "$GATEWAY_SERVICE" ]] || printf '%s\n' "$e"; done
}

svc_pid_file() { printf '%s/%s.pid\n' "$CR_RUN_DIR" "$1"; }
svc_log_file() { printf '%s/%s.log\n' "$CR_LOG_DIR" "$1"; }

# svc_pid NAME : prints the pid of our running instance of NAME; fails (and drops a
# stale pid file) when there is none. The command line must still name a .dll, so a
# recycled pid is never mistaken for the service.
svc_pid() {
    local file pid
    file="$(svc_pid_file "$1")"
    [[ -f "$file" ]] || return 1
    pid="$(<"$file")"
    if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q '\.dll'; then
        printf '%s\n' "$pid"
        return 0
    fi
    rm -f "$file"
    return 1
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

# svc_start ENTRY : start one service in the background (own session, own log).
svc_start() {
    svc_parse "$1"
    local log pid holder
    log="$(svc_log_file "$SVC_NAME")"
    [[ -f "$SVC_DLL" ]] || die "$SVC_NAME is not built: $SVC_DLL is missing (run deploy/up without --no-build)"
    if tcp_open 127.0.0.1 "$SVC_PORT"; then
        holder="$(ss -ltnpH "sport = :$SVC_PORT" 2>/dev/null | grep -o 'users:.*' | head -n1 || true)"
        die "port $SVC_PORT for $SVC_NAME is already taken by a process this script did not start ${holder:+($holder)}; stop it first"
    fi
    mkdir -p "$CR_LOG_DIR"
    [[ -f "$log" ]] && mv -f "$log" "$log.prev"
    say "starting $SVC_NAME on port $SVC_PORT (log: ${log#"$CR_ROOT/"})"
    # The working directory is the output folder so that ASP.NET's content root finds
    # appsettings*.json; setsid keeps the service out of the terminal's Ctrl-C.
    (
        cd "$SVC_BIN_DIR" || exit 1
        export ASPNETCORE_URLS="http://127.0.0.1:$SVC_PORT"
        export ASPNETCORE_ENVIRONMENT="$CR_ENVIRONMENT"
        export ConnectionStrings__Postgres ConnectionStrings__RabbitMq
        exec setsid dotnet "$SVC_DLL"
    ) >"$log" 2>&1 </dev/null &
    pid=$!
    printf '%s\n' "$pid" >"$(svc_pid_file "$SVC_NAME")"
}

# svc_wait_ready ENTRY : wait for /health/ready; on failure print the log tail and exit.
svc_wait_ready() {
    svc_parse "$1"
    local deadline=$((SECONDS + CR_READY_TIMEOUT)) log pid warned=0
    log="$(svc_log_file "$SVC_NAME")"
    while true; do
        if ! pid="$(svc_pid "$SVC_NAME")"; then
            printf '==> ERROR: %s exited during start-up; last lines of %s:\n' "$SVC_NAME" "$log" >&2
            tail -n 40 "$log" >&2 || true
            exit 1
        fi
        if ((SECONDS >= deadline)); then
            printf '==> ERROR: %s (pid %s) did not answer http://127.0.0.1:%s/health/ready within %ss; last lines of %s:\n' \
                "$SVC_NAME" "$pid" "$SVC_PORT" "$CR_READY_TIMEOUT" "$log" >&2
            tail -n 40 "$log" >&2 || true
            exit 1
        fi
        if svc_ready "$SVC_PORT"; then
            svc_owns_port "$pid" "$SVC_PORT" && break
            ((warned++)) || warn "port $SVC_PORT answers, but not from $SVC_NAME (pid $pid); is another copy running?"
        fi
        sleep 1
    done
    say "$SVC_NAME is ready on http://localhost:$SVC_PORT"
}

# svc_stop NAME : SIGTERM to the service's process group, SIGKILL after CR_STOP_TIMEOUT.
svc_stop() {
    local name=$1 pid deadline
    if ! pid="$(svc_pid "$name")"; then
        rm -f "$(svc_pid_file "$name")"
        return 0
    fi
    say "stopping $name (pid $pid)"
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + CR_STOP_TIMEOUT))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
    if pid_alive "$pid"; then
        warn "$name did not stop within ${CR_STOP_TIMEOUT}s; sending SIGKILL"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
    fi
    rm -f "$(svc_pid_file "$name")"
}

# Stop every service that has a pid file (also ones since removed from SERVICES).
stop_all_services() {
    local e file name
    while IFS= read -r e; do svc_stop "${e%%:*}"; done < <(services_stop_order)
    for file in "$CR_RUN_DIR"/*.pid; do
        [[ -e "$file" ]] || continue
        name="$(basename "$file" .pid)"
        svc_stop "$name"
    done
}
