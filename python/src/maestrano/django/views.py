"""The integration's views: they translate requests for :mod:`maestrano.web` and back.

Routed by :mod:`maestrano.django.urls`; ``consume`` and ``webhook`` are exempt from CSRF (the
identity provider and the platform post to them); all are exempt from the session recheck.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any, MutableMapping, cast

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import web
from ..errors import MaestranoError
from ..webhooks import INVALID_CREDENTIALS_BODY
from . import signals
from .conf import get_config, get_options

__all__ = ["init", "consume", "metadata", "logout", "webhook"]

logger = logging.getLogger("maestrano")


def session_of(request: HttpRequest) -> MutableMapping[str, Any]:
    """The request's Django session, as the mapping :mod:`maestrano.web` works on."""
    return cast(MutableMapping[str, Any], request.session)


def _auth_installed() -> bool:
    return apps.is_installed("django.contrib.auth")


def _page(title: str, message: str, status: int) -> HttpResponse:
    return HttpResponse(
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
        f"<body><h1>{escape(title)}</h1><p id='sso-error'>{escape(message)}</p></body></html>",
        status=status,
        content_type="text/html; charset=utf-8",
    )


def _log(error: MaestranoError, what: str) -> None:
    level = logging.ERROR if web.status_for(error) >= 500 else logging.WARNING
    logger.log(level, "%s: %s", what, error)


def _invalid_credentials() -> HttpResponse:
    response = HttpResponse(INVALID_CREDENTIALS_BODY, status=401, content_type="application/json")
    response["WWW-Authenticate"] = 'Basic realm="Maestrano"'
    return response


@require_GET
def init(request: HttpRequest) -> HttpResponse:
    """Start SSO: redirect to the identity provider; ``?return_to=`` or ``?next=`` (a
    same-origin path) is where the user lands once signed in, ``?group_id=`` picks the group."""
    url = web.begin_sign_in(
        get_config(),
        session_of(request),
        params=request.GET.dict(),
        return_to=request.GET.get("return_to") or request.GET.get("next"),
    )
    return HttpResponseRedirect(url)


@csrf_exempt
@require_POST
def consume(request: HttpRequest) -> HttpResponse:
    """Finish SSO with the posted ``SAMLResponse``: sign the user in (Django's ``login`` with
    :class:`~maestrano.django.backends.MaestranoBackend` when ``django.contrib.auth`` is
    installed) and redirect to the page asked for; a refusal answers its status and a page
    naming the kind of failure (the details are logged on the ``maestrano`` logger)."""
    options = get_options()
    session = session_of(request)
    if web.needs_repost(session, request.POST):
        # The identity provider's cross-site POST came without the SameSite=Lax cookie.
        return HttpResponse(web.repost_page(request.path, request.POST), content_type="text/html; charset=utf-8")
    try:
        signin = web.finish_sign_in(options.config, session, request.POST.get("SAMLResponse"), options.replay)
    except MaestranoError as error:
        _log(error, "Maestrano sign-in refused")
        return _page("Sign-in refused", web.public_message(error), web.status_for(error))
    if _auth_installed():
        from django.contrib import auth

        user = auth.authenticate(request, signin=signin)
        if user is None:
            web.sign_out_session(session)
            logger.warning(
                "Maestrano sign-in of %s in group %s refused by the app (hook or authentication backend)",
                signin.user["uid"],
                signin.user["group_uid"],
            )
            return _page("Access refused", "This account may not use the app.", 403)
        auth.login(request, user)
        # login() empties the session when another user was signed in: keep this sign-in's keys.
        session[web.USER_KEY] = signin.user
        session[web.SESSION_KEY] = signin.result.session
    else:
        request.session.cycle_key()  # a new session key for the signed-in user (no fixation)
    return HttpResponseRedirect(signin.return_to)


@require_GET
def metadata(request: HttpRequest) -> HttpResponse:
    """The app's metadata JSON, for the platform (HTTP Basic ``api.id:api.key``)."""
    config = get_config()
    if not config.authenticate_header(request.headers.get("Authorization")):
        return _invalid_credentials()
    return JsonResponse(config.metadata())


@require_http_methods(["GET", "POST"])
def logout(request: HttpRequest) -> HttpResponse:
    """Sign out of the app (and of Django's auth) and redirect to the platform's logout page."""
    url = web.sign_out(get_config(), session_of(request))
    if _auth_installed():
        from django.contrib import auth

        auth.logout(request)
    return HttpResponseRedirect(url)


@csrf_exempt
def webhook(request: HttpRequest) -> HttpResponse:
    """The platform's calls: authenticated and routed by :func:`maestrano.web.platform_call`,
    then sent as the signals of :mod:`maestrano.django.signals`; ``{"success": true}``."""
    config = get_config()
    try:
        call = web.platform_call(
            config, request.method or "GET", request.path, request.headers.get("Authorization"), request.body
        )
    except MaestranoError as error:
        _log(error, "Maestrano webhook refused")
        if web.status_for(error) == 401:
            return _invalid_credentials()
        return JsonResponse({"error": error.kind}, status=web.status_for(error))
    if call is None:
        raise Http404("not a Maestrano webhook")
    event = call.event
    if event.event == "group_cancelled":
        signals.group_cancelled.send(sender=config, event=event, request=request)  # pyright: ignore[reportUnknownMemberType]
    elif event.event == "member_removed":
        signals.member_removed.send(sender=config, event=event, request=request)  # pyright: ignore[reportUnknownMemberType]
    else:
        signals.connec_notification.send(sender=config, event=event, request=request, records=call.notification)  # pyright: ignore[reportUnknownMemberType]
    return JsonResponse({"success": True})
