#!/usr/bin/env bash
# Builds every artifact of the SDK from this checkout into dist/ and checks each:
#
#   npm     maestrano-VERSION.tgz (npm pack): dist/ and wasm/ code, typings, README, licences
#   python  the wheel (maturin build --release) and the sdist (maturin sdist): twine check
#           --strict, auditwheel show, the wheel's contents, and an import from a scratch venv
#   jvm     maestrano-VERSION.jar with the native library as a JNA resource, -sources.jar,
#           -javadoc.jar (Dokka) and the .pom (scripts/kotlin.sh with the release library: the
#           JUnit suite and JarLoadingIT run), `jar tf` checks, and the jar run on its own
#           (kotlin/smoke/Smoke.java, no jna.library.path)
#   crate   maestrano-core-VERSION.crate (cargo package, the packaged crate built; --list and
#           the published manifest checked)
#   swift   the generated Swift binding sources (bindings-uniffi/swift, from scripts/kotlin.sh)
#
#   scripts/dist.sh [part...]    parts: npm python jvm crate swift (default: all; dist/ is
#                                emptied first only when all parts run)
#   MAESTRANO_CACHE              tools cache (default ~/.cache/maestrano-dev): maturin's venv
#                                (scripts/setup.sh) and dist-venv (twine, auditwheel)
#   MAESTRANO_DIST_VERIFY=0      `cargo package --no-verify` (by default it builds the packaged
#                                crate, which proves the `include` list is complete)
#
# Every part runs even when one fails; a summary table of the artifacts (size, check) follows,
# with dist/SHA256SUMS, and the exit status is non-zero if any part failed.
set -uo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
DIST="$repo/dist"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export CARGO_TARGET_DIR="$target"

all_parts="npm python jvm crate swift"
parts=" ${*:-$all_parts} "
want() { [[ "$parts" == *" $1 "* ]]; }
for p in $parts; do
  [[ " $all_parts " == *" $p "* ]] || { echo "dist.sh: unknown part '$p' (parts: $all_parts)" >&2; exit 2; }
done

