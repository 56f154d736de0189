"""Tests: fast and isolated. PostgreSQL when DATABASE_URL is set (CI), else SQLite."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
ALLOWED_HOSTS = ["*"]
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
# Static files are served by runserver / the live server here; WhiteNoise is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
# Tests send many searches and API requests from one address; the tests of the limits
# (tests/core/test_throttle.py, tests/core/test_api.py) set their own.
SEARCH_RATE = SUGGEST_RATE = API_RATE = "100000/m"
# SQLite: a file-backed test database instead of Django's shared in-memory one, so that the
# browser tests' live server thread gets its own connection and reads what the test thread
# committed, instead of sharing one connection whose table locks collide ("database table is
# locked"). Each pytest-xdist worker gets its own file (Django suffixes the name per worker).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
    # Writers wait for each other instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20  # noqa: F405
# Connections close at the end of each request: the browser tests' live server answers from
# short-lived threads, whose kept-open connections would stop the test database from being
# dropped at the end of the run ("database ... is being accessed by other users").
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
