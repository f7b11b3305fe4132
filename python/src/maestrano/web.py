"""The sign-in flow every web integration shares (Flask, Django, FastAPI), framework-neutral.

The integrations (:mod:`maestrano.flask`, :mod:`maestrano.django`, :mod:`maestrano.fastapi`)
only translate requests and responses; this module holds the steps, on a plain mutable mapping
standing for the app's session (a signed cookie or a server-side store):

1. :func:`begin_sign_in`: builds the AuthnRequest redirect and keeps its ID and the page to
   return to (a same-origin path only) in the session.
2. :func:`needs_repost` / :func:`repost_page`: the identity provider posts the response from
   another site, and browsers do not send a ``SameSite=Lax`` session cookie with a cross-site
   POST; the consume route then answers a page that posts the same form again from the app's own
   origin, where the cookie is sent. :func:`finish_sign_in`: validates the posted ``SAMLResponse`` against that ID
   (``InResponseTo``), refuses a replayed assertion, and keeps who signed in
   (:data:`USER_KEY`, a JSON-serialisable dict) and the single-logout value
   (:data:`SESSION_KEY`). :func:`async_finish_sign_in` does the same with an asynchronous
   replay store.
3. :func:`recheck` / :func:`async_recheck`: asks the platform, when due, whether the user is
   still signed in there (single logout), and signs the user out of the app when not.
4. :func:`platform_call`: routes and authenticates the platform's webhook calls.

Failures are :class:`~maestrano.MaestranoError`; :func:`status_for` gives the HTTP status to
answer (the core's mapping, the same in every language) and :func:`public_message` a text that
names the kind without internals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Dict, List, Mapping, MutableMapping, Optional, Union, cast

from . import _native, session as _session, sso, webhooks
from ._json import Record
from .config import Config
from .errors import MaestranoError, SamlError

__all__ = [
    "REQUEST_ID_KEY",
    "RETURN_TO_KEY",
    "SESSION_KEY",
    "USER_KEY",
    "REPOST_FIELD",
    "SignIn",
    "PlatformCall",
    "safe_return_path",
    "status_for",
    "public_message",
    "begin_sign_in",
    "needs_repost",
    "repost_page",
    "finish_sign_in",
    "async_finish_sign_in",
    "user_dict",
    "signed_in_user",
    "recheck",
    "async_recheck",
    "sign_out_session",
    "sign_out",
    "platform_call",
]

#: Session key of the pending AuthnRequest's ID (removed when the response is consumed).
REQUEST_ID_KEY = "maestrano.request_id"
#: Session key of the same-origin path to return to after signing in.
RETURN_TO_KEY = "maestrano.return_to"
#: Session key of the single-logout value (``result.session``).
SESSION_KEY = "maestrano.session"
#: Session key of the signed-in user (a dict, see :func:`user_dict`).
USER_KEY = "maestrano.user"
#: Form field marking the consume form posted again from the app's own origin.
REPOST_FIELD = "maestrano_repost"

Session = MutableMapping[str, Any]


def safe_return_path(value: Optional[str], default: str = "/") -> str:
    """``value`` when it is a path on the app's own origin (``/…``, printable ASCII, no ``//``
    or backslash, at most 2048 bytes), else ``default``: the sign-in is never an open redirect."""
    if not isinstance(value, str):
        return default
    safe = _native.safe_return_path(value)
    return default if safe is None else safe


def status_for(error: BaseException) -> int:
    """The HTTP status to answer for ``error``: the core's mapping of its kind (400 garbled
    request, 401 credentials, 403 refused sign-in, 413 too large, 500 configuration, 502
    platform failure, 503 replay store full); 500 for anything that is not a
    :class:`~maestrano.MaestranoError`."""
    if isinstance(error, MaestranoError):
        return int(_native.error_status(error.kind))
    return 500


def public_message(error: BaseException) -> str:
    """A message safe to show the browser: what failed, by kind, without the details (log
    ``str(error)`` for those)."""
    if not isinstance(error, MaestranoError):
        return "Internal error"
    status = status_for(error)
    if status == 401:
        return "Invalid credentials"
    if status in (400, 403, 413):
        return f"Sign-in refused ({error.kind})"
    if status == 503:
        return "Service temporarily unavailable"
    return "The Maestrano integration failed"


def begin_sign_in(
    config: Config,
    session: Session,
    params: Optional[Mapping[str, Any]] = None,
    return_to: Optional[str] = None,
    now: Optional[datetime] = None,
) -> str:
    """The URL to redirect the browser to (the identity provider), after keeping the request's
    ID and the page to come back to in ``session``.

    ``params`` are the init route's query parameters (they travel to the platform; a
    ``group_id`` among them selects the group); ``return_to`` (e.g. ``?return_to=`` or
    ``?next=``) is kept only when it is a same-origin path.
    """
    params = dict(params or {})
    request = sso.authn_request(config, params=params, group_id=params.get("group_id"), now=now)
    session[REQUEST_ID_KEY] = request.request_id
    session[RETURN_TO_KEY] = safe_return_path(return_to)
    return request.url


@dataclass(frozen=True)
class SignIn:
    """A finished sign-in: the validated ``result``, the ``user`` dict kept in the session and
    the same-origin path to redirect to (``return_to``)."""

    result: sso.SsoResult
    user: Dict[str, Any]
    return_to: str


def user_dict(result: sso.SsoResult) -> Dict[str, Any]:
    """Who signed in, as the JSON-serialisable dict kept in the session: ``uid`` (the app's uid:
    masked in virtual mode), ``real_uid``, ``email``, ``first_name``, ``last_name``,
    ``group_uid``, ``group_name`` and ``role``."""
    user, group = result.user, result.group
    return {
        "uid": user.uid,
        "real_uid": user.extra.uid,
        "email": user.info.email,
        "first_name": user.info.first_name,
        "last_name": user.info.last_name,
        "group_uid": group.uid,
        "group_name": group.info.name,
        "role": result.membership.role,
    }


def needs_repost(session: Mapping[str, Any], form: Mapping[str, Any]) -> bool:
    """Whether the consume route must answer :func:`repost_page` instead of validating: no
    sign-in is pending in ``session`` (the cookie did not come with the identity provider's
    cross-site POST) and the form has not been posted again yet. The second post, from the
    app's own origin, carries the cookie; if it still finds nothing pending, the response is
    refused as unsolicited."""
    return REQUEST_ID_KEY not in session and not form.get(REPOST_FIELD)


def repost_page(action: str, form: Mapping[str, Any]) -> str:
    """An HTML page that posts ``SAMLResponse`` (and ``RelayState``) of ``form`` to ``action``
    again, from the app's own origin: submitted by a script at once, with a button when scripts
    are off. Every value is HTML-escaped."""
    from html import escape

    fields = [(REPOST_FIELD, "1")]
    for name in ("SAMLResponse", "RelayState"):
        value = form.get(name)
        if isinstance(value, str):
            fields.append((name, value))
    inputs = "".join(f'<input type="hidden" name="{n}" value="{escape(v, quote=True)}">' for n, v in fields)
    return (
        '<!doctype html><html><head><meta charset="utf-8"><title>Signing in</title></head>'
        '<body onload="document.forms[0].submit()">'
        f'<form method="post" action="{escape(action, quote=True)}">{inputs}'
        '<noscript><button type="submit">Continue</button></noscript></form></body></html>'
    )


def _validate(config: Config, session: Session, saml_response: Optional[str], now: Optional[datetime]) -> sso.SsoResult:
    request_id = session.pop(REQUEST_ID_KEY, None)
    if request_id is None:
        # Maestrano starts every sign-in at the app's init route: an unsolicited response is
        # refused, so a response captured elsewhere cannot be posted into a fresh session.
        raise SamlError("in_response_to_mismatch", "no sign-in was started in this session (unsolicited response)")
    if not saml_response:
        raise SamlError("malformed_base64", "the request carries no SAMLResponse form value")
    return sso.validate_response(config, saml_response, request_id=request_id, now=now)


def _signed_in(session: Session, result: sso.SsoResult) -> SignIn:
    return_to = safe_return_path(session.pop(RETURN_TO_KEY, None))
    user = user_dict(result)
    # A new sign-in replaces whatever the session held (no fixation of an earlier user).
    for key in (SESSION_KEY, USER_KEY):
        session.pop(key, None)
    session[USER_KEY] = user
    session[SESSION_KEY] = result.session
    return SignIn(result=result, user=user, return_to=return_to)


def finish_sign_in(
    config: Config,
    session: Session,
    saml_response: Optional[str],
    replay: Optional[sso.ReplayCache],
    now: Optional[datetime] = None,
) -> SignIn:
    """Validate the posted ``SAMLResponse`` (its ``InResponseTo`` must be this session's pending
    request), accept its assertion once through ``replay`` (``None`` skips the check: only for
    tests) and sign the user in. Raises :class:`~maestrano.MaestranoError`; the pending request is
    used up either way."""
    result = _validate(config, session, saml_response, now)
    if replay is not None:
        replay.check(config, result, now=now)
    return _signed_in(session, result)


async def async_finish_sign_in(
    config: Config,
    session: Session,
    saml_response: Optional[str],
    replay: Optional[sso.ReplayCache],
    now: Optional[datetime] = None,
) -> SignIn:
    """:func:`finish_sign_in` with an asynchronous replay store (e.g. ``redis.asyncio``)."""
    result = _validate(config, session, saml_response, now)
    if replay is not None:
        await replay.async_check(config, result, now=now)
    return _signed_in(session, result)


def signed_in_user(session: Mapping[str, Any]) -> Optional[Dict[str, Any]]:
    """The signed-in user's dict, or ``None``."""
    user: Any = session.get(USER_KEY)
    return cast(Dict[str, Any], user) if isinstance(user, dict) else None


