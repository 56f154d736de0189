"""An Italian reader opens the Grenoble 2020 meeting, reads day 2's programme and adds the
event to their calendar."""

import datetime
import re

from django.utils import translation
from icalendar import Calendar
from playwright.sync_api import expect


def _(message, code="it"):
    with translation.override(code):
        return translation.gettext(message)


def test_italian_reader_reads_day_two_and_downloads_ical(live_site, new_page, tmp_path):
    from events.models import EventPage

    italian = EventPage.objects.get(slug="grenoble-2020-smart-villages", locale__language_code="it")
    page = new_page(locale="it-IT")
    page.goto(live_site.url + "/it/")
    expect(page.locator("html")).to_have_attribute("lang", "it")

    page.goto(live_site.url + "/it/eventi/")
    page.get_by_role("link", name=italian.title).click()
    expect(page).to_have_url(re.compile(r"/it/eventi/grenoble-2020-smart-villages/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(italian.title)
    expect(page.get_by_role("note")).to_have_count(0)  # translated: no "not translated" notice

    programme = page.get_by_role("region", name=_("Programme"))
    day_two = programme.get_by_role("region", name=re.compile("martedì 6 ottobre 2020"))
    expect(day_two).to_be_visible()
    sessions = day_two.locator("li.session")
    expect(sessions).to_have_count(8)
    expect(sessions.first.get_by_role("heading", level=4)).not_to_be_empty()
    expect(day_two.locator(".session--round-table")).to_have_count(1)
    expect(day_two).to_contain_text("Peter Niederer")
    # a session speaker leads to the day's directory entry
    day_two.get_by_role("link", name="Peter Niederer").click()
    expect(page).to_have_url(re.compile(r"#speaker-2020-10-06-\d+$"))
    expect(page.locator(".speaker:target")).to_contain_text("Peter Niederer")

    with page.expect_download() as download_info:
        page.get_by_role("link", name=_("Add to calendar (iCal)")).click()
    download = download_info.value
    assert download.suggested_filename == "grenoble-2020-smart-villages.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    calendar = Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == italian.title
    assert event.decoded("DTSTART") == datetime.date(2020, 10, 5)
    assert event.decoded("DTEND") == datetime.date(2020, 10, 7)
    assert "/it/eventi/grenoble-2020-smart-villages/" in str(event["URL"])
