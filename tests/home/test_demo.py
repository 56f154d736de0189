"""The demo command builds the site once; running it again changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Revision
from wagtail_localize.models import Translation

from home.models import FooterText, HomePage, StandardPage

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": Page.objects.count(),
        "aliases": Page.objects.filter(alias_of__isnull=False).count(),
        "revisions": Revision.objects.count(),
        "translations": Translation.objects.count(),
        "footers": FooterText.objects.count(),
        "titles": sorted(Page.objects.values_list("locale__language_code", "title")),
    }


def test_second_run_changes_nothing():
    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before


def test_page_tree_in_five_locales():
    homes = Page.objects.filter(depth=2).select_related("locale")
    assert sorted(h.locale.language_code for h in homes) == ["de", "en", "fr", "it", "sl"]
    # the about, legal and privacy pages, under a slug of their own language
    keys = set(
        StandardPage.objects.filter(locale__language_code="fr").values_list(
            "translation_key", flat=True
        )
    )
    assert len(keys) == 3
    for home in homes:
        children = home.get_children().filter(translation_key__in=keys)
        assert children.count() == 3
        if home.locale.language_code != "fr":
            assert not set(children.values_list("slug", flat=True)) & {
                "a-propos",
                "mentions-legales",
                "confidentialite",
            }


def test_general_pages_are_translated_and_live():
    translated = (
        Page.objects.type(HomePage, StandardPage)
        .filter(depth__in=[2, 3], alias_of__isnull=True, live=True)
        .exclude(locale__language_code="fr")
    )
    # home + about + legal + privacy in each of the four other languages
    assert translated.count() == 16
    assert FooterText.objects.count() == 5
