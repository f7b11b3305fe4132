"""Fixtures of the integration tests: a fresh local sandbox per test module (skipped when the
``maestrano-sandbox`` binary has not been built: ``cargo build -p maestrano-sandbox``)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from sandbox import Sandbox, sandbox_binary  # noqa: E402


def _start(request: pytest.FixtureRequest, app_url: str, recheck_secs: int) -> Iterator[Sandbox]:
    binary = sandbox_binary()
    if binary is None:
        pytest.skip("maestrano-sandbox is not built (cargo build -p maestrano-sandbox)")
    box = Sandbox(binary, app_url=app_url, recheck_secs=recheck_secs)
    try:
        yield box
    finally:
        box.close()


@pytest.fixture(scope="module")
def sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A sandbox for an app at ``http://testserver`` (sessions rechecked after 180 s)."""
    yield from _start(request, "http://testserver", 180)


@pytest.fixture
def quick_sandbox(request: pytest.FixtureRequest) -> Iterator[Sandbox]:
    """A sandbox whose sessions must be rechecked after 1 s (single-logout tests)."""
    yield from _start(request, "http://testserver", 1)
