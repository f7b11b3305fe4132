"""The authentication backend of Maestrano sign-ins.

Add ``"maestrano.django.backends.MaestranoBackend"`` to ``AUTHENTICATION_BACKENDS``; the consume
view calls ``django.contrib.auth.authenticate(request, signin=...)`` with the finished
:class:`maestrano.web.SignIn`. Other backends ignore the ``signin`` credential; this one ignores
every other kind, so it never accepts a password.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.http import HttpRequest

from ..web import SignIn
from .conf import get_options

__all__ = ["MaestranoBackend"]

#: The Django user's fields taken from the sign-in's user dict (when the user model has them).
PROFILE_FIELDS = ("email", "first_name", "last_name")


class MaestranoBackend(BaseBackend):
    """Finds or creates the Django user whose ``USERNAME_FIELD`` is the app's uid of the
    Maestrano user, keeps its email and names up to date, then calls ``USER_HOOK`` and
    ``GROUP_HOOK`` (see :mod:`maestrano.django.conf`) in the same transaction: a hook that raises
    :class:`~django.core.exceptions.PermissionDenied` refuses the sign-in and undoes it."""

    def authenticate(
        self, request: Optional[HttpRequest], signin: Optional[SignIn] = None, **kwargs: Any
    ) -> Optional[AbstractBaseUser]:
        """The signed-in user, or ``None`` (not a Maestrano sign-in, or an inactive user)."""
        if signin is None:
            return None
        options = get_options()
        with transaction.atomic():
            user, created = self._user(signin.user)
            if options.user_hook is not None:
                options.user_hook(user, signin, created)
            if options.group_hook is not None:
                options.group_hook(user, signin)
        return user if self.user_can_authenticate(user) else None

    def get_user(self, user_id: Any) -> Optional[AbstractBaseUser]:
        """The active user of that primary key, or ``None``."""
        model = get_user_model()
        try:
            user = model._default_manager.get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def user_can_authenticate(self, user: AbstractBaseUser) -> bool:
        """Whether ``user`` may sign in: not when ``is_active`` is false (as ``ModelBackend``)."""
        return getattr(user, "is_active", True) is not False

    def _user(self, data: Dict[str, Any]) -> tuple[AbstractBaseUser, bool]:
        model = get_user_model()
        meta: Any = getattr(model, "_meta")  # django-stubs types Options' model loosely
        fields = {f.name for f in meta.get_fields()}
        profile = {name: data.get(name) or "" for name in PROFILE_FIELDS if name in fields}
        username_field: str = getattr(model, "USERNAME_FIELD")  # declared by every user model
        user, created = model._default_manager.get_or_create(
            **{username_field: data["uid"]},
            defaults={**profile, "password": make_password(None)},
        )
        changed = [name for name, value in profile.items() if getattr(user, name) != value]
        if changed:
            for name in changed:
                setattr(user, name, profile[name])
            user.save(update_fields=changed)
        return user, created