# The one version (VERSION, kept in step with every manifest by scripts/version.sh).
version=$(cat VERSION 2>/dev/null || sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
say() { printf '\n\033[1m[dist] %s\033[0m\n' "$*"; }
declare -a PART_NAMES=() PART_RESULTS=() NOTES=()
problems=()
bad() { echo "dist: FAIL: $*" >&2; problems+=("$*"); }
note() { echo "dist: note: $*"; NOTES+=("$*"); }
# has <listing> <entry>...: every entry is a line of the listing file
has() {
  local list=$1 entry; shift
  for entry in "$@"; do
    grep -qxF -- "$entry" "$list" || bad "$(basename "$list" .list): '$entry' missing"
  done
}
part() { # part <name> <function>: run it, record ok / FAILED
  local name=$1 start=$SECONDS
  problems=()
  say "$name"
  "$2"
  local rc=$?
  [ "$rc" -ne 0 ] && problems+=("$name: exit $rc")
  PART_NAMES+=("$name")
  if [ ${#problems[@]} -eq 0 ]; then
    PART_RESULTS+=("ok in $((SECONDS - start))s")
  else
    PART_RESULTS+=("FAILED in $((SECONDS - start))s: ${problems[*]}")
  fi
}

if [ "$parts" = " $all_parts " ]; then
  rm -rf "$DIST"
fi
mkdir -p "$DIST/.lists"

# Tools: the wasm target and wasm-bindgen, maturin's venv, npm's dev dependencies, Maven.
setup_parts=()
want npm && setup_parts+=(wasm npm)
want python && setup_parts+=(python)
want jvm && setup_parts+=(jvm)
if [ ${#setup_parts[@]} -gt 0 ]; then
  bash scripts/setup.sh "${setup_parts[@]}" || { echo "dist.sh: setup failed" >&2; exit 1; }
fi

# --- npm ------------------------------------------------------------------------------------
npm_part() {
  rm -f "$DIST"/maestrano-*.tgz
  (cd npm && node scripts/build.mjs) || { bad "npm build failed"; return 1; }
  local tgz
  tgz=$(cd npm && npm pack --silent --pack-destination "$DIST") || { bad "npm pack failed"; return 1; }
  tgz="$DIST/$(echo "$tgz" | tail -1)"
  [ -f "$tgz" ] || { bad "npm pack wrote no $tgz"; return 1; }
  local list="$DIST/.lists/npm.list"
  tar tzf "$tgz" | sort >"$list"
  has "$list" package/package.json package/README.md package/index.d.ts \
    package/LICENSE-MIT package/LICENSE-APACHE \
    package/dist/node.mjs package/dist/node.cjs package/dist/workerd.mjs package/dist/portable.mjs \
    package/dist/index.d.cts package/wasm/node/maestrano_wasm.js \
    package/wasm/web/maestrano_wasm.mjs package/wasm/web/maestrano_wasm_bg.wasm
  grep -q '^package/dist/.*\.[cm]js$' "$list" || bad "npm: no code under dist/"
  if grep -qE '^package/(src|test|scripts|node_modules)/' "$list"; then
    bad "npm: the tarball carries sources or tests: $(grep -cE '^package/(src|test|scripts|node_modules)/' "$list") files"
  fi
  # The licences are the repository's, byte for byte.
  local scratch
  scratch=$(mktemp -d)
  tar xzf "$tgz" -C "$scratch" package/LICENSE-MIT package/LICENSE-APACHE 2>/dev/null
  cmp -s LICENSE-MIT "$scratch/package/LICENSE-MIT" && cmp -s LICENSE-APACHE "$scratch/package/LICENSE-APACHE" \
    || bad "npm: the tarball's licence files differ from the repository's"
  rm -rf "$scratch"
  [ ! -e npm/LICENSE-MIT ] || bad "npm: postpack left npm/LICENSE-MIT behind"
  echo "npm: $(basename "$tgz"): $(wc -l <"$list") files"
  return 0
}

# --- Python ---------------------------------------------------------------------------------
python_part() {
  rm -f "$DIST"/maestrano-*.whl "$DIST"/maestrano-*.tar.gz
  local maturin="$CACHE/venv/bin/maturin" tools="$CACHE/dist-venv"
  [ -x "$tools/bin/python" ] || python3 -m venv "$tools" || { bad "cannot create $tools"; return 1; }
  "$tools/bin/python" - <<'PY' || "$tools/bin/pip" install -q "twine==7.0.0" "auditwheel==6.8.2" || { bad "cannot install twine and auditwheel"; return 1; }
import importlib.metadata as m, sys
sys.exit(0 if m.version("twine") == "7.0.0" and m.version("auditwheel") == "6.8.2" else 1)
PY
  (cd python && "$maturin" build --release --quiet -o "$DIST") || { bad "maturin build failed"; return 1; }
  (cd python && "$maturin" sdist -o "$DIST") || { bad "maturin sdist failed"; return 1; }
  local wheel sdist
  # (maturin writes the version as PEP 440 has it: 1.0.0-rc.1 becomes 1.0.0rc1.)
  wheel=$(ls "$DIST"/maestrano-*.whl 2>/dev/null | head -1)
  sdist=$(ls "$DIST"/maestrano-*.tar.gz 2>/dev/null | head -1)
  [ -n "$wheel" ] || { bad "python: no wheel in dist/"; return 1; }
  [ -n "$sdist" ] || bad "python: no sdist in dist/"

  "$tools/bin/twine" check --strict "$wheel" ${sdist:+"$sdist"} || bad "twine check --strict failed"
  local show
  show=$("$tools/bin/auditwheel" show "$wheel" 2>&1) || bad "auditwheel show failed"
  echo "$show"
  grep -q 'manylinux' <<<"$show" || bad "python: auditwheel finds no manylinux tag"

  local list="$DIST/.lists/wheel.list"
  "$tools/bin/python" -c 'import sys, zipfile; print("\n".join(sorted(zipfile.ZipFile(sys.argv[1]).namelist())))' "$wheel" >"$list"
  local info
  info=$(grep -o '^maestrano-[^/]*\.dist-info/' "$list" | head -1)
  has "$list" maestrano/__init__.py maestrano/py.typed maestrano/_native/__init__.py \
    "${info}licenses/LICENSE-MIT" "${info}licenses/LICENSE-APACHE" "${info}METADATA"
  grep -qE '^maestrano/_native/libmaestrano_ffi\.(so|dylib)$|^maestrano/_native/maestrano_ffi\.dll$' "$list" \
    || bad "python: the wheel has no native library under maestrano/_native/"
  if [ -n "$sdist" ]; then
    tar tzf "$sdist" | sort >"$DIST/.lists/sdist.list"
    grep -q '/pyproject.toml$' "$DIST/.lists/sdist.list" || bad "python: the sdist has no pyproject.toml"
    grep -q '/core/src/lib.rs$' "$DIST/.lists/sdist.list" || bad "python: the sdist lacks the Rust core"
    grep -q '/LICENSE-MIT$' "$DIST/.lists/sdist.list" || bad "python: the sdist lacks LICENSE-MIT"
  fi

  # The wheel alone, in a fresh venv: it imports and calls the native library.
  local scratch
  scratch=$(mktemp -d)
  python3 -m venv "$scratch/venv" && "$scratch/venv/bin/pip" install -q --no-deps --no-index "$wheel" \
    && (cd "$scratch" && "$scratch/venv/bin/python" -c 'import maestrano; assert maestrano.unmask_user("usr-1.cld-2") == "usr-1"; print("python smoke: maestrano", maestrano.__version__, "imports from the wheel")') \
    || bad "python: the wheel does not install and import in a fresh venv"
  rm -rf "$scratch"
  return 0
}

# --- JVM ------------------------------------------------------------------------------------
jvm_part() {
  rm -f "$DIST"/maestrano-"$version"*.jar "$DIST"/maestrano-"$version".pom
  MAESTRANO_KOTLIN_PROFILE=release MAESTRANO_KOTLIN_DOCS=1 bash scripts/kotlin.sh \
    || { bad "scripts/kotlin.sh (release library, tests, package, JarLoadingIT) failed"; return 1; }
  local k="kotlin/target" jar sources javadoc
  jar="$k/maestrano-$version.jar" sources="$k/maestrano-$version-sources.jar" javadoc="$k/maestrano-$version-javadoc.jar"
  for f in "$jar" "$sources" "$javadoc"; do
    [ -f "$f" ] && cp "$f" "$DIST/" || bad "jvm: no $f"
  done
  cp kotlin/pom.xml "$DIST/maestrano-$version.pom"

  local list="$DIST/.lists/jar.list"
  if [ -f "$jar" ]; then
    jar tf "$jar" | sort >"$list"
    has "$list" META-INF/LICENSE-MIT META-INF/LICENSE-APACHE META-INF/MANIFEST.MF \
      com/maestrano/Maestrano.class com/maestrano/Config.class com/maestrano/Sso.class com/maestrano/ffi/Config.class
    local natives
    natives=$(grep -E '^(linux|darwin|win32)-[^/]+/(lib)?maestrano_ffi\.(so|dylib|dll)$' "$list")
    [ -n "$natives" ] || bad "jvm: no native library resource (<platform>/libmaestrano_ffi.*) in the jar"
    echo "jvm: native libraries in the jar: $(echo $natives)"
    grep -qE '\.kt$' "$list" && bad "jvm: Kotlin sources in the binary jar"
  fi
  if [ -f "$sources" ]; then
    jar tf "$sources" | sort >"$DIST/.lists/sources.list"
    has "$DIST/.lists/sources.list" com/maestrano/Maestrano.kt com/maestrano/Http.kt \
      META-INF/LICENSE-MIT META-INF/LICENSE-APACHE
    grep -q '^com/maestrano/ffi/.*\.kt$' "$DIST/.lists/sources.list" || bad "jvm: the generated bindings are not in the -sources jar"
    grep -qE 'maestrano_ffi\.(so|dylib|dll)$' "$DIST/.lists/sources.list" && bad "jvm: a native library in the -sources jar"
  fi
  if [ -f "$javadoc" ]; then
    jar tf "$javadoc" | sort >"$DIST/.lists/javadoc.list"
    has "$DIST/.lists/javadoc.list" index.html META-INF/LICENSE-MIT META-INF/LICENSE-APACHE \
      com/maestrano/Config.html com/maestrano/Sso.html com/maestrano/MaestranoException.html
    # The generated binding is an implementation detail (kotlin/pom.xml suppresses it in Dokka).
    grep -q '^com/maestrano/ffi/' "$DIST/.lists/javadoc.list" && bad "jvm: the javadoc jar documents the generated com.maestrano.ffi"
  fi

  # The dist jar on its own: the JNA and Kotlin runtime jars beside it, no system property.
  local cp_file="$k/runtime-classpath.txt"
  (cd kotlin && mvn -q -B -Dstyle.color=never dependency:build-classpath -DincludeScope=runtime \
    -Dmdep.outputFile=target/runtime-classpath.txt) >"$k/classpath.log" 2>&1 \
    || { cat "$k/classpath.log" >&2; bad "jvm: mvn dependency:build-classpath failed"; return 1; }
  (cd "$(mktemp -d)" && env -u LD_LIBRARY_PATH -u DYLD_LIBRARY_PATH \
    java -cp "$DIST/maestrano-$version.jar:$(cat "$repo/$cp_file")" "$repo/kotlin/smoke/Smoke.java") \
    || bad "jvm: the jar does not load its native library on its own (kotlin/smoke/Smoke.java)"
  return 0
}

# --- Rust core crate ------------------------------------------------------------------------
crate_part() {
  rm -f "$DIST"/maestrano-core-*.crate
  local dirty=() verify=()
  [ "${MAESTRANO_DIST_VERIFY:-1}" = 0 ] && verify=(--no-verify)
  if [ -n "$(git status --porcelain -- core Cargo.toml Cargo.lock 2>/dev/null)" ]; then
    dirty=(--allow-dirty)
    note "crate: core/ has uncommitted changes: packaged with --allow-dirty"
  fi
  local list="$DIST/.lists/crate.list"
  cargo package -p maestrano-core "${dirty[@]}" --list >"$list" || { bad "cargo package --list failed"; return 1; }
  has "$list" Cargo.toml README.md LICENSE-MIT LICENSE-APACHE src/lib.rs \
    certs/local.pem certs/uat.pem certs/production.pem
  cmp -s LICENSE-MIT core/LICENSE-MIT && cmp -s LICENSE-APACHE core/LICENSE-APACHE \
    || bad "crate: core/LICENSE-* differ from the repository's (copy them again)"
  grep -q '^tests/' "$list" && bad "crate: tests/ packaged (they read the workspace's tests/ folder)"
  cargo package -p maestrano-core "${dirty[@]}" "${verify[@]}" || { bad "cargo package failed"; return 1; }
  cp "$target/package/maestrano-core-$version.crate" "$DIST/" || bad "crate: no maestrano-core-$version.crate"
  # The published manifest carries what crates.io shows.
  local manifest
  manifest=$(tar xzOf "$DIST/maestrano-core-$version.crate" "maestrano-core-$version/Cargo.toml" 2>/dev/null)
  for key in description license repository readme keywords categories; do
    grep -q "^$key = " <<<"$manifest" || bad "crate: the packaged Cargo.toml has no $key"
  done
  grep -q 'example.invalid' <<<"$manifest" && bad "crate: the repository URL is still a placeholder"
  echo "crate: $(wc -l <"$list") files"
  return 0
}

# --- Swift ----------------------------------------------------------------------------------
swift_part() {
  rm -rf "$DIST/swift"
  local src="bindings-uniffi/swift"
  if [ ! -d "$src" ] || [ -z "$(ls -A "$src" 2>/dev/null)" ]; then
    note "swift: $src does not exist (scripts/kotlin.sh generates it): skipped"
    return 0
  fi
  mkdir -p "$DIST/swift"
  cp -R "$src"/. "$DIST/swift/"
  cp LICENSE-MIT LICENSE-APACHE "$DIST/swift/"
  ls "$DIST/swift"/*.swift >/dev/null 2>&1 || bad "swift: no .swift file in $src"
  ls "$DIST/swift"/*.h >/dev/null 2>&1 || bad "swift: no C header in $src"
  note "swift: generated sources only (no Swift package manifest, no Apple-platform library: those need macOS)"
  return 0
}

want npm && part npm npm_part
want python && part python python_part
want jvm && part jvm jvm_part
want crate && part crate crate_part
want swift && part swift swift_part

# --- Summary --------------------------------------------------------------------------------
(cd "$DIST" && find . -path ./.lists -prune -o -type f ! -name SHA256SUMS -print | sed 's|^\./||' | sort \
  | xargs -r sha256sum >SHA256SUMS)
printf '\n\033[1m===== dist summary =====\033[0m\n'
printf '%-52s %10s  %s\n' artifact size kind
human() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1" 2>/dev/null || echo "${1}B"; }
for f in "$DIST"/*; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  case "$name" in
    SHA256SUMS) continue ;;
    *.tgz) kind="npm package" ;;
    *.whl) kind="Python wheel" ;;
    *.tar.gz) kind="Python sdist" ;;
    *-sources.jar) kind="JVM sources" ;;
    *-javadoc.jar) kind="JVM javadoc (Dokka)" ;;
    *.jar) kind="JVM jar (with native library)" ;;
    *.pom) kind="Maven POM" ;;
    *.crate) kind="Rust crate" ;;
    swift) kind="Swift binding sources ($(find "$f" -type f | wc -l) files)" ;;
    *) kind="" ;;
  esac
  if [ -d "$f" ]; then size=$(du -sb "$f" | cut -f1); else size=$(stat -c %s "$f"); fi
  printf '%-52s %10s  %s\n' "$name" "$(human "$size")" "$kind"
done
echo
failed=0
for i in "${!PART_NAMES[@]}"; do
  printf '%-8s %s\n' "${PART_NAMES[$i]}" "${PART_RESULTS[$i]}"
  case "${PART_RESULTS[$i]}" in ok*) ;; *) failed=1 ;; esac
done
for n in "${NOTES[@]}"; do echo "note: $n"; done
echo "checksums: dist/SHA256SUMS"
exit $failed
