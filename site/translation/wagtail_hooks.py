"""Admin hooks of the translation workflow: (status dashboard, locale
guard over wagtail-localize's endpoints and snippets, machine pre-fill without server errors,
translators kept from changing the page tree's structure). Policy: docs/translating.md."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.pages.utils import get_valid_next_url_from_request
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.views import edit_translation as localize_views

from . import views as translation_views
from .access import (
    can_translate_into,
    manages_all_locales,
    translation_locale_ids,
)

guarded = translation_views.locale_guarded


@hooks.register("register_admin_urls", order=-1)
def register_translation_urls():
    """The dashboard, and wagtail-localize's per-translation endpoints behind the locale guard.

    These routes repeat wagtail-localize's paths (admin/localize/translate/<id>/...) and are
    registered first (order=-1), so they answer for its URL names too: its editor keeps
    working unchanged, through our checks (tests/translation/test_translation_permissions.py).
    """
    prefix = "localize/translate/<int:translation_id>/"
    return [
        path(
            "translations/",
            translation_views.TranslationDashboardView.as_view(),
            name="smartvillages_translation_dashboard",
        ),
        path(
            "translations/export.csv",
            translation_views.TranslationCSVView.as_view(),
            name="smartvillages_translation_csv",
        ),
        path(prefix + "machine_translate/", translation_views.machine_translate),
        path(
            "localize/update/<int:translation_source_id>/",
            translation_views.UpdateTranslationsView.as_view(),
        ),
        path(
            prefix + "strings/<int:string_segment_id>/edit/",
            guarded(localize_views.edit_string_translation),
        ),
        path(
            prefix + "overrides/<int:overridable_segment_id>/edit/",
            guarded(localize_views.edit_override),
        ),
        path(prefix + "pofile/download/", guarded(localize_views.download_pofile)),
        path(prefix + "pofile/upload/", guarded(localize_views.upload_pofile)),
        path(prefix + "preview/", guarded(localize_views.preview_translation)),
        path(prefix + "preview/<str:mode>/", guarded(localize_views.preview_translation)),
        path(prefix + "disable/", guarded(localize_views.stop_translation)),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return translation_locale_ids(request.user) != set()


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("smartvillages_translation_dashboard"),
        name="translation-status",
        icon_name="wagtail-localize-language",
        order=250,
    )


@hooks.register("before_edit_snippet", order=-1)
def keep_translators_in_their_locale(request, instance):
    """Snippet permissions are per model: a translator may edit the taxonomy, but only its
    versions in their own locale."""
    if isinstance(instance, TranslatableMixin) and not can_translate_into(
        request.user, instance.locale_id
    ):
        raise PermissionDenied


@hooks.register("before_edit_page", order=-1)
def explain_alias_to_translators(request, page):
    """wagtail-localize shows an alias page with a "Translate this page" button that needs the
    submit permission translators do not have: tell them how translations arrive instead."""
    if (
        page.alias_of_id
        and not manages_all_locales(request.user)
        and page.alias_of.locale_id != page.locale_id
    ):
        return render(
            request,
            "translation/admin/translation_alias.html",
            {
                "page": page,
                "page_for_status": page,
                "content_type": page.cached_content_type,
                "next": get_valid_next_url_from_request(request),
                "locale": page.locale,
                "translations": [],
            },
        )
    return None


def _locale_limited(user) -> bool:
    """A translator: page permissions in some locales' trees, not the whole tree."""
    return translation_locale_ids(user) is not None


@hooks.register("before_delete_page")
def translators_do_not_delete_pages(request, page):
    """With "publish", Wagtail would let a translator delete or move a page of their tree; the
    trees follow the source locale's structure, which is the editors' to change."""
    if _locale_limited(request.user):
        raise PermissionDenied


@hooks.register("before_move_page")
def translators_do_not_move_pages(request, page, destination):
    if _locale_limited(request.user):
        raise PermissionDenied


@hooks.register("before_bulk_action")
def translators_do_not_delete_or_move_in_bulk(request, action_type, objects, action):
    if (
        action_type in ("delete", "move")
        and getattr(action, "models", None)
        and any(issubclass(model, Page) for model in action.models)
        and _locale_limited(request.user)
    ):
        raise PermissionDenied
