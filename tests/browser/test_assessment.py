"""A village secretary in Slovenia takes the self-assessment with JavaScript disabled: the
context step, six dimension steps (one left incomplete first, then corrected), the result
with its chart, table and recommendations in Slovenian; the shared address opens in a fresh
browser, and the PDF downloads. axe checks the questionnaire (with its errors) and the
result."""

from django.utils import translation
from playwright.sync_api import expect

from tests.browser.test_accessibility import axe_page, axe_source, blocking_violations  # noqa: F401

PDF_MAGIC = b"%PDF"


def _(message, code="sl"):
    with translation.override(code):
        return translation.gettext(message)


def test_self_assessment_in_slovenian_without_javascript(live_site, browser, axe_page):  # noqa: F811
    from assessment.models import AssessmentResult, SelfAssessmentPage

    questionnaire = SelfAssessmentPage.objects.get(locale__language_code="sl")
    steps = questionnaire.steps()
    context = browser.new_context(locale="sl-SI", java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    checked_pages = []
    try:
        page.goto(live_site.url + questionnaire.url)
        expect(page.locator("html")).to_have_attribute("lang", "sl")
        expect(page.locator("h1")).to_have_text(questionnaire.title)
        page.get_by_label(_("Scale of your territory")).select_option("village")
        page.get_by_label(_("Country")).select_option("SI")
        page.get_by_label("Mobilnost", exact=True).check()
        page.get_by_role("button", name=_("Start the questions")).click()

        for step in steps:
            expect(page.locator(".assessment-progress__count")).to_contain_text(
                f"{step.number + 1}"
            )
            questions = page.locator("fieldset.assessment-question")
            expect(questions).to_have_count(len(step.questions))
            weak = step.code in {"mobility", "governance"}
            if step.number == 1:
                # one question left unanswered: the step comes back with its errors, and the
                # answers already chosen are still chosen
                for index in range(1, len(step.questions)):
                    questions.nth(index).locator("input[type=radio]").first.check()
                page.locator("form.assessment-form button[type=submit]").click()
                expect(page.locator("#form-errors")).to_be_visible()
                expect(page.locator("#form-errors")).to_contain_text(step.questions[0].text)
                expect(questions.nth(1).locator("input[type=radio]").first).to_be_checked()
                checked_pages.append((page.url, "step with errors"))
            for index in range(len(step.questions)):
                radios = questions.nth(index).locator("input[type=radio]")
                (radios.first if weak else radios.last).check()
            page.locator("form.assessment-form button[type=submit]").click()

        expect(page.locator("h1")).to_have_text(_("Your result"))
        result = AssessmentResult.objects.latest("created_at")
        assert result.language == "sl"
        assert result.scores["mobility"] == 0 and result.scores["people"] == 100
        expect(page.locator("svg.radar")).to_be_visible()
        expect(page.locator("svg.radar title")).to_have_text(_("Scores of the six dimensions"))
        table = page.locator("table.assessment-scores")
        expect(table.locator("caption")).to_have_text(_("Your score per dimension, from 0 to 100"))
        expect(table.locator("tbody tr")).to_have_count(len(steps))
        expect(table).to_contain_text("Pametna mobilnost")
        expect(table).to_contain_text(_("Starting out"))
        expect(table).to_contain_text(_("Advanced"))
        recommendations = page.locator("ol.recommendations > li")
        expect(recommendations.first).to_be_visible()
        assert recommendations.count() == 6
        expect(recommendations.first.locator(".recommendation__why")).to_contain_text(_("Why:"))
        expect(recommendations.first).to_contain_text("Pametn")  # a dimension, in Slovenian
        result_url = page.url
        checked_pages.append((result_url, "result"))

        # the PDF
        with page.expect_download() as download_info:
            page.get_by_role("link", name=_("Download as PDF")).click()
        with open(download_info.value.path(), "rb") as handle:
            assert handle.read(4) == PDF_MAGIC

        # the shared address, in a browser that never took the assessment
        fresh = browser.new_context(locale="de-DE", java_script_enabled=False)
        try:
            other = fresh.new_page()
            response = other.goto(result_url)
            assert response.status == 200
            expect(other.locator("html")).to_have_attribute("lang", "sl")
            expect(other.locator("table.assessment-scores tbody tr")).to_have_count(len(steps))
            assert other.locator('meta[name="robots"]').get_attribute("content") == "noindex"
        finally:
            fresh.close()
    finally:
        context.close()

    # axe, in a browser with JavaScript, on the first step with its errors and on the result
    checker = axe_page("sl")
    problems = []
    checker.goto(live_site.url + questionnaire.url + "step/1/")
    checker.locator("form.assessment-form button[type=submit]").click()
    expect(checker.locator("#form-errors")).to_be_visible()
    problems += blocking_violations(checker, "self-assessment step with errors")
    checker.goto(result_url)
    problems += blocking_violations(checker, "self-assessment result")
    assert not problems, "\n".join(problems)
