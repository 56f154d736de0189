"""The importer reads project sheets and our own CSV / JSON exports, imports what it can,
reports the rest with line numbers, and never half-writes a record."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from wagtail.models import Page

from practices.importing import parse_amount, parse_sheets
from practices.models import PracticePage

FIXTURES = Path(__file__).parent / "fixtures"

pytestmark = pytest.mark.django_db


def run(name, *args):
    out, err = StringIO(), StringIO()
    call_command("import_practices", str(FIXTURES / name), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fr_practice(title):
    return PracticePage.objects.get(title=title, locale__language_code="fr", alias_of__isnull=True)


def test_parse_amounts_in_french_notation():
    assert str(parse_amount("1.884.101,06")) == "1884101.06"
    assert str(parse_amount("2 061 999")) == "2061999"
    assert str(parse_amount("12.500,50")) == "12500.50"
    assert str(parse_amount("3000")) == "3000"


def test_parse_sheets_finds_records_and_sections():
    records = parse_sheets((FIXTURES / "sheets_good.txt").read_text())
    assert [(r.line, r.data["title"]) for r in records] == [
        (1, "Covoiturage solidaire du Haut-Val"),
        (16, "Atelier numérique itinérant"),
        (22, "Fiche sans catégorie"),
    ]
    first = records[0].data
    assert first["action_type"] == "network-facilitation"
    assert first["objectives"].startswith("<p>Mettre en relation")
    assert "<li>recenser les trajets réguliers</li>" in first["objectives"]
    assert "Deux ans" in first["description"]  # the schedule section joins the description
    assert first["website"] == "https://example.org/covoiturage"
    assert first["funding"] == [{"programme": "eafrd", "amount": "12500.50", "share": None}]
    assert "action_type" not in records[2].data


def test_import_good_sheets_as_drafts(home_fr):
    out, err = run("sheets_good.txt", "--format", "sheets", "--locale", "fr", "--draft")
    assert "3 records: 3 created, 0 updated, 0 not imported." in out
    assert err == ""
    page = fr_practice("Covoiturage solidaire du Haut-Val")
    assert not page.live
    assert page.action_type.code == "network-facilitation"
    assert page.funding.get().programme.code == "eafrd"
    # it has aliases in the other languages, like a page created in the admin
    assert page.get_translations().count() == 4


def test_import_live_needs_a_dimension(home_fr):
    out, err = run("sheets_good.txt", "--locale", "fr", "--live")
    assert "0 created" in out and "3 not imported" in out
    assert "sheets_good.txt:1: not imported" in err and "--dimension" in err
    assert not PracticePage.objects.filter(title="Atelier numérique itinérant").exists()
    out, err = run("sheets_good.txt", "--locale", "fr", "--live", "--dimension", "mobility")
    assert "3 created" in out
    page = fr_practice("Atelier numérique itinérant")
    assert page.live and [d.code for d in page.dimensions.all()] == ["mobility"]


def test_second_import_updates_by_title(home_fr):
    run("sheets_good.txt", "--draft")
    before = Page.objects.count()
    out, _err = run("sheets_good.txt", "--draft")
    assert "0 created, 3 updated" in out
    assert Page.objects.count() == before


def test_broken_sheets_are_reported_with_line_numbers(home_fr):
    before = Page.objects.count()
    out, err = run("sheets_broken.txt", "--format", "sheets", "--draft")
    assert "3 records: 1 created, 0 updated, 2 not imported." in out
    assert "sheets_broken.txt:1: not imported: line 5: section 'Objectifs' appears twice" in err
    assert "sheets_broken.txt:10: warning: unknown category 'Catégorie inconnue'" in err
    assert "sheets_broken.txt:10: not imported: line 13: text outside any section" in err
    assert fr_practice("Jardin partagé de la vallée")
    assert not PracticePage.objects.filter(title__startswith="Maison des saisonniers").exists()
    assert Page.objects.count() == before + 5  # one page and its four aliases


def test_csv_import_reports_bad_rows_and_imports_the_rest(home_fr):
    out, err = run("practices.csv", "--format", "csv", "--live")
    assert "3 records: 1 created, 0 updated, 2 not imported." in out
    assert "practices.csv:3: not imported ('Date impossible'): end_date:" in err
    assert (
        "practices.csv:4: not imported ('Code inconnu'): dimensions: unknown code(s) nonexistent"
        in err
    )
    page = fr_practice("Navette des hameaux")
    assert page.live
    assert sorted(d.code for d in page.dimensions.all()) == ["living", "mobility"]
    assert page.lead_organisation.slug == "adrets"
    assert [p.slug for p in page.partners.all()] == ["cipra-france"]
    funding = page.funding.get()
    assert (funding.programme.code, str(funding.amount), str(funding.share)) == (
        "leader",
        "8000.00",
        "40.00",
    )
    # nothing of the broken rows was written
    assert not PracticePage.objects.filter(title="Date impossible").exists()


def test_json_import(home_fr):
    out, err = run("practices.json", "--format", "json", "--live")
    assert "3 records: 1 created, 0 updated, 2 not imported." in out
    expected = "not imported ('Pays inconnu'): countries: not an Alpine Space country: ES"
    assert f"practices.json:2: {expected}" in err
    assert "practices.json:3: not imported: not an object" in err
    page = fr_practice("Conciergerie rurale")
    assert [c.code for c in page.countries.all()] == ["AT"]
    assert (page.latitude, page.longitude) == (47.2, 11.4)


def test_export_then_import_round_trip(client, home_fr):
    """Our own CSV export is a valid import file: importing it changes no practice."""
    csv_text = client.get("/fr/pratiques/export/csv/?dimension=mobility").content.decode()
    path = Path(FIXTURES.parent / "_roundtrip.csv")
    try:
        path.write_text(csv_text)
        before = Page.objects.count()
        out, err = StringIO(), StringIO()
        call_command(
            "import_practices", str(path), "--format", "csv", "--live", stdout=out, stderr=err
        )
        assert " 0 created" in out.getvalue() and "0 not imported" in out.getvalue(), err.getvalue()
        assert Page.objects.count() == before
    finally:
        path.unlink(missing_ok=True)


def test_unknown_file_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_practices", "/nonexistent/file.txt")
