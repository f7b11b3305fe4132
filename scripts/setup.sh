#!/usr/bin/env bash
# Installs what the build and the tests need, skipping whatever is already there at the right
# version. Everything comes from the package registries (crates.io, npm, PyPI, Debian).
# Tools live outside the clone (MAESTRANO_CACHE, default ~/.cache/maestrano-dev) so later runs
# and fresh clones reuse them.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
mkdir -p "$CACHE"
say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Rust: the toolchain file pins the channel and the wasm target; rustup installs both on first use.
command -v cargo >/dev/null || { echo "Rust (rustup) is required: https://rustup.rs" >&2; exit 1; }
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || { say "adding the wasm32 target"; rustup target add wasm32-unknown-unknown; }

# wasm-bindgen CLI: must equal the crate version pinned in Cargo.toml.
want=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (about 9 minutes, once)"
  cargo install wasm-bindgen-cli --version "=$want"
fi

# Python tools (maturin builds the wheel; pytest runs the tests; lxml is the C14N oracle).
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

# npm dev dependencies (binaryen's wasm-opt, miniflare's workerd), from the lock file.
if [ ! -x npm/node_modules/.bin/wasm-opt ] || [ ! -d npm/node_modules/miniflare ] \
   || [ npm/package-lock.json -nt npm/node_modules/.package-lock.json ]; then
  say "installing npm dev dependencies"
  (cd npm && npm ci --no-audit --no-fund --loglevel=error)
fi

# The demo app's and the browser test's npm dependencies (Hono; playwright-core, which drives
# Debian's Chromium and downloads no browser).
for dir in examples/hono e2e; do
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies of $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# Debian packages: xmlsec1 (the independent signer of the fixtures) and libxml2's headers (the
# C14N differential's C oracle, driven like xmlsec; without them it compares with lxml only).
if ! command -v xmlsec1 >/dev/null || ! command -v xml2-config >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing xmlsec1 and libxml2-dev"
    (apt-get update -qq && apt-get install -y -qq xmlsec1 libxml2-dev >/dev/null) \
      || say "xmlsec1/libxml2-dev unavailable: fixture regeneration and the C oracle are skipped"
  fi
fi

# Maven and a JDK for the Kotlin bindings (Debian packages when missing).
if ! command -v mvn >/dev/null || ! command -v javac >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Maven and a JDK"
    apt-get update -qq && apt-get install -y -qq maven default-jdk-headless >/dev/null
  fi
fi
# Debian's Chromium, for the end-to-end SSO test (playwright-core drives /usr/bin/chromium).
if ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium"
    (apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null) \
      || say "chromium unavailable: the e2e suite will fail"
  fi
fi
say "ready"
