"""Hostile input on every public route (issue 19): a visitor's input never gives a server
error, nor comes back as markup.

Routes, parameters and inputs come from tests/hostile.py: every route of the URL configuration
and the API, one page of every page type and the sub-routes of the routable ones, in every
language, found from the site itself. Here a fixed subset of the corpus (its ``ci`` inputs, one
or two of each kind) is sent to every parameter and path segment of every route;
``make fuzz`` (tests/benchmarks/fuzz.py) sends all of it and prints the counts per route.
"""

import pytest
from django.apps import apps
from django.db import transaction
from wagtail.models import Page

from tests import hostile
from tests.site_pages import LANGUAGES

pytestmark = pytest.mark.django_db

CI_PAYLOADS = [payload for payload in hostile.CORPUS if payload.ci]


@pytest.fixture(scope="module")
def targets(django_db_setup, django_db_blocker):
    # Discovery visits pages that may write (sessions): rolled back, as the tests are.
    with django_db_blocker.unblock(), transaction.atomic():
        found = hostile.discover()
        transaction.set_rollback(True)
    return found


def test_the_corpus_has_every_kind_of_hostile_input():
    assert len(hostile.CORPUS) >= 150
    kinds = {payload.kind for payload in hostile.CORPUS}
    assert kinds >= {"quote", "operator", "control", "html", "sql", "template", "number"}
    assert kinds >= {"unicode", "long", "percent"}
    assert any(len(payload.value) >= 10_000 for payload in hostile.CORPUS)
    # the CI subset: one of each kind that has broken sites (a few are two in one)
    assert 10 <= len(CI_PAYLOADS) <= 12
    assert {payload.kind for payload in CI_PAYLOADS} >= kinds - {"quote", "path", "structure"}
    assert any("'" in payload.value for payload in CI_PAYLOADS)
    assert any("%3C" in payload.value.upper() for payload in CI_PAYLOADS if payload.raw)


def test_discovery_finds_every_page_type_route_and_the_api(targets):
    kinds = {target.kind for target in targets}
    page_types = {
        f"page {model._meta.label}"
        for model in apps.get_models()
        if issubclass(model, Page)
        and model is not Page
        and model.objects.live().public().filter(depth__gt=1).exists()
    }
    assert page_types and page_types <= kinds, page_types - kinds
    assert {"api pages/", "api pages/<int:pk>/", "api pages/find/"} <= kinds
    assert {"route search/", "route search/suggest/", "route robots.txt"} <= kinds
    assert "route contributors/<slug:handle>/" in kinds
    # the sub-routes of routable pages, with and without converters
    assert any(kind.endswith(" feed/") for kind in kinds)
    assert any("<int:" in kind and kind.startswith("page ") for kind in kinds)
    # every localized page type in every language
    for kind in page_types:
        assert {t.language for t in targets if t.kind == kind} == set(LANGUAGES), kind
    # parameters read by the views, found while they answer
    by_kind = {target.kind: target for target in targets if target.language in ("fr", None)}
    assert "year" in by_kind["page events.EventIndexPage"].params
    assert "dimension" in by_kind["page practices.PracticeIndexPage"].params
    assert {"search", "offset", "limit", "type", "locale"} <= set(by_kind["api pages/"].params)
    assert len(targets) >= 100


@pytest.mark.parametrize("language", [*LANGUAGES, None], ids=[*LANGUAGES, "unprefixed"])
def test_no_server_error_and_no_echo(targets, language):
    mine = [target for target in targets if target.language == language]
    assert mine
    tallies = hostile.run(mine, CI_PAYLOADS, rotate=True)
    # every route has at least one place for each input (in one language of five)
    tried = sum(tally.tried for tally in tallies.values())
    assert tried >= len(mine) * len(CI_PAYLOADS) // len(LANGUAGES)
    failures = [o for tally in tallies.values() for o in tally.failures if o.problem]
    assert not failures, hostile.failures_report(tallies)


class EchoingClient:
    """A site that echoes the parameter ``q`` unescaped, or fails: what the probe must catch."""

    def __init__(self, fail=False, escape=False):
        self.fail, self.escape = fail, escape

    def get(self, path, data=None, **extra):
        from django.http import HttpResponse
        from django.utils.html import escape

        if self.fail:
            raise ZeroDivisionError("division by zero")
        value = (data or {}).get("q", "")
        value = escape(value) if self.escape else value
        if path.endswith(".json"):
            return HttpResponse(f"<p>{value}</p>")  # HTML from a JSON route
        return HttpResponse(f"<html><body><p>You searched {value}</p></body></html>")


def test_the_probe_catches_an_echo_a_server_error_and_html_from_json():
    page = hostile.Target("route echo/", "fr", "/fr/echo/", params=("q",), baseline="<p></p>")
    api = hostile.Target("api echo", None, "/api/echo.json", params=("q",), json=True)
    html_payload = next(p for p in CI_PAYLOADS if "<script>" in p.value)
    probe = hostile.Probe(page, "param q", html_payload)
    outcome = hostile.run_probe(EchoingClient(), probe)
    assert outcome.problem.startswith("echo '<script>"), outcome
    outcome = hostile.run_probe(EchoingClient(fail=True), probe)
    assert (outcome.problem, outcome.status) == ("5xx", 500)
    assert "ZeroDivisionError" in outcome.detail
    outcome = hostile.run_probe(EchoingClient(), hostile.Probe(api, "param q", html_payload))
    assert outcome.problem == "HTML from a JSON route"
    # escaped, the same input is no echo
    assert not hostile.run_probe(EchoingClient(escape=True), probe).problem
