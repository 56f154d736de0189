"""Factories of the glossary page types (wagtail-factories)."""

import factory
import wagtail_factories

from .models import GlossaryIndexPage, GlossaryRelatedTerm, GlossaryTermPage


class GlossaryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Glossaire"
    slug = factory.Sequence(lambda n: f"glossaire-{n}")
    introduction = "Les mots du développement rural alpin."

    class Meta:
        model = GlossaryIndexPage


class GlossaryTermPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Terme {n}")
    slug = factory.Sequence(lambda n: f"terme-{n}")
    short_definition = factory.LazyAttribute(lambda term: f"Définition de {term.title}.")
    explanation = "<p>Une explication.</p>"

    class Meta:
        model = GlossaryTermPage


class GlossaryRelatedTermFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(GlossaryTermPageFactory)
    related = factory.SubFactory(GlossaryTermPageFactory)

    class Meta:
        model = GlossaryRelatedTerm
