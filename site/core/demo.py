"""Building blocks of the demo-content command, shared by every app's demo loader.

The demo data lives in the repository as YAML (source language) and PO files (translations,
the way a translator's file arrives; the glossary's YAML holds every language and its PO files
are built in memory at load time), and is loaded through wagtail-localize exactly as an
editor's work would be: pages created in French, aliases synchronised into the other locales,
translations imported from PO files and published. Each translation is stored once.
"""

from __future__ import annotations

import html
import logging
import re
import uuid
from pathlib import Path

import polib
import yaml
from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue
from wagtail_localize.synctree import synchronize_tree

logger = logging.getLogger(__name__)

#: Namespace of the deterministic StreamField block ids of demo content. wagtail-localize
#: matches PO entries by context path, which contains block ids: random ids would orphan
#: every committed translation at the next load.
BLOCK_ID_NAMESPACE = uuid.UUID("5b1f4a8e-2f7c-4b0e-9a37-0c2d7e1f9a11")


def load_yaml(path: Path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def stable_id(*parts) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, ":".join(str(part) for part in parts)))


def with_block_ids(stream: list[dict], key: str) -> list[dict]:
    """Give every stream child, and every ListBlock item inside it, an id derived from its
    position, so that the same YAML always yields the same context paths."""

    def walk(value, path):
        if isinstance(value, dict):
            return {name: walk(child, f"{path}.{name}") for name, child in value.items()}
        if isinstance(value, list):
            return [
                {
                    "type": "item",
                    "value": walk(item, f"{path}.{index}"),
                    "id": stable_id(path, index),
                }
                for index, item in enumerate(value)
            ]
        return value

    return [
        {
            "type": child["type"],
            "value": walk(child["value"], f"{key}.{index}"),
            "id": stable_id(key, index),
        }
        for index, child in enumerate(stream)
    ]


_LIST_ITEM = re.compile(r"^\s*[-•]\s+")


def text_to_html(text: str | None) -> str:
    """Plain demo text to rich text: blank lines separate paragraphs, "- " lines are list items."""
    if not text:
        return ""
    out = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [line for line in chunk.splitlines() if line.strip()]
        items, para = [], []
        for line in lines:
            if _LIST_ITEM.match(line):
                if para:
                    out.append(f"<p>{html.escape(' '.join(para))}</p>")
                    para = []
                items.append(html.escape(_LIST_ITEM.sub("", line).strip()))
            else:
                if items:
                    out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
                    items = []
                para.append(line.strip())
        if para:
            out.append(f"<p>{html.escape(' '.join(para))}</p>")
        if items:
            out.append("<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>")
    return "".join(out)


def ensure_locales_and_root() -> Page:
    """The five locales, their synchronisation from the default one, and the tree's root.

    Migrations create them (home 0002); this puts them back on a database that was emptied
    since (a flushed test database), so the demo command works on any migrated database.
    """
    from wagtail_localize.models import LocaleSynchronization

    default, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.LANGUAGES:
        locale, _ = Locale.objects.get_or_create(language_code=code)
        if locale.pk != default.pk:
            LocaleSynchronization.objects.get_or_create(
                locale=locale, defaults={"sync_from": default}
            )
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=default))
    return root


def source_locale() -> Locale:
    return Locale.objects.get(language_code=settings.LANGUAGE_CODE)


def source_home() -> Page | None:
    """The home page of the source language (the first page under the root), or None before
    the general pages' loader has created it."""
    page = Page.objects.filter(depth=2, locale=source_locale()).order_by("path").first()
    return page.specific if page is not None else None


def target_locales(exclude: Locale) -> list[Locale]:
    return list(Locale.objects.exclude(pk=exclude.pk).order_by("language_code"))


def sync_aliases():
    """Create the alias pages of every locale that follows another (wagtail-localize's
    LocaleSynchronization), as the admin does after each page creation."""
    from wagtail_localize.models import LocaleSynchronization

    for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
        synchronize_tree(sync.sync_from, sync.locale)


