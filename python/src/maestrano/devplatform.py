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

The file is JSON (``.json``, or text starting with ``{``) or YAML. YAML is read with PyYAML
when it is installed; otherwise with a small built-in reader of the subset such files use:
nested mappings (indented with spaces) of scalars, ``#`` comments, single- and double-quoted
strings. Lists, flow collections (``{...}``, ``[...]``), block scalars (``|``, ``>``), anchors
and tags need PyYAML (``pip install maestrano[yaml]``).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple, Union, cast

from . import _native
from .config import Presets
from .errors import ConfigError, DevPlatformError, from_native
from .http import HttpRequest, HttpResponse, Transport, UrllibTransport, default_async_transport

__all__ = [
    "Settings",
    "settings_from_env",
    "read_file",
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
_FILE_KEYS = {
    "host": ("dev_platform", "host"),
    "api_path": ("dev_platform", "api_path"),
    "env_name": ("environment", "name"),
    "env_key": ("environment", "api_key"),
    "env_secret": ("environment", "api_secret"),
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


def _text(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def settings_from_env(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
) -> Settings:
    """The settings from ``env`` (default ``os.environ``), each missing or empty variable taken
    from ``file`` (JSON or YAML, see the module docs) when one is given."""
    env = os.environ if env is None else env
    from_file: Dict[str, Any] = read_file(file) if file is not None else {}
    values: Dict[str, Optional[str]] = {}
    for var, name in ENV_VARS.items():
        value = env.get(var)
        if not value:
            section, key = _FILE_KEYS[name]
            sub = from_file.get(section)
            value = _text(cast("Mapping[str, Any]", sub).get(key)) if isinstance(sub, Mapping) else None
        values[name] = value or None
    return Settings(**values)


def read_file(file: Union[str, "os.PathLike[str]"]) -> Dict[str, Any]:
    """A settings file as a dict: JSON, or YAML (PyYAML when installed, else the built-in
    subset reader). Raises :class:`~maestrano.ConfigError` (``config_invalid``) when it cannot
    be read as such, ``config_missing`` when it does not exist, and ``OSError`` when it cannot
    be opened."""
    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise ConfigError("config_missing", f"the settings file {str(path)!r} does not exist") from e
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as e:
            raise ConfigError("config_invalid", f"{path.name} is not valid JSON: {e}") from None
    else:
        data = _load_yaml(text, path.name)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("config_invalid", f"{path.name} must hold a mapping, found {type(data).__name__}")
    return cast("Dict[str, Any]", data)


def _load_yaml(text: str, name: str) -> Any:
    try:
        import yaml  # PyYAML, optional
    except ImportError:
        return parse_yaml_subset(text, name)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise ConfigError("config_invalid", f"{name} is not valid YAML: {e}") from None


_KEY = re.compile(r"""^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s'"#:][^:#]*?))\s*:(?:\s+|$)(.*)$""")
_UNSUPPORTED = ("[", "{", "|", ">", "&", "*", "!", "%", "@", "`", "- ", "? ")


def _unsupported(s: str) -> bool:
    return s.startswith(_UNSUPPORTED) or s in ("-", "?")


def parse_yaml_subset(text: str, name: str = "YAML") -> Dict[str, Any]:
    """Read the YAML subset of settings files without PyYAML: nested mappings indented with
    spaces, scalar values (kept as strings; ``~``, ``null`` and empty are ``None``), ``#``
    comments, ``'single'`` (``''`` escapes a quote) and ``"double"`` (backslash escapes) quotes,
    ``---`` / ``...`` document markers. Anything else is :class:`~maestrano.ConfigError`
    (``config_invalid``) naming the line."""
    root: Dict[str, Any] = {}
    stack: List[Tuple[int, Dict[str, Any]]] = []  # (indent, mapping), innermost last
    pending: Optional[Tuple[int, Dict[str, Any], str]] = None  # (indent, mapping, key) of a `key:` with no value yet

    def fail(n: int, why: str) -> ConfigError:
        return ConfigError("config_invalid", f"{name} line {n}: {why} (install PyYAML for full YAML)")

    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("\t"):
            raise fail(n, "tabs are not allowed in indentation")
        if line.startswith("%"):
            raise fail(n, "directives are not supported")
        if line == "..." and not stack:
            continue
        if line == "...":
            break  # end of the document
        if line == "---" or line.startswith("--- #"):
            if stack:
                raise fail(n, "only one document is supported")
            continue
        indent = len(line) - len(stripped)
        if not stack:
            stack.append((indent, root))
        if pending is not None:
            p_indent, parent, key = pending
            pending = None
            if indent > p_indent:
                child: Dict[str, Any] = {}
                parent[key] = child
                stack.append((indent, child))
        while stack and indent < stack[-1][0]:
            stack.pop()
        if not stack or indent != stack[-1][0]:
            raise fail(n, "indentation does not match an enclosing mapping")
        mapping = stack[-1][1]
        if _unsupported(stripped):
            raise fail(n, f"{stripped[0]!r} (lists, flow collections, block scalars, anchors, tags) is not supported")
        m = _KEY.match(stripped)
        if not m:
            raise fail(n, "expected `key: value`")
        dq, sq, plain, rest = m.groups()
        if dq is not None:
            key = _unescape(dq, n, fail)
        elif sq is not None:
            key = sq.replace("''", "'")
        else:
            key = plain.strip()
        if key in mapping:
            raise fail(n, f"duplicate key {key!r}")
        value_text = rest.strip()
        if value_text == "" or value_text.startswith("#"):
            mapping[key] = None
            pending = (indent, mapping, key)
        else:
            mapping[key] = _scalar(value_text, n, fail)
    return root


_Fail = Callable[[int, str], ConfigError]


def _unescape(s: str, n: int, fail: _Fail) -> str:
    escapes = {'"': '"', "\\": "\\", "/": "/", "n": "\n", "t": "\t", "r": "\r", "0": "\0", " ": " "}

    def sub(m: "re.Match[str]") -> str:
        c = m.group(1)
        if c in escapes:
            return escapes[c]
        if c[0] in "xuU":
            return chr(int(c[1:], 16))
        raise fail(n, f"unknown escape \\{c}")

    return re.sub(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", sub, s)


def _scalar(text: str, n: int, fail: _Fail) -> Optional[str]:
    if text[0] == '"':
        m = re.match(r'"((?:[^"\\]|\\.)*)"\s*(#.*)?$', text)
        if not m:
            raise fail(n, "unterminated or malformed double-quoted string")
        return _unescape(m.group(1), n, fail)
    if text[0] == "'":
        m = re.match(r"'((?:[^']|'')*)'\s*(#.*)?$", text)
        if not m:
            raise fail(n, "unterminated or malformed single-quoted string")
        return m.group(1).replace("''", "'")
    if _unsupported(text):
        raise fail(n, f"{text[0]!r} (lists, flow collections, block scalars, anchors, tags) is not supported")
    value = re.split(r"\s#", text, maxsplit=1)[0].rstrip()
    return None if value in ("~", "null", "Null", "NULL") else value


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


def _settings(env: Optional[Mapping[str, str]], file: Any, settings: Optional[Settings]) -> Settings:
    if settings is not None:
        return settings
    return settings_from_env(env, file)


def auto_configure(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
    settings: Optional[Settings] = None,
    transport: Optional[Transport] = None,
) -> Presets:
    """Fetch the app's marketplaces from the developer platform → :class:`~maestrano.Presets`.

    ``settings`` when given, else :func:`settings_from_env` of ``env`` (default
    ``os.environ``) and ``file``. ``transport`` defaults to
    :class:`~maestrano.http.UrllibTransport` (the core allows 30 s). Raises
    :class:`~maestrano.ConfigError` (settings), :class:`~maestrano.ApiError`
    (``api_connection``: no answer) or :class:`~maestrano.DevPlatformError` (the answer).
    """
    req = request(_settings(env, file, settings))
    return response((transport if transport is not None else UrllibTransport()).send(req))


async def async_auto_configure(
    env: Optional[Mapping[str, str]] = None,
    file: Union[str, "os.PathLike[str]", None] = None,
    settings: Optional[Settings] = None,
    transport: Any = None,
) -> Presets:
    """:func:`auto_configure` for asynchronous apps (``transport``: an asynchronous transport;
    default a new :class:`~maestrano.http.AsyncHttpxTransport`, or urllib in a worker thread
    without ``httpx``)."""
    req = request(_settings(env, file, settings))
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
