# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source this
# Shared helpers for the deploy/ scripts: paths, messages, waiting. Sourced, never run.

[[ -n "${_CR_COMMON_SH:-}" ]] && return 0
_CR_COMMON_SH=1

CR_DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CR_ROOT="$(cd "$CR_DEPLOY_DIR/.." && pwd)"
CR_RUN_DIR="${CALLRESPONSE_RUN_DIR:-$CR_DEPLOY_DIR/.run}"
CR_SOLUTION="$CR_ROOT/CallResponse.sln"
CR_CONFIGURATION="Release"
CR_TFM="net10.0"

# rabbitmq-server, rabbitmqctl and runuser live in /usr/sbin.
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH="$PATH:/usr/sbin:/sbin" ;; esac
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say()  { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die()  { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# wait_until SECONDS COMMAND... : re-run COMMAND every second until it succeeds; 1 on timeout.
wait_until() {
    local limit=$1; shift
    local deadline=$((SECONDS + limit))
    until "$@" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || return 1
        sleep 1
    done
}

# tcp_open HOST PORT : true when something accepts TCP connections there.
tcp_open() {
    # shellcheck disable=SC2016  # expanded by the inner bash
    timeout 3 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" 2>/dev/null
}

# pid_alive PID : running and not a zombie.
pid_alive() {
    local state
    [[ "$1" =~ ^[0-9]+$ ]] || return 1
    state="$(ps -o stat= -p "$1" 2>/dev/null)" || return 1
    [[ -n "$state" && "$state" != Z* ]]
}

apt_install() {
    [[ "$(id -u)" == 0 ]] || die "installing $* needs root (apt-get)"
    command -v apt-get >/dev/null 2>&1 || die "cannot install $*: apt-get not found"
    local log="$CR_RUN_DIR/apt.log"
    mkdir -p "$CR_RUN_DIR"
    say "installing $* with apt-get (log: $log)"
    export DEBIAN_FRONTEND=noninteractive
    if ! { apt-get -o DPkg::Lock::Timeout=300 update \
        && apt-get -o DPkg::Lock::Timeout=300 install -y "$@"; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get install $* failed (see $log)"
    fi
}

require_dotnet() {
    command -v dotnet >/dev/null 2>&1 \
        || die "the .NET SDK is not installed ('dotnet' is not on PATH); install the .NET 10 SDK first"
    dotnet --version >/dev/null 2>&1 \
        || die "'dotnet --version' failed; is a .NET 10 SDK matching global.json installed? (dotnet --list-sdks)"
}

build_solution() {
    [[ -f "$CR_SOLUTION" ]] || die "solution not found: $CR_SOLUTION"
    say "building $(basename "$CR_SOLUTION") ($CR_CONFIGURATION)"
    local extra=()
    # In CI, leave no MSBuild worker processes behind.
    [[ -z "${CI:-}" ]] || extra+=(-nodeReuse:false)
    dotnet build "$CR_SOLUTION" -c "$CR_CONFIGURATION" -nologo "${extra[@]}"
}
