"""Terms linked in the pages' rich text: through home's enhance_richtext filter, with one
matcher per locale, rebuilt only when the glossary changes."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation
from wagtail.rich_text import RichText

from glossary import matchers
from home.factories import StandardPageFactory
from home.models import HomePage

pytestmark = pytest.mark.django_db


def glossary_links(html):
    return re.findall(
        r'<a class="glossary-link" href="([^"]+)" aria-describedby="([^"]+)">([^<]+)</a>', html
    )


def paragraphs(*texts):
    return [("paragraph", RichText(text)) for text in texts]


@pytest.fixture
def home():
    return lambda language="fr": HomePage.objects.get(locale__language_code=language)


@pytest.fixture
def standard_page(home, publish):
    def make(*texts, language="fr", **kwargs):
        parent = home(language)
        page = StandardPageFactory(
            parent=parent, locale=parent.locale, body=paragraphs(*texts), **kwargs
        )
        return publish(page)

    return make


def test_first_occurrence_on_the_page_is_linked_with_its_definition(client, standard_page):
    page = standard_page(
        "<p>L'EPCI du Diois a ouvert un tiers-lieu.</p>",
        "<p>Chaque EPCI de la SUERA… et un autre tiers-lieu.</p>",
    )
    html = client.get(page.url).content.decode()
    links = glossary_links(html)
    assert [(url, text) for url, _id, text in links] == [
        ("/fr/glossaire/epci/", "EPCI"),
        ("/fr/glossaire/tiers-lieu/", "tiers-lieu"),
        ("/fr/glossaire/suera/", "SUERA"),
    ]
    for _url, tip_id, _text in links:
        assert html.count(f'id="{tip_id}"') == 1
    assert re.search(
        r'aria-describedby="([^"]+)">EPCI</a>'
        r'<span class="glossary-tip" id="\1" role="tooltip" hidden>'
        r"Structure publique française regroupant plusieurs communes",
        html,
    )
    # the tooltip's stylesheet and script, once, as files (strict CSP)
    assert html.count("glossary/css/glossary.css") == 1
    assert html.count("glossary/js/glossary.js") == 1


def test_headings_and_existing_links_are_left_alone(client, standard_page):
    page = standard_page('<p><a href="https://example.org/">Un EPCI</a>, puis la SUERA.</p>')
    page.body.append(("heading", {"text": "Le rôle de l'EPCI", "level": "h2"}))
    publish_page = page.save_revision()
    publish_page.publish()
    html = client.get(page.url).content.decode()
    assert [text for _url, _id, text in glossary_links(html)] == ["SUERA"]
    assert '<a href="https://example.org/">Un EPCI</a>' in html
    assert "Le rôle de l&#x27;EPCI</h2>" in html


def test_each_language_links_its_own_terms(client, standard_page):
    page = standard_page(
        "<p>Das Projekt wurde aus dem EFRE kofinanziert; FEDER ist der französische Name.</p>",
        language="de",
    )
    html = client.get(page.url).content.decode()
    assert [(url, text) for url, _id, text in glossary_links(html)] == [
        ("/de/glossar/efre/", "EFRE")
    ]


def test_an_untranslated_page_links_the_terms_of_its_text(client, standard_page, home):
    """A German alias shows the French text: French terms, French entries."""
    from smartvillages.core.demo import sync_aliases

    page = standard_page("<p>Le PETR du Diois.</p>")
    sync_aliases()
    alias = page.get_translation(home("de").locale)
    assert alias.alias_of_id == page.pk
    html = client.get(alias.url).content.decode()
    assert [(url, text) for url, _id, text in glossary_links(html)] == [
        ("/fr/glossaire/petr/", "PETR")
    ]


def test_term_page_links_other_terms_but_not_itself(client, term):
    html = client.get(term("epci").url).content.decode()
    explanation = html.split('class="glossary-term__explanation"', 1)[1].split("</div>", 1)[0]
    urls = [url for url, _id, _text in glossary_links(explanation)]
    assert "/fr/glossaire/epci/" not in urls
    assert "/fr/glossaire/communaute-de-communes/" in urls


def test_matcher_is_built_once_per_locale_and_reused(client, standard_page):
    matchers.invalidate()
    builds = matchers.build_count
    pages = [standard_page(f"<p>Un EPCI, page {n}.</p>") for n in range(3)]
    german = standard_page("<p>Ein EFRE-Projekt.</p>", language="de")
    for page in pages + [german] + pages:
        assert glossary_links(client.get(page.url).content.decode())
    assert matchers.build_count - builds == 2  # fr and de, each once


def test_matcher_is_rebuilt_when_a_term_is_published_or_unpublished(
    client, standard_page, term, publish
):
    page = standard_page("<p>Un PETR et un EPCI.</p>")
    client.get(page.url)
    builds = matchers.build_count
    client.get(page.url)
    assert matchers.build_count == builds  # nothing changed

    petr = term("petr")
    petr.unpublish()
    html = client.get(page.url).content.decode()
    assert matchers.build_count == builds + 1
    assert [text for _url, _id, text in glossary_links(html)] == ["EPCI"]

    publish(petr)
    html = client.get(page.url).content.decode()
    assert matchers.build_count == builds + 2
    assert [text for _url, _id, text in glossary_links(html)] == ["PETR", "EPCI"]


def test_a_new_variant_is_linked_once_published(client, standard_page, term, publish):
    page = standard_page("<p>Le pôle rural du Diois.</p>")
    assert glossary_links(client.get(page.url).content.decode()) == []
    petr = term("petr")
    petr.variants += "\npôle rural"
    publish(petr)
    links = glossary_links(client.get(page.url).content.decode())
    assert [(url, text) for url, _id, text in links] == [("/fr/glossaire/petr/", "pôle rural")]


def test_linking_adds_no_query_per_paragraph(client, standard_page, max_queries):
    short = standard_page("<p>Un EPCI.</p>")
    long = standard_page(*[f"<p>Le PETR, un EPCI, la SUERA, {n}.</p>" for n in range(30)])
    few = max_queries.get(client, short.url)
    assert max_queries.get(client, long.url, few) == few


# home's filter -------------------------------------------------------------------------------


def render(template, **context):
    return Template("{% load wagtailcore_tags home_tags %}" + template).render(Context(context))


def test_filter_escapes_text_that_is_not_rendered_html():
    with translation.override("fr"):
        html = render("{{ value|enhance_richtext }}", value="<b>EPCI</b>")
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert [text for _url, _id, text in glossary_links(html)] == ["EPCI"]


def test_filter_without_a_page_uses_the_active_language():
    with translation.override("de"):
        html = render("{{ value|richtext|enhance_richtext }}", value=RichText("<p>EFRE, EPCI</p>"))
    assert [url for url, _id, _text in glossary_links(html)] == [
        "/de/glossar/efre/",
        "/de/glossar/epci/",
    ]


def test_filter_keeps_one_state_per_page(standard_page):
    page = standard_page("<p>x</p>")
    template = "{{ a|richtext|enhance_richtext:page }}{{ b|richtext|enhance_richtext:page }}"
    html = render(template, page=page, a=RichText("<p>EPCI</p>"), b=RichText("<p>EPCI, PETR</p>"))
    assert [text for _url, _id, text in glossary_links(html)] == ["EPCI", "PETR"]
