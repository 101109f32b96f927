# shellcheck shell=bash
# Shared by the Vigie hooks of EOLE (posttemplate/90-vigie, diagnose/90-vigie); installed by the vigie-agent
# package as /usr/share/vigie-agent/eole.sh. Every path can be moved by an environment variable, for the tests:
#   VIGIE_AGENT_BIN   the agent command                  (/usr/bin/vigie-agent)
#   VIGIE_CONFIG_EOL  the Creole values, read without CreoleGet (unset: CreoleGet, else /etc/eole/config.eol)
#   VIGIE_ETC         the agent's configuration folder    (/etc/vigie: agent.yaml, token)
#   VIGIE_STATE_DIR   the agent's state folder            (/var/lib/vigie: state.json)
#   VIGIE_EOLE_LIB    EOLE's shell functions              (/usr/lib/eole: ihm.sh, diagnose.sh, utils.sh)

VIGIE_AGENT_BIN="${VIGIE_AGENT_BIN:-/usr/bin/vigie-agent}"
VIGIE_ETC="${VIGIE_ETC:-/etc/vigie}"
VIGIE_STATE_DIR="${VIGIE_STATE_DIR:-/var/lib/vigie}"
VIGIE_EOLE_LIB="${VIGIE_EOLE_LIB:-/usr/lib/eole}"
# shellcheck disable=SC2034 # used by the scripts that source this file
VIGIE_TOKEN_FILE="$VIGIE_ETC/token"

# One value per line. On EOLE, CreoleGet (the values in force, dictionary defaults included); elsewhere, or when
# VIGIE_CONFIG_EOL names a file, `vigie-agent creole-get`, which parses config.eol as the agent does.
vigie_creole_get() {
    local out
    if [ -z "${VIGIE_CONFIG_EOL:-}" ] && command -v CreoleGet >/dev/null 2>&1; then
        out="$(CreoleGet "$1" 2>/dev/null)" || return 1
    else
        out="$("$VIGIE_AGENT_BIN" creole-get --file "${VIGIE_CONFIG_EOL:-/etc/eole/config.eol}" "$1" 2>/dev/null)" || return 1
    fi
    # A multi variable may come as a Python list: ['a', 'b'].
    case "$out" in
        \[*\]) printf '%s\n' "$out" | sed -e 's/^\[//' -e 's/\]$//' -e "s/['\"]//g" | tr ',' '\n' | sed -e 's/^ *//' -e 's/ *$//' | grep -v '^$' ;;
        *) [ -n "$out" ] && printf '%s\n' "$out" ;;
    esac
    return 0
}

# EOLE's display functions (EchoVert, EchoRouge, EchoOrange, EchoGras), or stand-ins off EOLE.
# shellcheck disable=SC2317 # the stand-ins are called by the scripts
vigie_load_ihm() {
    local f
    for f in ihm.sh utils.sh diagnose.sh; do
        # shellcheck disable=SC1090
        [ -r "$VIGIE_EOLE_LIB/$f" ] && . "$VIGIE_EOLE_LIB/$f"
    done
    command -v EchoVert >/dev/null 2>&1 || EchoVert() { printf '\033[1;32m%s\033[0m\n' "$*"; }
    command -v EchoRouge >/dev/null 2>&1 || EchoRouge() { printf '\033[1;31m%s\033[0m\n' "$*"; }
    command -v EchoOrange >/dev/null 2>&1 || EchoOrange() { printf '\033[1;33m%s\033[0m\n' "$*"; }
    command -v EchoGras >/dev/null 2>&1 || EchoGras() { printf '\033[1m%s\033[0m\n' "$*"; }
    return 0
}
