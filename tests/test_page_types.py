"""Every page type of the project: where it may be created, what it may contain, and that an
instance built with the app's factories renders.

PAGE_TYPES is the tree's rule book, one row per page type; a page type missing from it fails
test_every_page_type_is_in_the_table. The pages rendered are built with the factories of each
app (home, practices, events, glossary, assessment) on a site of their own, not taken from the demo.
"""

from dataclasses import dataclass

import pytest
from wagtail.coreutils import get_dummy_request
from wagtail.models import Page, Site, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from assessment.factories import SelfAssessmentPageFactory
from assessment.models import SelfAssessmentPage
from events.factories import EventIndexPageFactory, EventPageFactory
from events.models import EventIndexPage, EventPage
from glossary.factories import GlossaryIndexPageFactory, GlossaryTermPageFactory
from glossary.models import GlossaryIndexPage, GlossaryTermPage
from home.factories import (
    CallFormFieldFactory,
    CallPageFactory,
    HomePageFactory,
    StandardPageFactory,
)
from home.models import CallPage, HomePage, StandardPage
from practices.factories import (
    OrganisationIndexPageFactory,
    OrganisationPageFactory,
    PracticeIndexPageFactory,
    PracticePageFactory,
)
from practices.models import (
    OrganisationIndexPage,
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
)

pytestmark = pytest.mark.django_db

HOSTNAME = "page-types.test"


@dataclass(frozen=True)
class Rules:
    parents: frozenset  # allowed_parent_page_models()
    subpages: frozenset  # allowed_subpage_models()
    max_count_per_parent: int | None = None


def rules(parents, subpages=(), max_count_per_parent=None):
    return Rules(frozenset(parents), frozenset(subpages), max_count_per_parent)


INDEX_PAGES = {PracticeIndexPage, OrganisationIndexPage, EventIndexPage, GlossaryIndexPage}

PAGE_TYPES = {
    # Wagtail's base Page (the tree's root) is allowed under a page without subpage_types,
    # such as the home page, but it is not creatable (Page.is_creatable is False).
    HomePage: rules({Page}, {StandardPage, CallPage, SelfAssessmentPage, *INDEX_PAGES, Page}, 1),
    StandardPage: rules({HomePage, StandardPage}, {StandardPage}),
    CallPage: rules({HomePage}),
    PracticeIndexPage: rules({HomePage}, {PracticePage}, 1),
    PracticePage: rules({PracticeIndexPage}),
    OrganisationIndexPage: rules({HomePage}, {OrganisationPage}, 1),
    OrganisationPage: rules({OrganisationIndexPage}),
    EventIndexPage: rules({HomePage}, {EventPage}, 1),
    EventPage: rules({EventIndexPage}),
    GlossaryIndexPage: rules({HomePage}, {GlossaryTermPage}, 1),
    GlossaryTermPage: rules({GlossaryIndexPage}),
    SelfAssessmentPage: rules({HomePage}, (), 1),
}

#: What each index page holds, with the factories that build them.
INDEX_FACTORIES = {
    PracticeIndexPage: (PracticeIndexPageFactory, PracticePageFactory),
    OrganisationIndexPage: (OrganisationIndexPageFactory, OrganisationPageFactory),
    EventIndexPage: (EventIndexPageFactory, EventPageFactory),
    GlossaryIndexPage: (GlossaryIndexPageFactory, GlossaryTermPageFactory),
}


def label(model):
    return model._meta.label


class PageTypeRules(WagtailPageTestCase):
    def test_every_page_type_is_in_the_table(self):
        project_types = {model for model in get_page_models() if model is not Page}
        self.assertEqual(
            sorted(map(label, project_types)),
            sorted(map(label, PAGE_TYPES)),
            "PAGE_TYPES must have one row per page type of the project",
        )
        self.assertFalse(Page.is_creatable)

    def test_allowed_parent_page_types(self):
        for model, expected in PAGE_TYPES.items():
            with self.subTest(label(model)):
                self.assertAllowedParentPageTypes(model, expected.parents)

    def test_allowed_subpage_types(self):
        for model, expected in PAGE_TYPES.items():
            with self.subTest(label(model)):
                self.assertAllowedSubpageTypes(model, expected.subpages)
        # Under the tree's root: home pages only (and Wagtail's base Page, not creatable).
        self.assertAllowedSubpageTypes(Page, {HomePage, Page})

    def test_where_each_type_can_and_cannot_be_created(self):
        """The whole matrix: every page type under every page type and under the root."""
        subpages = {Page: {HomePage}} | {
            model: expected.subpages for model, expected in PAGE_TYPES.items()
        }
        for parent, allowed in subpages.items():
            for child in PAGE_TYPES:
                with self.subTest(parent=label(parent), child=label(child)):
                    if child in allowed:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_counts_per_parent(self):
        for model, expected in PAGE_TYPES.items():
            with self.subTest(label(model)):
                self.assertEqual(model.max_count_per_parent, expected.max_count_per_parent)
                self.assertIsNone(model.max_count)

    def test_one_index_of_each_kind_per_home_page(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="page-types")
        other_home = HomePageFactory(parent=root, slug="page-types-2")
        for index_model, (index_factory, child_factory) in INDEX_FACTORIES.items():
            with self.subTest(label(index_model)):
                self.assertTrue(index_model.can_create_at(home))
                index = index_factory(parent=home)
                self.assertFalse(index_model.can_create_at(home))
                self.assertTrue(index_model.can_create_at(other_home))
                # Pages in an index have no limit.
                child_factory(parent=index)
                self.assertTrue(child_factory._meta.model.can_create_at(index))


class PageTypesRender(WagtailPageTestCase):
    """One page of each type, built with the factories under a home page and site of its own,
    renders (GET answers 200) as a reader sees it."""

    def setUp(self):
        root = Page.get_first_root_node()
        home = HomePageFactory(parent=root, slug="page-types")
        self.site = Site.objects.create(
            hostname=HOSTNAME, port=80, root_page=home, site_name="Page types"
        )
        self.dummy_request = get_dummy_request(site=self.site)
        self.client.defaults["HTTP_HOST"] = HOSTNAME
        standard = StandardPageFactory(parent=home)
        call = CallPageFactory(parent=home)
        CallFormFieldFactory(page=call)
        practices = PracticeIndexPageFactory(parent=home)
        organisations = OrganisationIndexPageFactory(parent=home)
        events = EventIndexPageFactory(parent=home)
        glossary = GlossaryIndexPageFactory(parent=home)
        self.pages = [
            home,
            standard,
            StandardPageFactory(parent=standard),
            call,
            practices,
            PracticePageFactory(parent=practices, countries=["FR"]),
            organisations,
            OrganisationPageFactory(parent=organisations),
            events,
            EventPageFactory(parent=events),
            glossary,
            GlossaryTermPageFactory(parent=glossary),
            SelfAssessmentPageFactory(parent=home),
        ]

    def test_the_pages_cover_every_page_type(self):
        self.assertEqual({type(page) for page in self.pages}, set(PAGE_TYPES))

    def test_every_page_type_renders(self):
        for page in self.pages:
            with self.subTest(label(type(page))):
                self.assertEqual(page.get_site(), self.site)
                self.assertPageIsRenderable(page)
