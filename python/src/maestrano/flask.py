"""Flask integration (``pip install maestrano[flask]``): SSO, single logout and the platform's
calls, on Flask's signed cookie session. ::

    import maestrano
    from flask import Flask
    from maestrano.flask import Maestrano, current_user, login_required

    app = Flask(__name__)
    app.secret_key = ...
    mno = Maestrano(app, config=maestrano.Config.from_dict({...}))  # or app.config["MAESTRANO"]

    @mno.on_group_cancelled
    def cancel(event): ...

    @app.get("/")
    @login_required
    def home():
        return f"Hello {current_user()['first_name']}"

Routes (blueprint ``maestrano``): ``init`` and ``consume`` at the paths of the config's
``init_url()`` / ``consume_url()``, ``metadata`` (HTTP Basic) and ``logout``. Before every
request, the platform's calls (account webhooks, Connec! notifications) are answered, and the
Maestrano session of a signed-in user is rechecked when due (single logout). The steps are
those of :mod:`maestrano.web`; this module only translates requests and responses.
"""

from __future__ import annotations

import functools
import html
import logging
from typing import Any, Callable, Dict, List, Optional, TypeVar, cast
from urllib.parse import urlsplit

from flask import Blueprint, Flask, Response, current_app, jsonify, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from . import web
from ._json import Record
from .config import Config
from .errors import ApiError, ConfigError, MaestranoError
from .sso import ReplayCache
from .webhooks import INVALID_CREDENTIALS_BODY, WebhookEvent

__all__ = ["Maestrano", "login_required", "current_user"]

logger = logging.getLogger("maestrano")

#: Called with the finished sign-in; returns ``None`` to accept it, or a response to refuse it
#: (it may also raise, e.g. ``abort(403)``): the user is then signed out again.
SignInHook = Callable[[web.SignIn], Optional[ResponseReturnValue]]
#: Called with an account webhook's event (``group_cancelled`` or ``member_removed``).
EventHook = Callable[[WebhookEvent], None]
#: Called with a Connec! notification's event and its records by entity.
NotificationHook = Callable[[WebhookEvent, Dict[str, List[Record]]], None]

F = TypeVar("F", bound=Callable[..., Any])

_EXTENSION = "maestrano"


def _page(title: str, body: str, status: int) -> Response:
    text = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return Response(text, status, content_type="text/html; charset=utf-8")


