"""Groups and the permission matrix: each translators' group works in its own locale only.

The demo command (run once per session by tests/conftest.py) has already run setup_groups.
"""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import resolve, reverse
from wagtail.models import GroupPagePermission, Locale, Page, Revision
from wagtail_localize.models import StringTranslation, Translation, TranslationSource
from wagtail_localize.operations import translate_object
from wagtail_localize.views import edit_translation as localize_views

from home.models import FooterText, StandardPage
from smartvillages.core.demo import sync_aliases
from smartvillages.translation import views as translation_views
from smartvillages.translation.access import translation_locale_ids
from smartvillages.translation.groups import (
    DEMO_PASSWORD,
    EDITORS_GROUP,
    TAXONOMY_SNIPPETS,
    translatable_snippet_models,
    translators_group_name,
)
from smartvillages.translation.sitemap import pages_awaiting_first_translation
from tests.conftest import translated

LANGUAGES = ["fr", "en", "it", "de", "sl"]


@pytest.fixture
def make_user(django_user_model):
    def make(group_name, username=None):
        user = django_user_model.objects.create_user(
            username or group_name.lower().replace(" ", "-"), password="pw"
        )
        user.groups.add(Group.objects.get(name=group_name))
        return user

    return make


@pytest.fixture
def translator(make_user):
    def make(code):
        return make_user(translators_group_name(code), f"tr-{code}")

    return make


def about(code):
    return translated(StandardPage, "a-propos", code)


def page_revisions_outside(locale_code):
    return Revision.objects.filter(
        base_content_type__app_label="wagtailcore", base_content_type__model="page"
    ).exclude(
        object_id__in=[
            str(pk)
            for pk in Page.objects.filter(locale__language_code=locale_code).values_list(
                "pk", flat=True
            )
        ]
    )


# Groups ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_groups_exist_with_page_permissions_on_their_locale_home_only():
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert editors.permissions.filter(codename="submit_translation").exists()
    root = Page.get_first_root_node()
    assert set(
        GroupPagePermission.objects.filter(group=editors).values_list("page_id", flat=True)
    ) == {root.pk}
    for code in LANGUAGES:
        group = Group.objects.get(name=translators_group_name(code))
        assert not group.permissions.filter(codename="submit_translation").exists()
        perms = GroupPagePermission.objects.filter(group=group).select_related("page", "permission")
        assert {p.permission.codename for p in perms} == {"change_page", "publish_page"}
        assert {(p.page.depth, p.page.locale.language_code) for p in perms} == {(2, code)}
        assert group.permissions.filter(codename="access_admin").exists()


def test_group_names_use_the_language_name():
    assert translators_group_name("it") == "Translators — Italiano"
    assert translators_group_name("sl") == "Translators — Slovenščina"


@pytest.mark.django_db
def test_translators_get_every_translatable_snippet_but_no_delete_or_add():
    models = translatable_snippet_models()
    assert FooterText in models
    labels = {model._meta.label for model in models}
    # The taxonomy joins as soon as the practices app defines it (resolved at run time).
    from django.apps import apps

    for label in TAXONOMY_SNIPPETS:
        try:
            apps.get_model(label)
        except LookupError:
            continue
        assert label in labels
    group = Group.objects.get(name=translators_group_name("sl"))
    codenames = set(group.permissions.values_list("codename", flat=True))
    for model in models:
        name = model._meta.model_name
        assert f"change_{name}" in codenames
        assert f"add_{name}" not in codenames
        assert f"delete_{name}" not in codenames


@pytest.mark.django_db
def test_setup_groups_is_idempotent_and_repairs_the_policy():
    group = Group.objects.get(name=translators_group_name("it"))
    # Someone hands the Italian translators the global submit permission...
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="submit_translation"))
    out = io.StringIO()
    call_command("setup_groups", stdout=out)
    assert "Translators — Italiano" in out.getvalue()
    assert not group.permissions.filter(codename="submit_translation").exists()
    # ...and a second run changes nothing.
    out = io.StringIO()
    call_command("setup_groups", stdout=out)
    assert out.getvalue() == ""


