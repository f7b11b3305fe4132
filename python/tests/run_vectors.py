"""Python vector runner (docs/spec.md §8): ``python: N passed, N failed, N skipped``.

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
    if op == "web.return_path":
        refused = "\0"  # not a path: stands for "refused" (the default returned instead)
        path = maestrano.web.safe_return_path(inp["value"], default=refused)
        return None if path == refused else path
    if op == "web.error_status":
        return maestrano.web.status_for(maestrano.MaestranoError(inp["kind"], "vector"))
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
    if op == "saml.replay_sequence":
        return _replay_sequence(config(), inp)
    if op == "session.from_sso":
        r = maestrano.sso.validate_response(
            config(), inp["saml_response"], request_id=inp.get("request_id"), now=_time(inp["now"]), preset=inp.get("preset")
        )
        payload = maestrano.session.read(r.session) if r.session is not None else None
        return {"value": r.session, "payload": _plain(payload)}
    if op == "session.check_request":
        return _request(maestrano.session.check_request(config(), inp.get("value"), now=_time(inp["now"])))
    if op == "session.check_response":
        r = maestrano.session.check_response(config(), inp.get("value"), _response(inp))
        return {"valid": r.valid, "value": r.value}
    if op == "api.request":
        return _request(
            maestrano.client.account_request(config(), inp.get("resource", ""), inp.get("action", ""), inp.get("id"), inp.get("params"))
        )
    if op == "api.response":
        return maestrano.client.account_response(inp.get("resource", ""), inp.get("action", ""), _response(inp))
    if op == "connec.request":
        return _request(
            maestrano.connec.connec_request(
                config(),
                inp.get("action", ""),
                inp.get("group_id", ""),
                inp.get("entity", ""),
                id=inp.get("id"),
                query=inp.get("params"),
                body=inp.get("body"),
            )
        )
    if op == "connec.response":
        r = maestrano.connec.connec_response(inp.get("action", ""), _response(inp))
        if isinstance(r, list):
            return {"results": [{"status": b.status, "body": b.body} for b in r]}
        return r.to_dict()
    if op == "devplatform.request":
        settings = maestrano.devplatform.Settings(**{k: inp.get(k) for k in ("host", "api_path", "env_name", "env_key", "env_secret")})
        return _request(maestrano.devplatform.request(settings))
    if op == "devplatform.response":
        return maestrano.devplatform.response(_response(inp)).to_dict()
    if op == "devplatform.settings_file":
        s = maestrano.devplatform.parse_settings_file(inp["text"])
        return {k: getattr(s, k) for k in ("host", "api_path", "env_name", "env_key", "env_secret")}
    if op == "webhook.match":
        e = maestrano.webhooks.match(config(), inp.get("method", ""), inp.get("path", ""), inp.get("authorization"))
        if e is None:
            return None
        return {k: getattr(e, k) for k in ("event", "group_id", "user_id", "local_user_id", "tenant")}
    if op == "webhook.connec_notification":
        return maestrano.webhooks.connec_notification(inp.get("body", ""))
    return SKIP


def _replay_sequence(c: maestrano.Config, inp: dict) -> list:
    """Validates each step's response and passes every valid result to one in-memory
    ``ReplayCache`` of ``input.capacity``; each step's outcome is ``"ok"`` or the error kind."""
    cache = maestrano.ReplayCache(capacity=inp.get("capacity", 100_000))
    outcomes = []
    for step in inp.get("steps", []):
        now = _time(step["now"])
        try:
            r = maestrano.sso.validate_response(c, step["saml_response"], request_id=step.get("request_id"), now=now)
            cache.check(c, r, now=now)
            outcomes.append("ok")
        except maestrano.MaestranoError as e:
            outcomes.append(e.kind)
    return outcomes


def _request(r):
    """An HttpRequest in docs/spec.md §8 form: ``{method, url, headers{lower-name: value}, body, timeout_ms}``."""
    if r is None:
        return None
    return {
        "method": r.method,
        "url": r.url,
        "headers": {h.name.lower(): h.value for h in r.headers},
        "body": None if r.body is None else r.body.decode("utf-8"),
        "timeout_ms": r.timeout_ms,
    }


def _response(inp: dict):
    """``input.status`` and ``input.body`` (a string) as an HttpResponse (status 0: no answer)."""
    status = inp.get("status")
    return maestrano.http.HttpResponse(
        status=status if isinstance(status, int) and 0 <= status <= 65535 else 0,
        headers=[],
        body=(inp.get("body") or "").encode("utf-8"),
    )


def _plain(v):
    """A native record as plain JSON-like data (docs/spec.md §8 form)."""
    if isinstance(v, datetime):
        ms = v.microsecond // 1000
        return _rfc3339(v) if ms == 0 else v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms:03d}Z"
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if hasattr(type(v), "__slots__") and not isinstance(v, (str, int, float, bool, type(None))):
        return {k: _plain(getattr(v, k)) for k in type(v).__slots__ if not k.startswith("_")}
    if hasattr(v, "__dict__"):
        return {k: _plain(x) for k, x in vars(v).items()}
    return v


def _time(s: str) -> datetime:
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def matches(expected, actual) -> bool:
    """docs/spec.md §8: objects as subsets, everything else equal (bool is not a number)."""
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
        if "message" in want and want["message"] not in error.message:
            return f"expected an error message containing {want['message']!r}, got {error.kind}: {error.message}"
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
