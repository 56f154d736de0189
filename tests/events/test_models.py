"""Validation of events and sessions, and what is derived from the programme."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail import blocks

from events.blocks import DayBlock, ProgrammeBlock, SessionBlock
from events.factories import EventPageFactory, PersonFactory, day_data, session_data
from events.models import EventPage, presented_practice_ids, validate_time_zone

D1, D2 = datetime.date(2030, 5, 14), datetime.date(2030, 5, 15)


def event(**fields):
    """An unsaved event with valid defaults."""
    values = {
        "title": "Rencontre",
        "slug": "rencontre",
        "introduction": "Une rencontre.",
        "start_date": D1,
        "end_date": D2,
        "time_zone": "Europe/Paris",
        "venue": "Salle des fêtes",
        "format": "onsite",
    }
    values.update(fields)
    return EventPage(**values)


def errors_of(page):
    with pytest.raises(ValidationError) as caught:
        page.clean()
    return caught.value.message_dict


# Event ------------------------------------------------------------------------------------


def test_a_valid_event_passes():
    event().clean()


def test_event_cannot_end_before_it_starts():
    assert "end_date" in errors_of(event(end_date=datetime.date(2030, 5, 13)))


def test_one_day_event_must_end_after_it_starts():
    page = event(end_date=D1, start_time=datetime.time(14), end_time=datetime.time(9))
    assert "end_time" in errors_of(page)
    page = event(end_date=D1, start_time=datetime.time(9), end_time=datetime.time(9))
    assert "end_time" in errors_of(page)


def test_times_come_in_pairs():
    assert "start_time" in errors_of(event(end_time=datetime.time(17)))
    assert "end_time" in errors_of(event(start_time=datetime.time(9)))


def test_multi_day_event_may_end_earlier_in_the_day_than_it_started():
    event(start_time=datetime.time(14), end_time=datetime.time(12)).clean()


def test_time_zone_must_be_an_iana_name():
    validate_time_zone("Europe/Ljubljana")
    with pytest.raises(ValidationError):
        validate_time_zone("Paris time")


def test_on_site_event_needs_a_place_and_formats_match_attendance():
    assert "venue" in errors_of(event(venue="", city=""))
    event(venue="", city="", format="online").clean()
    assert "attendance_onsite" in errors_of(event(format="online", attendance_onsite=10))
    assert "attendance_online" in errors_of(event(attendance_online=10))


def test_point_needs_both_coordinates():
    assert "longitude" in errors_of(event(latitude=45.1))


def test_programme_days_must_lie_within_the_event():
    page = event(programme=[day_data(datetime.date(2030, 5, 16), [session_data("Visite")])])
    assert "programme" in errors_of(page)
    event(programme=[day_data(D2, [session_data("Visite")])]).clean()


def test_sessions_must_lie_within_the_event_times():
    page = event(
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        programme=[day_data(D1, [session_data("Accueil", start="08:00", end="09:30")])],
    )
    assert "programme" in errors_of(page)
    page = event(
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        programme=[day_data(D2, [session_data("Clôture", start="16:30", end="18:00")])],
    )
    assert "programme" in errors_of(page)
    event(
        start_time=datetime.time(9),
        end_time=datetime.time(17),
        programme=[
            day_data(D1, [session_data("Accueil", start="09:00", end="10:00")]),
            day_data(D2, [session_data("Clôture", start="16:00", end="17:00")]),
        ],
    ).clean()


def test_aware_start_and_end_in_the_event_time_zone():
    page = event(
        start_time=datetime.time(9, 30), end_time=datetime.time(17), time_zone="Europe/Rome"
    )
    assert page.start.isoformat() == "2030-05-14T09:30:00+02:00"
    assert page.end.isoformat() == "2030-05-15T17:00:00+02:00"
    assert not page.is_all_day
    assert event().start is None and event().is_all_day


# Blocks ---------------------------------------------------------------------------------


def session_value(**fields):
    value = {"kind": "workshop", "title": "Atelier", "speakers": [], "practices": []}
    value.update(fields)
    return SessionBlock().to_python(value)


def test_session_must_end_after_it_starts():
    block = SessionBlock()
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(session_value(start_time="10:00", end_time="09:00"))
    assert "end_time" in caught.value.block_errors
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(session_value(start_time="10:00", end_time="10:00"))
    assert "end_time" in caught.value.block_errors


def test_session_end_time_needs_a_start_time():
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        SessionBlock().clean(session_value(end_time="09:00"))
    assert "start_time" in caught.value.block_errors


def test_session_without_times_is_valid():
    assert SessionBlock().clean(session_value())["title"] == "Atelier"
    assert SessionBlock().clean(session_value(start_time="09:00", end_time="10:30"))


def test_programme_days_are_in_order_and_unique():
    block = ProgrammeBlock()
    days = [
        day_data(D2, [session_data("B")]),
        day_data(D1, [session_data("A")]),
    ]
    with pytest.raises(blocks.StreamBlockValidationError):
        block.clean(block.to_python(days))
    with pytest.raises(blocks.StreamBlockValidationError):
        block.clean(block.to_python([day_data(D1, [session_data("A")])] * 2))


@pytest.mark.django_db
def test_speaker_directory_lists_a_speaker_once_per_day():
    anna, bruno, chiara = (
        PersonFactory(name="Anna Zorn"),
        PersonFactory(name="Bruno Ábel"),
        PersonFactory(name="Chiara Conti"),
    )
    day = DayBlock().to_python(
        day_data(
            D1,
            [
                session_data("Ouverture", speakers=[anna, bruno]),
                session_data("Table ronde", speakers=[bruno, chiara, bruno]),
                session_data("Pause", kind="break"),
            ],
        )["value"]
    )
    directory = day.speakers()
    assert [entry["person"].name for entry in directory] == [
        "Anna Zorn",
        "Bruno Ábel",
        "Chiara Conti",
    ]
    bruno_entry = directory[1]
    assert [session.value["title"] for session in bruno_entry["sessions"]] == [
        "Ouverture",
        "Table ronde",
    ]


@pytest.mark.django_db
def test_event_directory_is_per_day(event_index):
    anna, bruno = PersonFactory(name="Anna"), PersonFactory(name="Bruno")
    page = EventPageFactory(
        parent=event_index,
        programme=[
            day_data(D1, [session_data("A", speakers=[anna]), session_data("B", speakers=[anna])]),
            day_data(D2, [session_data("C", speakers=[anna, bruno])]),
        ],
    )
    directory = page.speaker_directory()
    assert [[e["person"].name for e in day["speakers"]] for day in directory] == [
        ["Anna"],
        ["Anna", "Bruno"],
    ]


@pytest.mark.django_db
def test_presented_practices_and_report_flag_are_derived_on_save(event_index, fr_practices):
    first, second, third = fr_practices[:3]
    page = EventPageFactory(
        parent=event_index,
        programme=[day_data(D1, [session_data("Visite", practices=[first, second])])],
        report=[
            {"type": "initiative", "value": {"practice": third.pk, "comment": "", "contacts": []}},
            {"type": "initiative", "value": {"practice": first.pk, "comment": "", "contacts": []}},
        ],
    )
    page.refresh_from_db()
    assert page.has_report
    assert set(page.presented_practices.values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
        third.pk,
    }
    assert [p.pk for p in page.practices_presented()] == [first.pk, second.pk, third.pk]
    page.report = []
    page.programme = []
    page.save()
    page.refresh_from_db()
    assert not page.has_report
    assert not page.presented_practices.exists()


def test_presented_practice_ids_read_both_list_formats():
    programme = [
        {
            "type": "day",
            "value": {
                "sessions": [
                    {
                        "type": "item",
                        "id": "x",
                        "value": {"practices": [{"type": "item", "value": 4}]},
                    },
                    {"practices": [5, 4]},
                ]
            },
        }
    ]
    report = [{"type": "initiative", "value": {"practice": 6}}, {"type": "section", "value": {}}]
    assert presented_practice_ids(programme, report) == [4, 5, 6]
