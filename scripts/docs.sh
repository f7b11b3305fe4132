#!/usr/bin/env bash
# Builds the API reference of each language into target/docs/ (git-ignored), with an index page:
#
#   scripts/docs.sh [part...]     parts: rust js python kotlin (default: all); `make docs`
#
#   rust    cargo doc of maestrano-core, RUSTDOCFLAGS="-D warnings" (broken intra-doc links and
#           every other rustdoc warning fail), then its doctests   → target/docs/rust/
#   js      typedoc over npm/index.d.ts, warnings are errors       → target/docs/js/
#   python  pdoc of `maestrano` and every public submodule, from the installed wheel (a pdoc
#           warning fails), then the docstrings' `>>>` examples
#           (python/tests/test_doctests.py)                         → target/docs/python/
#   kotlin  Dokka (`mvn dokka:dokka`) when kotlin/pom.xml has the dokka-maven-plugin, else
#           skipped                                                 → target/docs/kotlin/
#   and target/docs/index.html, linking the references that exist.
#
# Every part runs even after one fails; a summary follows, and the exit status is non-zero if any
# part failed.
#
# Python: the venv MAESTRANO_CACHE/test-venv (of scripts/python.sh) is used when its installed
# `maestrano` holds the checkout's Python files (pdoc is added to it). Otherwise a wheel holding
# them is taken from MAESTRANO_CACHE/wheels or target/wheels, or built into target/wheels
# (`maturin build --release`, several minutes when the Rust side changed), and installed with
# every extra and pdoc into a fresh MAESTRANO_CACHE/docs-venv.
#
#   MAESTRANO_CACHE   tool cache (default ~/.cache/maestrano-dev)
#   CARGO_TARGET_DIR  cargo's target dir (default target); the docs always go to target/docs
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
CARGO_TARGET="${CARGO_TARGET_DIR:-target}"
OUT="$ROOT/target/docs"
PDOC_VERSION=16.0.0
PY_EXTRAS="httpx,redis,flask,django,fastapi"
NOTES=$(mktemp -d)
trap 'rm -rf "$NOTES"' EXIT
say() { printf '\033[1m[docs]\033[0m %s\n' "$*"; }
note() { printf '%s\n' "$*" >>"$NOTES/$part"; } # a line for the summary of the current part

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(rust js python kotlin)
for p in "${parts[@]}"; do
  case "$p" in rust | js | python | kotlin) ;; *) echo "unknown part: $p (rust js python kotlin)" >&2; exit 2 ;; esac
done
mkdir -p "$OUT"

# ---------------------------------------------------------------------------------------------
docs_rust() {
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p maestrano-core
  mkdir -p "$OUT/rust"
  cp -R "$CARGO_TARGET/doc/." "$OUT/rust/"
  [ -f "$OUT/rust/maestrano_core/index.html" ]
  note "target/docs/rust/maestrano_core/index.html"
  local log
  log=$(cargo test --doc -q -p maestrano-core 2>&1) || { printf '%s\n' "$log"; return 1; }
  printf '%s\n' "$log" | tail -3
  note "doctests: $(printf '%s\n' "$log" | sed -n 's/^test result: ok\. \([0-9]*\) passed.*/\1/p' | tail -1) passed"
}