def _apply(session: Session, check: _session.SessionCheck) -> bool:
    if not check.valid:
        sign_out_session(session)
        return False
    if check.value is not None:
        session[SESSION_KEY] = check.value
    return True


def recheck(config: Config, session: Session, transport: Any = None, now: Optional[datetime] = None) -> bool:
    """Whether the session's user is still signed in: ``False`` when nobody is; otherwise the
    platform is asked when the recheck time has come (single logout), the renewed value kept,
    and the user signed out of the app when the platform says no or cannot say (fail closed)."""
    if signed_in_user(session) is None:
        return False
    return _apply(session, _session.check(config, session.get(SESSION_KEY), now=now, transport=transport))


async def async_recheck(config: Config, session: Session, transport: Any = None, now: Optional[datetime] = None) -> bool:
    """:func:`recheck` for asynchronous apps (``transport``: an asynchronous transport, e.g. one
    shared :class:`~maestrano.http.AsyncHttpxTransport`)."""
    if signed_in_user(session) is None:
        return False
    check = await _session.async_check(config, session.get(SESSION_KEY), now=now, transport=transport)
    return _apply(session, check)


def sign_out_session(session: Session) -> None:
    """Forget the Maestrano sign-in (user, single-logout value, pending request)."""
    for key in (USER_KEY, SESSION_KEY, REQUEST_ID_KEY, RETURN_TO_KEY):
        session.pop(key, None)


