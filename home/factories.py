"""Factories for the general page types and the footer snippet (wagtail-factories)."""

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import FooterText, HomePage, StandardPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Alpine Smart Villages"
    introduction = "Bonnes pratiques des villages intelligents alpins."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    introduction = "Une page de contenu."
    body = wagtail_factories.StreamFieldFactory(
        {"paragraph": factory.SubFactory(wagtail_factories.CharBlockFactory)}
    )

    class Meta:
        model = StandardPage


class FooterTextFactory(factory.django.DjangoModelFactory):
    body = "<p>Publié par ADRETS.</p>"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = FooterText