# ---------------------------------------------------------------------------------------------
docs_js() {
  cd npm
  if [ ! -x node_modules/.bin/typedoc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "installing npm dev dependencies (typedoc)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  # --disableSources: no git remote to link sources to (typedoc warns about it otherwise).
  node_modules/.bin/typedoc --entryPoints index.d.ts --out "$OUT/js" \
    --disableSources --treatWarningsAsErrors --logLevel Warn
  [ -f "$OUT/js/index.html" ]
  note "target/docs/js/index.html (typedoc $(node -p 'require("typedoc/package.json").version'))"
}

# ---------------------------------------------------------------------------------------------
# Prints the python of a venv whose `maestrano` holds the checkout's Python files, with pdoc.
python_env() {
  local test_env="$CACHE/test-venv" docs_env="$CACHE/docs-venv" env="" wheel="" w
  if [ -x "$test_env/bin/python" ] && "$test_env/bin/python" scripts/docs_python.py current 2>/dev/null; then
    env=$test_env
  elif [ -x "$docs_env/bin/python" ] && "$docs_env/bin/python" scripts/docs_python.py current 2>/dev/null; then
    env=$docs_env
  else
    for w in "$CACHE"/wheels/maestrano-*.whl "$ROOT"/target/wheels/maestrano-*.whl; do
      [ -f "$w" ] && python3 scripts/docs_python.py current "$w" 2>/dev/null && { wheel=$w; break; }
    done
    if [ -z "$wheel" ]; then
      say "building the wheel (no installed package or wheel holds the checkout's Python files)" >&2
      bash scripts/setup.sh python >&2
      rm -f "$ROOT"/target/wheels/maestrano-*.whl
      (cd python && "$CACHE/venv/bin/maturin" build --release --quiet -o "$ROOT/target/wheels") >&2
      wheel=$(ls "$ROOT"/target/wheels/maestrano-*.whl | head -1)
    fi
    say "installing ${wheel#"$ROOT"/} and pdoc into $docs_env" >&2
    rm -rf "$docs_env" && python3 -m venv "$docs_env"
    "$docs_env/bin/pip" install -q "$wheel[$PY_EXTRAS]" "pdoc==$PDOC_VERSION" >&2
    "$docs_env/bin/python" scripts/docs_python.py current >&2
    env=$docs_env
  fi
  if [ "$("$env/bin/python" -c 'import importlib.metadata as m; print(m.version("pdoc"))' 2>/dev/null)" != "$PDOC_VERSION" ]; then
    say "installing pdoc $PDOC_VERSION into $env" >&2
    "$env/bin/pip" install -q "pdoc==$PDOC_VERSION" >&2
  fi
  printf '%s\n' "$env/bin/python"
}

docs_python() {
  local py
  py=$(python_env)
  say "python: ${py%/bin/python}"
  "$py" scripts/docs_python.py build "$OUT/python"
  [ -f "$OUT/python/maestrano.html" ]
  note "target/docs/python/maestrano.html (pdoc $PDOC_VERSION, from ${py%/bin/python})"
  local log
  log=$("$py" python/tests/test_doctests.py 2>&1) || { printf '%s\n' "$log"; return 1; }
  printf '%s\n' "$log"
  note "$(printf '%s\n' "$log" | tail -1)"
}

# ---------------------------------------------------------------------------------------------
docs_kotlin() {
  if ! grep -q '<artifactId>dokka-maven-plugin</artifactId>' kotlin/pom.xml; then
    note "skipped: kotlin/pom.xml has no dokka-maven-plugin"
    say "kotlin: skipped (kotlin/pom.xml has no dokka-maven-plugin)"
    return 0
  fi
  command -v mvn >/dev/null || { echo "mvn is required for the Kotlin reference (scripts/setup.sh jvm)" >&2; return 1; }
  # Dokka reads the UniFFI-generated bindings too: scripts/kotlin.sh generates them (and builds
  # the jar; tests skipped here) when a fresh checkout has none yet.
  if [ -z "$(ls -A kotlin/target/generated-sources/uniffi 2>/dev/null)" ]; then
    say "kotlin: generating the bindings (scripts/kotlin.sh, tests skipped)"
    bash scripts/kotlin.sh -DskipTests -Dmaestrano.docs.skip=true
  fi
  rm -rf kotlin/target/dokka
  # Maven 3.8's quiet mode leaves stray ANSI resets: stripped.
  mvn -q -B -Dstyle.color=never -f kotlin/pom.xml dokka:dokka 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d'
  [ -f kotlin/target/dokka/index.html ] || { echo "Dokka wrote no kotlin/target/dokka/index.html" >&2; return 1; }
  mkdir -p "$OUT/kotlin" && cp -R kotlin/target/dokka/. "$OUT/kotlin/"
  note "target/docs/kotlin/index.html (Dokka)"
}

# ---------------------------------------------------------------------------------------------
write_index() {
  local version row entries=""
  version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
  row() { # row <title> <path under target/docs> <what>
    if [ -f "$OUT/$2" ]; then
      entries+="  <li><a href=\"$2\">$1</a>: $3</li>"$'\n'
    else
      entries+="  <li>$1: not built (<code>scripts/docs.sh $4</code>)</li>"$'\n'
    fi
  }
  row "Rust" rust/maestrano_core/index.html "the sans-IO core, crate <code>maestrano-core</code>" rust
  row "JavaScript" js/index.html "npm package <code>maestrano</code> (Node 20+, Cloudflare Workers)" js
  row "Python" python/maestrano.html "package <code>maestrano</code> and its integrations (Flask, Django, FastAPI)" python
  row "Kotlin" kotlin/index.html "Maven artifact <code>com.maestrano:maestrano</code>" kotlin
  cat >"$OUT/index.html" <<HTML
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Maestrano SDK $version: API reference</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem}li{margin:.4rem 0}</style>
</head>
<body>
<h1>Maestrano SDK $version: API reference</h1>
<ul>
$entries</ul>
<p>Built by <code>make docs</code> (<code>scripts/docs.sh</code>). The behaviour specification, the
security model and the architecture are in the repository's <code>docs/</code>.</p>
</body>
</html>
HTML
}

# ---------------------------------------------------------------------------------------------
declare -a NAMES=() RESULTS=()
for part in "${parts[@]}"; do
  printf '\n\033[1m===== docs: %s =====\033[0m\n' "$part"
  start=$SECONDS
  rm -rf "${OUT:?}/$part" # a part that fails leaves no reference behind (the index says so)
  (set -euo pipefail; shopt -s inherit_errexit; "docs_$part")
  rc=$?
  NAMES+=("$part")
  RESULTS+=("$([ "$rc" = 0 ] && echo ok || echo "FAILED (exit $rc)") in $((SECONDS - start))s")
done
write_index

printf '\n\033[1m===== docs: summary =====\033[0m\n'
failed=0
for i in "${!NAMES[@]}"; do
  printf '%-7s %s\n' "${NAMES[$i]}" "${RESULTS[$i]}"
  [ -f "$NOTES/${NAMES[$i]}" ] && sed 's/^/        /' "$NOTES/${NAMES[$i]}"
  case "${RESULTS[$i]}" in ok*) ;; *) failed=1 ;; esac
done
echo "index: target/docs/index.html"
exit $failed
