"""The Django app of the integration (label ``maestrano``) and its system checks."""

from __future__ import annotations

from typing import Any, List, Optional, Sequence

from django.apps import AppConfig, apps
from django.conf import settings
from django.core import checks

BACKEND = "maestrano.django.backends.MaestranoBackend"
MIDDLEWARE = "maestrano.django.middleware.MaestranoMiddleware"


class MaestranoConfig(AppConfig):
    """``maestrano.django``: no models; registers the setup checks."""

    name = "maestrano.django"
    label = "maestrano"
    verbose_name = "Maestrano"

    def ready(self) -> None:
        """Register :func:`check_setup`."""
        checks.register(check_setup)


def check_setup(app_configs: Optional[Sequence[AppConfig]] = None, **kwargs: Any) -> List[checks.CheckMessage]:
    """Setup mistakes that would silently disable part of the integration."""
    messages: List[checks.CheckMessage] = []
    if getattr(settings, "MAESTRANO", None) is None:
        messages.append(checks.Error("settings.MAESTRANO is not set", id="maestrano.E001"))
    if apps.is_installed("django.contrib.auth") and BACKEND not in settings.AUTHENTICATION_BACKENDS:
        messages.append(
            checks.Error(
                f"{BACKEND} is not in AUTHENTICATION_BACKENDS: every Maestrano sign-in would be refused",
                id="maestrano.E002",
            )
        )
    if MIDDLEWARE not in settings.MIDDLEWARE:
        messages.append(
            checks.Warning(
                f"{MIDDLEWARE} is not in MIDDLEWARE: users stay signed in after signing out of the platform",
                id="maestrano.W001",
            )
        )
    return messages
