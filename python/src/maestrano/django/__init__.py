"""Django integration: SSO, single logout, metadata and the platform's webhooks as a Django app.

Setup (``settings.py``)::

    INSTALLED_APPS = [..., "django.contrib.auth", "django.contrib.sessions", "maestrano.django"]
    MIDDLEWARE = [
        ...,
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "maestrano.django.middleware.MaestranoMiddleware",   # after the session and auth ones
    ]
    AUTHENTICATION_BACKENDS = [
        "maestrano.django.backends.MaestranoBackend",
        "django.contrib.auth.backends.ModelBackend",        # permissions, admin passwords
    ]
    LOGIN_URL = "maestrano:init"                             # login_required → Maestrano SSO
    MAESTRANO = {"environment": "production", "api": {"id": "app-1", "key": "..."}}

and ``path("", include("maestrano.django.urls"))`` in the root URLconf: the init and consume
routes at the config's paths, ``maestrano/metadata``, ``maestrano/logout`` and the webhook
routes (URL names ``maestrano:init``, ``consume``, ``metadata``, ``logout``, ``webhook-*``).

``MAESTRANO`` (read by :mod:`maestrano.django.conf`) is a :class:`maestrano.Config`, the dict
for :meth:`maestrano.Config.from_dict`, or a dict of options with a ``CONFIG`` key::

    MAESTRANO = {
        "CONFIG": {...} or a maestrano.Config (e.g. from maestrano.auto_configure()),
        "REPLAY_STORE": "maestrano.django.stores.CacheReplayStore",  # the default
        "USER_HOOK": "myapp.sso.on_user",    # hook(user, signin, created); optional
        "GROUP_HOOK": "myapp.sso.on_group",  # hook(user, signin); optional
    }

Signed in, the Django user's ``username`` is the app's uid of the Maestrano user; the session
also keeps :func:`maestrano.web.signed_in_user` (uid, email, names, group uid and name, role).
A hook refuses the sign-in by raising :class:`django.core.exceptions.PermissionDenied` (403
"Access refused"; the user created in that sign-in is rolled back). The platform's calls are
sent as the signals of :mod:`maestrano.django.signals`. Without ``django.contrib.auth`` the
session alone holds the sign-in.
"""
