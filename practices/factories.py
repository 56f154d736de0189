"""Factories for the practice library's page types and taxonomy (wagtail-factories)."""

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import (
    ActionType,
    FundingProgramme,
    OrganisationIndexPage,
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
    SmartDimension,
    TargetGroup,
    Theme,
)


class TermFactory(factory.django.DjangoModelFactory):
    code = factory.Sequence(lambda n: f"term-{n}")
    name = factory.Sequence(lambda n: f"Terme {n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        abstract = True
        django_get_or_create = ("code", "locale")


class SmartDimensionFactory(TermFactory):
    class Meta:
        model = SmartDimension


class ThemeFactory(TermFactory):
    class Meta:
        model = Theme


class ActionTypeFactory(TermFactory):
    class Meta:
        model = ActionType


class TargetGroupFactory(TermFactory):
    class Meta:
        model = TargetGroup


class FundingProgrammeFactory(TermFactory):
    class Meta:
        model = FundingProgramme


class PracticeIndexPageFactory(wagtail_factories.PageFactory):
    title = "Pratiques"
    slug = factory.Sequence(lambda n: f"pratiques-{n}")

    class Meta:
        model = PracticeIndexPage


class OrganisationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Organisations"
    slug = factory.Sequence(lambda n: f"organisations-{n}")

    class Meta:
        model = OrganisationIndexPage


class OrganisationPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = "association"

    class Meta:
        model = OrganisationPage


class PracticePageFactory(wagtail_factories.PageFactory):
    """A live practice; ``dimensions`` is a list of codes (default: governance)."""

    title = factory.Sequence(lambda n: f"Pratique {n}")
    slug = factory.Sequence(lambda n: f"pratique-{n}")
    introduction = "Une pratique de test."
    scale = "village"

    class Meta:
        model = PracticePage
        skip_postgeneration_save = True

    @factory.post_generation
    def dimensions(obj, create, extracted, **kwargs):
        codes = extracted if extracted is not None else ["governance"]
        terms = [SmartDimensionFactory(code=code, locale=obj.locale) for code in codes]
        obj.dimensions.set(terms)
        if create:
            obj.save()

    @factory.post_generation
    def countries(obj, create, extracted, **kwargs):
        from .models import Country

        if extracted:
            obj.countries.set(Country.objects.filter(code__in=extracted))
            if create:
                obj.save()
