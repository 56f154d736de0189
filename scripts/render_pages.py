"""Render one page of every page type, in some languages, to HTML files: to compare the site's
output before and after a change that should not alter it (a restructuring).

    DATABASE_URL=sqlite:///var/db.sqlite3 .venv/bin/python scripts/render_pages.py OUT_DIR [fr sl]
    diff -r BEFORE_DIR AFTER_DIR

Pages are picked by type (the first live page of each type, in tree order) and saved under
their URL path; CSRF tokens and nonces, which differ at every request, are blanked.
"""

import os
import re
import sys
from pathlib import Path

import django

sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "smartvillages.settings.dev")
django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from wagtail.models import Page  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
# The pages as readers get them: the dev settings' DEBUG would answer a missing page with
# Django's technical 404 page instead of the site's own (site/templates/404.html).
settings.DEBUG = False
VOLATILE = [
    (
        re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"'),
        'name="csrfmiddlewaretoken" value=""',
    ),
    (re.compile(r'nonce="[^"]+"'), 'nonce=""'),
    (re.compile(r'name="hp_started" value="[^"]+"'), 'name="hp_started" value=""'),
]


def pages(language):
    seen = set()
    for page in (
        Page.objects.live().filter(locale__language_code=language, depth__gt=1).order_by("path")
    ):
        if page.content_type_id in seen:
            continue
        seen.add(page.content_type_id)
        yield page


EXTRA = ["/sitemap.xml", "/robots.txt", "/{lang}/search/?q=village", "/{lang}/no-such-page/"]


def main(out, languages):
    client = Client()
    for language in languages:
        for extra in EXTRA:
            response = client.get(extra.format(lang=language))
            name = extra.format(lang=language).strip("/").replace("/", "__").replace("?", "_")
            (Path(out) / (name + ".html")).parent.mkdir(parents=True, exist_ok=True)
            (Path(out) / (name + ".html")).write_text(
                f"{response.status_code}\n{response.content.decode()}"
            )
            print(response.status_code, extra.format(lang=language))
        for page in pages(language):
            path = page.url
            specific = page.specific
            suffixes = [""]
            if hasattr(specific, "get_subpage_urls"):  # feeds, exports, iCal of listings
                suffixes += [
                    str(pattern.pattern).lstrip("^").rstrip("$")
                    for pattern in specific.get_subpage_urls()
                    if "<" not in str(pattern.pattern) and "(" not in str(pattern.pattern)
                ]
            for suffix in dict.fromkeys(suffixes):
                response = client.get(path + suffix, follow=False)
                body = response.content.decode()
                for pattern, blank in VOLATILE:
                    body = pattern.sub(blank, body)
                name = (path + suffix).strip("/").replace("/", "__").replace("?", "_") + ".html"
                target = Path(out) / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(f"{response.status_code}\n{body}")
                print(response.status_code, path + suffix)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ["fr", "sl"])
