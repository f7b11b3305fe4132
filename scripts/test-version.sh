#!/usr/bin/env bash
# Tests scripts/version.sh on a copy of the manifests in a temporary folder (the checkout is never
# written): `check` passes as the repository is, `set` rewrites exactly the version fields and
# nothing else, and `check` fails, naming the file, on each kind of deliberate mismatch.
# Prints `version: N passed, N failed`; exits non-zero on any failure. Needs python3 (3.11+ for
# the independent TOML reading; older ones skip those comparisons).
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
ko() { failed=$((failed + 1)); printf '  FAIL  %s\n' "$1"; [ -n "${2:-}" ] && sed 's/^/        /' <<<"$2"; }

# The files version.sh reads or writes, copied to a fresh folder (also used to reset between cases).
members=$(python3 - "$repo/Cargo.toml" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
ws = re.search(r"^\[workspace\]\s*$(.*?)(?=^\[|\Z)", text, re.S | re.M).group(1)
print(" ".join(re.findall(r'"([^"]+)"', re.search(r"members\s*=\s*\[(.*?)\]", ws, re.S).group(1))))
PY
)
files=(VERSION Cargo.toml Cargo.lock npm/package.json npm/package-lock.json kotlin/pom.xml
       spring/pom.xml spring/maestrano-spring-boot-starter/pom.xml spring/demo/pom.xml
       python/pyproject.toml CHANGELOG.md scripts/version.sh)
for m in $members; do files+=("$m/Cargo.toml"); done
fresh() { # fresh: a new copy of the manifests in $tmp/w
  rm -rf "$tmp/w" "$tmp/orig"
  for f in "${files[@]}"; do
    mkdir -p "$tmp/w/$(dirname "$f")" "$tmp/orig/$(dirname "$f")"
    cp "$repo/$f" "$tmp/w/$f"
    cp "$repo/$f" "$tmp/orig/$f"
  done
}
v() { bash "$tmp/w/scripts/version.sh" "$@"; }
# expect_fail <name> <file the error must name> <command...>
expect_fail() {
  local name=$1 file=$2; shift 2
  local out rc=0
  out=$("$@" 2>&1) || rc=$?
  if [ "$rc" = 1 ] && grep -q "MISMATCH.*$file\|^version.sh: $file" <<<"$out"; then ok "$name"; else ko "$name (exit $rc, expected 1 naming $file)" "$out"; fi
}
edit() { # edit <file> <python expression on s>: rewrites a file of the copy
  python3 - "$tmp/w/$1" "$2" <<'PY'
import sys
p, expr = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read()
new = eval(expr)
assert new != s, f"edit did not change {p}"
open(p, "w", encoding="utf-8").write(new)
PY
}

current=$(cat "$repo/VERSION" | tr -d '[:space:]')
echo "version.sh on a copy of the manifests (VERSION is $current)"

# 1. The repository as it is passes.
fresh
out=$(v check 2>&1) && ok "check passes on the repository's manifests" || ko "check passes on the repository's manifests" "$out"
[ "$(v)" = "$current" ] && ok "prints the version" || ko "prints the version"

# 2. set rewrites the version fields, and only them.
fresh
out=$(v set 0.2.0 2>&1) && ok "set 0.2.0 succeeds" || ko "set 0.2.0 succeeds" "$out"
out=$(python3 - "$tmp/orig" "$tmp/w" "$members" <<'PY' 2>&1
import difflib, json, os, re, sys, xml.etree.ElementTree as ET
orig, work, members = sys.argv[1], sys.argv[2], sys.argv[3].split()
new = "0.2.0"
errors = []
def text(base, rel):
    with open(os.path.join(base, rel), encoding="utf-8") as f:
        return f.read()
# Every changed line is a version field now holding 0.2.0; count them per file.
changed = {}
for dirpath, _, names in os.walk(orig):
    for n in names:
        rel = os.path.relpath(os.path.join(dirpath, n), orig)
        a, b = text(orig, rel).splitlines(), text(work, rel).splitlines()
        if len(a) != len(b):
            errors.append(f"{rel}: line count changed")
            continue
        diff = [(x, y) for x, y in zip(a, b) if x != y]
        for x, y in diff:
            if x.replace(re.search(r"\d+\.\d+\.\d+[\w.-]*", x).group(0), new, 1) != y:
                errors.append(f"{rel}: unexpected change {x!r} -> {y!r}")
        if diff:
            changed[rel] = len(diff)
want = {"VERSION": 1, "Cargo.toml": 1, "Cargo.lock": len(members), "npm/package.json": 1,
        "npm/package-lock.json": 2, "kotlin/pom.xml": 1, "spring/pom.xml": 2,
        "spring/maestrano-spring-boot-starter/pom.xml": 1, "spring/demo/pom.xml": 1}
if changed != want:
    errors.append(f"changed lines per file {changed}, expected {want}")
# Read back independently.
pkg = json.loads(text(work, "npm/package.json"))
lock = json.loads(text(work, "npm/package-lock.json"))
if pkg["version"] != new or lock["version"] != new or lock["packages"][""]["version"] != new:
    errors.append("npm versions not rewritten")
lock0 = json.loads(text(orig, "npm/package-lock.json"))["packages"]
if any(k != "" and v.get("version") != lock0.get(k, {}).get("version") for k, v in lock["packages"].items()):
    errors.append("a dependency entry of package-lock.json was rewritten")
ns = "{http://maven.apache.org/POM/4.0.0}"
pom = ET.fromstring(text(work, "kotlin/pom.xml"))
if pom.find(ns + "version").text != new:
    errors.append("pom <project><version> not rewritten")
if any(d.find(ns + "version") is not None and d.find(ns + "version").text == new for d in pom.iter(ns + "dependency")):
    errors.append("a pom dependency version was rewritten")
spring = ET.fromstring(text(work, "spring/pom.xml"))
if spring.find(ns + "version").text != new or spring.find(ns + "properties").find(ns + "maestrano.version").text != new:
    errors.append("spring/pom.xml: <project><version> or <maestrano.version> not rewritten")
for rel in ("spring/maestrano-spring-boot-starter/pom.xml", "spring/demo/pom.xml"):
    if ET.fromstring(text(work, rel)).find(ns + "parent").find(ns + "version").text != new:
        errors.append(f"{rel}: <parent><version> not rewritten")
try:
    import tomllib
    cargo = tomllib.loads(text(work, "Cargo.toml"))
    if cargo["workspace"]["package"]["version"] != new:
        errors.append("Cargo.toml [workspace.package] version not rewritten")
    lockc = tomllib.loads(text(work, "Cargo.lock"))
    ours = {p["name"]: p["version"] for p in lockc["package"] if "source" not in p and p["name"].startswith("maestrano")}
    if set(ours.values()) != {new}:
        errors.append(f"Cargo.lock workspace entries: {ours}")
except ImportError:
    pass
print("\n".join(errors))
sys.exit(1 if errors else 0)
PY
) && ok "set changed exactly the version fields (Cargo.toml, Cargo.lock, npm x2, pom)" || ko "set changed exactly the version fields" "$out"
out=$(v check 2>&1) && ok "check passes after set ([Unreleased] section)" || ko "check passes after set" "$out"
expect_fail "check --release fails without a '## [0.2.0]' section" CHANGELOG.md v check --release
out=$(v set 0.2.0 2>&1) && grep -q "nothing" <<<"$out" && ok "set is idempotent" || ko "set is idempotent" "$out"

