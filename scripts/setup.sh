#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there at the right
# version. Everything comes from the package registries (crates.io, npm, PyPI, Debian).
# Tools live outside the clone (MAESTRANO_CACHE, default ~/.cache/maestrano-dev) so later runs
# and fresh clones reuse them.
#
#   scripts/setup.sh [part...]   parts: wasm python npm debian jvm browser (default: all)
#
# `make build-python` runs only `python` (maturin needs nothing else); the test suites run all.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
mkdir -p "$CACHE"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
parts=" ${*:-wasm python npm debian jvm browser} "
want() { [[ "$parts" == *" $1 "* ]]; }
# Debian packages are installed in one apt run: the parts add to this list.
apt_wanted=()

# Rust: the toolchain file pins the channel and the wasm target; rustup installs both on first use.
command -v cargo >/dev/null || { echo "Rust (rustup) is required: https://rustup.rs" >&2; exit 1; }
# The installs below run at the same time where they can: wasm-bindgen-cli compiles in the
# background while npm, pip and apt download and install.
pids=()
if want wasm; then
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
    || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }

  # wasm-bindgen CLI: must equal the crate version pinned in Cargo.toml. Built with opt-level 1
  # and no LTO: it compiles in about half the time and still processes our module in seconds.
  pinned=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$pinned" ]; then
    say "installing wasm-bindgen-cli $pinned in the background (a few minutes, once)"
    wb_log="$CACHE/wasm-bindgen-install.log"
    CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_LTO=off \
      CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 CARGO_PROFILE_RELEASE_DEBUG=false \
      cargo install -q wasm-bindgen-cli --version "=$pinned" >"$wb_log" 2>&1 &
    pids+=("$!")
  fi
fi
if want python; then
  VENV="$CACHE/venv"
  [ -x "$VENV/bin/python" ] || { say "creating $VENV"; python3 -m venv "$VENV"; }
  "$VENV/bin/python" - <<'PY' || { say "installing Python tools"; "$VENV/bin/pip" install -q "maturin==1.16.0" "pytest>=8" "lxml>=5"; }
import importlib.metadata as m, sys
need = {"maturin": "1.16.0"}
ok = all(m.version(p) == v for p, v in need.items())
for p in ("pytest", "lxml"):
    m.version(p)
sys.exit(0 if ok else 1)
PY
fi

# npm dev dependencies (binaryen's wasm-opt, miniflare's workerd), from the lock file.
if want npm; then
  if [ ! -x npm/node_modules/.bin/wasm-opt ] || [ ! -d npm/node_modules/miniflare ] \
     || [ npm/package-lock.json -nt npm/node_modules/.package-lock.json ]; then
    say "installing npm dev dependencies"
    (cd npm && npm ci --no-audit --no-fund --loglevel=error)
  fi

  # The demo apps' and the browser test's npm dependencies (Hono, Express; playwright-core, which drives
  # Debian's Chromium and downloads no browser).
  for dir in examples/hono examples/express e2e; do
    if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
      say "installing npm dependencies of $dir"
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    fi
  done
fi

# Debian packages: xmlsec1 (the independent signer of the fixtures), libxml2's headers (the
# C14N differential's C oracle), redis-server (the shared replay stores' tests), Maven and a JDK
# (the Kotlin bindings), Chromium (the browser e2e; playwright-core drives /usr/bin/chromium).
if want debian; then
  command -v xmlsec1 >/dev/null || apt_wanted+=(xmlsec1)
  command -v xml2-config >/dev/null || apt_wanted+=(libxml2-dev)
  command -v redis-server >/dev/null || apt_wanted+=(redis-server)
fi
if want jvm; then
  command -v mvn >/dev/null || apt_wanted+=(maven)
  command -v javac >/dev/null || apt_wanted+=(default-jdk-headless)
fi
if want browser; then
  command -v chromium >/dev/null || apt_wanted+=(chromium)
fi
if [ ${#apt_wanted[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing ${apt_wanted[*]} (Debian)"
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends "${apt_wanted[@]}" >/dev/null) \
      || say "some Debian packages were unavailable: the suites that need them say so"
  else
    say "not root or no apt-get: install ${apt_wanted[*]} yourself"
  fi
fi
for pid in "${pids[@]}"; do
  wait "$pid" || { cat "$wb_log" >&2; say "installing wasm-bindgen-cli failed"; exit 1; }
done
say "ready"
