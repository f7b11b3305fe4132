#!/usr/bin/env bash
# The Spring Boot integration (spring/): builds the SDK jar, installs it in the local Maven
# repository as com.maestrano:maestrano, then builds the starter and the demo app and runs their
# tests: the starter's auto-configuration tests, and the demo end to end against the local
# sandbox (a real Tomcat on loopback walked over HTTP: SSO through the sandbox's IdP with the
# cross-site re-post, replay, return paths, the sign-in hook, webhooks sent by the sandbox and
# forged ones, metadata, single logout). Prints `spring: N passed, N failed, N skipped`; exits
# non-zero on any failure.
#
#   CARGO_TARGET_DIR          cargo's target dir (default <repo>/target)
#   MAESTRANO_SPRING_SDK_JAR  use this SDK jar instead of kotlin/target's (its pom is kotlin/pom.xml)
#   MAESTRANO_SPRING_REBUILD  1: package the SDK jar again even when it looks up to date
#   extra arguments           passed to Maven, e.g. `scripts/spring.sh -Dtest=PagesTest
#                             -Dsurefire.failIfNoSpecifiedTests=false`
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export CARGO_TARGET_DIR="$target"
spring="$repo/spring"
mkdir -p "$spring/target"
log="$spring/target/mvn.log"

fail() { echo "spring.sh: $*" >&2; exit 1; }

# 1. The sandbox the demo's test starts (a no-op when it is up to date).
(cd "$repo" && cargo build --quiet -p maestrano-sandbox)
sandbox="$target/debug/maestrano-sandbox"
[ -x "$sandbox" ] || fail "no sandbox binary at $sandbox"

# 2. The SDK jar (native library inside), built and tested by the kotlin suite
#    (scripts/kotlin.sh). Reused when no source it is built from is newer than it (as right after
#    the kotlin suite in `make test`); else packaged again, without its tests.
version="$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$repo/kotlin/pom.xml" | head -1)"
jar="${MAESTRANO_SPRING_SDK_JAR:-}"
if [ -z "$jar" ]; then
  jar="$repo/kotlin/target/maestrano-$version.jar"
  inputs=("$repo/kotlin/pom.xml" "$repo/kotlin/uniffi-kotlin.toml" "$repo/kotlin/src/main" "$repo/core"
    "$repo/bindings-uniffi/src" "$repo/bindings-uniffi/Cargo.toml" "$repo/bindings-uniffi/uniffi.toml"
    "$repo/Cargo.toml" "$repo/Cargo.lock")
  if [ "${MAESTRANO_SPRING_REBUILD:-0}" = 1 ] || [ ! -f "$jar" ] ||
    [ -n "$(find "${inputs[@]}" -type f -newer "$jar" -print -quit 2>/dev/null)" ]; then
    echo "spring.sh: packaging the SDK jar (scripts/kotlin.sh -DskipTests)"
    bash "$repo/scripts/kotlin.sh" -DskipTests >/dev/null
  fi
fi
[ -f "$jar" ] || fail "no SDK jar at $jar"

# 3. Into the local Maven repository, replacing any earlier build of the same version, so that
#    the starter resolves com.maestrano:maestrano:$version like any dependency (with the pom's
#    own dependencies: JNA, Jackson, Kotlin).
(cd "$repo/kotlin" && mvn -q -B -Dstyle.color=never \
  org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file \
  -Dfile="$jar" -DpomFile="$repo/kotlin/pom.xml") >"$spring/target/install.log" 2>&1 \
  || { cat "$spring/target/install.log" >&2; fail "installing the SDK jar failed"; }

# 4. The starter and the demo: compile (warnings are errors), test, package.
rm -rf "$spring"/*/target/surefire-reports
status=0
(cd "$spring" && mvn -B -Dstyle.color=never -Dmaestrano.sandbox="$sandbox" verify "$@") >"$log" 2>&1 || status=$?

# One line per test class, then the total (from the surefire reports).
python3 - "$spring" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
total = {"passed": 0, "failed": 0, "skipped": 0}
for path in sorted(glob.glob(sys.argv[1] + "/*/target/surefire-reports/TEST-*.xml")):
    suite = ET.parse(path).getroot()
    tests, failures, errors, skipped = (int(suite.get(k, 0)) for k in ("tests", "failures", "errors", "skipped"))
    failed = failures + errors
    passed = tests - failed - skipped
    total["passed"] += passed; total["failed"] += failed; total["skipped"] += skipped
    print(f"{'ok  ' if failed == 0 else 'FAIL'} {suite.get('name')}: {passed} passed, {failed} failed ({float(suite.get('time', 0)):.1f}s)")
    for case in suite.iter("testcase"):
        for problem in list(case.findall("failure")) + list(case.findall("error")):
            print(f"     {case.get('name')}: {(problem.get('message') or '').strip()[:300]}")
print(f"spring: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
PY

if [ "$status" -ne 0 ]; then
  sed -e 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^\[(ERROR|WARNING)\]' | head -60 >&2
  fail "mvn verify failed (exit $status; log: ${log#"$repo"/})"
fi
