"""A contributor in Slovenia, in Chromium: signs up in Slovenian, verifies the address from
the e-mail, proposes a practice in three steps with a photo and a PDF; the editors request
changes, the contributor edits and sends again, the editors approve; the practice is in the
Slovenian library, search and map, and every e-mail the contributor got is in Slovenian.

The editors' two decisions go through the admin's workflow-action URLs with Django's test
client (the admin's screens are Wagtail's own); everything the contributor does is in the
browser, without JavaScript. axe then checks the contributor's pages, signed in."""

import json
import re
import uuid

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_page, axe_source, blocking_violations  # noqa: F401
from tests.uploads import pdf_bytes, photo_bytes

# Browser tests share a committed database (tests/browser/conftest.py): names of their own.
RUN = uuid.uuid4().hex[:6]
TITLE = f"Skupnostni prevoz za starejše v Zgornji Savinjski dolini {RUN}"
EMAIL = f"mojca.{RUN}@example.si"


def _(message):
    with translation.override("sl"):
        return translation.gettext(message)


def editor_decides(user_model, page_pk, action, comment=""):
    from wagtail.models import Page

    editor = user_model.objects.filter(username="browser-editor").first()
    if editor is None:
        editor = user_model.objects.create_superuser(
            "browser-editor", "editor@example.org", "x-Passw0rd-x"
        )
    client = Client()
    client.force_login(editor)
    page = Page.objects.get(pk=page_pk)
    state = page.current_workflow_task_state
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, state.pk]),
        {"comment": comment},
    )
    assert response.status_code in (200, 302)


