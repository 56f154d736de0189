#!/usr/bin/env bash
# Install the Debian packages the project needs and a fresh machine may lack.
#   scripts/system-deps.sh            gettext (compilemessages), npm (make vendor),
#                                     libicu-dev, pkg-config and g++ (to build PyICU),
#                                     Pango and a font (WeasyPrint, result PDFs)
#   scripts/system-deps.sh --browser  + Chromium and its driver (browser tests), a Java
#                                     runtime (the W3C Nu HTML Checker, tests/test_markup.py),
#                                     redis-server (tests/core/test_redis_outage.py stops its own)
#   scripts/system-deps.sh --bench    + wrk (make benchmark), redis-server (make loadtest)
# Needs root (or sudo) only when something is missing; otherwise it does nothing.
set -euo pipefail

packages=()
command -v msgfmt >/dev/null 2>&1 || packages+=(gettext)
# npm fetches Leaflet from the npm registry for `make vendor` (practice maps)
command -v npm >/dev/null 2>&1 || packages+=(npm)
# PyICU (glossary collation) builds from source: ICU headers, found through pkg-config, and C++
command -v pkg-config >/dev/null 2>&1 || packages+=(pkg-config)
pkg-config --exists icu-i18n 2>/dev/null || packages+=(libicu-dev)
command -v g++ >/dev/null 2>&1 || packages+=(g++)
# WeasyPrint (the PDF of a self-assessment result) draws text with Pango, and needs a font
ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || packages+=(libpango-1.0-0 libpangoft2-1.0-0)
fc-list 2>/dev/null | grep -q . || packages+=(fonts-dejavu-core)
if [ "${1:-}" = "--browser" ]; then
  [ -x /usr/bin/chromium ] || packages+=(chromium chromium-driver)
  command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)
fi
# pg_dump / pg_restore (make backup, make restore, tests/core/test_backup.py) when the database is
# PostgreSQL; Debian's client is the distribution's major version, which must be at least the
# server's (else: postgresql-client-N from apt.postgresql.org)
case "${DATABASE_URL:-}" in postgres*) command -v pg_dump >/dev/null 2>&1 || packages+=(postgresql-client) ;; esac
if [ "${1:-}" = "--browser" ] || [ "${1:-}" = "--bench" ]; then
  command -v redis-server >/dev/null 2>&1 || packages+=(redis-server)
fi
if [ "${1:-}" = "--bench" ]; then
  command -v wrk >/dev/null 2>&1 || packages+=(wrk)
fi
[ ${#packages[@]} -eq 0 ] && exit 0

echo "Installing Debian packages: ${packages[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "Missing packages (${packages[*]}) and no root: install them, then retry." >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
