"""Editors create events and speakers in Wagtail's admin."""

import pytest
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from events.models import EventPage, Person


def list_block(values):
    """Form data of a ListBlock (the admin's format: count, then value/id/order/deleted)."""
    data = {
        str(index): {"value": value, "id": "", "order": str(index), "deleted": ""}
        for index, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


def event_form(person, practice, **overrides):
    session = {
        "start_time": "09:30",
        "end_time": "11:00",
        "kind": "round-table",
        "title": "Table ronde des territoires",
        "place": "Salle du conseil",
        "description": "Échanges entre élus.",
        "speakers": list_block([person.pk]),
        "practices": list_block([practice.pk]),
        "documents": list_block([]),
    }
    data = {
        "title": "Rencontre des tiers-lieux alpins",
        "slug": "rencontre-tiers-lieux",
        "introduction": "Deux jours pour partager les pratiques des tiers-lieux.",
        "start_date": "2031-03-10",
        "end_date": "2031-03-11",
        "start_time": "09:00",
        "end_time": "17:00",
        "time_zone": "Europe/Ljubljana",
        "format": "hybrid",
        "venue": "Kulturni dom",
        "city": "Bovec",
        "country": "SI",
        "description": rich_text("<p>Programme et inscriptions.</p>"),
        "programme": streamfield(
            [("day", {"date": "2031-03-10", "title": "Jour 1", "sessions": list_block([session])})]
        ),
        "report": streamfield(
            [("key_points", {"heading": "À retenir", "items": list_block(["Point un"])})]
        ),
    }
    data.update(overrides)
    return nested_form_data(data)


@pytest.mark.django_db
def test_event_can_be_created_in_the_admin(editor_client, event_index, fr_practices):
    person = Person.objects.filter(locale=event_index.locale).first()
    practice = fr_practices[0]
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    response = editor_client.post(url, event_form(person, practice))
    assert response.status_code == 302, response.context["form"].errors
    page = EventPage.objects.get(slug="rencontre-tiers-lieux", locale=event_index.locale)
    day = page.days()[0]
    session = day.session_list()[0].value
    assert session["kind"] == "round-table"
    assert session.speaker_list() == [person]
    assert str(session["start_time"]) == "09:30:00"
    assert page.start.isoformat() == "2031-03-10T09:00:00+01:00"
    assert [block.block_type for block in page.report] == ["key_points"]
    # wagtail-localize gave the new page an alias in every other locale
    assert page.get_translations().filter(alias_of=page).count() == 4


@pytest.mark.django_db
def test_admin_reports_programme_errors(editor_client, event_index, fr_practices):
    person = Person.objects.filter(locale=event_index.locale).first()
    url = f"/admin/pages/add/events/eventpage/{event_index.pk}/"
    data = event_form(person, fr_practices[0], start_date="2031-03-11")  # day 1 is now outside
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert not EventPage.objects.filter(slug="rencontre-tiers-lieux").exists()


@pytest.mark.django_db
def test_session_ending_before_it_starts_is_refused_in_the_admin(
    editor_client, event_index, fr_practices
):
    person = Person.objects.filter(locale=event_index.locale).first()
    data = event_form(person, fr_practices[0])
    data["programme-0-value-sessions-0-value-end_time"] = "08:00"
    response = editor_client.post(f"/admin/pages/add/events/eventpage/{event_index.pk}/", data)
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors


@pytest.mark.django_db
def test_person_snippet_can_be_created_in_the_admin(editor_client, event_index):
    response = editor_client.post(
        "/admin/snippets/events/person/add/?locale=fr",
        {"name": "Ana Novak", "role": "Županja", "organisation": "Občina Bovec"},
    )
    assert response.status_code == 302
    person = Person.objects.get(name="Ana Novak")
    assert person.locale.language_code == "fr"
