"""Which locales a user may translate into.

Wagtail's page permissions are per subtree, so a translator whose permissions sit on the
Slovenian home page can only edit Slovenian pages. Snippet permissions and wagtail-localize's
own endpoints (string editing, PO files, machine pre-fill) are per model, not per locale: the
locale guard in this module closes that gap for translators.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import GroupPagePermission, Locale, Page, Site

#: wagtail-localize's global permission: submit a translation and sync translated pages. It
#: is not limited to a locale, hence given to editors only (see groups.py).
SUBMIT_TRANSLATION_PERMISSION = "wagtail_localize.submit_translation"

_CACHE_ATTR = "_sv_translation_locale_ids"


def manages_all_locales(user) -> bool:
    """Editors (and superusers) request, sync and check translations in every locale."""
    return bool(
        user.is_active and (user.is_superuser or user.has_perm(SUBMIT_TRANSLATION_PERMISSION))
    )


def translation_locale_ids(user) -> set[int] | None:
    """Ids of the locales the user translates into; None means every locale.

    A translator's locales are those of the pages their groups may edit. Permission on the
    tree's root (depth 1) spans every locale.
    """
    if not user.is_authenticated or not user.is_active:
        return set()
    if manages_all_locales(user):
        return None
    if not hasattr(user, _CACHE_ATTR):
        rows = (
            GroupPagePermission.objects.filter(
                group__user=user, permission__codename__in=("change_page", "publish_page")
            )
            .values_list("page__depth", "page__locale_id")
            .distinct()
        )
        locale_ids: set[int] | None = set()
        for depth, locale_id in rows:
            if depth == 1:
                locale_ids = None
                break
            locale_ids.add(locale_id)
        setattr(user, _CACHE_ATTR, locale_ids)
    return getattr(user, _CACHE_ATTR)


def translation_locales(user) -> list[Locale]:
    """The user's locales, in the order of settings.LANGUAGES."""
    from django.conf import settings

    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    locale_ids = translation_locale_ids(user)
    locales = Locale.objects.all()
    if locale_ids is not None:
        locales = locales.filter(pk__in=locale_ids)
    return sorted(locales, key=lambda locale: order.get(locale.language_code, len(order)))


def can_translate_into(user, locale_id: int) -> bool:
    locale_ids = translation_locale_ids(user)
    return locale_ids is None or locale_id in locale_ids


def check_locale(user, locale_id: int) -> None:
    """Refuse work in a locale that is not the user's (PermissionDenied: a 403 page)."""
    if not can_translate_into(user, locale_id):
        raise PermissionDenied


def locale_home(locale: Locale) -> Page | None:
    """The locale's version (translation or alias) of the default site's home page."""
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        return None
    return site.root_page.get_translation_or_none(locale)
