"""Auto-configuration from the Maestrano developer platform (docs/spec.md D2).

The developer platform holds one configuration per marketplace the app is sold on. Given the
app environment's credentials, :func:`auto_configure` fetches them and returns
:class:`~maestrano.Presets`, one :class:`~maestrano.Config` per marketplace::

    presets = maestrano.devplatform.auto_configure()          # reads MNO_DEVPL_* variables
    presets = maestrano.devplatform.auto_configure(file="config/dev_platform.yml")
    config = presets["maestrano-uat"]

Settings, each from the environment variable first, then the file:

===================  ===========================  ====================================
variable             file key                     default
===================  ===========================  ====================================
MNO_DEVPL_HOST       ``dev_platform.host``        ``https://developer.maestrano.com``
MNO_DEVPL_API_PATH   ``dev_platform.api_path``    ``/api/config/v1``
MNO_DEVPL_ENV_NAME   ``environment.name``         required
MNO_DEVPL_ENV_KEY    ``environment.api_key``      required
MNO_DEVPL_ENV_SECRET ``environment.api_secret``   required
===================  ===========================  ====================================

The file is read by the core, the same way in every language (docs/spec.md D38): JSON when it
starts with ``{``, otherwise a strict YAML subset: nested mappings indented with spaces, plain
and quoted scalars (always strings; ``~``, ``null`` and empty are ``None``), ``#`` comments and
one document. Anything else (lists, flow collections, block scalars, anchors, tags, tabs in
indentation, duplicate keys) is :class:`~maestrano.ConfigError` ``config_invalid`` naming the
line; files over 64 KiB, 4096 lines or 16 levels of nesting are ``input_too_large``. Keys other
than the five settings are ignored.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional, Union

from . import _native
from .config import Presets
from .errors import ConfigError, DevPlatformError, from_native
from .http import HttpRequest, HttpResponse, Transport, UrllibTransport, default_async_transport

__all__ = [
    "Settings",
    "settings_from_env",
    "read_file",
    "parse_settings_file",
    "request",
    "response",
    "auto_configure",
    "async_auto_configure",
    "ENV_VARS",
]

#: Environment variable → setting.
ENV_VARS = {
    "MNO_DEVPL_HOST": "host",
    "MNO_DEVPL_API_PATH": "api_path",
    "MNO_DEVPL_ENV_NAME": "env_name",
    "MNO_DEVPL_ENV_KEY": "env_key",
    "MNO_DEVPL_ENV_SECRET": "env_secret",
}
@dataclass(frozen=True)
class Settings:
    """The five developer-platform settings (``None``: not given; the core applies the defaults
    and names what is missing). ``env_secret`` is never shown in ``repr``."""

    host: Optional[str] = None
    api_path: Optional[str] = None
    env_name: Optional[str] = None
    env_key: Optional[str] = None
    env_secret: Optional[str] = None

    def __repr__(self) -> str:
        secret = None if self.env_secret is None else "<redacted>"
        return (
            f"Settings(host={self.host!r}, api_path={self.api_path!r}, env_name={self.env_name!r}, "
            f"env_key={self.env_key!r}, env_secret={secret})"
        )

    def _native(self) -> _native.DevPlatformSettings:
        return _native.DevPlatformSettings(
            host=self.host,
            api_path=self.api_path,
            env_name=self.env_name,
            env_key=self.env_key,
            env_secret=self.env_secret,
        )


def settings_from_env(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
    text: Optional[str] = None,
) -> Settings:
    """The settings from ``env`` (default ``os.environ``), each missing or empty variable taken
    from the settings file when one is given: ``file`` (a path) or ``text`` (its content), JSON
    or the YAML subset of the module docs."""
    if file is not None and text is not None:
        raise TypeError("pass either file or text, not both")
    env = os.environ if env is None else env
    if file is not None:
        from_file = read_file(file)
    elif text is not None:
        from_file = parse_settings_file(text)
    else:
        from_file = Settings()
    values: Dict[str, Optional[str]] = {}
    for var, name in ENV_VARS.items():
        values[name] = env.get(var) or getattr(from_file, name)
    return Settings(**values)


#: The largest settings file the core reads (docs/spec.md D38), in bytes.
_MAX_FILE_BYTES = 64 * 1024


def parse_settings_file(text: str) -> Settings:
    """A settings file's content (JSON, or the YAML subset of the module docs) as
    :class:`Settings`, read by the core. Raises :class:`~maestrano.ConfigError`:
    ``config_invalid`` naming the line, ``input_too_large`` beyond the limits."""
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError("the settings file text must be a str")
    try:
        s = _native.parse_settings_file(text)
    except _native.MaestranoError as err:
        raise from_native(err, ConfigError) from None
    return Settings(s.host, s.api_path, s.env_name, s.env_key, s.env_secret)


def read_file(file: Union[str, "os.PathLike[str]"]) -> Settings:
    """The settings of a settings file (see :func:`parse_settings_file`). Raises
    :class:`~maestrano.ConfigError`: ``config_missing`` when it does not exist,
    ``config_invalid`` (naming the file, and the line) when it cannot be read as one, and
    ``OSError`` when it cannot be opened."""
    path = Path(file)
    try:
        with path.open("rb") as f:
            data = f.read(_MAX_FILE_BYTES + 1)  # the core refuses more; never read a huge file whole
    except FileNotFoundError as e:
        raise ConfigError("config_missing", f"the settings file {str(path)!r} does not exist") from e
    if len(data) > _MAX_FILE_BYTES:
        raise ConfigError("input_too_large", f"{path.name}: the settings file is larger than {_MAX_FILE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise ConfigError("config_invalid", f"{path.name}: the settings file is not UTF-8") from None
    try:
        return parse_settings_file(text)
    except ConfigError as err:
        raise type(err)(err.kind, f"{path.name}: {err.message}") from None


def _raise(err: _native.MaestranoError) -> None:
    raise from_native(err, DevPlatformError) from None


def request(settings: Settings) -> HttpRequest:
    """The marketplaces request: ``GET host + api_path`` (``/marketplaces`` appended unless
    present) with HTTP Basic ``env_key:env_secret``. Raises :class:`~maestrano.ConfigError`:
    ``config_missing`` naming the missing variables, ``config_invalid`` for a host that is not
    an http(s) URL."""
    try:
        return _native.devplatform_request(settings._native())  # pyright: ignore[reportPrivateUsage]
    except _native.MaestranoError as err:
        _raise(err)
        raise  # unreachable


def response(answer: HttpResponse) -> Presets:
    """The developer platform's answer as :class:`~maestrano.Presets`, one per marketplace
    (named by its ``marketplace`` field; the Python defaults ``api.lang``/``api.lang_version``
    applied). Raises :class:`~maestrano.DevPlatformError` (``devplatform_error``, with
    ``status`` and ``body_excerpt``) for a non-2xx status, an ``error`` key, a body that is not
    JSON, no ``marketplaces`` or an unusable marketplace."""
    try:
        presets = _native.devplatform_response(answer)
    except _native.MaestranoError as err:
        _raise(err)
        raise  # unreachable
    data: Dict[str, Dict[str, Any]] = json.loads(presets.to_json())
    for config in data.values():
        # The core filled in its own host language; this process is the host.
        api: Dict[str, Any] = config.get("api") or {}
        api.pop("lang", None)
        api.pop("lang_version", None)
    return Presets.from_dict(data)


def _settings(env: Optional[Mapping[str, str]], file: Any, text: Optional[str], settings: Optional[Settings]) -> Settings:
    if settings is not None:
        return settings
    return settings_from_env(env, file, text)


def auto_configure(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
    settings: Optional[Settings] = None,
    transport: Optional[Transport] = None,
    text: Optional[str] = None,
) -> Presets:
    """Fetch the app's marketplaces from the developer platform → :class:`~maestrano.Presets`.

    ``settings`` when given, else :func:`settings_from_env` of ``env`` (default
    ``os.environ``) and ``file`` or ``text``. ``transport`` defaults to
    :class:`~maestrano.http.UrllibTransport` (the core allows 30 s). Raises
    :class:`~maestrano.ConfigError` (settings), :class:`~maestrano.ApiError`
    (``api_connection``: no answer) or :class:`~maestrano.DevPlatformError` (the answer).
    """
    req = request(_settings(env, file, text, settings))
    return response((transport if transport is not None else UrllibTransport()).send(req))


async def async_auto_configure(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
    settings: Optional[Settings] = None,
    transport: Any = None,
    text: Optional[str] = None,
) -> Presets:
    """:func:`auto_configure` for asynchronous apps (``transport``: an asynchronous transport;
    default a new :class:`~maestrano.http.AsyncHttpxTransport`, or urllib in a worker thread
    without ``httpx``)."""
    req = request(_settings(env, file, text, settings))
    if transport is not None:
        return response(await transport.send(req))
    own = default_async_transport()
    try:
        answer = await own.send(req)
    finally:
        aclose = getattr(own, "aclose", None)
        if aclose is not None:
            await aclose()
    return response(answer)
