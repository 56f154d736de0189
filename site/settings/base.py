"""Settings shared by every environment, safe for production as they stand.

Values that differ between machines come from ``env()`` (settings/env.py, listed in README).
dev.py, test.py and production.py change only what they must.
"""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_EVAL, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from smartvillages.search.conf import search_backends

from .env import env

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
VAR_DIR = Path(env("VAR_DIR") or BASE_DIR / "var")

SECRET_KEY = env("DJANGO_SECRET_KEY")
DEBUG = env("DJANGO_DEBUG")
ALLOWED_HOSTS = env("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "smartvillages.core",
    "smartvillages.translation",
    "home",
    "practices",
    "events",
    "glossary",
    "assessment",
    "contributors",
    "smartvillages.search",
    "wagtail_localize",
    "wagtail_localize.locales",  # replaces wagtail.locales
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.routable_page",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "allauth",
    "allauth.account",
    "csp",  # django-csp: its system checks and its {% script %} tag (nonce)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # Security headers first, so that every response carries them: redirects of the locale
    # middleware, 404s, and static files answered by WhiteNoise below.
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "smartvillages.middleware.ContentSecurityPolicyMiddleware",
    "smartvillages.middleware.PermissionsPolicyMiddleware",
    "smartvillages.middleware.FrenchTypographyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "smartvillages.middleware.LocaleMiddleware",  # Django's, without redirects under /api/
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "smartvillages.urls"
WSGI_APPLICATION = "smartvillages.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL names another (PostgreSQL in production and CI).
if not env("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=env("DATABASE_CONN_MAX_AGE"),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared between web nodes), else local memory. While Redis
# is unreachable, pages are served without the cache instead of failing (core/redis_cache.py),
# and sessions, kept in the database behind the cache, survive a Redis restart.
if env("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "smartvillages.core.redis_cache.ResilientRedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "sv",
            # Fail fast: an unreachable (rather than refusing) host must not hang the workers.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Editors sign in to the admin with their user name (Django's backend); contributors sign in
# to the site with their e-mail address (django-allauth's backend, contributors/).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: French is the source of most content; every public URL carries its prefix.
LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", "Français"),
    ("en", "English"),
    ("it", "Italiano"),
    ("de", "Deutsch"),
    ("sl", "Slovenščina"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE")
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# A new translation of a live page stays a draft until the translator publishes it: with the
# default (True) it would go live at once, showing the untranslated source text under a
# translated URL (the alias it replaces said "not yet translated"; the draft says nothing).
# Translators publish when their text is complete. Decided in issue 7; tested in
# tests/translation/test_translation_permissions.py.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
# Machine pre-fill in wagtail-localize's editor (site/translation/machine.py): DeepL when a key
# is set, else LibreTranslate when its URL is set, else none (no pre-fill button).
if env("DEEPL_AUTH_KEY"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "smartvillages.translation.machine.DeepLTranslator",
        "OPTIONS": {
            "AUTH_KEY": env("DEEPL_AUTH_KEY"),
            "TIMEOUT": env("MACHINE_TRANSLATION_TIMEOUT"),
        },
    }
elif env("LIBRETRANSLATE_URL"):
    WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
        "CLASS": "smartvillages.translation.machine.LibreTranslateTranslator",
        "OPTIONS": {
            "LIBRETRANSLATE_URL": env("LIBRETRANSLATE_URL"),
            "API_KEY": env("LIBRETRANSLATE_API_KEY"),
            "TIMEOUT": env("MACHINE_TRANSLATION_TIMEOUT"),
        },
    }

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT") or VAR_DIR / "static")
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT") or VAR_DIR / "media")
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT") or VAR_DIR / "private")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Documents sent with call applications: outside MEDIA_ROOT, never served by a URL of
    # their own, only through the editors' permission-checked view (home.views).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/private-media-not-served/"},
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# E-mail: SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST")
EMAIL_PORT = env("EMAIL_PORT")
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = SERVER_EMAIL = env("DEFAULT_FROM_EMAIL")

# Security defaults that hold everywhere; production.py adds HTTPS-only ones.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # Wagtail's admin reads the token from the cookie.
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy, by django-csp (smartvillages.middleware.ContentSecurityPolicyMiddleware).
# Public pages: strict, no inline script or style (templates load files only). A script that
# must be inline carries the request's nonce (<script nonce="{{ request.csp_nonce }}">); the
# nonce is added to the header only on responses that use it, so others stay identical.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Practice maps (Leaflet): the tile server's host may serve images to public pages.
PRACTICES_MAP_TILE_URL = env("MAP_TILE_URL")
PRACTICES_MAP_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION")
_tiles = urlsplit(PRACTICES_MAP_TILE_URL)
if _tiles.scheme and _tiles.netloc:
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(
        f"{_tiles.scheme}://{_tiles.netloc.replace('{s}', '*')}"
    )
# Wagtail's admin gets a looser policy under these prefixes: its editor relies on inline styles
# and scripts, and previews are framed by the admin itself.
CSP_ADMIN_PREFIXES = ("/admin/", "/django-admin/")
CSP_ADMIN_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE, UNSAFE_EVAL],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:", "https:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "frame-src": [SELF, "https:"],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
# Permissions-Policy (smartvillages.middleware.PermissionsPolicyMiddleware): the site uses none
# of these browser features.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Wagtail
WAGTAIL_SITE_NAME = "Alpine Smart Villages"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL")
# Search (smartvillages/search/conf.py, docs/search.md): the database backend is the default and
# the fallback; with OPENSEARCH_URL or ELASTICSEARCH_URL, one engine entry per language too.
WAGTAILSEARCH_BACKENDS = search_backends(
    [code for code, _name in LANGUAGES],
    elasticsearch_url=env("ELASTICSEARCH_URL"),
    opensearch_url=env("OPENSEARCH_URL"),
    es_version=env("ELASTICSEARCH_VERSION"),
    index_prefix=env("SEARCH_INDEX_PREFIX"),
    timeout=env("SEARCH_TIMEOUT"),
    hunspell_sl=env("SEARCH_HUNSPELL_SL"),
)
# Background tasks (smartvillages/core/queue.py, docs/deployment.md): Wagtail's and
# django-modelsearch's own (index and reference-index updates) and ours (search engine writes,
# e-mails, retention). TASKS_BACKEND=database in production, with `manage.py db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS.get(env("TASKS_BACKEND"), env("TASKS_BACKEND"))}}
TASKS_HEALTH_MAX_WAITING = env("TASKS_HEALTH_MAX_WAITING")
TASKS_HEALTH_MAX_AGE = env("TASKS_HEALTH_MAX_AGE")
# Engine writes wait this long in the queue (saves meanwhile are coalesced), and are retried
# with backoff while the engine is unreachable: base, 2×base... at most cap, then failed.
SEARCH_WRITE_DELAY = env("SEARCH_WRITE_DELAY")
SEARCH_WRITE_RETRY = {"attempts": 12, "base": 10, "cap": 900}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "odp", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"  # documents go through Wagtail's view (permissions)
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["bold", "italic", "ol", "ul", "link", "document-link"]},
    }
}