def sign_out(config: Config, session: Session) -> str:
    """Sign the user out of the app and return the platform's logout URL to redirect to."""
    user = signed_in_user(session)
    sign_out_session(session)
    return config.logout_url(user.get("real_uid") if user else None)


@dataclass(frozen=True)
class PlatformCall:
    """An authenticated call of the platform: the :data:`~maestrano.webhooks.WebhookEvent` and,
    for a Connec! notification, its records by entity (else ``None``)."""

    event: webhooks.WebhookEvent
    notification: Optional[Dict[str, List[Record]]]


def platform_call(
    config: Config,
    method: str,
    path: str,
    authorization: Optional[str],
    body: Union[bytes, str, Callable[[], bytes], None] = None,
) -> Optional[PlatformCall]:
    """The platform's call this request is, or ``None`` when it is not one (route it as usual).

    Raises :class:`~maestrano.ApiError`: ``api_authentication`` (401) for a webhook route with
    missing or wrong credentials, ``api_invalid_request`` (400) for a Connec! notification body
    that is not a JSON object of records. ``body`` may be a function returning the bytes: it is
    called only for a Connec! notification, so other requests' bodies are never read here.
    """
    event = webhooks.match(config, method, path, authorization)
    if event is None:
        return None
    notification = None
    if event.event == "connec_notification":
        raw = body() if callable(body) else body
        notification = webhooks.connec_notification(raw or b"")
    return PlatformCall(event=event, notification=notification)
