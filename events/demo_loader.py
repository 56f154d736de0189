"""Demo content of the events: the listing, the speakers (Person snippets) and the three
events of events/demo/, with the translations delivered as PO files
(events/demo/translations/<lang>/<key>.po).

Registered as a ``smartvillages_demo_loaders`` hook (wagtail_hooks.py), after the practice
library's loader: practices and organisations are looked up by slug in the French tree, and a
missing one is logged and left out. Idempotent: an object that exists is left as it is.

Speakers' translations come in one file per language (people.po) instead of one per person:
each entry's context is prefixed with the person's key (``claire-belet:role``); the loader
splits the file and imports each part through wagtail-localize.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path

import polib
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

from practices.models import OrganisationPage, PracticePage
from smartvillages.core import demo

from .models import EventIndexPage, EventPage, Person

logger = logging.getLogger(__name__)

DEMO_DIR = Path(__file__).resolve().parent / "demo"
TRANSLATIONS_DIR = DEMO_DIR / "translations"
PEOPLE_KEY = "people"
INDEX_KEY = "event-index"


def load(command, home):
    locale = home.locale
    index = demo.ensure_index_page(home, EventIndexPage, demo.load_yaml(DEMO_DIR / "index.yaml"))
    demo.sync_aliases()  # the listing exists in every locale before its events
    people = load_people(locale)
    created = 0
    for path in sorted((DEMO_DIR / "events").glob("*.yaml")):
        created += _event(index, demo.load_yaml(path), people, command)
    if created:
        command.log(f"Created {created} events.")
    demo.sync_aliases()
    if getattr(command, "export_po", False):
        export_translations(index, people, command)
    else:
        translate(index, people, command)


# Source content ---------------------------------------------------------------------------


def _pages_by_slug(model, locale) -> dict:
    return {
        page.slug: page
        for page in model.objects.filter(locale=locale, alias_of__isnull=True).order_by("pk")
    }


def load_people(locale) -> dict[str, Person]:
    """The speakers of people.yaml in the source locale, by their key in the file."""
    organisations = _pages_by_slug(OrganisationPage, locale)
    people = {}
    for entry in demo.load_yaml(DEMO_DIR / "people.yaml"):
        person = Person.objects.filter(locale=locale, name=entry["name"]).first()
        if person is None:
            organisation_slug = entry.get("organisation_slug")
            organisation_page = organisations.get(organisation_slug) if organisation_slug else None
            if organisation_slug and organisation_page is None:
                logger.warning("Speaker %s: no organisation %r", entry["slug"], organisation_slug)
            person = Person.objects.create(
                locale=locale,
                name=entry["name"],
                role=entry.get("role", ""),
                organisation=entry.get("organisation", ""),
                organisation_page=organisation_page,
            )
        people[entry["slug"]] = person
    return people


def _local_date_time(value):
    """'2020-10-05' or '2020-10-05T09:00' (or a YAML date) → (date, time or None)."""
    if isinstance(value, datetime.datetime):
        return value.date(), value.time()
    if isinstance(value, datetime.date):
        return value, None
    text = str(value)
    if "T" in text:
        moment = datetime.datetime.fromisoformat(text)
        return moment.date(), moment.time()
    return datetime.date.fromisoformat(text), None


def _time(value):
    return datetime.time.fromisoformat(str(value)).isoformat() if value else None


def _ref(objects: dict, slug: str, what: str, event_slug: str):
    obj = objects.get(slug)
    if obj is None:
        logger.warning("Event %s: %s %r not found, link left out", event_slug, what, slug)
        return None
    return obj.pk


def programme_stream(data, people, practices) -> list[dict]:
    slug = data["slug"]
    days = []
    for day in data.get("days") or []:
        sessions = []
        for session in day["sessions"]:
            sessions.append(
                {
                    "start_time": _time(session.get("start")),
                    "end_time": _time(session.get("end")),
                    "kind": session["kind"],
                    "title": session["title"],
                    "place": session.get("place", ""),
                    "description": (session.get("description") or "").strip(),
                    "speakers": [
                        _ref(people, key, "speaker", slug) for key in session.get("speakers", [])
                    ],
                    "practices": [
                        _ref(practices, key, "practice", slug)
                        for key in session.get("practices", [])
                    ],
                    "documents": [
                        {"title": title, "document": None, "url": ""}
                        for title in session.get("documents", [])
                    ],
                }
            )
        days.append(
            {
                "type": "day",
                "value": {
                    "date": str(day["date"]),
                    "title": day.get("title", ""),
                    "sessions": sessions,
                },
            }
        )
    # Ids come from positions in the YAML, then missing links are dropped, so the ids (and
    # the committed PO files that use them) do not depend on what the database holds.
    return _drop_missing(demo.with_block_ids(days, f"{slug}.programme"))


def report_stream(data, people, practices) -> list[dict]:
    slug = data["slug"]
    blocks = []
    for block in data.get("report") or []:
        kind = block["type"]
        if kind in ("text", "workshop"):
            value = {"heading": block["heading"], "text": demo.text_to_html(block["text"])}
            blocks.append({"type": "section" if kind == "text" else "workshop", "value": value})
        elif kind == "key_points":
            blocks.append(
                {
                    "type": "key_points",
                    "value": {"heading": block["heading"], "items": block["items"]},
                }
            )
        elif kind == "quote":
            person = block.get("person")
            value = {
                "text": block["text"],
                "person": _ref(people, person, "speaker", slug) if person else None,
                "attribution": block.get("attribution", ""),
            }
            blocks.append({"type": "quote", "value": value})
        elif kind == "initiative":
            contact = block.get("contact")
            contacts = []
            if contact:
                contacts.append(
                    {
                        "name": contact["name"],
                        "role": contact.get("role", ""),
                        "email": contact.get("email", ""),
                        "phone": contact.get("phone", ""),
                    }
                )
            value = {
                "practice": _ref(practices, block["practice"], "practice", slug),
                "comment": block.get("comment", ""),
                "contacts": contacts,
            }
            blocks.append({"type": "initiative", "value": value})
        else:
            raise ValueError(f"{slug}: unknown report block type {kind!r}")
    stream = demo.with_block_ids(blocks, f"{slug}.report")
    return [
        block
        for block in stream
        if not (block["type"] == "initiative" and block["value"]["practice"] is None)
    ]


def _drop_missing(value):
    """Remove list items whose value is None (a speaker or practice not found)."""
    if isinstance(value, list):
        return [
            _drop_missing(item)
            for item in value
            if not (isinstance(item, dict) and item.get("type") == "item" and item["value"] is None)
        ]
    if isinstance(value, dict):
        return {key: _drop_missing(child) for key, child in value.items()}
    return value


def _event(index, data, people, command) -> int:
    if demo.get_child_by_slug(index, data["slug"]) is not None:
        return 0
    locale = index.locale
    practices = _pages_by_slug(PracticePage, locale)
    organisations = _pages_by_slug(OrganisationPage, locale)
    start_date, start_time = _local_date_time(data["start"])
    end_date, end_time = _local_date_time(data["end"])
    location = data.get("location") or {}
    page = EventPage(
        slug=data["slug"],
        title=data["title"],
        introduction=data["summary"],
        description=demo.text_to_html(data.get("intro")),
        start_date=start_date,
        start_time=start_time,
        end_date=end_date,
        end_time=end_time,
        time_zone=data.get("timezone") or "Europe/Paris",
        venue=data.get("venue") or "",
        city=data.get("city") or "",
        country=data.get("country") or "",
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        format=data["format"],
        attendance_onsite=data.get("attendance_onsite"),
        attendance_online=data.get("attendance_online"),
        external_url=data.get("external_url") or "",
        registration_url=data.get("registration_url") or "",
        programme=programme_stream(data, people, practices),
        report=report_stream(data, people, practices),
    )
    page.organisers = [
        organisations[slug]
        for slug in data.get("organisers", [])
        if _ref(organisations, slug, "organisation", data["slug"])
    ]
    index.add_child(instance=page)
    page.save_revision().publish()
    return 1


# Translations -----------------------------------------------------------------------------


def translated_events(index):
    """Every demo event: each is delivered with its PO files in the four other languages."""
    for path in sorted((DEMO_DIR / "events").glob("*.yaml")):
        slug = demo.load_yaml(path)["slug"]
        page = demo.get_child_by_slug(index, slug)
        if page is not None:
            yield slug, page


def translate(index, people, command):
    count = 0
    for locale in demo.target_locales(index.locale):
        code = locale.language_code
        # People first: the event's programme points to speakers, which must exist in the
        # target language before the event's translation can be saved.
        count += import_people(people, locale, TRANSLATIONS_DIR / code / f"{PEOPLE_KEY}.po")
        path = demo.translation_po_path(TRANSLATIONS_DIR, code, INDEX_KEY)
        count += bool(demo.import_translation(index, locale, path))
        for slug, page in translated_events(index):
            path = demo.translation_po_path(TRANSLATIONS_DIR, code, slug)
            count += bool(demo.import_translation(page, locale, path))
    if count:
        command.log(f"Imported {count} event translations.")


def export_translations(index, people, command):
    for locale in demo.target_locales(index.locale):
        code = locale.language_code
        written = [export_people(people, locale, TRANSLATIONS_DIR / code / f"{PEOPLE_KEY}.po")]
        written.append(
            demo.export_translation(
                index, locale, demo.translation_po_path(TRANSLATIONS_DIR, code, INDEX_KEY)
            )
        )
        for slug, page in translated_events(index):
            path = demo.translation_po_path(TRANSLATIONS_DIR, code, slug)
            written.append(demo.export_translation(page, locale, path))
        command.log(f"Wrote the event PO files of {code} ({sum(written)} strings).")


def _person_translation(person, locale) -> Translation:
    source, _ = TranslationSource.update_or_create_from_instance(person)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    return translation


def export_people(people: dict[str, Person], locale: Locale, path: Path) -> int:
    """One PO file for all speakers, contexts prefixed with each person's key; translations
    already in the file are kept."""
    previous = {}
    if path.exists():
        previous = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(path))}
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Content-Type": "text/plain; charset=utf-8",
        "Content-Transfer-Encoding": "8bit",
        "MIME-Version": "1.0",
        "Language": locale.language_code,
    }
    for key, person in people.items():
        for entry in _person_translation(person, locale).export_po():
            context = f"{key}:{entry.msgctxt}"
            po.append(
                polib.POEntry(
                    msgctxt=context,
                    msgid=entry.msgid,
                    msgstr=previous.get((context, entry.msgid), entry.msgstr),
                )
            )
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return len(po)


def import_people(people: dict[str, Person], locale: Locale, path: Path) -> int:
    """Translate every speaker of ``people`` not yet translated into ``locale``."""
    if not path.exists():
        return 0
    entries = polib.pofile(str(path))
    missing = [entry.msgid for entry in entries if not entry.obsolete and not entry.msgstr]
    if missing:
        raise ValueError(f"{path}: {len(missing)} untranslated entries, e.g. {missing[0]!r}")
    count = 0
    for key, person in people.items():
        if demo.is_translated(person, locale):
            continue
        translation = _person_translation(person, locale)
        po = polib.POFile()
        po.metadata = {"X-WagtailLocalize-TranslationID": str(translation.uuid)}
        prefix = f"{key}:"
        for entry in entries:
            if entry.msgctxt and entry.msgctxt.startswith(prefix):
                po.append(
                    polib.POEntry(
                        msgctxt=entry.msgctxt[len(prefix) :],
                        msgid=entry.msgid,
                        msgstr=entry.msgstr,
                    )
                )
        for warning in translation.import_po(po, tool_name="demo content"):
            logger.warning("%s (%s): %s", path, key, warning)
        translation.save_target(publish=True)
        count += 1
    return count
