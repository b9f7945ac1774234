# shellcheck shell=bash
# The browser the workbench tests drive: Debian's chromium, started by Playwright from
# /usr/bin/chromium (Playwright's own browser download needs the internet), with a Chinese font
# so that the screenshots show text. Sourced, never run:
#   source deploy/lib/browser.sh && ensure_browser

# shellcheck source=deploy/lib/servers.sh
declare -F apt_install >/dev/null || source "$(dirname "${BASH_SOURCE[0]}")/servers.sh"

CR_BROWSER="/usr/bin/chromium"
CR_BROWSER_FONT="/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

# ensure_browser : chromium and the Noto CJK fonts, installed with apt-get (as root) when missing.
ensure_browser() {
    if [[ -x "$CR_BROWSER" && -f "$CR_BROWSER_FONT" ]]; then
        return 0
    fi
    apt_install chromium fonts-noto-cjk
    [[ -x "$CR_BROWSER" ]] || die "chromium was installed but $CR_BROWSER is missing"
    say "browser: $("$CR_BROWSER" --version 2>/dev/null || echo "$CR_BROWSER")"
}
