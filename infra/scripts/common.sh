# Shared helpers for the infra scripts. Sourced, not run.
# A value comes from the environment first, then from the current azd environment (azd env get-value).

set -euo pipefail

say() { printf '%s\n' "$*"; }
step() { printf '\n==> %s\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

# setting NAME: prints the value of NAME from the environment or the azd environment, or nothing.
setting() {
  local name="$1" value="${!1:-}"
  if [[ -z "$value" ]] && command -v azd >/dev/null 2>&1; then
    value="$(azd env get-value "$name" 2>/dev/null || true)"
  fi
  printf '%s' "$value"
}

# require NAME: like setting, but stops with a message naming the variable when it is empty.
require() {
  local value
  value="$(setting "$1")"
  [[ -n "$value" ]] || fail "$1 is not set (export it, or run 'azd provision' so the azd environment has it)"
  printf '%s' "$value"
}

need_tool() { command -v "$1" >/dev/null 2>&1 || fail "$1 is needed: $2"; }

# confirm: asks before a change unless --yes was given or stdin is not a terminal with ASSUME_YES=1.
confirm() {
  if [[ "${ASSUME_YES:-0}" == "1" ]]; then return 0; fi
  if [[ ! -t 0 ]]; then fail "not a terminal; re-run with --yes to apply"; fi
  read -r -p "Apply these changes? [y/N] " answer
  [[ "$answer" == "y" || "$answer" == "Y" ]]
}

parse_common_flags() {
  DRY_RUN=0
  for arg in "$@"; do
    case "$arg" in
      --dry-run) DRY_RUN=1 ;;
      --yes|-y) ASSUME_YES=1 ;;
      --help|-h) usage; exit 0 ;;
    esac
  done
  export ASSUME_YES="${ASSUME_YES:-0}"
}
