# shellcheck shell=bash disable=SC2034  # variables here are used by the scripts that source this
# This install's secrets: made once, kept in a file only root can read, never committed. Sourced, never run.
#   CALLRESPONSE_SECRETS_FILE  where they live (default deploy/.run/secrets.env, git-ignored)
# Each is a NAME=value line; a value already in the environment wins (e.g. a district's own vault).

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

CR_SECRETS_FILE="${CALLRESPONSE_SECRETS_FILE:-$CR_RUN_DIR/secrets.env}"

# new_secret : 24 random bytes as URL-safe base64 (no quoting needed in a connection string or a URL).
new_secret() {
    head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'
}

# ensure_secrets : the file exists with every secret; each is exported unless already set.
ensure_secrets() {
    local name
    mkdir -p "$(dirname "$CR_SECRETS_FILE")"
    if [[ ! -f "$CR_SECRETS_FILE" ]]; then
        (umask 077 && : >"$CR_SECRETS_FILE")
        say "made this install's secrets in $CR_SECRETS_FILE (readable by $(id -un) only)"
    fi
    chmod 600 "$CR_SECRETS_FILE"
    for name in CALLRESPONSE_DB_PASSWORD CALLRESPONSE_RABBIT_PASSWORD CALLRESPONSE_ADMIN_PASSWORD \
        CALLRESPONSE_DEMO_PASSWORD; do
        grep -q "^$name=" "$CR_SECRETS_FILE" || printf '%s=%s\n' "$name" "$(new_secret)" >>"$CR_SECRETS_FILE"
    done
    while IFS='=' read -r name value; do
        if [[ -n "$name" && -z "${!name:-}" ]]; then export "$name=$value"; fi
    done <"$CR_SECRETS_FILE"
}
