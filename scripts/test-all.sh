#!/usr/bin/env bash
# Runs every suite, even after one fails, prints a summary, and only then exits non-zero if any
# suite failed. Each vector runner prints `<runner>: N passed, N failed, N skipped`.
set -uo pipefail
cd "$(dirname "$0")/.."
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
VENV="$CACHE/venv"
LOG=$(mktemp -d)
declare -a NAMES=() RESULTS=()

suite() {
  local name=$1; shift
  printf '\n\033[1m===== %s =====\033[0m\n' "$name"
  local start=$SECONDS
  "$@" 2>&1 | tee "$LOG/$name.log"
  local rc=${PIPESTATUS[0]}
  NAMES+=("$name")
  RESULTS+=("$([ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - start))s")
}

rust_suite() {
  cargo fmt --all -- --check &&
  cargo clippy -q -p maestrano-core -p maestrano-uniffi -p maestrano-sandbox --all-targets -- -D warnings &&
  cargo clippy -q -p maestrano-core --features idp --all-targets -- -D warnings &&
  cargo clippy -q -p maestrano-wasm --target wasm32-unknown-unknown -- -D warnings &&
  cargo test -q -p maestrano-core -p maestrano-uniffi -p maestrano-sandbox
}

node_suite() {
  # The adapter suites drive SSO against the sandbox: build it first (they skip without it).
  cargo build -q -p maestrano-sandbox &&
  (cd npm && node scripts/build.mjs && npm test --silent)
}

python_suite() {
  bash scripts/python.sh
}

c14n_suite() {
  # Our exclusive C14N against libxml2, byte for byte (tests/dsig/README.md).
  cargo build -q -p maestrano-core --example c14n &&
  "$VENV/bin/python" tests/dsig/c14n_diff.py --binary "${CARGO_TARGET_DIR:-target}/debug/examples/c14n"
}

kotlin_suite() {
  bash scripts/kotlin.sh
}

spring_suite() {
  # The Spring Boot starter and demo on the jar the kotlin suite built (end to end vs the sandbox).
  bash scripts/spring.sh
}

swift_suite() {
  # The SwiftPM package's committed UniFFI sources match the bindgen (no Swift toolchain here).
  bash scripts/xcframework.sh check
}

e2e_suite() {
  # The sandbox and the demo apps in Chromium. Uses the npm build of the node suite and the
  # Python test venv of the python suite (plus the demos' Flask and Django).
  local env="$CACHE/test-venv"
  cargo build -q -p maestrano-sandbox &&
  "$env/bin/pip" install -q -r examples/flask/requirements.txt -r examples/django/requirements.txt &&
  MAESTRANO_PYTHON="$env/bin/python" node e2e/run.mjs
}

release_suite() {
  # One version everywhere (and the check can fail), and the release workflows lint clean.
  bash scripts/version.sh check && bash scripts/test-version.sh && bash scripts/lint-workflows.sh
}

bash scripts/setup.sh || { echo "setup failed"; exit 1; }
suite rust rust_suite
suite node node_suite
suite python python_suite
suite kotlin kotlin_suite
suite spring spring_suite
suite swift swift_suite
suite c14n c14n_suite
suite e2e e2e_suite
suite release release_suite

printf '\n\033[1m===== summary =====\033[0m\n'
failed=0
for i in "${!NAMES[@]}"; do
  printf '%-8s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"
  case "${RESULTS[$i]}" in ok*) ;; *) failed=1 ;; esac
done
grep -hE '^(rust|node|workerd|python|kotlin|spring|swift|c14n|e2e|version): [0-9]+ passed' "$LOG"/*.log | sort
passed=$(grep -hE '^(rust|node|workerd|python|kotlin): [0-9]+ passed' "$LOG"/*.log | awk '{p+=$2} END {print p+0}')
nfail=$(grep -hE '^(rust|node|workerd|python|kotlin): [0-9]+ passed' "$LOG"/*.log | awk '{f+=$4} END {print f+0}')
echo "vectors: $passed passed, $nfail failed"
exit $failed
