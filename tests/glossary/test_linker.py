"""The linker on its own: plain functions, no database."""

import re
from html.parser import HTMLParser

import pytest

from glossary.linker import Entry, LinkState, Matcher, find_terms, is_case_sensitive, link_terms


def entry(key, title=None, definition=None):
    return Entry(
        key=key,
        page_id=hash(key) % 1000,
        url=f"/fr/glossaire/{key}/",
        title=title or key,
        definition=definition or f"Définition de {key}.",
    )


EPCI = entry("epci", "EPCI", "Structure intercommunale française.")
FRANCE_SERVICES = entry("france-services", "France Services")
FRANCE = entry("france", "France")
AMI = entry("ami", "Appel à manifestation d'intérêt")
TIERS_LIEU = entry("tiers-lieu", "Tiers-lieu")
LEADER = entry("leader", "LEADER")
ECONOMY = entry("economie", "Économie sociale et solidaire")

MATCHER = Matcher(
    [
        ("EPCI", EPCI),
        ("intercommunalité", EPCI),
        ("France Services", FRANCE_SERVICES),
        ("France", FRANCE),
        ("Appel à manifestation d'intérêt", AMI),
        ("AMI", AMI),
        ("appels à manifestation d'intérêt", AMI),
        ("tiers-lieu", TIERS_LIEU),
        ("tiers-lieux", TIERS_LIEU),
        ("LEADER", LEADER),
        ("économie sociale et solidaire", ECONOMY),
    ]
)


