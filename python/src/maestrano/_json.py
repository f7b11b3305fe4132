"""JSON in and out of the core: :class:`Record` results, and parameters with datetimes."""

from __future__ import annotations

import json
from datetime import date, datetime, timezone
from typing import Any, Iterable, List, Optional, cast

__all__ = ["Record", "loads", "dumps"]


class Record(dict[str, Any]):
    """A JSON object from the platform: a ``dict`` (every field, unknown ones included, under the
    platform's name) whose keys can also be read as attributes (``bill.price_cents``).

    A missing attribute raises :class:`AttributeError`; use ``record.get("name")`` for optional
    fields. Nested objects are records too.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"record has no field {name!r}") from None

    def __dir__(self) -> List[str]:
        # Keys are strings when the record comes from JSON; a caller may have added others.
        keys = cast("Iterable[object]", self)
        return list(super().__dir__()) + [k for k in keys if isinstance(k, str) and k.isidentifier()]


def loads(text: str) -> Any:
    """JSON text from the core → plain values with :class:`Record` objects."""
    return json.loads(text, object_hook=Record)


def _default(v: Any) -> Any:
    if isinstance(v, datetime):
        if v.tzinfo is None:
            v = v.replace(tzinfo=timezone.utc)  # naive datetimes are taken as UTC
        v = v.astimezone(timezone.utc)
        text = v.strftime("%Y-%m-%dT%H:%M:%S")
        if v.microsecond:
            text += f".{v.microsecond // 1000:03d}"
        return text + "Z"
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (set, frozenset, tuple)):
        return list(cast("Iterable[Any]", v))
    raise TypeError(f"{type(v).__name__} is not JSON serialisable")


def dumps(value: Any) -> Optional[str]:
    """Parameters → JSON text for the core (``None`` stays ``None``); datetimes become RFC 3339
    UTC (naive ones are taken as UTC), dates ``YYYY-MM-DD``."""
    if value is None:
        return None
    return json.dumps(value, default=_default, separators=(",", ":"))
