"""Taking the self-assessment with plain forms (no JavaScript), the result page, its PDF,
the invitations and the editors' report, on the demo site."""

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from assessment.forms import field_name
from assessment.models import AssessmentRecommendation, AssessmentResult, SelfAssessmentPage

LANGUAGES = ["fr", "en", "it", "de", "sl"]


@pytest.fixture
def questionnaire(db):
    return SelfAssessmentPage.objects.get(locale__language_code="fr", alias_of__isnull=True)


def page_in(language):
    return SelfAssessmentPage.objects.get(locale__language_code=language)


def answer_all(client, page, choose=lambda step, index: 0, context=None):
    """Go through every step as a visitor would; returns the last response."""
    response = client.post(page.url, context or {"scale": "village", "country": "SI"})
    assert response.status_code == 302
    for step in page.steps():
        data = {field_name(q.id): choose(step, i) for i, q in enumerate(step.questions)}
        response = client.post(page.step_url(step.number), data)
        assert response.status_code == 302, response.content[:500]
    return response


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_questionnaire_is_translated_in_every_language(questionnaire, language):
    page = page_in(language)
    assert page.alias_of_id is None
    assert [step.code for step in page.steps()] == [s.code for s in questionnaire.steps()]
    # wagtail-localize keeps the block ids: a question is the same in every language
    assert [q.id for s in page.steps() for q in s.questions] == [
        q.id for s in questionnaire.steps() for q in s.questions
    ]
    response = Client().get(page.url)
    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.content.decode()


def test_steps_keep_answers_and_show_errors(questionnaire):
    client = Client()
    page = page_in("sl")
    client.post(page.url, {"scale": "municipality", "country": "SI", "themes": ["mobility"]})
    step = page.steps()[0]
    first, second = step.questions[:2]
    response = client.post(page.step_url(1), {field_name(first.id): 2})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="form-errors"' in html
    with translation.override("sl"):
        message = gettext("Choose one answer to this question.")
    assert message != "Choose one answer to this question."  # translated
    assert message in html
    # the unanswered question carries the error, the answered one does not
    assert f'id="id_{field_name(second.id)}_error"' in html
    assert f'id="id_{field_name(first.id)}_error"' not in html
    assert f'name="{field_name(first.id)}" value="2"' in html
    checked = html.split(f'name="{field_name(first.id)}" value="2"')[1].split(">")[0]
    assert "checked" in checked
    # back to the context step: what was chosen is still there
    html = client.get(page.url).content.decode()
    assert 'value="municipality" selected' in html
    assert (
        'value="mobility"' in html and "checked" in html.split('value="mobility"')[1].split(">")[0]
    )


def test_a_whole_assessment_gives_a_shareable_result(questionnaire):
    client = Client()
    page = page_in("sl")
    weak = {"mobility", "governance"}
    response = answer_all(client, page, choose=lambda step, i: 0 if step.code in weak else 3)
    result = AssessmentResult.objects.latest("created_at")
    assert response["Location"] == page.url + f"result/{result.token}/"
    assert result.language == "sl"
    assert result.scores == {
        "governance": 0,
        "people": 100,
        "living": 100,
        "environment": 100,
        "economy": 100,
        "mobility": 0,
    }
    assert result.country == "SI" and result.scale == "village"
    assert len(result.token) >= 24
    assert AssessmentRecommendation.objects.filter(result=result).count() == 6

    # the session is cleared: taking it again starts afresh
    assert client.session.get(page.session_key) is None

    # anyone with the address sees the result, in the language of the address
    for language in ("sl", "en"):
        other = page_in(language)
        url = other.url + other.reverse_subpage("result", args=[result.token])
        response = Client().get(url)
        assert response.status_code == 200
        assert response["X-Robots-Tag"] == "noindex"
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert '<svg class="radar"' in html and '<table class="assessment-scores"' in html
        assert f'<html lang="{language}"' in html
    assert "Smart mobility" in html and "your weakest dimension" in html
    assert "Your weakest dimensions: Smart governance and Smart mobility." in " ".join(html.split())


def test_result_pdf(questionnaire):
    client = Client()
    page = page_in("sl")
    answer_all(client, page)
    result = AssessmentResult.objects.latest("created_at")
    url = page.url + page.reverse_subpage("result_pdf", args=[result.token])
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "path", ["rezultat/nope/", "result/aaaaaaaaaaaaaaaaaaaaaaaa/", "step/0/", "step/99/"]
)
def test_unknown_steps_and_results_are_404(questionnaire, path):
    page = page_in("sl")
    assert Client().get(page.url + path).status_code == 404


def test_finishing_with_a_missing_step_goes_back_to_it(questionnaire):
    client = Client()
    page = page_in("fr")
    results = AssessmentResult.objects.count()
    client.post(page.url, {})
    last = page.steps()[-1]
    data = {field_name(q.id): 1 for q in last.questions}
    response = client.post(page.step_url(last.number), data)
    assert response.status_code == 302
    assert response["Location"] == page.step_url(1)
    assert AssessmentResult.objects.count() == results


