"""The translation state of every page and translatable snippet, per locale.

Derived from Wagtail's and wagtail-localize's own records, nothing stored by us:
- a version of the object in the locale: none (missing), an alias of the source, or a page
  or snippet of its own;
- wagtail-localize's ``Translation`` (source -> target locale) and how many of the source's
  strings have a ``StringTranslation`` in the target locale (progress);
- "out of date": the source was published (pages, draftable snippets) or changed (other
  snippets: its fields differ from the frozen ``TranslationSource.content_json``) after
  ``TranslationSource.last_updated_at``, the moment the source was last submitted or synced
  for translation. An editor's sync brings the new strings to the translator.

The whole table costs a fixed number of queries (locales, pages, sources, translations with
their progress in one aggregate query, one per snippet model), whatever the number of pages.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from modelcluster.models import ClusterableModel, get_serializable_data_for_fields
from wagtail.models import DraftStateMixin, Locale, Page, RevisionMixin
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from .access import manages_all_locales, translation_locale_ids
from .groups import translatable_snippet_models

SOURCE = "source"
MISSING = "missing"
ALIAS = "alias"
TO_TRANSLATE = "to_translate"
OUT_OF_DATE = "out_of_date"
UNPUBLISHED = "unpublished"
TRANSLATED = "translated"

#: States in the order the dashboard shows them, with their labels.
STATES = {
    TO_TRANSLATE: _("To translate"),
    OUT_OF_DATE: _("Out of date"),
    UNPUBLISHED: _("Not published"),
    ALIAS: _("Alias, not translated"),
    MISSING: _("Missing"),
    TRANSLATED: _("Translated"),
    SOURCE: _("Source"),
}

PAGE_KIND = "page"
SNIPPET_KIND = "snippet"


@dataclass
class Cell:
    locale: Locale
    state: str
    edit_url: str | None = None
    done: int | None = None
    total: int | None = None
    request_url: str | None = None  # editors: ask for a translation into this locale
    sync_url: str | None = None  # editors: bring the source's changes to the translation

    @property
    def state_label(self):
        return STATES[self.state]

    @property
    def progress(self) -> str:
        if self.total is None:
            return ""
        return f"{self.done}/{self.total}"


@dataclass
class Row:
    kind: str
    type_key: str
    type_label: str
    title: str
    source_locale: Locale | None
    source_edit_url: str | None
    cells: list[Cell] = field(default_factory=list)


#: The three figures of the per-type summary: what a reader gets in their language.
SUMMARY_STATES = {
    TRANSLATED: (TRANSLATED,),
    OUT_OF_DATE: (OUT_OF_DATE,),
    MISSING: (MISSING, ALIAS, TO_TRANSLATE, UNPUBLISHED),
}
SUMMARY_LABELS = {
    TRANSLATED: _("translated"),
    OUT_OF_DATE: _("out of date"),
    MISSING: _("not translated"),
}


@dataclass
class Report:
    locales: list[Locale]
    rows: list[Row]
    counts: dict[str, dict[str, int]]
    types: list[tuple[str, str]]
    type_counts: dict[tuple[str, str], dict[str, dict[str, int]]] = field(default_factory=dict)

    def type_totals(self):
        """Per page or snippet type: (key, label, [(locale, [(state, label, count)...])...]),
        where a locale's figures are translated, out of date and not translated (missing,
        alias, requested or unpublished); the source locale of a type shows none."""
        table = []
        for (type_key, type_label), by_locale in sorted(
            self.type_counts.items(), key=lambda item: item[0][1].lower()
        ):
            cells = []
            for locale in self.locales:
                states = by_locale.get(locale.language_code, {})
                cells.append(
                    (
                        locale,
                        [
                            (state, SUMMARY_LABELS[state], sum(states.get(s, 0) for s in group))
                            for state, group in SUMMARY_STATES.items()
                        ],
                    )
                )
            table.append((type_key, type_label, cells))
        return table

    def totals(self):
        """Per locale: [(state, label, count)...] in display order."""
        return [
            (
                locale,
                [
                    (state, label, self.counts[locale.language_code][state])
                    for state, label in STATES.items()
                ],
            )
            for locale in self.locales
        ]


def _changed_after(moment, source) -> bool:
    """Whether the source changed after it was last submitted or synced for translation."""
    return bool(source and moment and moment > source["last_updated_at"])


def _ordered_locales(locales):
    order = {code: index for index, (code, _name) in enumerate(settings.LANGUAGES)}
    return sorted(locales, key=lambda locale: order.get(locale.language_code, len(order)))


def _translations_with_progress():
    """Every enabled translation with its string counts, in one query."""
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id")).order_by()
    done_segments = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=OuterRef(OuterRef("target_locale_id")),
                has_error=False,
            )
        )
    )
    last_string_update = StringTranslation.objects.filter(
        locale_id=OuterRef("target_locale_id"),
        context__object_id=OuterRef("source__object_id"),
    ).order_by()

    def count(queryset):
        return Coalesce(
            Subquery(
                queryset.values("source_id").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        )

    return Translation.objects.filter(enabled=True).annotate(
        total=count(segments),
        done=count(done_segments),
        last_string_update=Subquery(
            last_string_update.values("locale_id").annotate(at=Max("updated_at")).values("at")
        ),
    )


class StatusBuilder:
    """Builds the report for one user (their locales only) and optional filters."""

    def __init__(self, user, *, locale_code=None, type_key=None, state=None):
        self.user = user
        self.is_manager = manages_all_locales(user)
        self.all_locales = _ordered_locales(Locale.objects.all())
        self.locales_by_id = {locale.pk: locale for locale in self.all_locales}
        allowed = translation_locale_ids(user)
        self.allowed_locale_ids = allowed
        self.locales = [
            locale
            for locale in self.all_locales
            if (allowed is None or locale.pk in allowed)
            and (not locale_code or locale.language_code == locale_code)
        ]
        self.type_key = type_key or None
        self.state = state or None
        self.default_locale_id = next(
            (loc.pk for loc in self.all_locales if loc.language_code == settings.LANGUAGE_CODE),
            None,
        )

    # Data --------------------------------------------------------------------------------

    def _load_translation_records(self):
        self.sources_by_key = defaultdict(list)
        for source in TranslationSource.objects.values(
            "id", "object_id", "locale_id", "last_updated_at", "specific_content_type_id"
        ):
            self.sources_by_key[source["object_id"]].append(source)
        self.translations = {}
        self.sources_with_translations = set()
        for translation in _translations_with_progress().values(
            "id", "source_id", "target_locale_id", "total", "done", "last_string_update"
        ):
            self.translations[(translation["source_id"], translation["target_locale_id"])] = (
                translation
            )
            self.sources_with_translations.add(translation["source_id"])

    def _source_record(self, key, versions: dict, fallback_locale_id):
        """The TranslationSource of an object and the locale its translations come from."""
        candidates = [s for s in self.sources_by_key.get(key, []) if s["locale_id"] in versions]
        candidates.sort(key=lambda s: (s["id"] not in self.sources_with_translations, s["id"]))
        if candidates:
            return candidates[0], candidates[0]["locale_id"]
        return None, fallback_locale_id

    # Cells -------------------------------------------------------------------------------

    def _cell(
        self,
        locale,
        source_locale_id,
        version,
        source,
        source_changed,
        *,
        live,
        edit_url,
        request_url,
        has_unpublished_changes=False,
        published_at=None,
        alias=False,
    ):
        if locale.pk == source_locale_id:
            return Cell(locale, SOURCE, edit_url=edit_url)
        if version is None:
            return Cell(locale, MISSING, request_url=request_url)
        if alias:
            return Cell(locale, ALIAS, edit_url=edit_url, request_url=request_url)
        translation = self.translations.get((source["id"], locale.pk)) if source else None
        if translation is None:
            # A version of its own that wagtail-localize does not manage (edited by hand).
            return Cell(locale, TRANSLATED, edit_url=edit_url)
        cell = Cell(
            locale,
            TRANSLATED,
            edit_url=edit_url,
            done=translation["done"],
            total=translation["total"],
        )
        last_strings = translation["last_string_update"]
        if source_changed:
            cell.state = OUT_OF_DATE
            if self.is_manager:
                cell.sync_url = reverse("wagtail_localize:update_translations", args=[source["id"]])
        elif cell.done < cell.total:
            cell.state = TO_TRANSLATE
        elif (
            not live
            or has_unpublished_changes
            or (last_strings and published_at and last_strings > published_at)
        ):
            cell.state = UNPUBLISHED
        return cell

    def _source_url(self, locale_id, url_name, pk):
        """The source's editor, for those who may edit that locale (editors, mostly)."""
        if self.allowed_locale_ids is None or locale_id in self.allowed_locale_ids:
            return reverse(url_name, args=[pk])
        return None

    def _request_url(self, url_name, args, locale):
        if not self.is_manager:
            return None
        return (
            reverse(url_name, args=args) + "?" + urlencode({"select_locale": locale.language_code})
        )

    # Pages -------------------------------------------------------------------------------

    def page_rows(self):
        versions_by_key = defaultdict(dict)
        order = []
        for page in (
            Page.objects.filter(depth__gt=1)
            .order_by("path")
            .values(
                "id",
                "translation_key",
                "locale_id",
                "alias_of_id",
                "live",
                "has_unpublished_changes",
                "last_published_at",
                "title",
                "content_type_id",
            )
        ):
            key = page["translation_key"]
            if key not in versions_by_key:
                order.append(key)
            versions_by_key[key][page["locale_id"]] = page
        by_id = {
            page["id"]: page for versions in versions_by_key.values() for page in versions.values()
        }
        for key in order:
            versions = versions_by_key[key]
            original = self._original_page(versions, by_id)
            type_model = ContentType.objects.get_for_id(original["content_type_id"]).model_class()
            type_key = f"{PAGE_KIND}:{type_model._meta.label_lower}" if type_model else PAGE_KIND
            if self.type_key and self.type_key != type_key:
                continue
            source, source_locale_id = self._source_record(key, versions, original["locale_id"])
            source_page = versions.get(source_locale_id, original)
            row = Row(
                kind=PAGE_KIND,
                type_key=type_key,
                type_label=str(type_model._meta.verbose_name) if type_model else "",
                title=source_page["title"],
                source_locale=self.locales_by_id.get(source_locale_id),
                source_edit_url=self._source_url(
                    source_locale_id, "wagtailadmin_pages:edit", source_page["id"]
                ),
            )
            for locale in self.locales:
                version = versions.get(locale.pk)
                row.cells.append(
                    self._cell(
                        locale,
                        source_locale_id,
                        version,
                        source,
                        _changed_after(source_page["last_published_at"], source),
                        live=version["live"] if version else False,
                        edit_url=reverse("wagtailadmin_pages:edit", args=[version["id"]])
                        if version
                        else None,
                        request_url=self._request_url(
                            "wagtail_localize:submit_page_translation",
                            [source_page["id"]],
                            locale,
                        ),
                        has_unpublished_changes=version["has_unpublished_changes"]
                        if version
                        else False,
                        published_at=version["last_published_at"] if version else None,
                        alias=bool(version and version["alias_of_id"]),
                    )
                )
            yield row

    def _original_page(self, versions, by_id):
        """The version the others come from: what aliases point to, else the default
        locale's version, else the first real page."""
        for page in versions.values():
            if page["alias_of_id"] and page["alias_of_id"] in by_id:
                return by_id[page["alias_of_id"]]
        real = [page for page in versions.values() if not page["alias_of_id"]]
        for page in real:
            if page["locale_id"] == self.default_locale_id:
                return page
        return (real or list(versions.values()))[0]

    # Snippets ----------------------------------------------------------------------------

    def snippet_rows(self):
        for model in translatable_snippet_models():
            type_key = f"{SNIPPET_KIND}:{model._meta.label_lower}"
            if self.type_key and self.type_key != type_key:
                continue
            yield from self._rows_for_snippet_model(model, type_key)

    def _rows_for_snippet_model(self, model, type_key):
        queryset = model._default_manager.select_related("locale")
        draftable = issubclass(model, DraftStateMixin)
        revisioned = issubclass(model, RevisionMixin)
        if revisioned:
            queryset = queryset.select_related("latest_revision")
        instances_by_key = defaultdict(dict)
        for instance in queryset:
            instances_by_key[instance.translation_key][instance.locale_id] = instance
        content = {}
        if not draftable and not revisioned and not issubclass(model, ClusterableModel):
            content = dict(
                TranslationSource.objects.filter(
                    specific_content_type=ContentType.objects.get_for_model(model)
                ).values_list("id", "content_json")
            )
        edit_url_name = model.snippet_viewset.get_url_name("edit")
        app_label, model_name = model._meta.app_label, model._meta.model_name
        rows = []
        for key, versions in instances_by_key.items():
            default = versions.get(self.default_locale_id) or next(iter(versions.values()))
            source, source_locale_id = self._source_record(key, versions, default.locale_id)
            original = versions[source_locale_id]
            if draftable:
                source_changed = _changed_after(original.last_published_at, source)
            elif revisioned:
                revision = original.latest_revision
                source_changed = _changed_after(revision and revision.created_at, source)
            else:
                source_changed = bool(
                    source
                    and source["id"] in content
                    and self._fields_changed(original, content[source["id"]])
                )
            row = Row(
                kind=SNIPPET_KIND,
                type_key=type_key,
                type_label=str(model._meta.verbose_name),
                title=str(original),
                source_locale=self.locales_by_id.get(source_locale_id),
                source_edit_url=self._source_url(
                    source_locale_id, edit_url_name, quote(original.pk)
                ),
            )
            for locale in self.locales:
                version = versions.get(locale.pk)
                row.cells.append(
                    self._cell(
                        locale,
                        source_locale_id,
                        version,
                        source,
                        source_changed,
                        live=getattr(version, "live", True),
                        edit_url=reverse(edit_url_name, args=[quote(version.pk)])
                        if version
                        else None,
                        request_url=self._request_url(
                            "wagtail_localize:submit_snippet_translation",
                            [app_label, model_name, quote(original.pk)],
                            locale,
                        ),
                        has_unpublished_changes=getattr(version, "has_unpublished_changes", False),
                        published_at=getattr(version, "last_published_at", None),
                    )
                )
            rows.append(row)
        rows.sort(key=lambda row: row.title.lower())
        return rows

    @staticmethod
    def _fields_changed(instance, content_json) -> bool:
        current = json.loads(
            json.dumps(get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder)
        )
        return current != json.loads(content_json)

    # Report ------------------------------------------------------------------------------

    def build(self) -> Report:
        self._load_translation_records()
        rows = list(self.page_rows()) + list(self.snippet_rows())
        counts = {locale.language_code: dict.fromkeys(STATES, 0) for locale in self.locales}
        type_counts = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
        for row in rows:
            for cell in row.cells:
                counts[cell.locale.language_code][cell.state] += 1
                type_counts[(row.type_key, row.type_label)][cell.locale.language_code][
                    cell.state
                ] += 1
        if self.state:
            rows = [row for row in rows if any(cell.state == self.state for cell in row.cells)]
        return Report(
            locales=self.locales,
            rows=rows,
            counts=counts,
            types=self.type_choices(),
            type_counts=type_counts,
        )

    @staticmethod
    def type_choices():
        from wagtail.models import get_page_models

        choices = [
            (f"{PAGE_KIND}:{model._meta.label_lower}", str(model._meta.verbose_name))
            for model in get_page_models()
            if model is not Page and not model._meta.abstract
        ]
        choices += [
            (f"{SNIPPET_KIND}:{model._meta.label_lower}", str(model._meta.verbose_name))
            for model in translatable_snippet_models()
        ]
        return sorted(choices, key=lambda choice: choice[1].lower())
