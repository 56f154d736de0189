"""Keyboard and screen reader paths, in Chromium, on the demo site in its five languages.

- the first Tab of a page reaches a visible "skip to content" link, and Enter takes the focus
  to the main content;
- every element the Tab key reaches shows a visible focus indicator (an outline or a shadow
  it does not have unfocused), on the pages a reader uses most;
- the language switcher and the glossary's tooltips work from the keyboard;
- each page type has one h1 and no heading level skipped, and its landmarks are named;
- text in another language than the page's carries its own ``lang`` (the same language
  identification as ``check_languages`` finds no unmarked foreign paragraph).

Labels are looked up through the site's own catalogs (gettext), never written in English.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale, Page

from smartvillages.translation.languages import LocaleReport, check_html
from tests.conftest import translated

LANGUAGES = [code for code, _name in settings.LANGUAGES]
#: Enough Tabs to go through the longest page checked here (the model event has about 150
#: focusable elements), and a bound if the focus is trapped.
MAX_TABS = 300


def _(message, code):
    with translation.override(code):
        return translation.gettext(message)


def search_url(code, query=None):
    with translation.override(code):
        url = reverse("search:search")
    return f"{url}?q={query}" if query else url


def active(page, script):
    """Evaluate ``script``, an expression of the focused ``element``, in the page."""
    return page.evaluate(f"(element => ({script}))(document.activeElement)")


def tab_until(page, script, limit=MAX_TABS, key="Tab"):
    """Press Tab until ``script`` is true of the focused element; False if never."""
    for _i in range(limit):
        page.keyboard.press(key)
        if active(page, script):
            return True
    return False


# Visible focus ---------------------------------------------------------------------------

#: Records how every focusable element looks unfocused, to compare with its focused look.
RECORD_UNFOCUSED = """() => {
    const selector = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
        + '[tabindex], [contenteditable=""], [contenteditable="true"]';
    window.__unfocused = new Map();
    for (const element of document.querySelectorAll(selector)) {
        const style = getComputedStyle(element);
        window.__unfocused.set(element, {
            outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
            boxShadow: style.boxShadow,
        });
    }
    window.__seen = new Set();
}"""

#: What the focused element looks like: null once the focus has left the page or wrapped.
DESCRIBE_FOCUSED = """() => {
    const element = document.activeElement;
    if (!element || element === document.body || element === document.documentElement) {
        return null;
    }
    if (window.__seen.has(element)) { return null; }
    window.__seen.add(element);
    const style = getComputedStyle(element);
    const before = window.__unfocused.get(element) || {outline: "none 0px", boxShadow: "none"};
    const outline = `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    const transparent = /rgba\\(0, 0, 0, 0\\)|transparent/.test(style.outlineColor);
    const hasOutline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && !transparent && outline !== before.outline;
    const hasShadow = style.boxShadow !== "none" && style.boxShadow !== before.boxShadow;
    const box = element.getBoundingClientRect();
    const shown = element.checkVisibility({opacityProperty: true, visibilityProperty: true})
        && box.width >= 2 && box.height >= 2;
    const label = (element.getAttribute("aria-label") || element.textContent || element.name
        || element.id || "").trim().replace(/\\s+/g, " ").slice(0, 50);
    return {
        element: `<${element.localName}${element.id ? "#" + element.id : ""}> ${label}`,
        indicator: hasOutline || hasShadow,
        shown: shown,
        style: `outline: ${outline}; box-shadow: ${style.boxShadow}`,
    };
}"""


def focus_problems(page):
    """Tab through the page from its top; the focused elements without a visible focus."""
    page.evaluate(RECORD_UNFOCUSED)
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    problems, reached = [], 0
    for _i in range(MAX_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(DESCRIBE_FOCUSED)
        if focused is None:
            break
        reached += 1
        if not focused["shown"]:
            problems.append(("invisible element", focused["element"]))
        elif not focused["indicator"]:
            problems.append(("no focus indicator", focused["element"], focused["style"]))
    else:
        problems.append(("the focus never left the page", MAX_TABS))
    return reached, problems


def library_with_filters(page, library_url):
    """The practice listing with its first two filters set (so that the links to remove
    them show too)."""
    page.goto(library_url)
    query = page.evaluate(
        """() => [...document.querySelectorAll('form.library-filters select')].slice(0, 2)
            .map(select => {
                const option = [...select.options].find(option => option.value);
                return option ? `${select.name}=${encodeURIComponent(option.value)}` : null;
            }).filter(Boolean).join('&')"""
    )
    return f"{library_url}?{query}"


def focus_pages(code):
    from events.models import EventPage
    from glossary.models import GlossaryTermPage
    from practices.models import PracticeIndexPage, PracticePage

    locale = Locale.objects.get(language_code=code)
    return {
        "home": f"/{code}/",
        "practice": translated(PracticePage, "smart-villages", code).url,
        "library": PracticeIndexPage.objects.get(locale=locale).url,
        "event": translated(EventPage, "grenoble-2020-smart-villages", code).url,
        "glossary term": translated(GlossaryTermPage, "suera", code).url,
        "search": search_url(code, "ADRETS"),
    }


#: Focus styles are the same in every language: each page is checked in one of them, so that
#: the five languages are covered without tabbing through every page five times.
FOCUS_CASES = [
    ("home", "fr"),
    ("practice", "sl"),
    ("library", "de"),
    ("event", "it"),
    ("glossary term", "en"),
    ("search", "sl"),
]


@pytest.mark.parametrize(("kind", "code"), FOCUS_CASES)
def test_every_focused_element_shows_a_visible_focus(live_site, new_page, kind, code):
    url = live_site.url + focus_pages(code)[kind]
    page = new_page(locale=code)
    if kind == "library":
        url = library_with_filters(page, url)
    page.goto(url)
    reached, problems = focus_problems(page)
    assert reached >= 10, (url, reached)
    assert problems == [], url


# Skip link -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_first_tab_reaches_the_skip_link_and_enter_skips_to_the_content(live_site, new_page, code):
    from practices.models import PracticePage

    page = new_page(locale=code)
    page.goto(live_site.url + translated(PracticePage, "smart-villages", code).url)
    skip = page.get_by_role("link", name=_("Skip to content", code), exact=True)
    expect(skip).to_have_count(1)
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box["width"] > 20 and box["height"] > 10, box

    page.keyboard.press("Enter")
    main = page.get_by_role("main")
    expect(main).to_be_focused()
    expect(page).to_have_url(re.compile("#main$"))
    expect(main).to_be_in_viewport()
    # The next Tab goes on from the content, past the header's links.
    page.keyboard.press("Tab")
    assert active(page, "document.querySelector('main').contains(element)")


# Language switcher -----------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_switcher_works_from_the_keyboard(live_site, new_page, code):
    from practices.models import PracticePage

    target = LANGUAGES[(LANGUAGES.index(code) + 1) % len(LANGUAGES)]
    practice = translated(PracticePage, "smart-villages", code)
    page = new_page(locale=code)
    page.goto(live_site.url + practice.url)
    switcher = page.get_by_role("navigation", name=_("Choose a language", code), exact=True)
    expect(switcher).to_have_count(1)
    current = switcher.locator("[aria-current]")
    expect(current).to_have_attribute("lang", code)
    # Each language is named in its own language, marked as such.
    for link in switcher.get_by_role("link").all():
        assert link.get_attribute("lang") == link.get_attribute("hreflang")

    link = switcher.locator(f'a[hreflang="{target}"]')
    reached = tab_until(page, f"element.matches('nav.language-switcher a[hreflang=\"{target}\"]')")
    assert reached, f"Tab never reached the link to {target}"
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/{target}/"))
    expect(page.locator("html")).to_have_attribute("lang", target)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        translated(PracticePage, "smart-villages", target).title
    )
    # And the new page's switcher knows where the reader is.
    switcher = page.get_by_role("navigation", name=_("Choose a language", target), exact=True)
    expect(switcher.locator("[aria-current]")).to_have_attribute("lang", target)


# Glossary tooltip ------------------------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_glossary_tooltip_opens_on_focus_and_closes_with_escape(live_site, new_page, code):
    from practices.models import PracticePage

    practice = translated(PracticePage, "smart-villages", code)
    page = new_page(locale=code)
    page.goto(live_site.url + practice.url)
    link = page.locator("main a.glossary-link").first
    expect(link).to_be_attached()
    described_by = link.get_attribute("aria-describedby")
    assert described_by, "a linked term is described by its definition"
    tooltip = page.locator(f"#{described_by}")
    expect(tooltip).to_have_count(1)
    definition = " ".join(tooltip.text_content().split())
    assert definition
    expect(tooltip).to_be_hidden()

    link.evaluate("element => { element.dataset.kbdTarget = 'yes'; }")
    assert tab_until(page, "element.dataset.kbdTarget === 'yes'"), "Tab never reached the term"
    expect(link).to_be_focused()
    expect(tooltip).to_be_visible()
    expect(link).to_have_accessible_description(definition)

    page.keyboard.press("Escape")
    expect(tooltip).to_be_hidden()
    expect(link).to_be_focused()
    # Away and back: it opens again.
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    expect(link).to_be_focused()
    expect(tooltip).to_be_visible()


# Headings and landmarks ------------------------------------------------------------------

HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
    .filter(element => element.checkVisibility() && !element.closest('[aria-hidden=true]'))
    .map(element => ({
        level: Number(element.getAttribute('aria-level') || element.localName.slice(1)),
        text: element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 60),
    }))"""

LANDMARKS = """() => {
    const sectioning = 'article, aside, main, nav, section';
    const text = id => {
        const element = document.getElementById(id);
        return element ? element.textContent.trim().replace(/\\s+/g, ' ') : '';
    };
    const nameOf = element => {
        const labelledBy = element.getAttribute('aria-labelledby');
        if (labelledBy) { return labelledBy.split(/\\s+/).map(text).join(' ').trim(); }
        return (element.getAttribute('aria-label') || '').trim();
    };
    const roleOf = element => {
        const role = element.getAttribute('role');
        if (role) { return role; }
        switch (element.localName) {
            case 'header': return element.parentElement.closest(sectioning) ? null : 'banner';
            case 'footer': return element.parentElement.closest(sectioning) ? null : 'contentinfo';
            case 'main': return 'main';
            case 'nav': return 'navigation';
            case 'aside': return 'complementary';
            case 'section': return nameOf(element) ? 'region' : null;
            case 'form': return nameOf(element) ? 'form' : null;
        }
        return null;
    };
    const landmarks = ['banner', 'complementary', 'contentinfo', 'form', 'main', 'navigation',
                       'region', 'search'];
    return [...document.querySelectorAll('header, footer, main, nav, aside, section, form, [role]')]
        .filter(element => element.checkVisibility())
        .map(element => ({role: roleOf(element), name: nameOf(element), tag: element.localName}))
        .filter(landmark => landmarks.includes(landmark.role));
}"""


def heading_problems(headings):
    problems = []
    if [h["level"] for h in headings].count(1) != 1:
        problems.append(("h1 count", [h["text"] for h in headings if h["level"] == 1]))
    previous = 0
    for heading in headings:
        if heading["level"] > previous + 1:
            problems.append((f"h{heading['level']} after h{previous}", heading["text"]))
        previous = heading["level"]
    return problems


def landmark_problems(landmarks):
    problems = []
    roles = [landmark["role"] for landmark in landmarks]
    for role in ("banner", "main", "contentinfo"):
        if roles.count(role) != 1:
            problems.append((f"{roles.count(role)} {role} landmarks",))
    if "navigation" not in roles:
        problems.append(("no navigation landmark",))
    for landmark in landmarks:
        if landmark["role"] == "navigation" and not landmark["name"]:
            problems.append(("navigation without a name", landmark["tag"]))
    for role in set(roles):
        names = [landmark["name"] for landmark in landmarks if landmark["role"] == role]
        if len(names) > 1:
            if not all(names):
                problems.append((f"repeated {role} without a name", names))
            elif len(set(names)) != len(names):
                problems.append((f"repeated {role} with the same name", names))
    return problems


def one_page_of_each_type(code):
    """The path of one live page of each page type in ``code`` (a translated one when there
    is, the first in the tree), the search page with results and without, and a 404."""
    locale = Locale.objects.get(language_code=code)
    pages = {}
    for page in (
        Page.objects.live()
        .public()
        .filter(locale=locale, depth__gt=1)
        .select_related("content_type")
        .order_by("path")
    ):
        kind = f"{page.content_type.app_label}.{page.content_type.model}"
        current = pages.get(kind)
        if current is None or (current.alias_of_id and not page.alias_of_id):
            pages[kind] = page
    paths = {kind: page.url for kind, page in sorted(pages.items()) if page.url}
    # The richest examples too: the model event (programme, speakers, report), a practice
    # with every section, a glossary term with related terms and sources.
    for kind, path in focus_pages(code).items():
        if path not in paths.values():
            paths[f"{kind} (rich)"] = path
    paths["search: no results"] = search_url(code, "qqxqzzv")
    paths["404"] = f"/{code}/keyboard-test-no-such-page/"
    return paths


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_page_type_has_one_h1_ordered_headings_and_named_landmarks(live_site, new_page, code):
    page = new_page(locale=code)
    problems = {}
    paths = one_page_of_each_type(code)
    assert len(paths) >= 10, paths
    for kind, path in paths.items():
        page.goto(live_site.url + path)
        found = heading_problems(page.evaluate(HEADINGS)) + landmark_problems(
            page.evaluate(LANDMARKS)
        )
        if found:
            problems[f"{kind} {path}"] = found
    assert problems == {}


# lang on text in another language ---------------------------------------------------------


@pytest.fixture(scope="module")
def untranslated(_site_server, django_db_blocker):
    """A French practice not translated yet: the other locales show it as an alias, in French.
    A copy of the "Smart Villages" practice (same dimensions and themes, so it is among that
    practice's related practices, the newest), removed after the tests of this module."""
    from django.utils import timezone

    from practices.models import PracticePage

    with django_db_blocker.unblock():
        source = PracticePage.objects.get(slug="smart-villages", locale__language_code="fr")
        copy = source.copy(
            to=source.get_parent(),
            update_attrs={
                "slug": "keyboard-test-pas-encore-traduite",
                "title": "Une pratique de village intelligent qui attend encore sa traduction",
            },
            keep_live=False,
        )
        copy.save_revision().publish()
        copy.refresh_from_db()  # live, as its aliases will be
        # As wagtail-localize's locale synchronisation does after a page is created.
        library = copy.get_parent()
        for locale in Locale.objects.exclude(pk=copy.locale_id):
            copy.create_alias(
                parent=library.get_translation(locale),
                update_locale=locale,
                reset_translation_key=False,
            )
        versions = Page.objects.filter(pk=copy.pk) | Page.objects.filter(alias_of=copy)
        versions.update(first_published_at=timezone.now())
        yield copy
        for alias in Page.objects.filter(alias_of=copy):
            alias.delete()
        copy.delete()


def assert_marked(page, code):
    """Every paragraph of <main> without its own lang is in the page's language, and every
    lang given is one of the site's languages."""
    report = LocaleReport(language_code=code)
    check_html(code, page.url, page.content(), report)
    assert report.paragraphs > 0, page.url
    assert [(leak.language, leak.text[:80]) for leak in report.leaks] == [], page.url
    expect(page.locator("html")).to_have_attribute("lang", code)
    langs = set(page.eval_on_selector_all("[lang]", "elements => elements.map(e => e.lang)"))
    assert langs <= set(LANGUAGES), langs


def lang_of(locator):
    """The language the element is in: its own lang, or its closest ancestor's."""
    return locator.evaluate("element => element.closest('[lang]').lang")


@pytest.mark.parametrize("code", LANGUAGES)
def test_text_in_another_language_carries_its_lang(live_site, new_page, untranslated, code):
    from glossary.models import GlossaryTermPage
    from practices.models import PracticeIndexPage, PracticePage

    page = new_page(locale=code)
    if code != "fr":
        # The page not yet translated: its content is marked as French.
        alias = untranslated.get_translation(Locale.objects.get(language_code=code))
        assert alias.alias_of_id == untranslated.pk
        page.goto(live_site.url + alias.url)
        heading = page.get_by_role("heading", level=1)
        expect(heading).to_have_text(untranslated.title)
        assert lang_of(heading) == "fr"
        assert lang_of(page.locator("main .practice__section").first) == "fr"
        expect(page.locator("main [role=note]")).to_have_count(1)
        assert lang_of(page.locator("main [role=note]")) == code
        assert_marked(page, code)

        # Among a translated practice's related practices, and in the library, its title and
        # summary are marked as French.
        page.goto(live_site.url + translated(PracticePage, "smart-villages", code).url)
        related = page.locator(f'main a[href="{alias.url}"]')
        expect(related).to_have_count(1)
        assert lang_of(related) == "fr"
        assert_marked(page, code)
        page.goto(live_site.url + PracticeIndexPage.objects.get(locale__language_code=code).url)
        card = page.locator(f'main a[href="{alias.url}"]')
        expect(card).to_have_count(1)
        assert lang_of(card) == "fr"
        assert lang_of(page.locator(".practice-card__summary").first) == "fr"
        assert_marked(page, code)

    # Search results from several languages, and a glossary term with its sources.
    page.goto(live_site.url + search_url(code, "ADRETS"))
    assert_marked(page, code)
    page.goto(live_site.url + translated(GlossaryTermPage, "suera", code).url)
    assert_marked(page, code)
