"""A translator for Slovenian logs in, sees only Slovenian work on the translation status page,
opens a page an editor asked to translate, pre-fills it by machine, saves and publishes."""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

from home.models import HomePage, StandardPage
from smartvillages.core.demo import sync_aliases
from smartvillages.translation.groups import translators_group_name

DUMMY = {"CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator"}


def test_slovenian_translator_prefills_saves_and_publishes(
    live_site, new_page, settings, user_model
):
    # The live server runs in this process: the setting reaches it.
    settings.WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY
    user = user_model.objects.create_user("mojca", password="translate-me")
    user.groups.add(Group.objects.get(name=translators_group_name("sl")))
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin in English: stable labels for the test
    profile.save()

    # An editor asks for a Slovenian translation of a new French page.
    home = HomePage.objects.get(locale__language_code="fr", depth=2)
    source = StandardPage(
        title="Services publics itinérants",
        slug="services-itinerants",
        introduction="Un bus qui apporte les services au village.",
    )
    home.add_child(instance=source)
    source.save_revision().publish()
    sync_aliases()
    sl = Locale.objects.get(language_code="sl")
    translate_object(source, [sl])
    target = source.get_translation(sl)

    page = new_page(locale="sl-SI")
    page.goto(live_site.url + "/admin/login/")
    # The login page speaks the browser's language (Slovenian): use the fields' ids.
    page.locator("#id_username").fill("mojca")
    page.locator("#id_password").fill("translate-me")
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.get_by_role("link", name="Translation status").first.click()
    expect(page).to_have_url(re.compile(r"/admin/translations/"))
    table = page.locator("#translation-status")
    # Only the Slovenian column: no other language's work.
    expect(table.locator("thead th[lang]")).to_have_count(1)
    expect(table.locator("thead th[lang='sl']")).to_be_visible()
    expect(page.locator("#translation-counts tbody tr")).to_have_count(1)
    expect(table.locator("td[data-locale]:not([data-locale='sl'])")).to_have_count(0)

    # What waits for them: filter on "To translate".
    page.get_by_label("State").select_option("to_translate")
    page.get_by_role("button", name="Filter", exact=True).click()
    expect(page).to_have_url(re.compile(r"state=to_translate"))
    row = table.locator("tr", has_text="Services publics itinérants")
    cell = row.locator("td[data-locale='sl']")
    expect(cell).to_have_attribute("data-state", "to_translate")
    cell.get_by_role("link", name=re.compile("^Translate")).click()
    expect(page).to_have_url(re.compile(rf"/admin/pages/{target.pk}/edit/"))

    # Machine pre-fill (wagtail-localize's dummy translator reverses the words).
    page.get_by_role("button", name=re.compile("Translate with")).click()
    expect(page.get_by_text("itinérants publics Services").first).to_be_visible()

    # Correct the title by hand and save it.
    title_segment = page.locator("li.complete").filter(has=page.locator(".title"))
    title_segment.get_by_role("button", name="Edit").click()
    title_segment.locator("textarea").fill("Potujoče javne storitve")
    title_segment.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Potujoče javne storitve").first).to_be_visible()

    page.get_by_role("button", name=re.compile("Publish in")).click()
    expect(page.get_by_text(re.compile("Published"))).to_be_visible()

    target.refresh_from_db()
    assert target.live
    assert target.title == "Potujoče javne storitve"
    assert target.live_revision.object_id == str(target.pk)
    page.goto(live_site.url + "/sl/services-itinerants/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Potujoče javne storitve")
