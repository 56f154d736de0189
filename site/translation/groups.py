"""The site's roles as Django groups: "Editors" and one translators' group per locale.

Editors write (mostly in French), publish everywhere and request translations. A translators'
group ("Translators — Slovenščina") may edit and publish pages of its locale's tree only, and
translate the translatable snippets (taxonomy, footer...) of its locale. It deliberately lacks
wagtail-localize's global "submit translation" permission: that permission is not limited to a
locale, and with it a user whose pages are all Slovenian could sync a French source page and
thereby publish new revisions of its translations in every locale. Editors request
translations and sync them instead (docs/translating.md). Apps add groups of their own roles
(ROLE_GROUPS_HOOK): "Call reviewers", the only ones besides superusers who read applications.

Running the setup again puts every group back to this policy (idempotent), and picks up
snippet models that did not exist at the previous run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from wagtail import hooks
from wagtail.models import (
    Collection,
    DraftStateMixin,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    TranslatableMixin,
)
from wagtail.snippets.models import get_snippet_models

from smartvillages.core.hooks import EDITOR_PERMISSIONS_HOOK, ROLE_GROUPS_HOOK

from .access import SUBMIT_TRANSLATION_PERMISSION, locale_home

EDITORS_GROUP = "Editors"
TRANSLATORS_GROUP_PREFIX = "Translators — "

#: Page permissions: editors have them all on the root (every locale); translators edit and
#: publish in their locale's tree, but never add, delete, move or copy pages (pages are
#: created in the source language and synchronised into the other trees).
EDITOR_PAGE_PERMISSIONS = (
    "add_page",
    "bulk_delete_page",
    "change_page",
    "lock_page",
    "publish_page",
    "unlock_page",
)
TRANSLATOR_PAGE_PERMISSIONS = ("change_page", "publish_page")

EDITOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtailimages", "delete_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    ("wagtaildocs", "delete_document"),
)
#: Translators may pick another image or document for their version of a page.
TRANSLATOR_COLLECTION_PERMISSIONS = (
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "choose_document"),
)

#: Taxonomy snippets of the practice library, named here so that the documentation and the
#: tests know what translators get; they are resolved at run time (the practices app may not
#: have them yet) and every translatable snippet gets the same treatment anyway.
TAXONOMY_SNIPPETS = (
    "practices.SmartDimension",
    "practices.Theme",
    "practices.ActionType",
    "practices.TargetGroup",
    "practices.FundingProgramme",
)

DEMO_PASSWORD = "alpine-demo"  # noqa: S105 - local demo accounts only (DEBUG), documented
DEMO_EDITOR = "editor"


def translators_group_name(language_code: str) -> str:
    return TRANSLATORS_GROUP_PREFIX + dict(settings.LANGUAGES).get(language_code, language_code)


def demo_translator_username(language_code: str) -> str:
    return f"translator-{language_code}"


def translatable_snippet_models() -> list[type]:
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def _permissions(*natural_keys: tuple[str, str]) -> list[Permission]:
    """Permissions by (app_label, codename); a missing one is a programming error."""
    wanted = set(natural_keys)
    found = {
        (perm.content_type.app_label, perm.codename): perm
        for perm in Permission.objects.filter(
            codename__in=[codename for _app, codename in wanted]
        ).select_related("content_type")
        if (perm.content_type.app_label, perm.codename) in wanted
    }
    missing = wanted - found.keys()
    if missing:
        raise LookupError(f"Missing permissions: {sorted(missing)}")
    return [found[key] for key in sorted(found)]


def _submit_translation_permission() -> Permission:
    """wagtail-localize creates it in a data migration, which a flushed test database or a
    database built without migrations lacks: make sure it exists, as that migration does."""
    app_label, codename = SUBMIT_TRANSLATION_PERMISSION.split(".", 1)
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model="translation")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": "Can submit translations"},
    )
    return permission


def _model_permissions(model, actions=None) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model)
    permissions = Permission.objects.filter(content_type=content_type)
    if actions is not None:
        model_name = model._meta.model_name
        permissions = permissions.filter(codename__in=[f"{a}_{model_name}" for a in actions])
    return list(permissions)


def _translator_snippet_actions(model) -> tuple[str, ...]:
    if issubclass(model, DraftStateMixin):
        return ("view", "change", "publish")
    return ("view", "change")


@dataclass
class SetupReport:
    created_groups: list[str] = field(default_factory=list)
    updated_groups: list[str] = field(default_factory=list)
    skipped_locales: list[str] = field(default_factory=list)
    snippet_models: list[str] = field(default_factory=list)
    created_users: list[str] = field(default_factory=list)


def _set_group(report, name, permissions, page_permissions, collection_permissions):
    """Make the group's permissions exactly these; record whether anything changed."""
    group, created = Group.objects.get_or_create(name=name)
    changed = False
    wanted = {perm.pk for perm in permissions}
    current = set(group.permissions.values_list("pk", flat=True))
    if wanted != current:
        group.permissions.set(permissions)
        changed = True

    wanted_pages = {(page.pk, perm.pk) for page, perm in page_permissions}
    current_pages = set(
        GroupPagePermission.objects.filter(group=group).values_list("page_id", "permission_id")
    )
    if wanted_pages != current_pages:
        for page_id, permission_id in current_pages - wanted_pages:
            GroupPagePermission.objects.filter(
                group=group, page_id=page_id, permission_id=permission_id
            ).delete()
        for page_id, permission_id in wanted_pages - current_pages:
            GroupPagePermission.objects.create(
                group=group, page_id=page_id, permission_id=permission_id
            )
        changed = True

    wanted_collections = {(coll.pk, perm.pk) for coll, perm in collection_permissions}
    current_collections = set(
        GroupCollectionPermission.objects.filter(group=group).values_list(
            "collection_id", "permission_id"
        )
    )
    if wanted_collections != current_collections:
        for collection_id, permission_id in current_collections - wanted_collections:
            GroupCollectionPermission.objects.filter(
                group=group, collection_id=collection_id, permission_id=permission_id
            ).delete()
        for collection_id, permission_id in wanted_collections - current_collections:
            GroupCollectionPermission.objects.create(
                group=group, collection_id=collection_id, permission_id=permission_id
            )
        changed = True

    if created:
        report.created_groups.append(name)
    elif changed:
        report.updated_groups.append(name)
    return group