SITE_TITLE = _("Alpine Smart Villages")

# Calls for expressions of interest (home.CallPage): limits told to applicants, anti-spam.
CALL_ANSWER_MAX_LENGTH = 5000  # characters of a long answer (about a page)
CALL_ATTACHMENT_MAX_SIZE = 10 * 1024 * 1024  # bytes of a supporting document
CALL_FORM_MIN_SECONDS = 3  # a form sent sooner after it was shown is a robot's
CALL_FORM_MAX_AGE = 3 * 24 * 3600  # older forms are sent back to be checked and re-sent
CALL_SUBMISSION_RATE = env("CALL_SUBMISSION_RATE")
# Applicants' data: kept this many months after the call closes (home.privacy).
CALL_APPLICATION_RETENTION_MONTHS = env("CALL_APPLICATION_RETENTION_MONTHS")
CLIENT_IP_HEADER = env("CLIENT_IP_HEADER")
# Failed admin sign-ins and search requests per client address (site/core/throttle.py).
ADMIN_LOGIN_RATE = env("ADMIN_LOGIN_RATE")
SEARCH_RATE = env("SEARCH_RATE")
SUGGEST_RATE = env("SUGGEST_RATE")
API_RATE = env("API_RATE")  # the read-only API (smartvillages/api.py)
ASSESSMENT_RESULT_RATE = env("ASSESSMENT_RESULT_RATE")  # results stored (assessment/models.py)
ASSESSMENT_PDF_RATE = env("ASSESSMENT_PDF_RATE")  # result PDFs (assessment/models.py)
CONTRIBUTOR_PROPOSAL_RATE = env("CONTRIBUTOR_PROPOSAL_RATE")  # new proposals (contributors/)
# django-ratelimit counts in the default cache: Redis in production (atomic, shared by the web
# nodes); local memory otherwise, per process, which suits runserver and tests. Its app is not
# installed: its system check rejects local memory and warns on Django's own Redis backend.
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "smartvillages.core.http.client_ip"

# Contributors' accounts (django-allauth, contributors/): sign-in by e-mail address, which
# must be verified before the first sign-in; the same answer whether an address is known or
# not (sign-up and password reset); limits per address in the default cache (Redis in
# production). Pages are under /<lang>/account/, templated like the rest of the site
# (contributors/templates/allauth/), and e-mails go out in the reader's language.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "contributor_dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "contributor_logged_out"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False  # a link opened by a mail scanner confirms nothing
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_CHANGE_EMAIL = True  # one address at a time: a change replaces it once verified
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Alpine Smart Villages] "
ACCOUNT_ADAPTER = "contributors.adapter.ContributorAccountAdapter"
ACCOUNT_FORMS = {"signup": "contributors.forms.SignupForm"}
ACCOUNT_RATE_LIMITS = {
    "signup": f"{env('CONTRIBUTOR_SIGNUP_RATE')}/ip",
    "login_failed": f"{env('CONTRIBUTOR_LOGIN_RATE')}/ip,5/300s/key",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "django.security": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        # WeasyPrint and its font subsetter log every glyph table of a result PDF at INFO
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}