# 3. Each manifest out of step makes check fail and name it.
fresh; edit kotlin/pom.xml "s.replace('<version>$current</version>', '<version>9.9.9</version>', 1)"
expect_fail "mismatched kotlin/pom.xml" kotlin/pom.xml v check
fresh; edit npm/package.json "s.replace('\"version\": \"$current\"', '\"version\": \"9.9.9\"', 1)"
expect_fail "mismatched npm/package.json" npm/package.json v check
fresh; edit npm/package-lock.json "s.replace('\"version\": \"$current\"', '\"version\": \"9.9.9\"', 2).replace('\"version\": \"9.9.9\"', '\"version\": \"$current\"', 1)"
expect_fail "mismatched npm/package-lock.json packages[\"\"]" npm/package-lock.json v check
fresh; edit Cargo.toml "s.replace('version = \"$current\"', 'version = \"9.9.9\"', 1)"
expect_fail "mismatched Cargo.toml" Cargo.toml v check
fresh; edit core/Cargo.toml "s.replace('version.workspace = true', 'version = \"9.9.9\"', 1)"
expect_fail "a crate pinning another version" core/Cargo.toml v check
out=$(v set 0.3.0 2>&1) && grep -q 'version = "0.3.0"' "$tmp/w/core/Cargo.toml" \
  && ok "set rewrites a crate that pins its own version" || ko "set rewrites a crate that pins its own version" "$out"
fresh; edit Cargo.toml "s.replace('maestrano-core = { path = \"core\" }', 'maestrano-core = { path = \"core\", version = \"=9.9.9\" }', 1)"
expect_fail "a path dependency on a workspace crate at another version" Cargo.toml v check
out=$(v set 0.3.0 2>&1) && grep -q 'version = "=0.3.0"' "$tmp/w/Cargo.toml" \
  && ok "set rewrites path dependency versions (keeping '=')" || ko "set rewrites path dependency versions" "$out"
fresh; edit python/pyproject.toml "s.replace('dynamic = [\"version\"]', 'version = \"9.9.9\"', 1)"
expect_fail "python/pyproject.toml with a static version" python/pyproject.toml v check
fresh; edit CHANGELOG.md "s.replace('## [Unreleased]', '## [Later]').replace('## [$current]', '## [0.0.9]')"
expect_fail "CHANGELOG.md with no section for the version" CHANGELOG.md v check
fresh; printf '1.2\n' >"$tmp/w/VERSION"
expect_fail "a malformed VERSION" VERSION v check
fresh
expect_fail "a tag other than v\$VERSION" "tag" v check --tag v9.9.9
out=$(v check --release --tag "refs/tags/v$current" 2>&1) && ok "check --release --tag v$current" || ko "check --release --tag v$current" "$out"

# 4. set refuses a malformed version and writes nothing.
fresh
rc=0; out=$(v set 1.2 2>&1) || rc=$?
if [ "$rc" = 1 ] && diff -r "$tmp/orig" "$tmp/w" >/dev/null; then ok "set refuses 1.2 and writes nothing"; else ko "set refuses 1.2 and writes nothing (exit $rc)" "$out"; fi

# 5. A missing manifest is an error, not a pass.
fresh; rm "$tmp/w/kotlin/pom.xml"
expect_fail "a missing kotlin/pom.xml" kotlin/pom.xml v check

echo "version: $passed passed, $failed failed"
[ "$failed" = 0 ]
