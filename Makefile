# Two commands do everything: `make demo` and `make test`. Both install what is missing first.
.PHONY: demo test setup build-npm build-python clean

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
	rm -rf npm/dist npm/wasm kotlin/target bindings-uniffi/swift