@pytest.mark.django_db
def test_demo_users_only_with_debug(settings, django_user_model):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("setup_groups", demo_users=True, stdout=io.StringIO())
    assert not django_user_model.objects.filter(username="translator-sl").exists()

    settings.DEBUG = True
    call_command("setup_groups", demo_users=True, stdout=io.StringIO())
    user = django_user_model.objects.get(username="translator-sl")
    assert user.check_password(DEMO_PASSWORD)
    assert list(user.groups.values_list("name", flat=True)) == ["Translators — Slovenščina"]
    editor = django_user_model.objects.get(username="editor")
    assert editor.groups.filter(name=EDITORS_GROUP).exists()
    count = django_user_model.objects.count()
    call_command("setup_groups", demo_users=True, stdout=io.StringIO())
    assert django_user_model.objects.count() == count


# The permission matrix -----------------------------------------------------------------------


def opens(client, url_name, *args):
    return client.get(reverse(url_name, args=args)).status_code == 200


def denied(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard (with a
    message); Django's own views answer 403."""
    if response.status_code == 302:
        return response.url == reverse("wagtailadmin_home")
    return response.status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("translator_code", LANGUAGES)
def test_permission_matrix(translator_code, translator, client):
    user = translator(translator_code)
    client.force_login(user)
    assert translation_locale_ids(user) == {Locale.objects.get(language_code=translator_code).pk}
    source = about("fr")
    source_record, _ = TranslationSource.get_or_create_from_instance(source)
    for code in LANGUAGES:
        page = about(code)
        own = code == translator_code
        perms = page.permissions_for_user(user)
        parent = page.get_parent()
        row = {
            "open": opens(client, "wagtailadmin_pages:edit", page.pk),
            "edit": perms.can_edit(),
            "publish": perms.can_publish(),
            # Wagtail would let "publish" delete a leaf page: our hook refuses translators.
            "delete": opens(client, "wagtailadmin_pages:delete", page.pk),
            "move": opens(client, "wagtailadmin_pages:move_confirm", page.pk, parent.pk),
            "copy": perms.can_copy_to(parent),
            "add": perms.can_add_subpage(),
        }
        expected = {
            "open": own,
            "edit": own,
            "publish": own,
            "delete": False,
            "move": False,
            "copy": False,
            "add": False,
        }
        assert row == expected, (translator_code, code)
    # Sync and submit are editors' work, whatever the locale.
    before = Revision.objects.count()
    response = client.post(
        reverse("wagtail_localize:update_translations", args=[source_record.pk]),
        {"publish_translations": "on"},
    )
    assert denied(response)
    response = client.post(
        reverse("wagtail_localize:submit_page_translation", args=[source.pk]),
        {"locales": [Locale.objects.get(language_code=translator_code).pk]},
    )
    assert denied(response)
    assert Revision.objects.count() == before


@pytest.mark.django_db
def test_editors_work_in_every_locale(make_user, client):
    editor = make_user(EDITORS_GROUP, "ed")
    client.force_login(editor)
    assert translation_locale_ids(editor) is None
    for code in LANGUAGES:
        page = about(code)
        perms = page.permissions_for_user(editor)
        assert perms.can_edit() and perms.can_publish() and perms.can_delete()
    response = client.get(
        reverse("wagtail_localize:submit_page_translation", args=[about("fr").pk])
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_slovenian_translator_publishes_in_slovenian_and_nowhere_else(
    translator, client, django_capture_on_commit_callbacks
):
    """The trap of the issue: with wagtail-localize's global submit permission, a translator
    limited to one tree could sync the French source and publish in every locale."""
    user = translator("sl")
    client.force_login(user)
    page_sl = about("sl")
    source_record = TranslationSource.objects.get(
        object_id=page_sl.translation_key, locale__language_code="fr"
    )
    elsewhere = page_revisions_outside("sl").count()
    sl_revisions = Revision.objects.for_instance(page_sl).count()

    # Publish their own page from wagtail-localize's editor.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[page_sl.pk]), {"action": "publish"}
        )
    assert response.status_code == 302
    assert Revision.objects.for_instance(page_sl).count() == sl_revisions + 1

    # Try to sync the French source (would publish in every locale), to submit it, to
    # publish the French translation's editor, to edit the Italian footer.
    with django_capture_on_commit_callbacks(execute=True):
        assert denied(
            client.post(
                reverse("wagtail_localize:update_translations", args=[source_record.pk]),
                {"publish_translations": "on"},
            )
        )
        assert denied(
            client.post(
                reverse("wagtail_localize:submit_page_translation", args=[about("fr").pk]),
                {"locales": [Locale.objects.get(language_code="de").pk]},
            )
        )
        assert denied(
            client.post(
                reverse("wagtailadmin_pages:edit", args=[about("it").pk]), {"action": "publish"}
            )
        )
    assert page_revisions_outside("sl").count() == elsewhere


@pytest.mark.django_db
def test_translators_edit_snippets_of_their_locale_only(translator, client):
    user = translator("sl")
    client.force_login(user)
    footer_sl = FooterText.objects.get(locale__language_code="sl")
    footer_it = FooterText.objects.get(locale__language_code="it")
    edit = FooterText.snippet_viewset.get_url_name("edit")
    assert client.get(reverse(edit, args=[footer_sl.pk])).status_code == 200
    assert denied(client.get(reverse(edit, args=[footer_it.pk])))

    # wagtail-localize's own endpoints check snippet permissions per model: the locale guard
    # refuses the Italian translation's strings, PO file and machine pre-fill.
    translation_it = Translation.objects.get(
        source__object_id=footer_it.translation_key, target_locale=footer_it.locale
    )
    translation_sl = Translation.objects.get(
        source__object_id=footer_sl.translation_key, target_locale=footer_sl.locale
    )
    download = "wagtail_localize:download_pofile"
    assert denied(client.get(reverse(download, args=[translation_it.pk])))
    assert client.get(reverse(download, args=[translation_sl.pk])).status_code == 200
    segment = translation_it.source.stringsegment_set.first()
    response = client.put(
        reverse("wagtail_localize:edit_string_translation", args=[translation_it.pk, segment.pk]),
        "value=x",
        content_type="application/x-www-form-urlencoded",
    )
    assert denied(response)
    assert not StringTranslation.objects.filter(data="x").exists()


def test_guarded_routes_answer_for_wagtail_localize_url_names():
    """Our routes repeat wagtail-localize's paths and come first: its URL names reach them."""
    func = resolve(reverse("wagtail_localize:machine_translate", args=[1])).func
    assert same_function(func, translation_views.machine_translate)
    for name, args, view in [
        ("edit_string_translation", [1, 2], localize_views.edit_string_translation),
        ("edit_override", [1, 2], localize_views.edit_override),
        ("download_pofile", [1], localize_views.download_pofile),
        ("upload_pofile", [1], localize_views.upload_pofile),
        ("preview_translation", [1], localize_views.preview_translation),
        ("stop_translation", [1], localize_views.stop_translation),
    ]:
        func = resolve(reverse(f"wagtail_localize:{name}", args=args)).func
        assert same_function(func.__wrapped__, view), name
        assert func.__module__ == localize_views.__name__  # functools.wraps
        assert same_function(func, translation_views.locale_guarded(view).__wrapped__)


def same_function(a, b):
    return (a.__module__, a.__qualname__) == (b.__module__, b.__qualname__)


# Live status ---------------------------------------------------------------------------------


@pytest.fixture
def new_live_page(home_fr):
    page = StandardPage(title="Covoiturage", slug="covoiturage", introduction="Partager.")
    home_fr.add_child(instance=page)
    page.save_revision().publish()
    sync_aliases()
    return page


@pytest.mark.django_db
def test_requested_translation_of_a_live_page_is_not_published(
    new_live_page, django_capture_on_commit_callbacks
):
    sl = Locale.objects.get(language_code="sl")
    alias = new_live_page.get_translation(sl)
    assert alias.alias_of_id == new_live_page.pk
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(new_live_page, [sl])
    target = Page.objects.get(pk=alias.pk)
    assert target.alias_of_id is None
    # None of its own revisions went live: readers still get what the alias showed (the
    # source's revision), until the translator publishes.
    assert target.live_revision.object_id == str(new_live_page.pk)
    assert target.has_unpublished_changes
    assert target.pk in set(pages_awaiting_first_translation().values_list("pk", flat=True))


@pytest.mark.django_db
def test_with_wagtail_localize_default_the_untranslated_copy_would_go_live(
    new_live_page, settings, django_capture_on_commit_callbacks
):
    """Why base.py sets WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False."""
    settings.WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = True
    sl = Locale.objects.get(language_code="sl")
    with django_capture_on_commit_callbacks(execute=True):
        translate_object(new_live_page, [sl])
    target = new_live_page.get_translation(sl)
    assert target.live_revision.object_id == str(target.pk)
    assert target.title == "Covoiturage"  # published untranslated