def test_result_page_queries_do_not_grow_with_the_library(questionnaire, max_queries):
    from practices.factories import PracticePageFactory
    from practices.models import PracticeIndexPage

    client = Client()
    page = page_in("fr")
    answer_all(client, page)
    result = AssessmentResult.objects.latest("created_at")
    url = page.url + page.reverse_subpage("result", args=[result.token])
    before = max_queries.get(client, url, 20)
    library = PracticeIndexPage.objects.get(locale__language_code="fr", alias_of__isnull=True)
    for number in range(15):
        PracticePageFactory(parent=library, title=f"Mobilité {number}", dimensions=["mobility"])
    assert max_queries.get(client, url, before) == before


def test_questionnaire_steps_run_a_bounded_number_of_queries(questionnaire, max_queries):
    page = page_in("de")
    client = Client()
    max_queries.get(client, page.url, 15)
    client.post(page.url, {})
    max_queries.get(client, page.step_url(3), 15)


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_library_and_call_invite_to_the_assessment(questionnaire, language):
    from home.models import CallPage, HomePage
    from practices.models import PracticeIndexPage

    target = page_in(language).url
    for model in (HomePage, PracticeIndexPage, CallPage):
        page = model.objects.filter(locale__language_code=language).first()
        html = Client().get(page.url).content.decode()
        assert f'href="{target}"' in html, (model.__name__, language)


def test_the_report_counts_results_without_personal_data(questionnaire, admin_client):
    AssessmentResult.objects.all().delete()  # left by a browser test on a reused database
    client = Client()
    answer_all(client, page_in("sl"))
    answer_all(Client(), page_in("de"))
    response = admin_client.get("/admin/reports/self-assessments/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Slovenščina" in html or "Slovenian" in html or "slovène" in html.lower()
    csv = admin_client.get("/admin/reports/self-assessments/?export=months").content.decode()
    lines = csv.strip().splitlines()
    assert len(lines) == 3  # header, de and sl of this month
    assert lines[1].split(",")[2] == "1"
    practices = admin_client.get("/admin/reports/self-assessments/?export=practices")
    assert practices["Content-Type"].startswith("text/csv")
    assert len(practices.content.decode().strip().splitlines()) > 1


def test_the_report_is_for_editors_only(questionnaire, client):
    response = client.get("/admin/reports/self-assessments/")
    assert response.status_code in (302, 403)


def test_results_per_address_are_limited(questionnaire, settings):
    settings.ASSESSMENT_RESULT_RATE = "1/h"
    page = page_in("it")
    answer_all(Client(), page)
    results = AssessmentResult.objects.count()
    client = Client()
    client.post(page.url, {})
    steps = page.steps()
    for step in steps[:-1]:
        client.post(page.step_url(step.number), {field_name(q.id): 1 for q in step.questions})
    last = steps[-1]
    response = client.post(
        page.step_url(last.number), {field_name(q.id): 1 for q in last.questions}
    )
    assert response.status_code == 429
    with translation.override("it"):
        assert (
            gettext(
                "Too many self-assessments from your connection: your answers are kept, "
                "try again in a while."
            )
            in response.content.decode()
        )
    assert AssessmentResult.objects.count() == results
    assert len(client.session[page.session_key]["answers"]) == sum(len(s.questions) for s in steps)


def test_the_language_switcher_keeps_the_result(questionnaire):
    client = Client()
    answer_all(client, page_in("sl"))
    result = AssessmentResult.objects.latest("created_at")
    sl = page_in("sl")
    html = Client().get(sl.url + f"result/{result.token}/").content.decode()
    for language in ("fr", "en", "de"):
        assert f'href="{page_in(language).url}result/{result.token}/"' in html


def test_editors_see_the_report_translators_do_not(questionnaire, django_user_model):
    from django.contrib.auth.models import Group

    from smartvillages.translation.groups import (
        EDITORS_GROUP,
        setup_groups,
        translators_group_name,
    )

    setup_groups()
    for name, allowed in ((EDITORS_GROUP, True), (translators_group_name("sl"), False)):
        user = django_user_model.objects.create_user(f"user-{allowed}", password="pw")
        user.groups.add(Group.objects.get(name=name))
        client = Client()
        client.force_login(user)
        response = client.get("/admin/reports/self-assessments/")
        if allowed:
            assert response.status_code == 200, name
        else:  # Wagtail's admin turns the refusal into a redirect with a message
            assert (response.status_code, response.get("Location")) == (302, "/admin/"), name


def test_result_rows_follow_the_questionnaire_order(questionnaire):
    """PostgreSQL's jsonb reorders the stored scores' keys: the result table and the chart
    still follow the questionnaire."""
    client = Client()
    page = page_in("en")
    answer_all(client, page)
    result = AssessmentResult.objects.latest("created_at")
    html = Client().get(page.url + f"result/{result.token}/").content.decode()
    table = html.split('<table class="assessment-scores">')[1].split("</table>")[0]
    order = [step.code for step in page.steps()]
    labels = {
        "governance": "Smart governance",
        "people": "Smart people",
        "living": "Smart living",
        "environment": "Smart environment",
        "economy": "Smart economy",
        "mobility": "Smart mobility",
    }
    positions = [table.index(f">{labels[code]}<") for code in order]
    assert positions == sorted(positions)
