# Two commands do everything: `make demo` and `make test`. Both install what is missing first.
.PHONY: demo test setup build-npm build-python clean version-check lint-workflows docs dist

demo: setup build-npm
	bash scripts/demo.sh

test:
	bash scripts/test-all.sh

setup:
	bash scripts/setup.sh

build-npm:
	cd npm && node scripts/build.mjs

build-python:
	bash scripts/setup.sh python
	cd python && "$${MAESTRANO_CACHE:-$$HOME/.cache/maestrano-dev}/venv/bin/maturin" build --release -o ../target/wheels

clean:
	cargo clean
	rm -rf npm/dist npm/wasm kotlin/target spring/target spring/*/target bindings-uniffi/swift dist

# One version for every package (VERSION); `scripts/version.sh set X.Y.Z` writes it everywhere.
version-check:
	bash scripts/version.sh check
	bash scripts/test-version.sh

# The release and CI workflows, schema-checked and linted (actionlint built once from the Go proxy).
lint-workflows:
	bash scripts/lint-workflows.sh

# API reference for Rust, JS, Python and Kotlin into target/docs/ (index.html links them).
docs:
	bash scripts/docs.sh

# Every artifact from this checkout into dist/, each checked: the npm tarball, the wheel and
# sdist, the jars (native library inside), the core crate, the Swift binding sources.
dist:
	bash scripts/dist.sh
