#!/usr/bin/env bash
# Side-by-side benchmark (not in CI): the npm package against node-saml and xml-crypto, the
# Python package against python3-saml, signxml and python-xmlsec, on the same signed 7.5 KB and
# 109 KB SAML Responses: CPU µs per validation, peak memory on the 109 KB one (a fresh child
# process per library), and the split of our own call (native call, JSON parse, result objects).
# Installs what is missing, runs both, prints one markdown table and the issue 13 target lines.
# About 2-3 minutes, plus any build.
#
#   bash bench/run.sh            # both
#   bash bench/run.sh js         # or only one: js | python
#
# Environment:
#   BENCH_SECONDS, BENCH_ROUNDS, BENCH_WARMUP_SECONDS  timing (default 2.5 s in 5 rounds, 0.5 s warm-up)
#   BENCH_MEMORY_RUNS   validations of the 109 KB response per memory child (default 20)
#   BENCH_CROSSING_SECONDS  seconds per part of our call's breakdown (default 1.0)
#   BENCH_REBUILD=1     rebuild the npm package and the Python wheel from this checkout first
#   BENCH_WHEEL=path    install this maestrano wheel instead of building one
#   BENCH_VENV=dir      the Python venv (default bench/python/.venv)
#   PYTHON=python3      the interpreter the venv is made from
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
what="${1:-all}"
results="$here/results"
mkdir -p "$results"
rebuild="${BENCH_REBUILD:-0}"
say() { printf '\033[1m== %s\033[0m\n' "$*" >&2; }

# Warns when the built artefact is older than the Rust sources it comes from.
stale_check() { # artefact, label
  local newer
  newer="$(cd "$root" && find core bindings-wasm bindings-uniffi python/src Cargo.toml Cargo.lock \
    -type f -newer "$1" -not -path '*/swift/*' 2>/dev/null | head -3 || true)"
  if [ -n "$newer" ]; then
    say "warning: $2 is older than $(echo "$newer" | tr '\n' ' ')(BENCH_REBUILD=1 rebuilds it)"
  fi
}

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "apt-get install $*"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
      || { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; }
  else
    say "missing system packages ($*): install them (apt-get install $*) and rerun"
    return 1
  fi
}

run_js() {
  command -v node >/dev/null || { say "node not found: skipping the JS benchmark"; return 1; }
  local wasm="$root/npm/wasm/web/maestrano_wasm_bg.wasm"
  if [ "$rebuild" = 1 ] || [ ! -f "$root/npm/dist/node.mjs" ] || [ ! -f "$wasm" ]; then
    say "building the npm package (npm/scripts/build.mjs)"
    [ -d "$root/npm/node_modules" ] || (cd "$root/npm" && npm ci --no-audit --no-fund)
    (cd "$root/npm" && node scripts/build.mjs) || return 1
  else
    stale_check "$wasm" "npm/wasm"
  fi
  if [ ! -d "$here/js/node_modules/@node-saml/node-saml" ] || [ ! -d "$here/js/node_modules/xml-crypto" ] \
     || [ "$here/js/package-lock.json" -nt "$here/js/node_modules/.package-lock.json" ]; then
    say "npm ci in bench/js"
    (cd "$here/js" && npm ci --no-audit --no-fund) || return 1
  fi
  say "JS benchmark (Node $(node --version))"
  node "$here/js/bench.mjs" --json "$results/js.json"
}

run_python() {
  local venv="${BENCH_VENV:-$here/python/.venv}"
  local py="$venv/bin/python"
  if [ ! -x "$py" ]; then
    say "creating the venv $venv"
    "${PYTHON:-python3}" -m venv "$venv"
    "$py" -m pip install -q --upgrade pip
  fi
  if ! "$py" -c 'import onelogin.saml2.response, signxml, xmlsec' 2>/dev/null; then
    say "pip install -r bench/python/requirements.txt"
    "$py" -m pip install -q -r "$here/python/requirements.txt" || true
  fi
  if ! "$py" -c 'import onelogin.saml2.response, signxml, xmlsec' 2>/dev/null; then
    # No usable binary wheels (other platform, or lxml/xmlsec on different libxml2s): build
    # both from source against the system libxml2/libxmlsec1.
    say "building lxml and xmlsec from source against the system libraries"
    command -v pkg-config >/dev/null && pkg-config --exists xmlsec1 libxml-2.0 libxslt \
      || apt_install pkg-config libxmlsec1-dev libxml2-dev libxslt1-dev
    "$py" -m pip install -q --force-reinstall --no-binary lxml,xmlsec lxml xmlsec python3-saml signxml
  fi
  "$py" -c 'import onelogin.saml2.response, signxml, xmlsec' || return 1

  local wheel="${BENCH_WHEEL:-}"
  if [ -z "$wheel" ] && { [ "$rebuild" = 1 ] || ! "$py" -c 'import maestrano.xmldsig, maestrano.sso' 2>/dev/null; }; then
    say "building the maestrano wheel (maturin, release)"
    local maturin="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}/venv/bin/maturin"
    if [ ! -x "$maturin" ]; then
      "$py" -m pip install -q maturin
      maturin="$venv/bin/maturin"
    fi
    rm -rf "$here/python/.wheels"
    (cd "$root/python" && "$maturin" build --release -o "$here/python/.wheels") || return 1
    wheel="$(ls "$here"/python/.wheels/maestrano-*.whl | head -1)"
  fi
  if [ -n "$wheel" ]; then
    say "installing $(basename "$wheel")"
    "$py" -m pip install -q --force-reinstall --no-deps "$wheel" || return 1
  else
    local so
    so="$("$py" -c 'import maestrano, os; print(os.path.join(os.path.dirname(maestrano.__file__), "_native"))')"
    stale_check "$so" "the installed maestrano wheel"
  fi
  say "Python benchmark ($("$py" --version))"
  "$py" "$here/python/bench.py" --json "$results/python.json"
}

files=()
status=0
case "$what" in
  js) run_js && files+=("$results/js.json") || status=1 ;;
  python) run_python && files+=("$results/python.json") || status=1 ;;
  all)
    run_js && files+=("$results/js.json") || status=1
    run_python && files+=("$results/python.json") || status=1
    ;;
  *) echo "usage: bash bench/run.sh [js|python]" >&2; exit 2 ;;
esac
if [ "${#files[@]}" -gt 0 ]; then
  echo
  node "$here/js/report.mjs" "${files[@]}"
fi
exit "$status"
