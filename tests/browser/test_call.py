"""An applicant answers the open call in Italian, makes a mistake, corrects it and sends the
form; an editor then downloads the submissions as CSV from Wagtail's admin."""

import csv
import re

from django.utils import translation
from playwright.sync_api import expect

from tests.conftest import translated

SLUG = "appel-a-pratiques"


def _(message, code):
    with translation.override(code):
        return translation.gettext(message)


def labels(language):
    from home.models import CallPage

    page = translated(CallPage, SLUG, language)
    return {field.clean_name: field.label for field in page.form_fields.all()}


def test_apply_in_italian_then_editor_exports_csv(live_site, new_page, user_model):
    from django.core.cache import cache

    from home.models import CallPage, CallSubmission

    cache.clear()  # no rate-limit count left over from other tests
    label = labels("it")
    page = new_page(locale="it-IT")
    page.goto(live_site.url + translated(CallPage, SLUG, "it").url)
    expect(page.locator("html")).to_have_attribute("lang", "it")
    form = page.locator("form.call-form")
    expect(form).to_be_visible()
    # The honeypot is out of sight and out of the tab order.
    expect(page.locator("#hp_website")).not_to_be_in_viewport()

    form.get_by_label(label["structure"]).fill("Comunità montana di prova")
    form.get_by_label(label["nom"]).fill("Ufficio tecnico")
    form.get_by_label(label["courriel"]).fill("ufficio@")  # the mistake
    form.get_by_label(label["pays"]).select_option("Italia")
    form.get_by_label(label["titre"]).fill("Sportello digitale itinerante")
    form.get_by_label(label["description"]).fill(
        "Un furgone attrezzato porta i servizi online nei villaggi.\nUna volta a settimana."
    )
    form.get_by_label("Ambiente").check()
    form.get_by_label(label["accord"]).check()
    page.wait_for_timeout(3500)  # a person takes longer than the minimum fill time
    form.get_by_role("button", name=_("Send my application", "it")).click()

    errors = page.locator("#form-errors")
    expect(errors).to_be_visible()
    expect(errors).to_contain_text(_("Enter a valid email address.", "it"))
    expect(errors).to_be_focused()
    # Everything typed is still there.
    expect(form.get_by_label(label["titre"])).to_have_value("Sportello digitale itinerante")
    expect(form.get_by_label(label["pays"])).to_have_value("Italia")
    expect(form.get_by_label("Ambiente")).to_be_checked()
    email = form.get_by_label(label["courriel"])
    expect(email).to_have_attribute("aria-invalid", "true")
    assert CallSubmission.objects.count() == 0

    email.fill("ufficio@example.org")
    form.get_by_role("button", name=_("Send my application", "it")).click()
    expect(page.get_by_role("heading", level=2)).to_have_text(
        _("Thank you, your application has been sent.", "it")
    )
    submission = CallSubmission.objects.get()
    assert submission.language == "it"
    source = CallPage.objects.get(slug=SLUG, locale__language_code="fr")
    assert submission.page_id == source.pk

    # An editor exports the submissions.
    from wagtail.users.models import UserProfile

    editor = user_model.objects.create_superuser("cheffe", "cheffe@example.org", "pw-123")
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    admin = new_page(locale="fr-FR")
    admin.goto(live_site.url + "/admin/login/")
    admin.fill("input[name=username]", "cheffe")
    admin.fill("input[name=password]", "pw-123")
    admin.locator("form button[type=submit]").first.click()
    expect(admin).to_have_url(re.compile(r"/admin/$"))
    admin.goto(live_site.url + f"/admin/forms/submissions/{source.pk}/")
    expect(admin.get_by_text("Sportello digitale itinerante")).to_be_visible()
    admin.get_by_role("button", name="Actions").click()
    with admin.expect_download() as download_info:
        admin.get_by_role("link", name="Download CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith(f"{SLUG}-export-")
    with open(download.path(), encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))[:2]
    answers = dict(zip(header, row, strict=True))
    # The headings are the source page's (French); the answers are the applicant's.
    assert answers["Titre de la pratique"] == "Sportello digitale itinerante"
    assert answers["Adresse électronique"] == "ufficio@example.org"
    assert answers["Pays"] == "Italie"
    assert "Une volta a settimana" not in answers["Description de la pratique"]
    assert answers["Description de la pratique"].endswith("Una volta a settimana.")
    assert "Italiano" in row
