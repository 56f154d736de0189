"""The one list of environment variables the site reads.

Every setting that differs between machines comes from here, typed, with its default and a
sentence for README's configuration table (tests/test_settings.py checks that the table lists
every variable). Nothing else in the project reads ``os.environ`` directly.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"not a boolean: {raw!r}")


def _list(raw: str) -> list[str]:
    return [item.strip() for item in raw.split(",") if item.strip()]


PARSERS = {bool: _bool, int: int, str: str, list: _list}


@dataclass(frozen=True)
class Var:
    name: str
    type: type
    default: Any
    help: str

    def read(self, environ=os.environ):
        raw = environ.get(self.name)
        if raw is None:
            return self.default
        try:
            return PARSERS[self.type](raw)
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"Environment variable {self.name} must be a {self.type.__name__}: {exc}"
            ) from exc


VARIABLES = [
    Var(
        "DJANGO_SECRET_KEY",
        str,
        "",
        "Secret key. Required in production; dev and test use a fixed throw-away key.",
    ),
    Var("DJANGO_DEBUG", bool, False, "Debug pages. Off unless set; the dev settings turn it on."),
    Var(
        "DJANGO_ALLOWED_HOSTS",
        list,
        ["localhost", "127.0.0.1", "[::1]"],
        "Comma-separated host names the site answers to.",
    ),
    Var(
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        list,
        [],
        "Comma-separated origins (https://example.org) trusted for CSRF behind a proxy.",
    ),
    Var(
        "DATABASE_URL",
        str,
        "",
        "Database URL (postgres://user:pass@host:5432/name). Empty: SQLite in var/db.sqlite3.",
    ),
    Var(
        "DATABASE_CONN_MAX_AGE",
        int,
        60,
        "Seconds a database connection is kept open between requests.",
    ),
    Var(
        "REDIS_URL",
        str,
        "",
        "Redis URL for cache and sessions (redis://127.0.0.1:6379/0). Empty: local-memory cache.",
    ),
    Var(
        "ELASTICSEARCH_URL",
        str,
        "",
        "Elasticsearch 9 URL. Empty: Wagtail's database search backend.",
    ),
    Var("OPENSEARCH_URL", str, "", "OpenSearch 3 URL, used instead of Elasticsearch when set."),
    Var(
        "ELASTICSEARCH_VERSION",
        int,
        9,
        "Major version of the Elasticsearch cluster: 9, or 8 (with the 8.x client).",
    ),
    Var(
        "SEARCH_INDEX_PREFIX",
        str,
        "smartvillages",
        "Prefix of the search engine's index names (one index set per language: <prefix>_fr_...).",
    ),
    Var(
        "SEARCH_TIMEOUT",
        int,
        2,
        "Seconds the search page waits for the engine before it falls back to the database.",
    ),
    Var(
        "SEARCH_HUNSPELL_SL",
        bool,
        False,
        "Add hunspell stemming to Slovenian (only if the cluster has the sl_SI dictionary).",
    ),
    Var(
        "SEARCH_WRITE_DELAY",
        int,
        10,
        "Seconds an index write waits in the task queue: saves of a page meanwhile send one write.",
    ),
    Var(
        "TASKS_BACKEND",
        str,
        "immediate",
        "Background tasks: `database` (a queue run by `manage.py db_worker`; production) or "
        "`immediate` (inside the request, no worker), or a backend's dotted path.",
    ),
    Var(
        "TASKS_HEALTH_MAX_WAITING",
        int,
        1000,
        "/healthz says `degraded` when more background tasks than this wait in the queue.",
    ),
    Var(
        "TASKS_HEALTH_MAX_AGE",
        int,
        300,
        "/healthz says `degraded` when a task due this many seconds ago still waits for a worker.",
    ),
    Var(
        "VAR_DIR",
        str,
        "",
        "Folder for the SQLite file and uploaded media. Empty: var/ in the repository.",
    ),
    Var("MEDIA_ROOT", str, "", "Folder for uploaded images and documents. Empty: VAR_DIR/media."),
    Var("STATIC_ROOT", str, "", "Folder collectstatic writes to. Empty: var/static."),
    Var(
        "PRIVATE_MEDIA_ROOT",
        str,
        "",
        "Folder for documents sent with call applications, never served publicly. "
        "Empty: VAR_DIR/private.",
    ),
    Var(
        "CALL_SUBMISSION_RATE",
        str,
        "5/h",
        "Call applications accepted per client address: count/period (s, m, h, d).",
    ),
    Var(
        "CALL_APPLICATION_RETENTION_MONTHS",
        int,
        24,
        "Months an application to a call is kept after the call closes; "
        "`manage.py delete_expired_applications` (run daily) deletes older ones.",
    ),
    Var(
        "ADMIN_LOGIN_RATE",
        str,
        "10/15m",
        "Failed admin sign-ins allowed per client address before the form refuses to check "
        "passwords: count/period (s, m, h, d; 15m is fifteen minutes).",
    ),
    Var(
        "SEARCH_RATE",
        str,
        "60/m",
        "Search result pages per client address: count/period; past it, a 429 page.",
    ),
    Var(
        "SUGGEST_RATE",
        str,
        "180/m",
        "Search suggestions (asked as one types) per client address: count/period.",
    ),
    Var(
        "API_RATE",
        str,
        "120/m",
        "Requests to the read-only API (/api/v2/) per client address: count/period; past it, "
        "a JSON 429.",
    ),
    Var(
        "ASSESSMENT_RESULT_RATE",
        str,
        "30/h",
        "Self-assessment results stored per client address: count/period; past it, the last "
        "step answers 429 with a message and stores nothing (the answers stay in the session).",
    ),
    Var(
        "ASSESSMENT_PDF_RATE",
        str,
        "10/m",
        "PDF downloads of self-assessment results per client address (each one draws a PDF): "
        "count/period; past it, a 429.",
    ),
    Var(
        "CONTRIBUTOR_SIGNUP_RATE",
        str,
        "10/h",
        "Contributor sign-ups per client address: count/period; past it, the sign-up form "
        "answers 429 with a message.",
    ),
    Var(
        "CONTRIBUTOR_LOGIN_RATE",
        str,
        "10/m",
        "Failed contributor sign-ins per client address: count/period (the admin's own sign-in "
        "has ADMIN_LOGIN_RATE).",
    ),
    Var(
        "CONTRIBUTOR_PROPOSAL_RATE",
        str,
        "20/d",
        "New proposals a contributor may start: count/period; past it, a 429 with a message.",
    ),
    Var(
        "CLIENT_IP_HEADER",
        str,
        "",
        "Header in which the reverse proxy passes the client address (X-Forwarded-For, "
        "X-Real-IP), for rate limits; its last address is used. Empty: the connection's.",
    ),
    Var(
        "WAGTAILADMIN_BASE_URL",
        str,
        "http://127.0.0.1:8000",
        "Public base URL, used in admin e-mails and feeds.",
    ),
    Var("TIME_ZONE", str, "Europe/Paris", "The site's time zone (events, calls)."),
    Var(
        "SECURE_SSL_REDIRECT",
        bool,
        True,
        "Production: redirect HTTP to HTTPS (turn off only behind a proxy that does it).",
    ),
    Var("SECURE_HSTS_SECONDS", int, 31536000, "Production: HSTS max-age in seconds."),
    Var(
        "SECURE_PROXY_SSL_HEADER",
        bool,
        False,
        "Production: trust X-Forwarded-Proto from the reverse proxy.",
    ),
    Var(
        "EMAIL_HOST",
        str,
        "",
        "SMTP server. Empty: e-mails are printed on the console (dev) or kept in memory (test).",
    ),
    Var("EMAIL_PORT", int, 587, "SMTP port."),
    Var("EMAIL_HOST_USER", str, "", "SMTP user."),
    Var("EMAIL_HOST_PASSWORD", str, "", "SMTP password."),
    Var("EMAIL_USE_TLS", bool, True, "SMTP with STARTTLS."),
    Var(
        "DEFAULT_FROM_EMAIL",
        str,
        "Alpine Smart Villages <noreply@localhost>",
        "Sender of the site's e-mails.",
    ),
    Var("LOG_LEVEL", str, "INFO", "Level of the console log (DEBUG, INFO, WARNING, ERROR)."),
    Var(
        "DEEPL_AUTH_KEY",
        str,
        "",
        "DeepL API key: machine pre-fill of translations with DeepL. Empty: no DeepL.",
    ),
    Var(
        "LIBRETRANSLATE_URL",
        str,
        "",
        "LibreTranslate server URL, used for machine pre-fill when DEEPL_AUTH_KEY is empty.",
    ),
    Var("LIBRETRANSLATE_API_KEY", str, "", "LibreTranslate API key, if the server needs one."),
    Var(
        "MACHINE_TRANSLATION_TIMEOUT",
        int,
        20,
        "Seconds to wait for DeepL or LibreTranslate before telling the translator it failed.",
    ),
    Var(
        "MAP_TILE_URL",
        str,
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "Tile server of the practice maps (Leaflet URL template); its host is added to the CSP.",
    ),
    Var(
        "MAP_TILE_ATTRIBUTION",
        str,
        "© OpenStreetMap contributors",
        "Attribution shown on the practice maps, as the tile server requires.",
    ),
]

_BY_NAME = {var.name: var for var in VARIABLES}


def env(name: str):
    """Read one declared variable, typed; an undeclared name is a programming error."""
    return _BY_NAME[name].read()
