"""French spacing on output (smartvillages.typography): text nodes only."""

from smartvillages.typography import NARROW_NBSP as N
from smartvillages.typography import french_html


def test_spaces_before_high_punctuation_and_inside_guillemets_become_narrow():
    assert french_html("<p>Le but : partager ! Et ensuite ? Oui ; « Smart Villages »</p>") == (
        f"<p>Le but{N}: partager{N}! Et ensuite{N}? Oui{N}; «{N}Smart Villages{N}»</p>"
    )
    assert french_html("<p>«Tiers-lieux»</p>") == f"<p>«{N}Tiers-lieux{N}»</p>"


def test_tags_urls_times_scripts_and_form_fields_are_left_alone():
    html = (
        '<a href="https://example.org/?q=a" title="Lieu : Grenoble">https://example.org</a>'
        "<p>10:30</p><script>var a = b ? c : d;</script><textarea>x : y</textarea>"
    )
    assert french_html(html) == html


def test_the_content_length_follows_the_spaces_added():
    """A French page whose text gains no-break spaces keeps a Content-Length equal to its
    bytes: a stale length made browsers cut the page short (seen after a contributor's
    sign-in, whose message "... réussie !" gained a narrow space)."""
    from django.http import HttpResponse
    from django.middleware.common import CommonMiddleware
    from django.test import RequestFactory

    from smartvillages.middleware import FrenchTypographyMiddleware

    def view(request):
        response = HttpResponse("<p>Bienvenue ! Voici la page : « bonne lecture » ?</p>")
        response["Content-Language"] = "fr"
        return response

    stack = FrenchTypographyMiddleware(CommonMiddleware(view))
    response = stack(RequestFactory().get("/fr/"))
    assert N in response.content.decode()
    assert int(response["Content-Length"]) == len(response.content)
