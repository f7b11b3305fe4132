"""Settings of the demo: the Maestrano config comes from auto-configuration (``MNO_DEVPL_HOST``,
``MNO_DEVPL_API_PATH``, ``MNO_DEVPL_ENV_NAME``, ``MNO_DEVPL_ENV_KEY``, ``MNO_DEVPL_ENV_SECRET``, or
a file named by ``MNO_DEVPL_FILE``), the first marketplace unless ``MNO_PRESET`` names one."""

import os
import secrets
import tempfile

import maestrano

PRESETS = maestrano.auto_configure(env=os.environ, file=os.environ.get("MNO_DEVPL_FILE"))
MAESTRANO_PRESET = os.environ.get("MNO_PRESET") or next(iter(PRESETS))
PORT = int(os.environ.get("PORT", "3000"))

MAESTRANO = {
    "CONFIG": PRESETS[MAESTRANO_PRESET],
    # The default replay store is Django's cache: LocMemCache here, enough for one process
    # (runserver); an app with several processes configures Redis or Memcached in CACHES.
    "GROUP_HOOK": "demo.receivers.refuse_cancelled_groups",
}

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or secrets.token_hex(32)
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "maestrano.django",
    "demo.apps.DemoConfig",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maestrano.django.middleware.MaestranoMiddleware",
]
AUTHENTICATION_BACKENDS = ["maestrano.django.backends.MaestranoBackend"]
LOGIN_URL = "maestrano:init"
ROOT_URLCONF = "demo.urls"

# The users and sessions live in a SQLite file per port (manage.py runserver creates the tables).
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_DB") or os.path.join(tempfile.gettempdir(), f"maestrano-django-demo-{PORT}.sqlite3"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"maestrano": {"handlers": ["console"], "level": "INFO"}},
}
