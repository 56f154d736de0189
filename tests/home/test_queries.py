"""Pages run a bounded number of SQL queries, whatever the number of pages in the site."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

MAX_HOME_QUERIES = 15


def count_queries(client, url):
    client.get(url)  # warm the site-root cache, as any running server has
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/fr/", "/sl/", "/de/ueber-uns/"])
def test_query_count_does_not_grow_with_pages(client, home_fr, url):
    before = count_queries(client, url)
    assert before <= MAX_HOME_QUERIES
    home_sl = home_fr.get_translations().get(locale__language_code="sl")
    for parent in (home_fr, home_sl):
        for _ in range(12):
            StandardPageFactory(parent=parent, show_in_menus=True)
    assert count_queries(client, url) == before
