# shellcheck shell=bash
# The services run under a supervisord of our own (Debian's package), which restarts one that dies.
# Its config, socket and pid file are under $CR_RUN_DIR/supervisor, never the system's /etc/supervisor;
# its log is $CR_LOG_DIR/supervisord.log. Sourced, never run.

# shellcheck source=deploy/lib/services.sh
source "$(dirname "${BASH_SOURCE[0]}")/services.sh"

CR_SUPERVISOR_DIR="$CR_RUN_DIR/supervisor"
CR_SUPERVISOR_CONF="$CR_SUPERVISOR_DIR/supervisord.conf"
CR_SUPERVISOR_PID="$CR_SUPERVISOR_DIR/supervisord.pid"
CR_SUPERVISOR_LOG="$CR_LOG_DIR/supervisord.log"
# A start counts as failed if the process exits within CR_START_SECS; supervisord then waits 1 s,
# 2 s, 3 s… before the next try and gives up (FATAL) after CR_START_RETRIES tries (about half an
# hour of a service that cannot start). A process that ran longer is restarted at once.
CR_START_SECS="${CALLRESPONSE_START_SECS:-10}"
CR_START_RETRIES="${CALLRESPONSE_START_RETRIES:-60}"

ensure_supervisor() {
    command -v supervisord >/dev/null 2>&1 && command -v supervisorctl >/dev/null 2>&1 && return 0
    apt_install supervisor
}

# ctl ARGS... : supervisorctl talking to our supervisord.
ctl() { supervisorctl -c "$CR_SUPERVISOR_CONF" "$@"; }

# supervisor_pid : prints the pid of our running supervisord; fails when there is none.
supervisor_pid() {
    local pid
    [[ -f "$CR_SUPERVISOR_PID" ]] || return 1
    pid="$(<"$CR_SUPERVISOR_PID")"
    pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q supervisord || return 1
    printf '%s\n' "$pid"
}

# _ini_value VALUE : VALUE for supervisord's config, where %(...)s is expanded and a quote cannot be escaped.
_ini_value() {
    [[ "$1" != *'"'* && "$1" != *$'\n'* ]] || die "a setting for supervisord holds a quote or a line break: $1"
    printf '"%s"' "${1//%/%%}"
}

