"""Production: HTTPS only, secrets required. Switched-on features follow their env vars."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .env import env

if not SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a random string of 50+ characters."
    )

DEBUG = False
SECURE_SSL_REDIRECT = env("SECURE_SSL_REDIRECT")
SECURE_HSTS_SECONDS = env("SECURE_HSTS_SECONDS")
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
if env("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Health checks come from the load balancer over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
