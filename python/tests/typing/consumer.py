"""A consumer of the installed package, type-checked by `mypy --strict` and pyright (strict) in
the Python suite: every public entry point, used as an app would."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Optional

import maestrano
from maestrano import session, sso, web, webhooks
from maestrano.redis import AsyncRedisStore, RedisStore


def sign_in(config: maestrano.Config, posted: str, replay: maestrano.ReplayCache) -> str:
    result: maestrano.SsoResult = sso.validate_response(config, posted, now=datetime.now(timezone.utc))
    replay.check(config, result)
    name: Optional[str] = result.user.info.first_name
    recheck: Optional[datetime] = result.user.extra.session.recheck
    values: list[str] = result.attributes.get("group_uid", [])
    return f"{name} {recheck} {values} {result.group.info.has_credit_card} {result.membership.role}"


def recheck(config: maestrano.Config, value: Optional[str]) -> bool:
    check: session.SessionCheck = session.check(config, value)
    reason: Optional[str] = check.reason
    return check.valid and reason is None


def platform(config: maestrano.Config, auth: Optional[str], body: bytes) -> int:
    try:
        call = web.platform_call(config, "POST", "/mno/hooks", auth, body)
    except maestrano.ApiError as e:
        return web.status_for(e)
    if call is None:
        return 404
    event: webhooks.WebhookEvent = call.event
    return 200 if event.group_id or call.notification is not None else 204


def stores(sync_client: object, async_client: object) -> None:
    maestrano.ReplayCache(RedisStore(sync_client))
    maestrano.ReplayCache(AsyncRedisStore(async_client))


def errors() -> None:
    try:
        maestrano.Config.from_dict({"environment": "nope"})
    except maestrano.ConfigError as e:
        kind: str = e.kind
        print(kind, e.message)
    presets: maestrano.Presets = maestrano.Presets.from_dict({"a": {"api": {"id": "x"}}})
    config: maestrano.Config = presets["a"]
    print(config.metadata(), config.init_url(), web.safe_return_path("/x"), maestrano.__version__)
