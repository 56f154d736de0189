from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
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
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

handler500 = "smartvillages.views.server_error"
