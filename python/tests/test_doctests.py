"""The ``>>>`` examples in the package's docstrings, run with :mod:`doctest` against the installed
package, so the API reference (``make docs``) shows code that works.

Runs under pytest (the Python suite) and as a script (``scripts/docs.sh``, without pytest)::

    python python/tests/test_doctests.py    # prints `doctests: N passed, N failed`; exit 1 on failure
"""

from __future__ import annotations

import doctest
import importlib
import sys

#: The modules whose docstrings carry examples; each must run at least one.
MODULES = ("maestrano._json", "maestrano.webhooks", "maestrano.xmldsig")


def run(name: str) -> doctest.TestResults:
    """Run the examples of module ``name``; failures are printed (pytest shows them on failure)."""
    module = importlib.import_module(name)
    return doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)


def check(name: str) -> None:
    failed, attempted = run(name)
    assert attempted > 0, f"{name}: no doctest example ran"
    assert failed == 0, f"{name}: {failed} of {attempted} doctest examples failed (output above)"


def test_json_examples() -> None:
    check("maestrano._json")


def test_webhooks_examples() -> None:
    check("maestrano.webhooks")


def test_xmldsig_examples() -> None:
    check("maestrano.xmldsig")


if __name__ == "__main__":
    passed = failed = 0
    for name in MODULES:
        result = run(name)
        if result.attempted == 0:
            print(f"{name}: no doctest example ran", file=sys.stderr)
            failed += 1
        failed += result.failed
        passed += result.attempted - result.failed
        print(f"  {name}: {result.attempted - result.failed} of {result.attempted} examples passed")
    print(f"doctests: {passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
