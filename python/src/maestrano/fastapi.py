"""Maestrano for FastAPI apps, asynchronous throughout.

:class:`Maestrano` only translates between FastAPI and :mod:`maestrano.web`: its
:attr:`~Maestrano.router` holds the SSO routes (init, consume, logout), the metadata route and
the platform's webhook routes; :meth:`~Maestrano.current_user` and
:meth:`~Maestrano.optional_user` are dependencies that recheck the Maestrano session (single
logout) before giving the signed-in user. ::

    from fastapi import Depends, FastAPI
    from starlette.middleware.sessions import SessionMiddleware
    from maestrano.fastapi import Maestrano

    mno = Maestrano(config, on_group_cancelled=cancel_subscription)
    app = FastAPI(lifespan=mno.lifespan)            # closes the pooled HTTP client on shutdown
    app.add_middleware(SessionMiddleware, secret_key=SECRET, same_site="lax", https_only=True)
    app.include_router(mno.router)

    @app.get("/")
    async def home(user: dict = Depends(mno.current_user)):
        return {"hello": user["first_name"]}

The sessions are Starlette's ``SessionMiddleware`` (``request.session``, a signed cookie; needs
``itsdangerous``): the app must add it, with ``same_site="lax"`` and, in production,
``https_only=True``. An app with a lifespan of its own enters ``mno.lifespan(app)`` inside it, or
registers ``app.add_event_handler("shutdown", mno.aclose)``.
"""

from __future__ import annotations

import html
import importlib.util
import logging
from contextlib import asynccontextmanager
from typing import Any, AsyncGenerator, Awaitable, Callable, Dict, List, Optional
from urllib.parse import parse_qs, urlencode, urlsplit

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from . import web
from ._json import Record
from .config import Config
from .errors import MaestranoError, SamlError
from .http import AsyncHttpxTransport
from .sso import ReplayCache
from .webhooks import INVALID_CREDENTIALS_BODY, WebhookEvent

__all__ = ["Maestrano", "SignInHook", "EventHook", "NotificationHook", "MAX_FORM_BYTES"]

logger = logging.getLogger("maestrano")

#: ``on_sign_in(sign_in, request)``: called after a valid sign-in, before the redirect, to find
#: or create the local user and group; returning ``False`` refuses the sign-in (403, the user
#: is signed out again).
SignInHook = Callable[[web.SignIn, Request], Awaitable[Optional[bool]]]
#: ``on_group_cancelled(event)`` / ``on_member_removed(event)``: an account webhook.
EventHook = Callable[[WebhookEvent], Awaitable[object]]
#: ``on_connec_notification(event, records)``: changed Connec! records by entity.
NotificationHook = Callable[[WebhookEvent, Dict[str, List[Record]]], Awaitable[object]]

#: The largest consume body read (an urlencoded ``SAMLResponse`` of the core's 1 MiB default
#: ``sso.max_response_size`` fits with room to spare); a larger one is answered 413.
MAX_FORM_BYTES = 4 * 1024 * 1024
# The core's Connec! notification limit: a longer body reaches it truncated, and is refused.
_MAX_WEBHOOK_BYTES = 16 * 1024 * 1024
_FORM_URLENCODED = "application/x-www-form-urlencoded"
_MULTIPART = importlib.util.find_spec("python_multipart") is not None


async def _read_body(request: Request, limit: int) -> bytes:
    """The request's body, read no further than just past ``limit`` bytes (longer than
    ``limit``: too large)."""
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            break
    return bytes(body)


