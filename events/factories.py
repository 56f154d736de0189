"""Factories of the events app (wagtail-factories): the listing, events and speakers."""

import datetime

import factory
import wagtail_factories
from wagtail.models import Locale

from .models import EventIndexPage, EventPage, Person


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Intervenante {n}")
    role = "Chargée de mission"
    organisation = "Association ADRETS"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Person


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Événements"
    slug = factory.Sequence(lambda n: f"evenements-{n}")
    introduction = "Les rencontres du réseau."

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Rencontre {n}")
    slug = factory.Sequence(lambda n: f"rencontre-{n}")
    introduction = "Une rencontre des villages intelligents alpins."
    start_date = datetime.date(2030, 5, 14)
    end_date = datetime.date(2030, 5, 15)
    time_zone = "Europe/Paris"
    venue = "Salle des fêtes"
    city = "Autrans"
    country = "FR"
    format = "onsite"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def aliases(obj, create, extracted, **kwargs):
        """``aliases=True``: give the event its aliases in the other locales, as the admin
        does for a new page of the source locale."""
        if create and extracted:
            from wagtail_localize.synctree import create_aliases_for_new_page

            create_aliases_for_new_page(obj)


def day_data(date, sessions):
    """Raw programme data of one day (for ``EventPage(programme=[...])``)."""
    return {"type": "day", "value": {"date": date.isoformat(), "title": "", "sessions": sessions}}


def session_data(title, *, kind="presentation", speakers=(), practices=(), start=None, end=None):
    return {
        "kind": kind,
        "title": title,
        "place": "",
        "description": "",
        "start_time": start,
        "end_time": end,
        "speakers": [person.pk for person in speakers],
        "practices": [page.pk for page in practices],
        "documents": [],
    }
