"""The validated SSO result as Python objects, built from the core's JSON in one crossing.

The core hands the whole result over as one JSON text, read by the C ``json`` module; these
classes only give it attributes and types (times become UTC ``datetime``), so a response with
hundreds of attributes costs about what a small one does.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, List, Optional, Tuple

__all__ = [
    "SsoResult",
    "SsoUser",
    "SsoUserInfo",
    "SsoUserExtra",
    "SsoUserGroup",
    "SsoUserSession",
    "SsoGroup",
    "SsoGroupInfo",
    "SsoMembership",
]

Json = Dict[str, Any]


def _time(value: Optional[str]) -> Optional[datetime]:
    if value is None:
        return None
    # RFC 3339 from the core, always UTC with a `Z` (fromisoformat reads `Z` only from 3.11).
    return datetime.fromisoformat(value[:-1] if value.endswith("Z") else value).replace(tzinfo=timezone.utc)


class _View:
    __slots__ = ()

    def _fields(self) -> Tuple[str, ...]:
        names: Tuple[str, ...] = getattr(type(self), "__slots__")
        return tuple(k for k in names if not k.startswith("_"))

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self._fields())
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self._fields())

    __hash__ = None  # type: ignore[assignment]


class SsoUserInfo(_View):
    """The user's profile: ``email``, ``first_name``, ``last_name``, ``country``, ``company_name``."""

    __slots__ = ("email", "first_name", "last_name", "country", "company_name")

    def __init__(self, j: Json) -> None:
        self.email: Optional[str] = j["email"]
        self.first_name: Optional[str] = j["first_name"]
        self.last_name: Optional[str] = j["last_name"]
        self.country: Optional[str] = j["country"]
        self.company_name: Optional[str] = j["company_name"]


class SsoUserGroup(_View):
    """The group the user signed in with: ``uid``, ``name``, ``role``."""

    __slots__ = ("uid", "name", "role")

    def __init__(self, j: Json) -> None:
        self.uid: str = j["uid"]
        self.name: Optional[str] = j["name"]
        self.role: Optional[str] = j["role"]


class SsoUserSession(_View):
    """The platform session: ``uid``, ``token``, ``recheck`` (UTC datetime), ``group_uid``."""

    __slots__ = ("uid", "token", "recheck", "group_uid")

    def __init__(self, j: Json) -> None:
        self.uid: Optional[str] = j["uid"]
        self.token: Optional[str] = j["token"]
        self.recheck: Optional[datetime] = _time(j["recheck"])
        self.group_uid: str = j["group_uid"]


class SsoUserExtra(_View):
    """The real and virtual identities: ``uid`` (real), ``virtual_uid``, ``real_email``,
    ``virtual_email``, ``group`` and ``session``."""

    __slots__ = ("uid", "virtual_uid", "real_email", "virtual_email", "group", "session")

    def __init__(self, j: Json) -> None:
        self.uid: Optional[str] = j["uid"]
        self.virtual_uid: Optional[str] = j["virtual_uid"]
        self.real_email: Optional[str] = j["real_email"]
        self.virtual_email: Optional[str] = j["virtual_email"]
        self.group = SsoUserGroup(j["group"])
        self.session = SsoUserSession(j["session"])


class SsoUser(_View):
    """The signed-in user: ``provider``, ``uid`` (the app's uid: masked in virtual mode),
    ``info`` and ``extra``."""

    __slots__ = ("provider", "uid", "info", "extra")

    def __init__(self, j: Json) -> None:
        self.provider: str = j["provider"]
        self.uid: str = j["uid"]
        self.info = SsoUserInfo(j["info"])
        self.extra = SsoUserExtra(j["extra"])


class SsoGroupInfo(_View):
    """The group's details (``free_trial_end_at`` a UTC datetime, ``has_credit_card`` a bool)."""

    __slots__ = (
        "free_trial_end_at",
        "company_name",
        "has_credit_card",
        "name",
        "org_uid",
        "email",
        "city",
        "country",
        "timezone",
        "currency",
    )

    def __init__(self, j: Json) -> None:
        self.free_trial_end_at: Optional[datetime] = _time(j["free_trial_end_at"])
        self.company_name: Optional[str] = j["company_name"]
        self.has_credit_card: bool = j["has_credit_card"]
        self.name: Optional[str] = j["name"]
        self.org_uid: Optional[str] = j["org_uid"]
        self.email: Optional[str] = j["email"]
        self.city: Optional[str] = j["city"]
        self.country: Optional[str] = j["country"]
        self.timezone: Optional[str] = j["timezone"]
        self.currency: Optional[str] = j["currency"]


class SsoGroup(_View):
    """The group: ``provider``, ``uid``, ``info``."""

    __slots__ = ("provider", "uid", "info")

    def __init__(self, j: Json) -> None:
        self.provider: str = j["provider"]
        self.uid: str = j["uid"]
        self.info = SsoGroupInfo(j["info"])


class SsoMembership(_View):
    """The user's membership of the group: ``provider``, ``group_uid``, ``user_uid``, ``role``."""

    __slots__ = ("provider", "group_uid", "user_uid", "role")

    def __init__(self, j: Json) -> None:
        self.provider: str = j["provider"]
        self.group_uid: str = j["group_uid"]
        self.user_uid: str = j["user_uid"]
        self.role: Optional[str] = j["role"]


class SsoResult(_View):
    """A validated SSO response: ``name_id``, ``assertion_id``, ``session_index``,
    ``not_on_or_after`` (UTC datetime), ``issuer``, ``attributes`` (name → list of values),
    ``user``, ``group``, ``membership`` (the docs/spec.md §3 views) and ``session``, the value to
    keep in the app's session for single logout (``None`` when the platform sent none)."""

    __slots__ = (
        "name_id",
        "assertion_id",
        "session_index",
        "not_on_or_after",
        "issuer",
        "attributes",
        "user",
        "group",
        "membership",
        "session",
        "_not_on_or_after_ms",
    )

    def __init__(self, j: Json) -> None:
        self.name_id: str = j["name_id"]
        self.assertion_id: str = j["assertion_id"]
        self.session_index: Optional[str] = j["session_index"]
        self.not_on_or_after: Optional[datetime] = _time(j["not_on_or_after"])
        self.issuer: Optional[str] = j["issuer"]
        self.attributes: Dict[str, List[str]] = j["attributes"]
        self.user = SsoUser(j["user"])
        self.group = SsoGroup(j["group"])
        self.membership = SsoMembership(j["membership"])
        self.session: Optional[str] = j["session"]
        # Exact milliseconds for the replay cache (a datetime round trip could shift them).
        n = self.not_on_or_after
        self._not_on_or_after_ms: Optional[int] = None if n is None else round(n.timestamp() * 1000)