def translation_po_path(folder: Path, language_code: str, key: str) -> Path:
    return folder / language_code / f"{key}.po"


def is_translated(instance, locale: Locale) -> bool:
    """True when the object already has a real (non-alias) version in the locale."""
    translated = instance.get_translation_or_none(locale)
    if translated is None:
        return False
    return not getattr(translated, "alias_of_id", None)


@transaction.atomic
def import_translation(instance, locale: Locale, po_path: Path, stdout=None):
    """Translate ``instance`` into ``locale`` from a PO file and publish the result.

    Returns the number of strings imported, or 0 when the file is missing or the object is
    already translated (so a second run changes nothing).
    """
    if not po_path.exists() or is_translated(instance, locale):
        return 0
    return import_translation_po(instance, locale, polib.pofile(str(po_path)), str(po_path))


@transaction.atomic
def import_translation_po(instance, locale: Locale, po: polib.POFile, label: str) -> int:
    """``import_translation`` from a PO file held in memory (built at load time from demo
    content that holds every language, the glossary's YAML); ``label`` names it in messages."""
    if is_translated(instance, locale):
        return 0
    source, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    # wagtail-localize ignores a file whose header names another translation: a committed
    # file was exported from another database, so point it at this one.
    po.metadata["X-WagtailLocalize-TranslationID"] = str(translation.uuid)
    missing = [entry.msgid for entry in po if not entry.obsolete and not entry.msgstr]
    if missing:
        raise ValueError(f"{label}: {len(missing)} untranslated entries, e.g. {missing[0]!r}")
    warnings = translation.import_po(po, tool_name="demo content")
    for warning in warnings:
        logger.warning("%s: %s", label, warning)
    translation.save_target(publish=True)
    return len(po)


def export_translation(instance, locale: Locale, po_path: Path) -> int:
    """Write (or refresh) the PO file of ``instance`` for ``locale``, keeping translations
    already in the file: how the demo's translation files are produced for translators."""
    source, _ = TranslationSource.update_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": False}
    )
    po = translation.export_po()
    previous = {}
    if po_path.exists():
        for entry in polib.pofile(str(po_path)):
            previous[(entry.msgctxt, entry.msgid)] = entry.msgstr
    for entry in po:
        entry.msgstr = previous.get((entry.msgctxt, entry.msgid), entry.msgstr)
    po.metadata.pop("POT-Creation-Date", None)
    po.metadata["Language"] = locale.language_code
    po_path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(po_path))
    return len([entry for entry in po if not entry.obsolete])


def get_child_by_slug(parent: Page, slug: str):
    return parent.get_children().filter(slug=slug).specific().first()


def ensure_index_page(parent: Page, model, data: dict) -> Page:
    """The child of ``parent`` with the slug ``data["slug"]``; if there is none, a new
    ``model`` page with the slug, title and introduction (optional) of ``data``, shown in the
    menus and published: a listing of the demo site (the practice library, the events)."""
    page = get_child_by_slug(parent, data["slug"])
    if page is None:
        page = model(
            slug=data["slug"],
            title=data["title"],
            introduction=data.get("introduction", ""),
            show_in_menus=True,
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def paired_translation_po(instance, locale: Locale, pairs, slug: str | None = None):
    """The PO file of ``instance`` for ``locale``, every string wagtail-localize extracts from
    the source filled from (source text, translated text) ``pairs``, and the slug when given:
    demo content whose translations are kept as parallel texts rather than PO files."""
    source_object, _ = TranslationSource.get_or_create_from_instance(instance)
    translation, _ = Translation.objects.get_or_create(
        source=source_object, target_locale=locale, defaults={"enabled": True}
    )
    texts = {
        StringValue.from_plaintext(source).data: StringValue.from_plaintext(other).data
        for source, other in pairs
    }
    po = translation.export_po()
    for entry in po:
        if entry.msgctxt == "slug" and slug:
            entry.msgstr = slug
        else:
            entry.msgstr = texts.get(entry.msgid, "")
    return po
