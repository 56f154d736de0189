"""Pages run a bounded number of SQL queries, whatever the number of pages in the site."""

import pytest

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

MAX_HOME_QUERIES = 15


@pytest.mark.parametrize("url", ["/fr/", "/sl/", "/de/ueber-uns/"])
def test_query_count_does_not_grow_with_pages(client, home_fr, url, max_queries):
    before = max_queries.get(client, url, MAX_HOME_QUERIES)
    home_sl = home_fr.get_translations().get(locale__language_code="sl")
    for parent in (home_fr, home_sl):
        for _ in range(12):
            StandardPageFactory(parent=parent, show_in_menus=True)
    assert max_queries.get(client, url, before) == before
