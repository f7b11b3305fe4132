"""Python vector runner (SPEC §8): ``python: N passed, N failed, N skipped``.

Runs every vector under ``tests/vectors`` and ``MAESTRANO_EXTRA_VECTORS`` (colon-separated)
through the installed ``maestrano`` package.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import datetime, timezone
from pathlib import Path

import maestrano

ROOT = Path(__file__).resolve().parents[2] / "tests" / "vectors"
SKIP = object()


def run_op(v: dict):
    op, inp = v.get("op"), v.get("input") or {}

    def config() -> maestrano.Config:
        return maestrano.Config.from_dict(v.get("config", {}))

    if op == "config.load":
        return config().to_dict()
    if op == "metadata.render":
        return config().metadata()
    if op == "auth.authenticate":
        return config().authenticate(inp["app_id"], inp["api_key"])
    if op == "auth.authenticate_header":
        return config().authenticate_header(inp["authorization"])
    if op == "user.mask":
        return config().mask_user(inp["user_uid"], inp["group_uid"])
    if op == "user.unmask":
        return maestrano.unmask_user(inp["uid"])
    if op == "presets.find_by_credentials":
        return maestrano.Presets.from_dict(inp["presets"]).find_by_credentials(inp["app_id"], inp["api_key"])
    if op == "sso.urls":
        c = config()
        out = {
            "idp_url": c.idp_url(),
            "init_url": c.init_url(),
            "consume_url": c.consume_url(),
            "logout_url": c.logout_url(inp.get("user_uid")),
            "unauthorized_url": c.unauthorized_url(),
        }
        if inp.get("user_uid") is not None and inp.get("session_token") is not None:
            out["session_check_url"] = c.session_check_url(inp["user_uid"], inp["session_token"])
        return out
    if op == "saml.authn_request":
        r = maestrano.sso.authn_request(
            config(),
            params=inp.get("params"),
            group_id=inp.get("group_id"),
            relay_state=inp.get("relay_state"),
            id=inp["id"],
            now=_time(inp["now"]),
        )
        return {"url": r.url, "request_id": r.request_id, "issue_instant": _rfc3339(r.issue_instant), "xml": r.xml}
    if op == "saml.validate_response":
        r = maestrano.sso.validate_response(
            config(), inp["saml_response"], request_id=inp.get("request_id"), now=_time(inp["now"])
        )
        return _plain(r)
    return SKIP


def _plain(v):
    """A native record as plain JSON-like data (SPEC §8 form)."""
    if isinstance(v, datetime):
        ms = v.microsecond // 1000
        return _rfc3339(v) if ms == 0 else v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms:03d}Z"
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if hasattr(v, "__dict__"):
        return {k: _plain(x) for k, x in vars(v).items()}
    return v


def _time(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def matches(expected, actual) -> bool:
    """SPEC §8: objects as subsets, everything else equal (bool is not a number)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and matches(e, actual[k]) for k, e in expected.items())
    if isinstance(expected, list):
        return isinstance(actual, list) and len(expected) == len(actual) and all(map(matches, expected, actual))
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    return expected == actual


def check(v: dict, result, error) -> str | None:
    want = v.get("expect", {})
    if error is not None:
        if "error" not in want:
            return f"expected ok, got error {error.kind}: {error.message}"
        if want["error"] not in ("*", error.kind):
            return f"expected error {want['error']}, got {error.kind}: {error.message}"
        return None
    if "error" in want:
        return f"expected error {want['error']}, got ok {json.dumps(result)}"
    if "ok" not in want:
        return "vector has no expectation"
    if not matches(want["ok"], result):
        return f"expected {json.dumps(want['ok'])}, got {json.dumps(result)}"
    return None


def main() -> int:
    roots = [ROOT] + [Path(p) for p in os.environ.get("MAESTRANO_EXTRA_VECTORS", "").split(":") if p]
    files = sorted(f for r in roots for f in r.rglob("*.json"))
    passed = failed = skipped = 0
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except ValueError as e:
            print(f"FAIL {f}: not JSON: {e}")
            failed += 1
            continue
        for v in data if isinstance(data, list) else [data]:
            result = error = None
            try:
                result = run_op(v)
            except maestrano.MaestranoError as e:
                error = e
            if result is SKIP:
                skipped += 1
                continue
            why = check(v, result, error)
            if why:
                failed += 1
                print(f"FAIL {v.get('name')}: {why}")
            else:
                passed += 1
    print(f"python: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
