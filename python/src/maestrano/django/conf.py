"""``settings.MAESTRANO``, read once (and again when a test overrides it).

Three forms:

- a :class:`maestrano.Config` (e.g. ``maestrano.auto_configure()["production"]``);
- the dict for :meth:`maestrano.Config.from_dict`;
- a dict of options, recognised by its ``CONFIG`` key:

  ``CONFIG``
      one of the two forms above (required);
  ``REPLAY_STORE``
      where used assertions are recorded: a store with ``insert_if_absent(key, expires_at,
      now)``, a :class:`maestrano.ReplayCache`, or the dotted path of either (a class is
      instantiated without arguments). Default: :class:`~maestrano.django.stores.CacheReplayStore`
      on the ``default`` cache (per process with ``LocMemCache``: use Redis or Memcached when
      the app runs several processes);
  ``USER_HOOK``
      ``hook(user, signin, created)``, or its dotted path: called after the Django user was
      found or created (:class:`maestrano.web.SignIn` holds the group and role);
  ``GROUP_HOOK``
      ``hook(user, signin)``, or its dotted path: find or create the app's group of
      ``signin.user["group_uid"]`` and the membership.

  A hook refuses the sign-in by raising :class:`django.core.exceptions.PermissionDenied`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping, Optional, cast

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.utils.module_loading import import_string

from ..config import Config
from ..sso import ReplayCache
from .stores import CacheReplayStore

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

    from ..web import SignIn

    UserHook = Callable[[AbstractBaseUser, SignIn, bool], object]
    GroupHook = Callable[[AbstractBaseUser, SignIn], object]

__all__ = ["Options", "get_options", "get_config"]

KEYS = frozenset({"CONFIG", "REPLAY_STORE", "USER_HOOK", "GROUP_HOOK"})


@dataclass(frozen=True)
class Options:
    """``settings.MAESTRANO`` resolved: the config, the replay cache and the hooks."""

    config: Config
    replay: ReplayCache
    user_hook: Optional[UserHook]
    group_hook: Optional[GroupHook]


_lock = threading.Lock()
_options: Optional[Options] = None


def get_options() -> Options:
    """The resolved options (read on first use; one replay cache for the process). Raises
    :class:`~django.core.exceptions.ImproperlyConfigured` for a missing or invalid setting."""
    global _options
    options = _options
    if options is None:
        with _lock:
            if _options is None:
                _options = _load(getattr(settings, "MAESTRANO", None))
            options = _options
    return options


def get_config() -> Config:
    """The configured :class:`maestrano.Config`."""
    return get_options().config


def _reset(setting: str, **kwargs: Any) -> None:
    global _options
    if setting == "MAESTRANO":
        with _lock:
            _options = None


setting_changed.connect(_reset, dispatch_uid="maestrano.django.conf")  # pyright: ignore[reportUnknownMemberType]


def _load(raw: Any) -> Options:
    if raw is None:
        raise ImproperlyConfigured("settings.MAESTRANO is not set (see maestrano.django.conf)")
    options = cast(Mapping[str, Any], raw if isinstance(raw, Mapping) and "CONFIG" in raw else {"CONFIG": raw})
    unknown = sorted(set(options) - KEYS)
    if unknown:
        raise ImproperlyConfigured(f"settings.MAESTRANO: unknown option(s) {unknown}; known: {sorted(KEYS)}")
    return Options(
        config=_config(options["CONFIG"]),
        replay=_replay(options.get("REPLAY_STORE")),
        user_hook=_hook("USER_HOOK", options.get("USER_HOOK")),
        group_hook=_hook("GROUP_HOOK", options.get("GROUP_HOOK")),
    )


def _config(value: Any) -> Config:
    if isinstance(value, Config):
        return value
    if isinstance(value, Mapping):
        return Config.from_dict(cast(Mapping[str, Any], value))
    raise ImproperlyConfigured(f"settings.MAESTRANO: expected a maestrano.Config or a dict, found {type(value).__name__}")


def _replay(value: Any) -> ReplayCache:
    store = import_string(value) if isinstance(value, str) else value
    if store is None:
        store = CacheReplayStore()
    elif isinstance(store, type):
        store = store()
    return store if isinstance(store, ReplayCache) else ReplayCache(store)


def _hook(name: str, value: Any) -> Any:
    hook = import_string(value) if isinstance(value, str) else value
    if hook is not None and not callable(hook):
        raise ImproperlyConfigured(f"settings.MAESTRANO[{name!r}] is not callable")
    return hook
