#!/usr/bin/env bash
# The Swift package (swift/): its generated sources, their check, and the XCFramework.
#
#   scripts/xcframework.sh sources   regenerate swift/Sources/MaestranoFFI/MaestranoFFI.swift and
#                                    swift/FFI/MaestranoFFIFFI/{MaestranoFFIFFI.h,module.modulemap}
#                                    with the workspace's uniffi-bindgen (any OS); commit them
#   scripts/xcframework.sh check     (any OS, what `make test` runs) the committed sources are
#                                    exactly what uniffi-bindgen generates now; Package.swift
#                                    declares the expected product, targets and platforms; every
#                                    call of the Swift layer into MaestranoFFI names a generated
#                                    function with those labels; this script passes bash -n and
#                                    ShellCheck (when one is found)
#   scripts/xcframework.sh [build]   (macOS only) builds the Rust core as static libraries for
#                                    aarch64-apple-darwin, x86_64-apple-darwin, aarch64-apple-ios,
#                                    aarch64-apple-ios-sim and x86_64-apple-ios (release), lipos
#                                    each platform's slices together and writes
#                                    swift/MaestranoFFIFFI.xcframework with xcodebuild
#   scripts/xcframework.sh test      (macOS only) build, then `swift test` in swift/
#
#   CARGO_TARGET_DIR   cargo's target dir (default <repo>/target)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="${CARGO_TARGET_DIR:-$repo/target}"
case "$target" in /*) ;; *) target="$repo/$target" ;; esac
export CARGO_TARGET_DIR="$target"

swift="$repo/swift"
generated_swift="$swift/Sources/MaestranoFFI/MaestranoFFI.swift"
ffi_dir="$swift/FFI/MaestranoFFIFFI"
xcframework="$swift/MaestranoFFIFFI.xcframework"
# The minimums Package.swift declares (platforms: .macOS(.v12), .iOS(.v15)).
macos_min=12.0
ios_min=15.0
apple_targets=(aarch64-apple-darwin x86_64-apple-darwin aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios)

# Scratch space of this run (generated bindings to compare or copy), removed on exit.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

say() { echo "xcframework.sh: $*"; }
die() { echo "xcframework.sh: $*" >&2; exit 1; }

# generate <dir>: the Swift bindings of the host library into <dir> (MaestranoFFI.swift,
# MaestranoFFIFFI.h, MaestranoFFIFFI.modulemap). The bindings depend only on the exported
# interface, not on the platform the library was built for, so the host's debug build serves.
generate() {
  local lib
  case "$(uname -s)" in
    Darwin) lib="$target/debug/libmaestrano_ffi.dylib" ;;
    *) lib="$target/debug/libmaestrano_ffi.so" ;;
  esac
  (cd "$repo" && cargo build --quiet -p maestrano-uniffi)
  (cd "$repo" && "$target/debug/uniffi-bindgen" generate "$lib" --language swift --no-format \
    --out-dir "$1" >/dev/null)
}

# layout <generated-dir> <root>: the generated files where the package keeps them, under <root>.
layout() {
  mkdir -p "$2/Sources/MaestranoFFI" "$2/FFI/MaestranoFFIFFI"
  cp "$1/MaestranoFFI.swift" "$2/Sources/MaestranoFFI/MaestranoFFI.swift"
  cp "$1/MaestranoFFIFFI.h" "$2/FFI/MaestranoFFIFFI/MaestranoFFIFFI.h"
  # The XCFramework's headers folder wants the module map under this exact name.
  cp "$1/MaestranoFFIFFI.modulemap" "$2/FFI/MaestranoFFIFFI/module.modulemap"
}

cmd_sources() {
  rm -rf "$scratch/sources"
  generate "$scratch/sources"
  layout "$scratch/sources" "$swift"
  say "wrote ${generated_swift#"$repo"/} and ${ffi_dir#"$repo"/}/"
}

# The checks that need no Swift toolchain. Prints one line per check; exits 1 if any failed.
cmd_check() {
  local failed=0 passed=0
  rm -rf "$scratch/gen" "$scratch/pkg"
  ok() { passed=$((passed + 1)); echo "ok   $*"; }
  bad() { failed=$((failed + 1)); echo "FAIL $*"; }

  # 1. The committed generated sources are what the generator writes now.
  generate "$scratch/gen"
  layout "$scratch/gen" "$scratch/pkg"
  local f
  for f in Sources/MaestranoFFI/MaestranoFFI.swift FFI/MaestranoFFIFFI/MaestranoFFIFFI.h FFI/MaestranoFFIFFI/module.modulemap; do
    if diff -u "$swift/$f" "$scratch/pkg/$f" >"$scratch/diff" 2>&1; then
      ok "swift/$f is up to date with uniffi-bindgen"
    else
      head -40 "$scratch/diff"
      bad "swift/$f differs from what uniffi-bindgen generates: run scripts/xcframework.sh sources and commit"
    fi
  done

  # 2. Package.swift, the module names and the layer over the generated API.
  if python3 - "$repo" <<'PY'; then ok "Package.swift, module names and the Swift layer's calls agree with the generated API"; else bad "Package.swift / module names / Swift layer (see above)"; fi
import os, re, sys
repo = sys.argv[1]
swift = os.path.join(repo, "swift")
read = lambda *p: open(os.path.join(*p), encoding="utf-8").read()
errors = []
def need(cond, what):
    if not cond:
        errors.append(what)

pkg = read(swift, "Package.swift")
need(re.match(r"// swift-tools-version:\s*5\.(9|\d\d)", pkg), "swift-tools-version 5.9+")
need(re.search(r'\.library\(name:\s*"Maestrano",\s*targets:\s*\["Maestrano"\]\)', pkg), 'product .library(name: "Maestrano", targets: ["Maestrano"])')
need(re.search(r'\.binaryTarget\(name:\s*"MaestranoFFIFFI",\s*path:\s*"MaestranoFFIFFI\.xcframework"\)', pkg), "binaryTarget MaestranoFFIFFI at MaestranoFFIFFI.xcframework")
need(re.search(r'\.target\(name:\s*"MaestranoFFI",\s*dependencies:\s*\["MaestranoFFIFFI"\],\s*path:\s*"Sources/MaestranoFFI"\)', pkg), "target MaestranoFFI over the binary target")
need(re.search(r'\.target\(name:\s*"Maestrano",\s*dependencies:\s*\["MaestranoFFI"\],\s*path:\s*"Sources/Maestrano"\)', pkg), "target Maestrano over MaestranoFFI")
need(re.search(r'\.testTarget\(name:\s*"MaestranoTests",\s*dependencies:\s*\["Maestrano"\],\s*path:\s*"Tests/MaestranoTests"\)', pkg), "test target MaestranoTests")
need(re.search(r"platforms:\s*\[\.macOS\(\.v12\),\s*\.iOS\(\.v15\)\]", pkg), "platforms macOS 12 / iOS 15 (the script's deployment targets)")
need(pkg.count("(") == pkg.count(")") and pkg.count("[") == pkg.count("]"), "balanced brackets in Package.swift")
for d in ("Sources/MaestranoFFI", "Sources/Maestrano", "Tests/MaestranoTests"):
    need(any(f.endswith(".swift") for f in os.listdir(os.path.join(swift, d))), f"{d} holds Swift sources")

toml = read(repo, "bindings-uniffi", "uniffi.toml")
need(re.search(r'^module_name = "MaestranoFFI"$', toml, re.M), "uniffi.toml module_name = MaestranoFFI (the generated target's name)")
need(re.search(r'^ffi_module_name = "MaestranoFFIFFI"$', toml, re.M), "uniffi.toml ffi_module_name = MaestranoFFIFFI (the binary target's name)")
modulemap = read(swift, "FFI", "MaestranoFFIFFI", "module.modulemap")
need(re.search(r'^module MaestranoFFIFFI \{', modulemap, re.M) and 'header "MaestranoFFIFFI.h"' in modulemap, "module map declares MaestranoFFIFFI over MaestranoFFIFFI.h")
gen = read(swift, "Sources", "MaestranoFFI", "MaestranoFFI.swift")
need("#if canImport(MaestranoFFIFFI)" in gen, "generated Swift imports MaestranoFFIFFI")

# Every `MaestranoFFI.name(label: …, label: …)` of the layer names a generated public func with
# exactly those argument labels (a grep-level stand-in for the compiler, which is not here).
funcs = {}
for m in re.finditer(r"^public func (\w+)\(([^)]*)\)", gen, re.M):
    labels = [a.split(":")[0].strip() for a in m.group(1 + 1).split(",") if a.strip()]
    funcs.setdefault(m.group(1), []).append(labels)
calls = 0
layer = os.path.join(swift, "Sources", "Maestrano")
for name in sorted(os.listdir(layer)):
    text = read(layer, name)
    for m in re.finditer(r"MaestranoFFI\.(\w+)\(", text):
        # The argument list up to the matching parenthesis.
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"(": 1, ")": -1}.get(text[i], 0)
            i += 1
        args, depth, cur = [], 0, ""
        for ch in text[m.end():i - 1]:
            if ch in "([{":
                depth += 1
            elif ch in ")]}":
                depth -= 1
            if ch == "," and depth == 0:
                args.append(cur); cur = ""
            else:
                cur += ch
        if cur.strip():
            args.append(cur)
        labels = [re.match(r"\s*(\w+)\s*:", a).group(1) if re.match(r"\s*(\w+)\s*:(?!:)", a) else "_" for a in args]
        calls += 1
        need(labels in funcs.get(m.group(1), []), f"{name}: MaestranoFFI.{m.group(1)}({', '.join(l + ':' for l in labels)}) is not a generated function")
    for t in re.findall(r"extension (\w+)", text):
        need(re.search(rf"^(public (struct|enum|protocol)|open class) {t}\b", gen, re.M) or re.search(rf"^public\s*\nenum {t}\b", gen, re.M), f"{name}: extension of unknown type {t}")
need(calls >= 9, f"the layer calls into MaestranoFFI ({calls} calls found)")
for e in errors:
    print("  -", e)
sys.exit(1 if errors else 0)
PY

  # 3. This script.
  if bash -n "${BASH_SOURCE[0]}"; then ok "bash -n scripts/xcframework.sh"; else bad "bash -n scripts/xcframework.sh"; fi
  local sc=""
  for candidate in "$(command -v shellcheck || true)" "${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}/lint-venv/bin/shellcheck"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then sc="$candidate"; break; fi
  done
  if [ -n "$sc" ]; then
    if "$sc" -x "${BASH_SOURCE[0]}"; then ok "shellcheck scripts/xcframework.sh"; else bad "shellcheck scripts/xcframework.sh"; fi
  else
    echo "skip shellcheck (none found; scripts/lint-workflows.sh installs one)"
  fi

  echo "swift: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}

require_macos() {
  if [ "$(uname -s)" != Darwin ]; then
    die "building the XCFramework needs macOS (xcodebuild, lipo and the Apple SDKs); this is $(uname -s). Here, run 'scripts/xcframework.sh check' (the generated sources and the package layout)."
  fi
  command -v xcodebuild >/dev/null || die "xcodebuild not found: install Xcode (not only the command line tools) and run xcode-select -s"
  command -v lipo >/dev/null || die "lipo not found (Xcode command line tools)"
}

cmd_build() {
  require_macos
  # The libraries must match the committed header and bindings.
  cmd_check >/dev/null || die "the committed Swift sources are stale or the package is inconsistent: run scripts/xcframework.sh check"
  rustup target add "${apple_targets[@]}"
  local t
  for t in "${apple_targets[@]}"; do
    say "cargo: $t"
    (cd "$repo" && MACOSX_DEPLOYMENT_TARGET=$macos_min IPHONEOS_DEPLOYMENT_TARGET=$ios_min \
      cargo rustc --quiet -p maestrano-uniffi --lib --crate-type staticlib --release --target "$t")
  done
  local out="$target/xcframework"
  rm -rf "$out"
  mkdir -p "$out/macos" "$out/ios" "$out/ios-simulator" "$out/headers"
  lib() { echo "$target/$1/release/libmaestrano_ffi.a"; }
  lipo -create "$(lib aarch64-apple-darwin)" "$(lib x86_64-apple-darwin)" -output "$out/macos/libmaestrano_ffi.a"
  lipo -create "$(lib aarch64-apple-ios-sim)" "$(lib x86_64-apple-ios)" -output "$out/ios-simulator/libmaestrano_ffi.a"
  cp "$(lib aarch64-apple-ios)" "$out/ios/libmaestrano_ffi.a"
  # Headers/MaestranoFFIFFI/{MaestranoFFIFFI.h,module.modulemap}: namespaced, so that Xcode, which
  # copies every XCFramework's headers into one include/ folder, sees no clash with another
  # package's module.modulemap.
  cp -R "$ffi_dir" "$out/headers/MaestranoFFIFFI"
  rm -rf "$xcframework"
  xcodebuild -create-xcframework \
    -library "$out/macos/libmaestrano_ffi.a" -headers "$out/headers" \
    -library "$out/ios/libmaestrano_ffi.a" -headers "$out/headers" \
    -library "$out/ios-simulator/libmaestrano_ffi.a" -headers "$out/headers" \
    -output "$xcframework"
  say "wrote ${xcframework#"$repo"/}"
}

case "${1:-build}" in
  sources) cmd_sources ;;
  check) cmd_check ;;
  build) cmd_build ;;
  test)
    cmd_build
    command -v swift >/dev/null || die "swift not found"
    (cd "$swift" && swift test)
    ;;
  -h | --help | help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//' ;;
  *) die "unknown command '$1' (sources, check, build, test)" ;;
esac
