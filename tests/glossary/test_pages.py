"""The glossary as readers see it: the index A-Z per language, the filter, the term pages."""

import re

import pytest
from django.utils import translation
from django.utils.text import capfirst
from wagtail.rich_text import RichText

from glossary.factories import GlossaryTermPageFactory
from glossary.models import GlossaryRelatedTerm
from home.factories import StandardPageFactory
from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def headings(html):
    return re.findall(
        r'<h2 id="letter-\d+-title" class="glossary-letter__title">([^<]+)</h2>', html
    )


def letter_links(html):
    nav = html.split('class="glossary-letters"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'<a href="#letter-\d+">([^<]+)</a>', nav)


def term_titles(html):
    return re.findall(r'<dt class="glossary-entry__term">\s*<a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize("language", ["fr", "en", "it", "de", "sl"])
def test_index_lists_the_terms_of_its_language(client, glossary, language):
    response = client.get(glossary[language].url)
    assert response.status_code == 200
    html = response.content.decode()
    titles = term_titles(html)
    assert len(titles) >= 40
    assert len(set(titles)) == len(titles)
    # the letters offered are exactly the headings of the list: letters that have terms
    assert letter_links(html) == headings(html)


def test_slovenian_index_has_c_caron_s_caron_and_z_caron_as_letters(client, glossary):
    html = client.get(glossary["sl"].url).content.decode()
    letters = headings(html)
    assert {"Č", "Š", "Ž"} <= set(letters)
    assert letters.index("C") < letters.index("Č") < letters.index("D")
    assert letters.index("S") < letters.index("Š") < letters.index("T")
    assert letters[-1] == "Ž"
    titles = term_titles(html)
    assert titles.index("Čezmejno sodelovanje") > max(
        index for index, title in enumerate(titles) if title.startswith("C")
    )


def test_german_index_files_umlauts_with_their_letter(client, glossary):
    html = client.get(glossary["de"].url).content.decode()
    assert "Ü" not in headings(html) and "Ö" not in headings(html)
    section = html.split('class="glossary-letter__title">U</h2>', 1)[1].split("</section>", 1)[0]
    assert "Übertragbarkeit" in section


def test_new_terms_sort_in_the_order_of_the_language(client, glossary, publish):
    for title in ("Šolski okoliš", "Sova", "Cilj", "Čebelarstvo"):
        publish(
            GlossaryTermPageFactory(
                parent=glossary["sl"], title=title, locale=glossary["sl"].locale
            )
        )
    titles = term_titles(client.get(glossary["sl"].url).content.decode())
    ours = [title for title in titles if title in {"Šolski okoliš", "Sova", "Cilj", "Čebelarstvo"}]
    assert ours == ["Cilj", "Čebelarstvo", "Sova", "Šolski okoliš"]


def test_filter_without_javascript(client, glossary):
    response = client.get(glossary["fr"].url, {"q": "intercommunal"})
    html = response.content.decode()
    visible = re.findall(
        r'<div class="glossary-entry" data-glossary-text="[^"]*">\s*'
        r'<dt class="glossary-entry__term">\s*<a href="[^"]+">([^<]+)</a>',
        html,
    )
    assert "EPCI" in visible  # through its expansion and variants
    assert "Tiers-lieu" not in visible
    assert 'value="intercommunal"' in html
    count = re.search(r'<p id="glossary-count"[^>]*>([^<]+)</p>', html).group(1)
    shown, total = (int(number) for number in re.findall(r"\d+", count))
    assert shown == len(visible) < total
    # letters without a match are hidden from the navigation too
    assert re.search(r'<li data-glossary-letter="letter-\d+" hidden>', html)


def test_filter_ignores_accents_and_case(client, glossary):
    html = client.get(glossary["fr"].url, {"q": "ILLECTRONISME"}).content.decode()
    assert "data-glossary-empty hidden" in html
    html = client.get(glossary["fr"].url, {"q": "mediation numerique"}).content.decode()
    assert "data-glossary-empty hidden" in html


def test_filter_with_no_match_says_so(client, glossary):
    html = client.get(glossary["fr"].url, {"q": "<script>zzz"}).content.decode()
    assert "data-glossary-empty>" in html
    assert "<script>zzz" not in html


def test_index_page_has_no_inline_script_and_loads_its_script(client, glossary):
    html = client.get(glossary["fr"].url).content.decode()
    assert re.search(r'<script src="[^"]+glossary/js/glossary\.js" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html


@pytest.mark.parametrize("language", ["fr", "de"])
def test_index_query_count_does_not_grow_with_terms(
    client, glossary, publish, language, max_queries
):
    index = glossary[language]
    before = max_queries.get(client, index.url, 20)
    for _ in range(15):
        publish(GlossaryTermPageFactory(parent=index, locale=index.locale))
    assert max_queries.get(client, index.url, before) == before


def test_term_page_shows_definition_explanation_acronym_and_country(client, term):
    epci = term("epci", "en")
    html = client.get(epci.url).content.decode()
    assert "<h1>EPCI</h1>" in html
    assert f'<p class="lead glossary-term__definition">{epci.short_definition}</p>' in html
    assert "<dt>Country of use</dt><dd>France</dd>" in html
    assert '<p class="glossary-term__country">A French institution or notion.</p>' in html
    assert (
        "<dt>Stands for</dt><dd>public establishment for inter-municipal cooperation</dd>" in html
    )
    explanation = html.split('class="glossary-term__explanation">', 1)[1].split("</div>", 1)[0]
    assert explanation.strip().startswith("<p>An EPCI is a French public body")


def test_term_page_without_acronym_in_its_language(client, term):
    page = term("appel-a-manifestation-d-interet", "en")
    assert page.acronym == "-" and page.display_acronym == ""
    html = client.get(page.url).content.decode()
    assert "<dt>Acronym</dt>" not in html
    assert "expression of interest" in html  # among the variants


def test_term_page_shows_the_gloss_of_a_french_name(client, term):
    html = client.get(term("france-services", "en").url).content.decode()
    assert "<dt>Meaning</dt><dd>French one-stop public service centres</dd>" in html
    french = client.get(term("france-services", "fr").url).content.decode()
    assert "<dt>Meaning</dt>" not in french


def test_related_terms_in_the_readers_language(client, term):
    html = client.get(term("epci", "de").url).content.decode()
    section = html.split('id="related-terms-title"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="(/[a-z]{2}/[^"]+)">([^<]+)</a>', section)
    assert links and all(url.startswith("/de/") for url, _title in links)
    assert ("/de/glossar/petr/", "PETR") in links


def test_sources_are_links(client, term):
    html = client.get(term("feder", "it").url).content.decode()
    # the source's title is in English: marked as such on the Italian page, with a label
    assert (
        '<span lang="en"><a href="https://ec.europa.eu/regional_policy/" rel="external" '
        'hreflang="en">European Commission – Regional policy</a></span>'
    ) in html
    assert '<span class="language-label">(<span lang="en">English</span>)</span>' in html


def test_term_page_query_count_does_not_grow_with_related_terms(
    client, term, glossary, publish, max_queries
):
    page = term("tiers-lieu")
    before = max_queries.get(client, page.url)
    for _ in range(5):
        other = publish(GlossaryTermPageFactory(parent=glossary["fr"]))
        page.related_links.add(GlossaryRelatedTerm(related=other))
    publish(page)
    assert max_queries.get(client, page.url, before) == before


def test_term_page_lists_the_pages_that_use_it(client, term, publish):
    home = HomePage.objects.get(locale__language_code="fr")
    page = StandardPageFactory(
        parent=home,
        title="Notre intercommunalité",
        body=[
            ("paragraph", RichText("<p>La communauté de communes du Diois a un tiers-lieu.</p>"))
        ],
    )
    publish(page)
    section = used_in(client, term("tiers-lieu"))
    with translation.override("fr"):
        label = capfirst(StandardPage._meta.verbose_name_plural)
    assert f"<h3>{label}</h3>" in section
    assert f'<a href="{page.url}">Notre intercommunalité</a>' in section
    assert "Notre intercommunalité" in used_in(client, term("communaute-de-communes"))
    # only pages of the term's language
    assert "Notre intercommunalité" not in used_in(client, term("tiers-lieu", "de"))
    page.unpublish()
    assert "Notre intercommunalité" not in used_in(client, term("tiers-lieu"))


def test_pages_are_scanned_again_when_the_glossary_changes(
    client, term, publish, django_capture_on_commit_callbacks
):
    home = HomePage.objects.get(locale__language_code="fr")
    page = StandardPageFactory(
        parent=home,
        title="Le pôle rural",
        body=[("paragraph", RichText("<p>Le pôle rural du Diois.</p>"))],
    )
    publish(page)
    petr = term("petr")
    assert "Le pôle rural" not in used_in(client, petr)
    petr.variants += "\npôle rural"
    with django_capture_on_commit_callbacks(execute=True):
        publish(petr)
    assert "Le pôle rural" in used_in(client, petr)


def used_in(client, term):
    html = client.get(term.url).content.decode()
    if 'id="used-in-title"' not in html:
        return ""
    return html.split('id="used-in-title"', 1)[1].split("</section>", 1)[0]
