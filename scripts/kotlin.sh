#!/usr/bin/env bash
# Builds the UniFFI library, generates its Kotlin (and Swift) bindings and runs the Kotlin host's
# JUnit suite (kotlin/): the shared vectors plus unit tests, then packages the jar (the native
# library inside, as a JNA resource), runs JarLoadingIT and KotlinConsumerIT against it with no
# jna.library.path, and compiles and runs the plain Java consumer (kotlin/java-consumer/, javac and
# java only) against the jar as installed in the Maven repository kotlin/target/m2.
# Prints the vector runner's lines and its closing `kotlin: N passed, N failed, N skipped`; exits
# non-zero on any failure.
#
#   CARGO_TARGET_DIR         cargo's target dir (default <repo>/target)
#   MAESTRANO_EXTRA_VECTORS  extra vector folders, colon-separated (passed through to the tests)
#   MAESTRANO_KOTLIN_PROFILE cargo profile of the native library (default dev; release for a jar
#                            to ship, as scripts/dist.sh does)
#   MAESTRANO_KOTLIN_DOCS    1: also build the -javadoc jar with Dokka (slower; off by default)
#   extra arguments          passed to Maven, e.g. `scripts/kotlin.sh -Dtest=ApiTest`
#
# Idempotent: cargo and the Kotlin incremental compiler skip unchanged work, and generated files
# and the native library are only replaced when their content changes.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export CARGO_TARGET_DIR="$target"

kotlin="$repo/kotlin"
generated="$kotlin/target/generated-sources/uniffi"
native="$kotlin/target/native"
swift="$repo/bindings-uniffi/swift"
report="$kotlin/target/kotlin-vectors.txt"

native_resources="$kotlin/target/native-resources"

# The library's file name, and JNA's resource folder for this platform (Platform.RESOURCE_PREFIX:
# where JNA looks on the classpath, so inside the jar).
case "$(uname -s)" in
  Darwin) lib_file="libmaestrano_ffi.dylib"; os=darwin ;;
  MINGW* | MSYS* | CYGWIN*) lib_file="maestrano_ffi.dll"; os=win32 ;;
  *) lib_file="libmaestrano_ffi.so"; os=linux ;;
esac
case "$(uname -m)" in
  x86_64 | amd64) arch=x86-64 ;;
  aarch64 | arm64) arch=aarch64 ;;
  *) arch="$(uname -m)" ;;
esac
jna_platform="$os-$arch"

# 1. The native library and the workspace's own bindgen (a no-op when nothing changed). The dev
#    profile by default: `make test` has just built it for the Rust suite, so this costs nothing;
#    MAESTRANO_KOTLIN_PROFILE=release tests the optimised library.
profile="${MAESTRANO_KOTLIN_PROFILE:-dev}"
(cd "$repo" && cargo build --quiet --profile "$profile" -p maestrano-uniffi)
profile_dir=$([ "$profile" = dev ] && echo debug || echo "$profile")
lib="$target/$profile_dir/$lib_file"
bindgen="$target/$profile_dir/uniffi-bindgen"

# 2. Bindings, generated into a scratch dir and moved in only when they differ, so unchanged
#    sources keep their timestamps and are not recompiled.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

sync_dir() { # sync_dir <from> <to>: replace <to> by <from> unless identical
  if ! diff -rq "$1" "$2" >/dev/null 2>&1; then
    rm -rf "$2"
    mkdir -p "$(dirname "$2")"
    cp -R "$1" "$2"
  fi
}

(cd "$repo" && "$bindgen" generate "$lib" --language kotlin --no-format \
  --config "$kotlin/uniffi-kotlin.toml" --out-dir "$scratch/kotlin" >/dev/null)
sync_dir "$scratch/kotlin" "$generated"
(cd "$repo" && "$bindgen" generate "$lib" --language swift --no-format \
  --out-dir "$scratch/swift" >/dev/null)
sync_dir "$scratch/swift" "$swift"

# 3. The library where JNA looks for it: target/native (the unit tests' jna.library.path) and
#    target/native-resources/<platform>/ (a resource folder of the jar).
install_lib() { # install_lib <dir>: copy the library there unless identical
  mkdir -p "$1"
  if ! cmp -s "$lib" "$1/$lib_file"; then
    cp "$lib" "$1/$lib_file.tmp"
    mv "$1/$lib_file.tmp" "$1/$lib_file"
  fi
}
install_lib "$native"
install_lib "$native_resources/$jna_platform"

