"""Factories for the general page types and the footer snippet (wagtail-factories)."""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from wagtail.models import Locale

from .models import CallFormField, CallPage, FooterText, HomePage, StandardPage


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


class CallPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Appel {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    introduction = "Un appel à manifestation d'intérêt."
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    to_address = "appels@example.org"
    from_address = "noreply@example.org"
    subject = "Nouvelle candidature"

    class Meta:
        model = CallPage


class CallFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(CallPageFactory)
    label = factory.Sequence(lambda n: f"Question {n}")
    field_type = "singleline"
    required = True
    locale = factory.SelfAttribute("page.locale")

    class Meta:
        model = CallFormField


class FooterTextFactory(factory.django.DjangoModelFactory):
    body = "<p>Publié par ADRETS.</p>"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = FooterText
