from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls

from smartvillages.translation.sitemap import sitemap

from . import views
from .api import PublicPagesAPIViewSet
from .api import not_found as api_not_found
from .core.throttle import WagtailThrottledLoginView

# Read-only Wagtail API v2 (pages by type and locale, with their api_fields), its parameters
# checked, its refusals in JSON, rate-limited (site/api.py).
api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # Real translations only, with xhtml:link alternates (aliases are left out).
    path("sitemap.xml", sitemap, name="sitemap"),
    # One sign-in form for both admins, with its failed attempts limited (site/core/throttle.py):
    # Django's admin shares the session, so its own form sends people to Wagtail's.
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="wagtailadmin_login", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
    path("admin/login/", WagtailThrottledLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Read-only Wagtail API: /api/v2/pages/?type=practices.PracticePage&locale=it
    path("api/v2/", api_router.urls),
    re_path(r"^api/", api_not_found),  # the rest of /api/: a JSON 404
]

# Images (originals and renditions) are public; documents and form uploads also live under
# MEDIA_ROOT but are never served from it: documents go through Wagtail's permission-checked
# view, uploads through the admin. With media on S3 or a CDN, this route goes unused.
urlpatterns += [
    re_path(
        r"^media/(?P<path>(?:images|original_images)/.+)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
]

# Every public page carries its language prefix (/fr/, /en/, ...). "/" has no page of its
# own: LocaleMiddleware redirects it to the prefix the browser's Accept-Language prefers.
urlpatterns += i18n_patterns(
    path("search/", include("smartvillages.search.urls")),  # before Wagtail's catch-all
    path("", include("contributors.urls")),  # /<lang>/account/, /<lang>/contributors/<handle>/
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "smartvillages.views.server_error"
