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

    >>> from maestrano import webhooks
    >>> changes = webhooks.connec_notification(b'{"invoices": [{"id": "inv-1",'
    ...                                        b' "amount": {"total_amount": 25.0}}]}')
    >>> invoice = changes["invoices"][0]
    >>> invoice.id, invoice["id"]
    ('inv-1', 'inv-1')
    >>> invoice.amount.total_amount
    25.0
    >>> invoice.get("status") is None
    True
    >>> invoice.status
    Traceback (most recent call last):
      ...
    AttributeError: record has no field 'status'
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
    UTC (naive ones are taken as UTC), dates ``YYYY-MM-DD``.

    >>> from datetime import date, datetime, timedelta, timezone
    >>> paris = timezone(timedelta(hours=1))
    >>> dumps({"from": datetime(2026, 1, 2, 13, 4, 5, 250000, tzinfo=paris), "to": date(2026, 2, 1)})
    '{"from":"2026-01-02T12:04:05.250Z","to":"2026-02-01"}'
    >>> dumps({"at": datetime(2026, 1, 2, 3, 4, 5)})  # naive: UTC
    '{"at":"2026-01-02T03:04:05Z"}'
    >>> dumps(None) is None
    True
    """
    if value is None:
        return None
    return json.dumps(value, default=_default, separators=(",", ":"))