_program_config() {
    local entry=$1 priority=100 line env=() dotnet
    dotnet="$(command -v dotnet)"
    while IFS= read -r line; do env+=("${line%%=*}=$(_ini_value "${line#*=}")"); done < <(svc_environment "$entry")
    svc_parse "$entry"
    [[ "$SVC_NAME" != "$GATEWAY_SERVICE" ]] || priority=900
    local IFS=,
    cat <<CONF

[program:$SVC_NAME]
command=$(_ini_value "$dotnet") $(_ini_value "$SVC_DLL")
directory=${SVC_BIN_DIR//%/%%}
environment=${env[*]}
; deploy/up starts the programs itself, in order (gateway last), and waits for each to be ready.
autostart=false
autorestart=true
startsecs=$CR_START_SECS
startretries=$CR_START_RETRIES
; Lower priorities start first and stop last: the gateway stops before what it routes to.
priority=$priority
stopsignal=TERM
stopwaitsecs=$CR_STOP_TIMEOUT
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile=$(svc_log_file "$SVC_NAME")
stdout_logfile_maxbytes=50MB
stdout_logfile_backups=3
CONF
}

# write_supervisor_config : (re)writes $CR_SUPERVISOR_CONF from SERVICES.
write_supervisor_config() {
    local e
    mkdir -p "$CR_SUPERVISOR_DIR" "$CR_LOG_DIR"
    # The programs' settings hold this install's secrets: the file is its owner's alone.
    (umask 077 && : >"$CR_SUPERVISOR_CONF.tmp")
    {
        cat <<CONF
; Written by deploy/up from SERVICES in deploy/lib/services.sh: edit those, not this file.
[unix_http_server]
file=$CR_SUPERVISOR_DIR/supervisor.sock
chmod=0700

[supervisord]
identifier=callresponse
pidfile=$CR_SUPERVISOR_PID
logfile=$CR_SUPERVISOR_LOG
logfile_maxbytes=10MB
logfile_backups=3
childlogdir=$CR_LOG_DIR

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://$CR_SUPERVISOR_DIR/supervisor.sock
CONF
        for e in "${SERVICES[@]}"; do _program_config "$e"; done
    } >"$CR_SUPERVISOR_CONF.tmp"
    mv -f "$CR_SUPERVISOR_CONF.tmp" "$CR_SUPERVISOR_CONF"
}

# ensure_supervisord : our supervisord runs with the current config (changed programs are
# restarted by `update`, unchanged ones are left alone).
ensure_supervisord() {
    ensure_supervisor
    write_supervisor_config
    if supervisor_pid >/dev/null; then
        ctl update >/dev/null || die "supervisorctl update failed (config: $CR_SUPERVISOR_CONF)"
        return 0
    fi
    say "starting supervisord (config: ${CR_SUPERVISOR_CONF#"$CR_ROOT/"}, log: ${CR_SUPERVISOR_LOG#"$CR_ROOT/"})"
    supervisord -c "$CR_SUPERVISOR_CONF" || die "supervisord did not start (log: $CR_SUPERVISOR_LOG)"
    wait_until 30 ctl avail || die "supervisord did not answer on its socket within 30s (log: $CR_SUPERVISOR_LOG)"
}

# svc_state NAME : RUNNING, STARTING, BACKOFF, STOPPED, EXITED, FATAL… (UNKNOWN without supervisord).
svc_state() {
    local state
    state="$(ctl status "$1" 2>/dev/null | awk '{ print $2 }')" || true
    printf '%s\n' "${state:-UNKNOWN}"
}

# svc_pid NAME : prints the pid of the running service; fails when it has none.
svc_pid() {
    local pid
    pid="$(ctl pid "$1" 2>/dev/null)" || true
    [[ "$pid" =~ ^[0-9]+$ && "$pid" != 0 ]] && pid_alive "$pid" || return 1
    printf '%s\n' "$pid"
}

# svc_start ENTRY : have supervisord start the service, without waiting for it (svc_wait_ready does).
svc_start() {
    svc_parse "$1"
    local holder
    [[ -f "$SVC_DLL" ]] || die "$SVC_NAME is not built: $SVC_DLL is missing (run deploy/up without --no-build)"
    if tcp_open 127.0.0.1 "$SVC_PORT"; then
        holder="$(port_holder "$SVC_PORT")"
        die "port $SVC_PORT for $SVC_NAME is taken by a process supervisord did not start ${holder:+($holder)}; stop it"
    fi
    say "starting $SVC_NAME on port $SVC_PORT (log: $(svc_log_file "$SVC_NAME"))"
    # `supervisorctl start` blocks for startsecs; readiness is what we wait for.
    ctl start "$SVC_NAME" >/dev/null 2>&1 &
}

# svc_wait_ready ENTRY : wait for /health/ready; on failure print the log tail and exit.
svc_wait_ready() {
    svc_parse "$1"
    local deadline=$((SECONDS + CR_READY_TIMEOUT)) log pid state warned=0
    log="$(svc_log_file "$SVC_NAME")"
    while true; do
        state="$(svc_state "$SVC_NAME")"
        # A slow answer from supervisorctl (UNKNOWN) is no failure while supervisord runs.
        if [[ "$state" == FATAL ]] || ! supervisor_pid >/dev/null || ((SECONDS >= deadline)); then
            printf '==> ERROR: %s is %s, not ready on http://127.0.0.1:%s/health/ready after %ss; last lines of %s:\n' \
                "$SVC_NAME" "$state" "$SVC_PORT" "$((CR_READY_TIMEOUT - deadline + SECONDS))" "$log" >&2
            tail -n 40 "$log" >&2 || true
            exit 1
        fi
        if pid="$(svc_pid "$SVC_NAME")" && svc_ready "$SVC_PORT"; then
            svc_owns_port "$pid" "$SVC_PORT" && break
            ((warned++)) || warn "port $SVC_PORT answers, but not from $SVC_NAME (pid $pid); is another copy running?"
        fi
        sleep 1
    done
    say "$SVC_NAME is ready on http://localhost:$SVC_PORT (pid $pid)"
}

# stop_all_services : stop every program (gateway first) and our supervisord.
stop_all_services() {
    stop_unsupervised_services
    local pid deadline
    pid="$(supervisor_pid)" || return 0
    say "stopping the services and supervisord (pid $pid)"
    ctl stop all >/dev/null || warn "supervisorctl stop all failed"
    ctl shutdown >/dev/null || kill -TERM "$pid" 2>/dev/null || true
    deadline=$((SECONDS + CR_STOP_TIMEOUT))
    while pid_alive "$pid" && ((SECONDS < deadline)); do sleep 0.5; done
    ! pid_alive "$pid" || warn "supervisord (pid $pid) is still running"
}

# Services that deploy/up started before it used supervisord have a pid file each: stop them too.
stop_unsupervised_services() {
    local file pid
    for file in "$CR_RUN_DIR"/*.pid; do
        [[ -e "$file" ]] || continue
        pid="$(<"$file")"
        if pid_alive "$pid" && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q '\.dll'; then
            say "stopping $(basename "$file" .pid) (pid $pid, started without supervisord)"
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            wait_until "$CR_STOP_TIMEOUT" bash -c "! kill -0 $pid" || kill -KILL -- "-$pid" 2>/dev/null || true
        fi
        rm -f "$file"
    done
}
