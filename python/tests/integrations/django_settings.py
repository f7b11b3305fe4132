"""Django settings of the integration tests (``MAESTRANO`` is set per test by the fixtures)."""

SECRET_KEY = "maestrano-django-tests"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "maestrano.django",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "maestrano.django.middleware.MaestranoMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "maestrano.django.backends.MaestranoBackend",
    "django.contrib.auth.backends.ModelBackend",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
ROOT_URLCONF = "django_urls"
LOGIN_URL = "maestrano:init"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
MAESTRANO = None
