"""Editors create the general pages in Wagtail's admin."""

import pytest
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import StandardPage


@pytest.mark.django_db
def test_standard_page_can_be_created_in_the_admin(editor_client, home_fr):
    data = nested_form_data(
        {
            "title": "Partenaires",
            "slug": "partenaires",
            "introduction": "Les partenaires du réseau.",
            "body": streamfield(
                [
                    ("heading", {"text": "Nos partenaires", "level": "h2"}),
                    ("paragraph", rich_text("<p>ADRETS et CIPRA France.</p>")),
                ]
            ),
        }
    )
    url = f"/admin/pages/add/home/standardpage/{home_fr.pk}/"
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    page = StandardPage.objects.get(slug="partenaires", locale=home_fr.locale)
    assert [block.block_type for block in page.body] == ["heading", "paragraph"]
    # wagtail-localize's hook gave it an alias in every other locale
    assert page.get_translations().filter(alias_of=page).count() == 4


class DemoPages(WagtailPageTestCase):
    """Where each page type may go: tests/test_page_types.py."""

    def test_demo_pages_render(self):
        for page in StandardPage.objects.live():
            self.assertPageIsRenderable(page)