# 4. Maven: compile the generated and hand-written Kotlin, run JUnit, package the jars, run
#    JarLoadingIT on the jar.
rm -rf "$report" "$kotlin/target/failsafe-reports"
# The Kotlin incremental caches do not follow changes of the POM's source roots: start them
# afresh (one full compile) whenever pom.xml is newer than they are.
if [ -d "$kotlin/target/kotlin-ic" ] && [ "$kotlin/pom.xml" -nt "$kotlin/target/kotlin-ic" ]; then
  rm -rf "$kotlin/target/kotlin-ic" "$kotlin/target/classes" "$kotlin/target/test-classes"
fi
# The test compilation's incremental cache can miss a changed main signature (a new default
# argument changes the synthetic `$default` method): tests then fail with NoSuchMethodError.
# Recompile the tests afresh whenever a main source changed since they were last compiled.
test_stamp="$kotlin/target/test-classes/.main-sources-stamp"
if [ -f "$test_stamp" ] && [ -n "$(find "$kotlin/src/main" "$generated" -newer "$test_stamp" -print -quit 2>/dev/null)" ]; then
  rm -rf "$kotlin/target/kotlin-ic/test" "$kotlin/target/test-classes"
fi
log="$kotlin/target/mvn.log"
touch "$scratch/started" # the time the sources were read, for the stamp
status=0
docs=(-Dmaestrano.docs.skip=true)
if [ "${MAESTRANO_KOTLIN_DOCS:-0}" = 1 ]; then
  docs=()
  # Dokka adds to its output folder and never empties it: pages of removed classes would stay.
  rm -rf "$kotlin/target/dokkaJavadocJar"
fi
(cd "$kotlin" && mvn -q -B -Dstyle.color=never "${docs[@]}" verify "$@") >"$log" 2>&1 || status=$?

if [ -f "$report" ]; then
  cat "$report"
fi
if [ "$status" -eq 0 ] && [ -d "$kotlin/target/test-classes" ]; then
  cp -p "$scratch/started" "$test_stamp"
fi
if [ "$status" -ne 0 ]; then
  # Maven 3.8's quiet mode leaves stray ANSI resets; strip them.
  sed -e 's/\x1b\[[0-9;]*m//g' "$log" >&2
  echo "kotlin.sh: mvn verify failed (exit $status; log: ${log#"$repo"/})" >&2
  exit "$status"
fi
if [ ! -f "$report" ] && [ "$#" -eq 0 ]; then
  echo "kotlin.sh: the vector runner did not run (no ${report#"$repo"/})" >&2
  exit 1
fi
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$kotlin/pom.xml" | head -1)"
jar="$kotlin/target/maestrano-$version.jar"
if [ -f "$kotlin/target/failsafe-reports/TEST-com.maestrano.JarLoadingIT.xml" ]; then
  echo "kotlin jar: ${jar#"$repo"/} loads $jna_platform/$lib_file from the jar (JarLoadingIT)"
fi

# 5. The plain Java consumer: javac and java only, on the jar from the Maven repository the build
#    installed it into (target/m2) and the runtime classpath its POM gives a consumer (Maven
#    wrote both in the package phase). No Kotlin source, no system property.
installed="$kotlin/target/m2/com/maestrano/maestrano/$version/maestrano-$version.jar"
classpath_file="$kotlin/target/runtime-classpath.txt"
if [ -f "$installed" ] && [ -f "$classpath_file" ]; then
  consumer_out="$kotlin/target/java-consumer"
  rm -rf "$consumer_out"
  cp="$installed:$(cat "$classpath_file")"
  javac -Xlint:all -Werror --release 17 -d "$consumer_out" -cp "$cp" \
    "$kotlin"/java-consumer/src/main/java/example/*.java
  java -cp "$consumer_out:$cp" example.Consumer "$repo/tests/vectors/saml/modern-valid-sha256.json"
elif [ "$#" -eq 0 ]; then
  echo "kotlin.sh: the build did not install the jar into target/m2" >&2
  exit 1
fi
