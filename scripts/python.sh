#!/usr/bin/env bash
# The Python suite: builds the wheel and the sdist, installs the wheel (with every extra) into a
# fresh venv, and checks the package as its users get it:
#   1. pytest: unit tests, the Redis stores on a real redis-server, and the Flask, Django and
#      FastAPI integrations end to end against the local sandbox;
#   2. the shared vectors (`python: N passed, N failed, N skipped`);
#   3. types: the native module's stub is current, `mypy --strict` and pyright (strict) pass on
#      the package and on a consumer file against the installed wheel;
#   4. distribution: `auditwheel show` (manylinux), `twine check` of the metadata, and a wheel
#      built from the sdist.
# Exits non-zero on any failure.
#
#   MAESTRANO_CACHE   tool cache (default ~/.cache/maestrano-dev)
#   SKIP_SDIST_BUILD  set to skip building a wheel from the sdist (the slowest check)
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${MAESTRANO_CACHE:-$HOME/.cache/maestrano-dev}"
VENV="$CACHE/venv"
wheels="$CACHE/wheels"
env="$CACHE/test-venv"
target="${CARGO_TARGET_DIR:-$PWD/target}"
case "$target" in /*) ;; *) target="$PWD/$target" ;; esac
say() { printf '\033[1m[python]\033[0m %s\n' "$*"; }

bash scripts/setup.sh python >/dev/null
# What `maturin develop` leaves next to the stub would collide with the wheel's own native files.
find python/src/maestrano/_native -mindepth 1 ! -name __init__.pyi -exec rm -rf {} +
rm -rf "$wheels"
say "building the wheel and the sdist"
(cd python && "$VENV/bin/maturin" build --release --quiet -o "$wheels")
(cd python && "$VENV/bin/maturin" sdist -o "$wheels" >/dev/null)
wheel=("$wheels"/maestrano-*.whl)
sdist=("$wheels"/maestrano-*.tar.gz)

# A fresh venv each run: the wheel must install with pip and need nothing else.
rm -rf "$env" && python3 -m venv "$env"
say "installing the wheel with every extra, and the test tools"
"$env/bin/pip" install -q "${wheel[0]}[httpx,redis,flask,django,fastapi]" \
  pytest uvicorn mypy==2.4.1 pyright==1.1.414 django-stubs==6.1.2 twine auditwheel

cargo build -q -p maestrano-sandbox
export MAESTRANO_SANDBOX="$target/debug/maestrano-sandbox"

say "pytest"
"$env/bin/python" -m pytest -q -p no:cacheprovider python/tests
"$env/bin/python" python/tests/run_vectors.py

say "types"
"$env/bin/python" python/scripts/native_stub.py --check
(cd python && "$env/bin/mypy" --no-incremental)
(cd python && "$env/bin/pyright" --pythonpath "$env/bin/python" | tail -1)
# The consumer file is checked outside the repository, against the installed wheel.
consumer=$(mktemp -d)
cp python/tests/typing/consumer.py "$consumer/"
echo '{"typeCheckingMode": "strict"}' > "$consumer/pyrightconfig.json"
(cd "$consumer" && "$env/bin/mypy" --strict --no-incremental consumer.py \
  && "$env/bin/pyright" --pythonpath "$env/bin/python" consumer.py | tail -1)
rm -rf "$consumer"

say "distribution"
"$env/bin/auditwheel" show "${wheel[0]}"
"$env/bin/twine" check --strict "${wheel[0]}" "${sdist[0]}"
if [ -z "${SKIP_SDIST_BUILD:-}" ]; then
  say "building a wheel from the sdist"
  # The shared target dir lets cargo reuse the compiled dependencies.
  CARGO_TARGET_DIR="$target" "$env/bin/pip" wheel -q --no-deps "${sdist[0]}" -w "$(mktemp -d)"
fi
say "ok"
