"""Facets of the search page beyond the content type: dimension, theme, country.

They belong to the practice library (``practices.PracticePage``), which this app must not
require: each facet is resolved when it is used, and left out when its model or field does not
exist (yet). Counting and filtering happen in the database over the pages the search backend
matched (one query per facet and one for its labels), so they work on every backend and need
no FilterField in the engine.

A facet field may be a relation (many-to-many or foreign key, to a snippet with a ``code``,
``slug`` or ``translation_key``: the value in URLs is stable across languages), a list field
(JSON/array of codes), or a plain field with choices. Labels come from the related objects in
the active locale, from the field's choices, or, for ISO country codes, from ICU.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("smartvillages.search")


@dataclass(frozen=True)
class FacetDefinition:
    param: str
    label: str
    model: str
    field: str


FACETS = [
    FacetDefinition("dimension", _("Dimension"), "practices.PracticePage", "dimensions"),
    FacetDefinition("theme", _("Theme"), "practices.PracticePage", "themes"),
    FacetDefinition("country", _("Country"), "practices.PracticePage", "countries"),
]


class Facet:
    """A facet whose model and field exist."""

    def __init__(self, definition: FacetDefinition, model, field):
        self.definition = definition
        self.param = definition.param
        self.label = definition.label
        self.model = model
        self.field = field
        if field.is_relation:
            self.kind = "relation"
            related = field.related_model
            for key in ("code", "slug", "translation_key"):
                try:
                    related._meta.get_field(key)
                except FieldDoesNotExist:
                    continue
                self.key = key
                break
            else:
                self.key = "pk"
        elif field.get_internal_type() in ("JSONField", "ArrayField"):
            self.kind = "list"
        else:
            self.kind = "scalar"

    def values_for(self, page_ids) -> dict[int, set[str]]:
        """Page id -> the facet's values, for the pages among ``page_ids`` of this model."""
        name = self.field.name
        lookup = f"{name}__{self.key}" if self.kind == "relation" else name
        rows = self.model.objects.filter(pk__in=page_ids).values_list("pk", lookup)
        values: dict[int, set[str]] = {}
        for pk, value in rows:
            if value is None or value == "":
                continue
            items = value if isinstance(value, (list, tuple)) else [value]
            values.setdefault(pk, set()).update(
                str(item) for item in items if item not in ("", None)
            )
        return values

    def labels(self, keys) -> dict[str, str]:
        keys = list(keys)
        if not keys:
            return {}
        if self.kind == "relation":
            return self._relation_labels(keys)
        choices = self._choices()
        labels = {key: str(choices[key]) for key in keys if key in choices}
        missing = [key for key in keys if key not in labels]
        if missing and self.param == "country":
            labels.update(country_names(missing))
        return {key: labels.get(key, key) for key in keys}

    def _choices(self) -> dict:
        field = getattr(self.field, "base_field", self.field)
        return {str(value): label for value, label in (field.flatchoices or [])}

    def _relation_labels(self, keys) -> dict[str, str]:
        related = self.field.related_model
        objects = related._default_manager.filter(**{f"{self.key}__in": keys})
        language = translation.get_language()
        has_locale = hasattr(related, "locale_id")
        if has_locale:
            objects = objects.select_related("locale")
        best: dict[str, tuple[int, str]] = {}
        for obj in objects:
            key = str(getattr(obj, self.key))
            rank = 2
            if has_locale:
                code = obj.locale.language_code
                rank = 0 if code == language else 1 if code == settings.LANGUAGE_CODE else 2
            if key not in best or rank < best[key][0]:
                best[key] = (rank, str(obj))
        return {key: best[key][1] if key in best else key for key in keys}


def country_names(codes) -> dict[str, str]:
    """Country names in the active language, from ICU when it is installed."""
    try:
        import icu
    except ImportError:
        return {}
    display = icu.Locale(translation.get_language() or settings.LANGUAGE_CODE)
    names = {}
    for code in codes:
        if len(code) == 2 and code.isalpha():
            name = icu.Locale("", code.upper()).getDisplayCountry(display)
            if name and name.upper() != code.upper():
                names[code] = name
    return names


def available_facets() -> list[Facet]:
    facets = []
    for definition in FACETS:
        try:
            model = apps.get_model(definition.model)
            field = model._meta.get_field(definition.field)
        except (LookupError, FieldDoesNotExist):
            continue
        if isinstance(field, models.Field) or field.many_to_many:
            facets.append(Facet(definition, model, field))
    return facets
