"""Single logout: :class:`MaestranoMiddleware` rechecks the Maestrano session of signed-in users.

Place it after ``SessionMiddleware`` and ``AuthenticationMiddleware``. Before each view but the
integration's own (the webhooks, and the SSO, logout and metadata routes, which start, replace or
end the sign-in themselves) it asks :func:`maestrano.web.recheck` when due; when the platform says
the user's session has ended (or cannot say: fail closed) the user is signed out of the app
(``django.contrib.auth.logout`` too), so ``login_required`` views send them back to SSO
(``LOGIN_URL = "maestrano:init"``).
"""

from __future__ import annotations

import logging
from typing import Any, Callable, Dict, Optional, Tuple

from django.apps import apps
from django.http import HttpRequest, HttpResponse

from .. import web
from . import views
from .conf import get_config

__all__ = ["MaestranoMiddleware"]

#: The views the recheck skips.
EXEMPT_VIEWS = (views.init, views.consume, views.metadata, views.logout, views.webhook)

logger = logging.getLogger("maestrano")


class MaestranoMiddleware:
    """Rechecks the Maestrano session before each view (but :data:`EXEMPT_VIEWS`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        """Run the request (the recheck happens in :meth:`process_view`)."""
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Tuple[Any, ...],
        view_kwargs: Dict[str, Any],
    ) -> Optional[HttpResponse]:
        """Sign out a user whose platform session has ended; never answers by itself."""
        if view_func in EXEMPT_VIEWS:
            return None
        session = views.session_of(request)
        user = web.signed_in_user(session)
        if user is None or web.recheck(get_config(), session):
            return None
        logger.info("Maestrano session of %s ended on the platform: signed out", user.get("uid"))
        if apps.is_installed("django.contrib.auth"):
            from django.contrib import auth

            auth.logout(request)
        return None