@transaction.atomic
def setup_groups() -> SetupReport:
    report = SetupReport()
    admin_access = _permissions(("wagtailadmin", "access_admin"))
    snippets = translatable_snippet_models()
    report.snippet_models = [model._meta.label for model in snippets]
    root_collection = Collection.get_first_root_node()

    # Editors: every permission on every snippet, the whole page tree, all media, the
    # right to request and sync translations, and what apps add (EDITOR_PERMISSIONS_HOOK).
    editor_permissions = admin_access + [_submit_translation_permission()]
    for model in get_snippet_models():
        editor_permissions += _model_permissions(model)
    for extra in hooks.get_hooks(EDITOR_PERMISSIONS_HOOK):
        editor_permissions += _permissions(*extra())
    root = Page.get_first_root_node()
    editor_pages = (
        [
            (root, perm)
            for perm in _permissions(*(("wagtailcore", c) for c in EDITOR_PAGE_PERMISSIONS))
        ]
        if root is not None
        else []
    )
    editor_collections = (
        [(root_collection, perm) for perm in _permissions(*EDITOR_COLLECTION_PERMISSIONS)]
        if root_collection is not None
        else []
    )
    _set_group(report, EDITORS_GROUP, editor_permissions, editor_pages, editor_collections)

    # One translators' group per locale.
    translator_permissions = list(admin_access)
    for model in snippets:
        translator_permissions += _model_permissions(model, _translator_snippet_actions(model))
    page_permissions = _permissions(
        *(("wagtailcore", codename) for codename in TRANSLATOR_PAGE_PERMISSIONS)
    )
    translator_collections = (
        [(root_collection, perm) for perm in _permissions(*TRANSLATOR_COLLECTION_PERMISSIONS)]
        if root_collection is not None
        else []
    )
    for code, _name in settings.LANGUAGES:
        locale = Locale.objects.filter(language_code=code).first()
        home = locale_home(locale) if locale is not None else None
        if home is None:
            # No tree in this locale yet: the group exists, without page permissions; the
            # next run (after load_demo or the first page) completes it.
            report.skipped_locales.append(code)
            pages = []
        else:
            pages = [(home, perm) for perm in page_permissions]
        _set_group(
            report,
            translators_group_name(code),
            translator_permissions,
            pages,
            translator_collections,
        )

    # Groups of a role that apps add (ROLE_GROUPS_HOOK): admin access and their permissions,
    # no page or collection permission.
    for name, permissions, _demo_user in role_groups():
        _set_group(report, name, admin_access + _permissions(*permissions), [], [])
    return report


def role_groups() -> list[tuple[str, tuple[tuple[str, str], ...], str]]:
    return [fn() for fn in hooks.get_hooks(ROLE_GROUPS_HOOK)]


@transaction.atomic
def create_demo_users(report: SetupReport | None = None) -> SetupReport:
    """One account per role, with the documented password (local demo only: the command
    refuses to run this unless DEBUG is on or it is explicitly forced)."""
    from django.contrib.auth import get_user_model

    report = report or SetupReport()
    User = get_user_model()
    accounts = [(DEMO_EDITOR, EDITORS_GROUP, "Editor")]
    for code, name in settings.LANGUAGES:
        accounts.append(
            (demo_translator_username(code), translators_group_name(code), f"Translator ({name})")
        )
    accounts += [(username, name, name) for name, _permissions, username in role_groups()]
    for username, group_name, label in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Demo",
                "last_name": label,
                "email": f"{username}@example.org",
                "is_staff": False,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            report.created_users.append(username)
        group = Group.objects.get(name=group_name)
        if not user.groups.filter(pk=group.pk).exists():
            user.groups.add(group)
    return report
