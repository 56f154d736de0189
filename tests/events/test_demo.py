"""The demo events: Grenoble 2020 complete and translated, and the two other events."""

import re
from pathlib import Path

import polib
import pytest

from events.models import EventPage, Person

pytestmark = pytest.mark.django_db

TRANSLATIONS = Path(__file__).resolve().parents[2] / "events" / "demo" / "translations"
LANGUAGES = ("en", "it", "de", "sl")

#: The two speakers' directories of the Grenoble report (seed 002).
DIRECTORY_DAY_1 = {
    "Claire Belet", "Isabelle Concessi", "Jean-Eric de Rango", "Perrine Faillet",
    "Pierre-Louis Fillet", "Thierry Gamot", "Emmanuel Jeanjean", "Célia de Lavergne",
    "Clive Peckham", "Isabelle Pissard", "Pierre Weick",
}  # fmt: skip
DIRECTORY_DAY_2 = {
    "Claire Belet", "Christiane Barret", "Maëlle Genini-Collombo", "Marc Laget", "Annick Merle",
    "Peter Niederer", "Enrique Nieto", "Stefan Ostergard-Jensen", "Fabrice Pannekoucke",
    "Clive Peckham", "Laëtitia Pras", "Barbara Wuelser",
}  # fmt: skip
INITIATIVES = {
    "transports-partages", "operation-zoe", "rezo-pouce-samba", "la-jolie-colo", "uto-pic",
    "mission-attractivite-isere", "val-guiers-lab-numerique", "esprit-saison",
}  # fmt: skip


def test_three_events_in_five_languages():
    slugs = {
        "grenoble-2020-smart-villages",
        "autrans-2023-seminaire-action-formation",
        "lozere-2024-voyage-etude",
    }
    for slug in slugs:
        source = EventPage.objects.get(slug=slug, locale__language_code="fr")
        versions = EventPage.objects.live().filter(
            translation_key=source.translation_key, alias_of__isnull=True
        )
        assert sorted(v.locale.language_code for v in versions) == ["de", "en", "fr", "it", "sl"]


def test_grenoble_programme_and_directories_are_complete(grenoble):
    day1, day2 = grenoble.days()
    assert (str(day1["date"]), str(day2["date"])) == ("2020-10-05", "2020-10-06")
    assert len(day1.session_list()) == 7 and len(day2.session_list()) == 8
    kinds = {session.value["kind"] for day in (day1, day2) for session in day.session_list()}
    assert {"study-visit", "speech", "presentation", "round-table", "workshop", "break"} <= kinds
    directory = grenoble.speaker_directory()
    names = [{entry["person"].name for entry in day["speakers"]} for day in directory]
    assert names[0] >= DIRECTORY_DAY_1
    assert names[1] >= DIRECTORY_DAY_2
    for day in directory:
        for entry in day["speakers"]:
            assert entry["person"].role, entry["person"].name


def test_grenoble_report_links_the_eight_initiatives(grenoble):
    initiatives = [
        block.value["practice"] for block in grenoble.report if block.block_type == "initiative"
    ]
    assert {page.slug for page in initiatives} == INITIATIVES
    assert {page.slug for page in grenoble.presented_practices.all()} == INITIATIVES
    assert grenoble.attendance_onsite == 35 and grenoble.attendance_online == 30
    assert grenoble.organisers.count() == 3
    key_points = [block for block in grenoble.report if block.block_type == "key_points"]
    assert len(key_points) == 5


@pytest.mark.parametrize("code", LANGUAGES)
def test_grenoble_and_its_speakers_are_translated(grenoble, code):
    version = EventPage.objects.get(
        translation_key=grenoble.translation_key, locale__language_code=code
    )
    assert version.alias_of_id is None and version.live
    assert version.title != grenoble.title
    assert len(version.days()) == 2
    for day in version.days():
        for session in day.session_list():
            for person in session.value.speaker_list():
                assert person.locale.language_code == code
    belet = Person.objects.get(name="Claire Belet", locale__language_code=code)
    assert belet.role != "Responsable de projets"


@pytest.mark.parametrize("code", LANGUAGES)
def test_po_files_are_complete(code):
    files = sorted((TRANSLATIONS / code).glob("*.po"))
    assert {path.stem for path in files} == {
        "people",
        "event-index",
        "grenoble-2020-smart-villages",
        "autrans-2023-seminaire-action-formation",
        "lozere-2024-voyage-etude",
    }
    for path in files:
        po = polib.pofile(str(path))
        for entry in po:
            assert entry.msgstr, (path, entry.msgid)
            assert "fuzzy" not in entry.flags, (path, entry.msgid)
            # inline tags (links, emphasis) and placeholders survive translation
            assert sorted(re.findall(r"<[^>]+>", entry.msgid)) == sorted(
                re.findall(r"<[^>]+>", entry.msgstr)
            )