def test_a_contributor_proposes_a_practice_in_slovenian(live_site, browser, user_model, axe_page):  # noqa: F811
    from contributors.models import Proposal
    from practices.models import PracticePage

    mail.outbox.clear()
    context = browser.new_context(locale="sl-SI", java_script_enabled=False)
    page = context.new_page()
    # No network in tests: map tiles are answered with an empty image.
    page.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    base = live_site.url
    try:
        # Sign up
        page.goto(base + "/sl/account/signup/")
        expect(page.locator("html")).to_have_attribute("lang", "sl")
        page.locator("main input[name=email]").fill(EMAIL)
        page.locator("main input[name=password1]").fill("gorska-vas-2026")
        page.locator("main input[name=password2]").fill("gorska-vas-2026")
        page.wait_for_timeout(3100)  # a form sent within 3 seconds is a robot's
        page.locator("main form button[type=submit]").click()
        assert len(mail.outbox) == 1
        verification = mail.outbox[0]
        link = re.search(r"https?://\S+/sl/account/confirm-email/\S+/", verification.body).group(0)
        page.goto(link)
        page.locator("main form button[type=submit]").click()

        # Profile first, then the proposal
        expect(page).to_have_url(re.compile(r"/sl/account/profile/$"))
        page.get_by_label(capfirst(_("display name"))).fill("Mojca Novak")
        page.get_by_label(capfirst(_("show my profile publicly"))).check()
        page.locator("main form button[type=submit]").click()
        expect(page.locator("h1")).to_have_text(_("My contributions"))
        page.get_by_role("button", name=_("Propose a practice")).click()

        # Step 1: an error first, what was typed is kept
        page.get_by_label(_("Title")).fill(TITLE)
        page.get_by_label(_("Summary")).fill(
            "Prostovoljci vozijo starejše vaščane k zdravniku in v trgovino v dolini."
        )
        page.get_by_role("button", name=_("Next step")).click()
        expect(page.locator("#form-errors")).to_be_visible()
        expect(page.get_by_label(_("Title"))).to_have_value(TITLE)
        page.get_by_label("Pametna mobilnost").check()
        page.get_by_role("button", name=_("Next step")).click()

        # Step 2
        page.get_by_label("Slovenija").check()
        page.get_by_label(_("Region and places")).fill("Zgornja Savinjska dolina")
        page.get_by_label(_("Latitude")).fill("46.35")
        page.get_by_label(_("Longitude")).fill("14.85")
        page.get_by_role("button", name=_("Next step")).click()

        # Step 3, with a photo and a PDF
        page.get_by_label(_("What was done")).fill(
            "Društvo upokojencev je zbralo dvanajst voznikov prostovoljcev.\n\n"
            "Občina krije stroške goriva."
        )
        page.locator("input[name=photo]").set_input_files(
            files=[{"name": "prevoz.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
        )
        page.get_by_label(_("What the photo shows")).fill("Voznik pomaga vaščanki v avto")
        page.locator("input[name=document]").set_input_files(
            files=[{"name": "urnik.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}]
        )
        page.get_by_role("button", name=_("Send for review")).click()
        expect(page.locator(".status")).to_have_text(_("In review"))

        proposal = Proposal.objects.get(data__title=TITLE)
        assert proposal.files.count() == 2
        practice = PracticePage.objects.get(pk=proposal.page_id)
        assert practice.locale.language_code == "sl" and not practice.live

        # The editors ask for a change; the contributor sees it and sends again
        editor_decides(user_model, practice.pk, "reject", "Dodajte, prosim, vire financiranja.")
        page.goto(base + "/sl/account/")
        expect(page.locator(".account-notifications")).to_contain_text("vire financiranja")
        page.get_by_role("link", name=TITLE).first.click()
        page.get_by_role("link", name=_("Edit and send again")).click()
        page.goto(base + f"/sl/account/proposals/{proposal.pk}/step/3/")
        page.get_by_label(_("Funding")).fill("Občina Luče, 3.000 EUR na leto")
        page.get_by_role("button", name=_("Send for review")).click()
        expect(page.locator(".status")).to_have_text(_("In review"))

        # Approved: in the Slovenian library, search and map
        editor_decides(user_model, practice.pk, "approve")
        practice.refresh_from_db()
        assert practice.live
        page.goto(base + "/sl/account/")
        expect(page.locator(".status").first).to_have_text(_("Published"))
        library = practice.get_parent()
        page.goto(base + library.url)
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
        page.goto(base + "/sl/search/?q=Savinjska+prevoz")
        expect(page.get_by_role("link", name=TITLE)).to_be_visible()
        geojson = json.loads(page.request.get(base + library.url + "geojson/").text())
        assert TITLE in {feature["properties"]["title"] for feature in geojson["features"]}
        page.get_by_role("link", name=TITLE).click()
        expect(page.locator(".proposed-by")).to_contain_text("Mojca Novak")
        expect(page.locator("main img")).not_to_have_count(0)  # the photo, now public

        # Every e-mail to the contributor is in Slovenian
        mine = [m for m in mail.outbox if m.to == [EMAIL]]
        subjects = [message.subject for message in mine]
        assert len(mine) == 5, " | ".join(
            subjects
        )  # verification, received, changes, received, published
        assert "Prejeli smo" in subjects[1]
        assert "Zahtevane spremembe" in subjects[2]
        assert all("Hello" not in message.body for message in mine)

        # axe, in a browser with JavaScript, signed in as the contributor
        checker = axe_page("sl")
        checker.context.add_cookies(context.cookies())
        problems = []
        for path, label in (
            ("/sl/account/", "dashboard"),
            ("/sl/account/profile/", "profile"),
            (f"/sl/account/proposals/{proposal.pk}/", "proposal"),
        ):
            checker.goto(base + path)
            problems += blocking_violations(checker, label)
        checker.goto(base + "/sl/account/")
        checker.get_by_role("button", name=_("Propose a practice")).click()
        checker.get_by_role("button", name=_("Next step")).click()
        expect(checker.locator("#form-errors")).to_be_visible()
        problems += blocking_violations(checker, "proposal step with errors")
        checker.goto(checker.url.replace("/step/1/", "/step/3/"))
        problems += blocking_violations(checker, "proposal step with files and key steps")
        assert not problems, "\n".join(problems)
    finally:
        context.close()
