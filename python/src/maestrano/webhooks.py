"""The platform's calls to the app: account webhooks and Connec! notifications.

The platform ``DELETE``\\ s ``webhook.account.groups_path`` when a group cancels the app and
``webhook.account.group_users_path`` when a user leaves a group; Connec! ``POST``\\ s changed
records to ``webhook.connec.notifications_path``. Each call carries HTTP Basic ``api.id:api.key``.
::

    try:
        event = webhooks.match(config, request.method, request.full_path,
                               request.headers.get("Authorization"))
    except maestrano.ApiError:                 # api_authentication
        return Response(webhooks.INVALID_CREDENTIALS_BODY, 401, content_type="application/json")
    if event is None:
        ...                                    # not a Maestrano webhook: route as usual
    elif event.event == "group_cancelled":
        cancel_subscription(event.group_id)
    elif event.event == "member_removed":
        remove_member(event.group_id, event.local_user_id)
    elif event.event == "connec_notification":
        for entity, records in webhooks.connec_notification(request.get_data()).items():
            ...
"""

from __future__ import annotations

from typing import Dict, List, Optional, Union

from . import _native
from ._json import Record, loads
from .config import Config
from .errors import translate_api

__all__ = ["WebhookEvent", "INVALID_CREDENTIALS_BODY", "match", "connec_notification"]

#: A recognised platform call: ``event`` (``"group_cancelled"``, ``"member_removed"`` or
#: ``"connec_notification"``), ``group_id``, ``user_id`` (the real platform uid),
#: ``local_user_id`` (the app's id for that user: ``config.mask_user(user_id, group_id)``) and
#: ``tenant`` (a trailing path segment after the template, for multi-tenant routes), each
#: ``None`` when it does not apply.
WebhookEvent = _native.WebhookEvent

#: The body to answer (with status 401) when :func:`match` raises ``api_authentication``.
INVALID_CREDENTIALS_BODY = '{"error":"Invalid credentials"}'


@translate_api
def match(config: Config, method: str, path: str, authorization: Optional[str] = None) -> Optional[WebhookEvent]:
    """Route an incoming call by ``method`` and ``path`` (a query string is ignored) against
    ``config``'s webhook templates and check its ``Authorization`` header.

    Returns ``None`` when it is not a webhook route of this config (no credentials needed), the
    :data:`WebhookEvent` otherwise. Raises :class:`~maestrano.ApiError` (``api_authentication``)
    when the route matches but the credentials are missing or not this config's: answer 401 with
    :data:`INVALID_CREDENTIALS_BODY`.

    >>> import base64, maestrano
    >>> config = maestrano.Config.from_dict({"api": {"id": "app-1", "key": "secret"},
    ...                                      "sso": {"creation_mode": "virtual"}})
    >>> basic = "Basic " + base64.b64encode(b"app-1:secret").decode()
    >>> event = match(config, "DELETE", "/maestrano/account/groups/cld-1", basic)
    >>> event.event, event.group_id
    ('group_cancelled', 'cld-1')
    >>> event = match(config, "DELETE", "/maestrano/account/groups/cld-1/users/usr-1", basic)
    >>> event.event, event.user_id, event.local_user_id
    ('member_removed', 'usr-1', 'usr-1.cld-1')
    >>> match(config, "GET", "/invoices?page=2") is None  # not a webhook route
    True
    >>> try:
    ...     match(config, "DELETE", "/maestrano/account/groups/cld-1", "Basic YXBwLTE6bm9wZQ==")
    ... except maestrano.ApiError as error:
    ...     print(error.kind)
    api_authentication
    """
    return _native.webhook_match(config._native, method, path, authorization)  # pyright: ignore[reportPrivateUsage]


@translate_api
def connec_notification(body: Union[bytes, bytearray, str]) -> Dict[str, List[Record]]:
    """A Connec! notification body → ``{entity: [records]}`` (entities the SDK does not know are
    kept; a single record object becomes a list of one). Raises :class:`~maestrano.ApiError`
    (``api_invalid_request``) for a body that is not such a JSON object.

    >>> changes = connec_notification(b'{"people": [{"id": "p-1", "first_name": "Ada"}],'
    ...                               b' "items": {"id": "i-1"}}')
    >>> sorted(changes), changes["people"][0].first_name, changes["items"]
    (['items', 'people'], 'Ada', [{'id': 'i-1'}])
    >>> import maestrano
    >>> try:
    ...     connec_notification(b"[1, 2]")
    ... except maestrano.ApiError as error:
    ...     print(error.kind)
    api_invalid_request
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    records: Dict[str, List[Record]] = loads(_native.webhook_connec_notification(bytes(body)))
    return records