class Checker(HTMLParser):
    """A strict reading of an HTML fragment: every element closed in order, no link inside a
    link, unique ids, every aria-describedby pointing at an element of the fragment. Collects
    the text a reader sees (tooltips left out)."""

    VOID = {"br", "img", "hr", "link", "meta", "input", "wbr", "source"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.described_by, self.text = [], [], [], []
        self.tooltip_depth = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            assert "a" not in self.stack, "a link inside a link"
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if "aria-describedby" in attrs:
            self.described_by.append(attrs["aria-describedby"])
        if tag in self.VOID:
            return
        self.stack.append(tag)
        if "glossary-tip" in (attrs.get("class") or "") and self.tooltip_depth is None:
            self.tooltip_depth = len(self.stack)

    def handle_startendtag(self, tag, attrs):
        assert tag in self.VOID, f"<{tag}/> is not a void element"
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        if self.tooltip_depth == len(self.stack):
            self.tooltip_depth = None
        self.stack.pop()

    def handle_data(self, data):
        if self.tooltip_depth is None:
            self.text.append(data)

    @classmethod
    def check(cls, markup):
        checker = cls()
        checker.feed(markup)
        checker.close()
        assert checker.stack == [], f"unclosed: {checker.stack}"
        assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
        assert set(checker.described_by) <= set(checker.ids)
        return checker


def visible_text(markup):
    """The text a reader sees, without the tooltips (and checks the HTML on the way)."""
    return "".join(Checker.check(markup).text)


def links(markup):
    return re.findall(r'<a class="glossary-link" href="([^"]+)"[^>]*>([^<]*)</a>', markup)


def test_first_occurrence_only():
    html = "<p>L'EPCI porte le projet. Un EPCI peut aussi…</p><p>Chaque EPCI vote.</p>"
    result = link_terms(html, MATCHER)
    assert links(result) == [("/fr/glossaire/epci/", "EPCI")]
    assert visible_text(result) == visible_text(html)


def test_first_occurrence_of_any_form_of_a_term():
    html = "<p>Une intercommunalité, c'est-à-dire un EPCI.</p>"
    assert links(link_terms(html, MATCHER)) == [("/fr/glossaire/epci/", "intercommunalité")]


def test_first_occurrence_across_blocks_of_one_page():
    state = LinkState()
    first = link_terms("<p>Le tiers-lieu ouvre.</p>", MATCHER, state)
    second = link_terms("<p>Un autre tiers-lieu et un EPCI.</p>", MATCHER, state)
    assert links(first) == [("/fr/glossaire/tiers-lieu/", "tiers-lieu")]
    assert links(second) == [("/fr/glossaire/epci/", "EPCI")]
    assert Checker.check(first + second)  # ids stay unique across blocks


def test_longest_match_first():
    html = "<p>La France Services de Die, en France.</p>"
    result = link_terms(html, MATCHER)
    assert links(result) == [
        ("/fr/glossaire/france-services/", "France Services"),
        ("/fr/glossaire/france/", "France"),
    ]


def test_longest_form_of_the_same_trie_wins():
    result = link_terms("<p>Deux tiers-lieux ouvrent.</p>", MATCHER)
    assert links(result) == [("/fr/glossaire/tiers-lieu/", "tiers-lieux")]


def test_whole_words_only():
    html = (
        "<p>Les EPCIs, le mot FranceServices, la Francette et l'économie sociale et solidaires.</p>"
    )
    assert links(link_terms(html, MATCHER)) == []


def test_never_inside_links_headings_or_code():
    html = (
        '<h2>L\'EPCI et la France</h2><p><a href="/x/">un EPCI</a> <code>EPCI</code> '
        "<b>France</b></p><pre>tiers-lieu</pre><h3>tiers-lieu</h3>"
    )
    result = link_terms(html, MATCHER)
    assert links(result) == [("/fr/glossaire/france/", "France")]
    assert result.startswith("<h2>L'EPCI et la France</h2>")
    assert '<a href="/x/">un EPCI</a>' in result
    assert "<pre>tiers-lieu</pre><h3>tiers-lieu</h3>" in result


def test_nested_markup_after_a_skipped_element_is_linked_again():
    html = '<p><a href="/x/"><i>EPCI</i></a> puis <i>EPCI</i></p>'
    result = link_terms(html, MATCHER)
    assert '<a href="/x/"><i>EPCI</i></a>' in result
    assert links(result) == [("/fr/glossaire/epci/", "EPCI")]


@pytest.mark.parametrize(
    "html",
    [
        "<p>Le projet de l'EPCI du Diois.</p>",
        "<p>Le projet de l’EPCI du Diois.</p>",
        "<p>Le projet de l&#x27;EPCI du Diois.</p>",
        "<p>Le projet de l&rsquo;EPCI du Diois.</p>",
    ],
)
def test_elided_articles(html):
    result = link_terms(html, MATCHER)
    assert links(result) == [("/fr/glossaire/epci/", "EPCI")]
    assert visible_text(result) == visible_text(html)


@pytest.mark.parametrize(
    "text",
    [
        "un appel à manifestation d'intérêt",
        "un appel à manifestation d’intérêt",
        "un appel à manifestation d&#x27;intérêt",
        "un appel&nbsp;à manifestation d'int&eacute;r&ecirc;t",
        "un appel à\nmanifestation d'intérêt",
    ],
)
def test_apostrophes_entities_and_spaces_inside_a_term(text):
    result = link_terms(f"<p>Lancer {text} en 2018.</p>", MATCHER)
    assert [url for url, _text in links(result)] == ["/fr/glossaire/ami/"]
    assert visible_text(result).replace("\u00a0", " ").replace("\n", " ") == (
        visible_text(f"<p>Lancer {text} en 2018.</p>").replace("\u00a0", " ").replace("\n", " ")
    )


def test_acronyms_match_their_capitals_only():
    assert links(link_terms("<p>Un ami, un leader local.</p>", MATCHER)) == []
    result = link_terms("<p>Un AMI du programme LEADER.</p>", MATCHER)
    assert [text for _url, text in links(result)] == ["AMI", "LEADER"]


def test_other_forms_match_in_any_case_and_keep_the_texts_case():
    result = link_terms("<p>ÉCONOMIE SOCIALE ET SOLIDAIRE et Tiers-Lieu.</p>", MATCHER)
    assert [text for _url, text in links(result)] == [
        "ÉCONOMIE SOCIALE ET SOLIDAIRE",
        "Tiers-Lieu",
    ]


def test_tooltip_is_in_the_page_and_describes_the_link():
    result = link_terms("<p>Un EPCI.</p>", MATCHER, LinkState(id_prefix="tip"))
    assert (
        '<a class="glossary-link" href="/fr/glossaire/epci/" aria-describedby="tip-1">EPCI</a>'
        '<span class="glossary-tip" id="tip-1" role="tooltip" hidden>'
        "Structure intercommunale française.</span>"
    ) in result
    Checker.check(result)


def test_special_characters_are_escaped():
    matcher = Matcher([("R&D", entry("rd", "R&D", 'Recherche & "développement" <b>'))])
    result = link_terms("<p>La R&amp;D &lt;locale&gt;.</p>", matcher)
    assert "R&amp;D</a>" in result
    assert 'Recherche &amp; "développement" &lt;b&gt;</span>' in result
    assert "&lt;locale&gt;" in result
    Checker.check(result)


def test_html_stays_valid_on_a_realistic_fragment():
    html = (
        "<h2>Un tiers-lieu à Die</h2>"
        '<p>La <b>communauté</b> et l\'<i>EPCI</i> ont lancé un <a href="/fr/ami/">AMI</a> '
        "pour la France&nbsp;Services.<br/>Puis un AMI en France.</p>"
        "<ul><li>tiers-lieux <code>France</code></li><li>LEADER</li></ul>"
        "<!-- EPCI in a comment --><p>Fin.</p>"
    )
    result = link_terms(html, MATCHER)
    Checker.check(html)
    Checker.check(result)
    assert visible_text(result) == visible_text(html)
    assert "<!-- EPCI in a comment -->" in result
    assert [text for _url, text in links(result)] == [
        "EPCI",
        "France\u00a0Services",  # the text as written, non-breaking space included
        "AMI",
        "France",
        "tiers-lieux",
        "LEADER",
    ]


def test_excluded_term_is_not_linked():
    state = LinkState(exclude={"epci"})
    assert links(link_terms("<p>Un EPCI en France.</p>", MATCHER, state)) == [
        ("/fr/glossaire/france/", "France")
    ]


def test_own_output_is_not_linked_twice():
    once = link_terms("<p>Un EPCI.</p>", Matcher([("EPCI", EPCI), ("intercommunale", FRANCE)]))
    twice = link_terms(once, Matcher([("EPCI", EPCI), ("intercommunale", FRANCE)]))
    assert twice == once


def test_find_terms_collects_every_term_outside_links():
    found = find_terms('<p>EPCI, EPCI, <a href="/">France</a>, tiers-lieux</p>', MATCHER)
    assert {item.key for item in found} == {"epci", "tiers-lieu"}


def test_empty_matcher_changes_nothing():
    html = "<p>Un EPCI.</p>"
    assert link_terms(html, Matcher([])) is html
    assert not Matcher([])


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("EPCI", True),
        ("EFRE-Mittel", False),
        ("LEADER", True),
        ("tiers-lieu", False),
        ("ESS", True),
    ],
)
def test_case_sensitivity(form, expected):
    assert is_case_sensitive(form) is expected