async def _consume_form(request: Request) -> Dict[str, str]:
    """The posted consume form's text fields (urlencoded; multipart when ``python-multipart``
    is installed), first value of each; empty for any other body."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == _FORM_URLENCODED:
        body = await _read_body(request, MAX_FORM_BYTES)
        if len(body) > MAX_FORM_BYTES:
            raise SamlError("input_too_large", f"the consume request's body exceeds {MAX_FORM_BYTES} bytes")
        parsed = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        return {name: values[0] for name, values in parsed.items() if values}
    if content_type == "multipart/form-data" and _MULTIPART:
        async with request.form(max_files=0) as form:
            return {name: value for name, value in form.items() if isinstance(value, str)}
    return {}


def _error_page(message: str, status: int) -> HTMLResponse:
    """The browser's answer to a refused sign-in: ``message`` names the kind of failure, never
    its details."""
    text = html.escape(message)
    page = f"<!doctype html><meta charset='utf-8'><title>{text}</title><h1 id='sso-error'>{text}</h1>"
    return HTMLResponse(page, status_code=status)


def _route_path(template: str) -> str:
    """A webhook template (``/groups/:id``) as a Starlette path (``/groups/{p0}``)."""
    parts = [p for p in template.split("?")[0].split("#")[0].split("/") if p]
    return "/" + "/".join(f"{{p{i}}}" if p.startswith(":") else p for i, p in enumerate(parts))


class Maestrano:
    """One marketplace's integration in a FastAPI app.

    ``config``: the marketplace's :class:`~maestrano.Config`. ``replay``: the store of used
    assertions (default: in memory, one process; for several, a
    ``ReplayCache(maestrano.redis.AsyncRedisStore(...))``, awaited). The hooks are coroutines:
    ``on_sign_in`` (:data:`SignInHook`), ``on_group_cancelled`` / ``on_member_removed``
    (:data:`EventHook`), ``on_connec_notification`` (:data:`NotificationHook`); a webhook
    without a hook is acknowledged. ``metadata_path`` and ``logout_path`` place those two
    routes; the SSO and webhook routes follow the config.
    """

    def __init__(
        self,
        config: Config,
        replay: Optional[ReplayCache] = None,
        *,
        on_sign_in: Optional[SignInHook] = None,
        on_group_cancelled: Optional[EventHook] = None,
        on_member_removed: Optional[EventHook] = None,
        on_connec_notification: Optional[NotificationHook] = None,
        metadata_path: str = "/maestrano/metadata",
        logout_path: str = "/maestrano/logout",
    ) -> None:
        self.config = config
        self.replay = replay if replay is not None else ReplayCache()
        self.on_sign_in = on_sign_in
        self.on_group_cancelled = on_group_cancelled
        self.on_member_removed = on_member_removed
        self.on_connec_notification = on_connec_notification
        #: The init route's path (where :meth:`current_user` sends users who are not signed in).
        self.init_path = urlsplit(config.init_url()).path
        self._transport: Optional[AsyncHttpxTransport] = None
        self.router = self._build_router(metadata_path, logout_path)

    @property
    def transport(self) -> AsyncHttpxTransport:
        """The pooled HTTP transport of the session checks (created on first use; closed by
        :meth:`aclose`)."""
        if self._transport is None:
            self._transport = AsyncHttpxTransport()
        return self._transport

    async def aclose(self) -> None:
        """Close the pooled HTTP transport (a later check opens a new one)."""
        transport, self._transport = self._transport, None
        if transport is not None:
            await transport.aclose()

    @asynccontextmanager
    async def lifespan(self, app: object) -> AsyncGenerator[None, None]:
        """A FastAPI ``lifespan`` that closes the transport on shutdown."""
        try:
            yield
        finally:
            await self.aclose()

    # -- dependencies ---------------------------------------------------------------------

    async def optional_user(self, request: Request) -> Optional[Dict[str, Any]]:
        """Dependency: the signed-in user's dict (:func:`maestrano.web.user_dict`) once the
        platform agrees (rechecked when due), else ``None`` (a user the platform signed out is
        signed out of the app)."""
        try:
            valid = await web.async_recheck(self.config, request.session, transport=self.transport)
        except MaestranoError as e:
            logger.error("Maestrano session check failed: %s", e)
            raise HTTPException(web.status_for(e), web.public_message(e)) from e
        return web.signed_in_user(request.session) if valid else None

    async def current_user(self, request: Request) -> Dict[str, Any]:
        """Dependency: the signed-in user's dict, as :meth:`optional_user`; without one, a
        ``GET``/``HEAD`` is redirected (302) to the init route, back to this page after
        signing in, and any other method answered 401."""
        user = await self.optional_user(request)
        if user is not None:
            return user
        if request.method not in ("GET", "HEAD"):
            raise HTTPException(401, "Not signed in")
        here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = f"{self.init_path}?{urlencode({'return_to': here})}"
        raise HTTPException(302, "Not signed in", headers={"Location": location})

    # -- routes -----------------------------------------------------------------------------

    def _build_router(self, metadata_path: str, logout_path: str) -> APIRouter:
        router = APIRouter(include_in_schema=False)
        router.add_api_route(self.init_path, self.init, methods=["GET"])
        router.add_api_route(urlsplit(self.config.consume_url()).path, self.consume, methods=["POST"])
        router.add_api_route(metadata_path, self.metadata, methods=["GET"])
        router.add_api_route(logout_path, self.logout, methods=["GET"])
        hooks = self.config.to_dict()["webhook"]
        for template, method in (
            (hooks["account"]["groups_path"], "DELETE"),
            (hooks["account"]["group_users_path"], "DELETE"),
            (hooks["connec"]["notifications_path"], "POST"),
        ):
            path = _route_path(template)
            # The core accepts one trailing tenant segment after the template.
            for route in (path, path.rstrip("/") + "/{tenant}"):
                router.add_api_route(route, self.webhook, methods=[method])
        return router

    async def init(self, request: Request) -> Response:
        """Init route: start the sign-in and redirect to the identity provider."""
        query = request.query_params
        url = web.begin_sign_in(
            self.config, request.session, params=dict(query), return_to=query.get("return_to") or query.get("next")
        )
        return RedirectResponse(url, status_code=302)

    async def consume(self, request: Request) -> Response:
        """Consume route: validate the posted ``SAMLResponse``, sign the user in and redirect
        to the page kept at init; a refused sign-in is answered by its status and kind."""
        try:
            form = await _consume_form(request)
            if web.needs_repost(request.session, form):
                # The identity provider's cross-site POST came without the SameSite=Lax cookie.
                return HTMLResponse(web.repost_page(request.url.path, form))
            sign_in = await web.async_finish_sign_in(
                self.config, request.session, form.get("SAMLResponse"), self.replay
            )
        except MaestranoError as e:
            logger.warning("Maestrano sign-in refused: %s", e)
            return _error_page(web.public_message(e), web.status_for(e))
        if self.on_sign_in is not None and await self.on_sign_in(sign_in, request) is False:
            web.sign_out_session(request.session)
            logger.warning("Maestrano sign-in of %s refused by the app", sign_in.user["uid"])
            return _error_page("Sign-in refused", 403)
        return RedirectResponse(sign_in.return_to, status_code=302)

    async def metadata(self, request: Request) -> Response:
        """Metadata route: the app's metadata JSON, for the platform's API credentials only."""
        if not self.config.authenticate_header(request.headers.get("authorization")):
            return Response(INVALID_CREDENTIALS_BODY, status_code=401, media_type="application/json")
        return JSONResponse(self.config.metadata())

    async def logout(self, request: Request) -> Response:
        """Logout route: sign out of the app and redirect to the platform's logout."""
        return RedirectResponse(web.sign_out(self.config, request.session), status_code=302)

    async def webhook(self, request: Request) -> Response:
        """Webhook routes: authenticate the platform's call and hand it to the app's hook."""
        body = await _read_body(request, _MAX_WEBHOOK_BYTES)
        try:
            call = web.platform_call(
                self.config, request.method, request.url.path, request.headers.get("authorization"), body
            )
        except MaestranoError as e:
            logger.warning("Maestrano webhook refused: %s", e)
            status = web.status_for(e)
            error = web.public_message(e) if status == 401 else e.kind
            return JSONResponse({"error": error}, status_code=status)
        if call is None:
            return JSONResponse({"error": "Not found"}, status_code=404)
        event = call.event
        if event.event == "group_cancelled" and self.on_group_cancelled is not None:
            await self.on_group_cancelled(event)
        elif event.event == "member_removed" and self.on_member_removed is not None:
            await self.on_member_removed(event)
        elif call.notification is not None and self.on_connec_notification is not None:
            await self.on_connec_notification(event, call.notification)
        return JSONResponse({"success": True})