class Maestrano:
    """The Flask extension: ``Maestrano(app, config=...)`` or ``Maestrano(config=...)`` then
    :meth:`init_app` (application factories).

    ``config``: a :class:`~maestrano.Config`; when ``None``, ``app.config["MAESTRANO"]`` (a dict
    for :meth:`Config.from_dict <maestrano.Config.from_dict>`, or a ``Config``) at
    :meth:`init_app`. ``replay``: the :class:`~maestrano.ReplayCache` of consumed assertions (by
    default in memory, one process; ``ReplayCache(maestrano.redis.RedisStore(...))`` for several).
    The hooks may be given here or set with the decorators of the same names.
    ``metadata_path`` and ``logout_path`` place those two routes.
    """

    def __init__(
        self,
        app: Optional[Flask] = None,
        config: Optional[Config] = None,
        replay: Optional[ReplayCache] = None,
        *,
        on_sign_in: Optional[SignInHook] = None,
        on_group_cancelled: Optional[EventHook] = None,
        on_member_removed: Optional[EventHook] = None,
        on_connec_notification: Optional[NotificationHook] = None,
        metadata_path: str = "/maestrano/metadata",
        logout_path: str = "/maestrano/logout",
    ) -> None:
        self._config = config
        self.replay = replay if replay is not None else ReplayCache()
        self._sign_in_hook = on_sign_in
        self._event_hooks: Dict[str, Optional[EventHook]] = {
            "group_cancelled": on_group_cancelled,
            "member_removed": on_member_removed,
        }
        self._notification_hook = on_connec_notification
        self.metadata_path = metadata_path
        self.logout_path = logout_path
        if app is not None:
            self.init_app(app)

    # -- hooks -----------------------------------------------------------------------------

    def on_sign_in(self, fn: SignInHook) -> SignInHook:
        """Decorator: the hook called after each valid sign-in (see :data:`SignInHook`)."""
        self._sign_in_hook = fn
        return fn

    def on_group_cancelled(self, fn: EventHook) -> EventHook:
        """Decorator: the hook called when a group cancels the app (``event.group_id``)."""
        self._event_hooks["group_cancelled"] = fn
        return fn

    def on_member_removed(self, fn: EventHook) -> EventHook:
        """Decorator: the hook called when a user leaves a group (``event.group_id``,
        ``event.user_id``, ``event.local_user_id``)."""
        self._event_hooks["member_removed"] = fn
        return fn

    def on_connec_notification(self, fn: NotificationHook) -> NotificationHook:
        """Decorator: the hook called with each Connec! notification's records by entity."""
        self._notification_hook = fn
        return fn

    # -- setup -----------------------------------------------------------------------------

    def init_app(self, app: Flask) -> None:
        """Register the routes and the before-request hook on ``app``, and default its session
        cookie to HttpOnly and SameSite=Lax."""
        settings = cast(Dict[str, Any], app.config)
        config = self._config if self._config is not None else settings.get("MAESTRANO")
        if isinstance(config, dict):
            config = Config.from_dict(cast(Dict[str, Any], config))
        if not isinstance(config, Config):
            raise ConfigError("config_missing", "pass config= or set app.config['MAESTRANO'] to a dict or a Config")
        settings.setdefault("SESSION_COOKIE_HTTPONLY", True)
        if settings.get("SESSION_COOKIE_SAMESITE") is None:
            settings["SESSION_COOKIE_SAMESITE"] = "Lax"
        app.extensions[_EXTENSION] = self
        app.register_blueprint(self._blueprint(config))

    def _blueprint(self, config: Config) -> Blueprint:
        bp = Blueprint(_EXTENSION, __name__)

        @bp.before_app_request
        def platform_call_or_recheck() -> Optional[ResponseReturnValue]:
            return self._before_request(config)

        @bp.get(urlsplit(config.init_url()).path)
        def init() -> ResponseReturnValue:
            return_to = request.args.get("return_to") or request.args.get("next")
            return redirect(web.begin_sign_in(config, session, params=request.args.to_dict(), return_to=return_to))

        @bp.post(urlsplit(config.consume_url()).path)
        def consume() -> ResponseReturnValue:
            return self._consume(config)

        @bp.get(self.metadata_path)
        def metadata() -> ResponseReturnValue:
            if not config.authenticate_header(request.headers.get("Authorization")):
                return Response(INVALID_CREDENTIALS_BODY, 401, content_type="application/json")
            return jsonify(config.metadata())

        @bp.get(self.logout_path)
        def logout() -> ResponseReturnValue:
            return redirect(web.sign_out(config, session))

        return bp

    # -- request handling ------------------------------------------------------------------

    def _consume(self, config: Config) -> ResponseReturnValue:
        if web.needs_repost(session, request.form):
            # The identity provider's cross-site POST came without the SameSite=Lax cookie.
            return Response(web.repost_page(request.path, request.form), 200, content_type="text/html; charset=utf-8")
        try:
            signin = web.finish_sign_in(config, session, request.form.get("SAMLResponse"), self.replay)
        except MaestranoError as e:
            logger.warning("Maestrano sign-in refused: %s", e)
            message = f"<p id='sso-error'>{html.escape(web.public_message(e))}</p>"
            return _page("Sign-in refused", message, web.status_for(e))
        if self._sign_in_hook is not None:
            try:
                refusal = self._sign_in_hook(signin)
            except Exception:
                web.sign_out_session(session)
                raise
            if refusal is not None:
                web.sign_out_session(session)
                return refusal
        return redirect(signin.return_to)

    def _before_request(self, config: Config) -> Optional[ResponseReturnValue]:
        # The body is read only when the request is a Connec! notification.
        def body() -> bytes:
            return request.get_data()

        try:
            call = web.platform_call(config, request.method, request.path, request.headers.get("Authorization"), body)
        except ApiError as e:
            logger.warning("Maestrano platform call refused: %s", e)
            status = web.status_for(e)
            return jsonify(error="Invalid credentials" if status == 401 else f"Invalid request ({e.kind})"), status
        if call is not None:
            self._dispatch(call)
            return jsonify(success=True)
        if request.blueprint != _EXTENSION:
            web.recheck(config, session)  # signs the user out when the platform says so
        return None

    def _dispatch(self, call: web.PlatformCall) -> None:
        if call.notification is not None:
            if self._notification_hook is not None:
                self._notification_hook(call.event, call.notification)
            return
        hook = self._event_hooks.get(call.event.event)
        if hook is not None:
            hook(call.event)


def current_user() -> Optional[Dict[str, Any]]:
    """The signed-in user (the dict of :func:`maestrano.web.user_dict`: ``uid``, ``email``,
    ``first_name``, ``group_uid``, ``role``…), or ``None``."""
    return web.signed_in_user(session)


def login_required(view: F) -> F:
    """Decorator: the view runs for a signed-in user only; anybody else is redirected to the
    init route, to come back to this page (``?return_to=``, for GET requests) after signing in."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if current_user() is not None:
            return current_app.ensure_sync(view)(*args, **kwargs)  # async views too
        params: Dict[str, Any] = {}
        if request.method in ("GET", "HEAD"):
            query = request.query_string.decode("latin-1")
            params["return_to"] = request.path + (f"?{query}" if query else "")
        return redirect(url_for(f"{_EXTENSION}.init", **params))

    return cast(F, wrapper)
