# syntax=docker/dockerfile:1
# Multi-stage build: a builder with compilers and gettext, a slim runtime as a non-root user.

FROM python:3.11-slim-bookworm AS builder
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential gettext libicu-dev pkg-config nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv /venv
ENV PATH=/venv/bin:$PATH
COPY pyproject.toml requirements.lock README.md ./
COPY . .
RUN pip install --upgrade "pip>=24" \
    && pip install -c requirements.lock -e . \
    && if [ -f package-lock.json ]; then make vendor VENV=/venv NPM_CI_FLAGS=--omit=dev; fi
# Compile the catalogs and collect static files at build time, with throw-away settings values.
RUN DJANGO_SETTINGS_MODULE=smartvillages.settings.production \
    DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-xx \
    python manage.py compilemessages --ignore=/venv --verbosity 0 \
    && DJANGO_SETTINGS_MODULE=smartvillages.settings.production \
    DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-xx \
    STATIC_ROOT=/app/staticfiles \
    python manage.py collectstatic --noinput --verbosity 0

FROM python:3.11-slim-bookworm AS runtime
# postgresql-client: pg_dump and pg_restore for manage.py backup/restore; bookworm's is 15, the
# major version of the compose file's database (the client must not be older than the server).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libicu72 libpq5 postgresql-client curl libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 smartvillages \
    && mkdir -p /data && chown smartvillages /data
COPY --from=builder /venv /venv
COPY --from=builder --chown=smartvillages /app /app
WORKDIR /app
USER smartvillages
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=smartvillages.settings.production \
    STATIC_ROOT=/app/staticfiles \
    VAR_DIR=/data \
    PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
CMD ["sh", "-c", "python manage.py migrate --noinput && exec gunicorn smartvillages.wsgi:application --bind 0.0.0.0:${PORT} --workers ${GUNICORN_WORKERS:-3} --access-logfile - --forwarded-allow-ips='*'"]
