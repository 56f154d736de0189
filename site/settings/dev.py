"""Local development: debug pages, console e-mail, a throw-away secret key."""

import os

from .base import *  # noqa: F403
from .env import env

DEBUG = env("DJANGO_DEBUG") if "DJANGO_DEBUG" in os.environ else True
SECRET_KEY = SECRET_KEY or "dev-only-insecure-key-do-not-use-in-production"  # noqa: F405, S105
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
# Static files are served by runserver / the live server here; WhiteNoise is for production.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]  # noqa: F405
