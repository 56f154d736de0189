"""PO files: a translator downloads the file of a translation, fills it, uploads it and
publishes, for every page type and translatable snippet that has content."""

import json

import polib
import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Locale, Page, get_page_models
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.operations import translate_object

from smartvillages.translation.groups import translatable_snippet_models, translators_group_name

MARK = "[DE] "


@pytest.fixture
def german_client(client, django_user_model):
    user = django_user_model.objects.create_user("tr-de", password="pw")
    user.groups.add(Group.objects.get(name=translators_group_name("de")))
    client.force_login(user)
    return client


def edit_url(instance):
    if isinstance(instance, Page):
        return reverse("wagtailadmin_pages:edit", args=[instance.pk])
    return reverse(instance.snippet_viewset.get_url_name("edit"), args=[instance.pk])


def source_instance(model):
    """A French original of the model (not an alias), or None when there is none yet."""
    queryset = model._default_manager.filter(locale__language_code="fr")
    if issubclass(model, Page):
        queryset = queryset.filter(alias_of__isnull=True, depth__gt=1).exact_type(model)
    return queryset.order_by("pk").first()


def po_round_trip(client, source, language_code, capture_on_commit):
    """Download, translate, upload and publish ``source`` in ``language_code`` as the
    logged-in translator, as docs/translating.md tells them. Returns the published version."""
    locale = Locale.objects.get(language_code=language_code)
    if not Translation.objects.filter(
        source__object_id=source.translation_key, target_locale=locale, enabled=True
    ).exists():
        with capture_on_commit(execute=True):
            translate_object(source, [locale])  # an editor's request
    translation = Translation.objects.get(
        source__object_id=source.translation_key, target_locale=locale
    )

    response = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert response.status_code == 200, source
    po = polib.pofile(response.content.decode())
    entries = [entry for entry in po if not entry.obsolete]
    assert entries, f"{source!r}: nothing to translate"
    for entry in entries:
        entry.msgstr = MARK + entry.msgid

    target = translation.get_target_instance()
    upload = SimpleUploadedFile("file.po", str(po).encode(), content_type="text/x-gettext")
    response = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": upload, "next": edit_url(target)},
    )
    assert response.status_code == 302
    messages = [m.level_tag for m in get_messages(response.wsgi_request)]
    assert "error" not in messages, (source, messages)

    segments = StringSegment.objects.filter(source=translation.source).count()
    assert (
        StringTranslation.objects.filter(
            locale=locale,
            context__object_id=source.translation_key,
            data__startswith=MARK,
        ).count()
        >= segments
    )

    with capture_on_commit(execute=True):
        response = client.post(edit_url(target), {"action": "publish"})
    assert response.status_code == 302, source
    return type(target)._default_manager.get(pk=target.pk)


def models_with_content():
    page_models = [model for model in get_page_models() if model is not Page]
    return [
        (model, instance)
        for model in page_models + translatable_snippet_models()
        if (instance := source_instance(model)) is not None
    ]


@pytest.mark.django_db
def test_po_round_trip_for_every_model_with_content(
    german_client, django_capture_on_commit_callbacks
):
    done = []
    for model, source in models_with_content():
        po_round_trip(german_client, source, "de", django_capture_on_commit_callbacks)
        done.append(model._meta.label)
    assert {"home.HomePage", "home.StandardPage", "home.FooterText"} <= set(done)


#: The issue's round trips, each checked down to the fields a reader sees.
ROUND_TRIP_MODELS = [
    "home.StandardPage",
    "home.HomePage",
    "home.FooterText",
    "practices.PracticePage",
    "events.EventPage",
    "glossary.GlossaryTermPage",
]


def source_for(label):
    model = apps.get_model(label)
    if label == "events.EventPage":
        # the model event: a programme of days and sessions in StreamField blocks
        return model.objects.get(
            slug="grenoble-2020-smart-villages", locale__language_code="fr", alias_of__isnull=True
        )
    if label == "practices.PracticePage":
        return model.objects.get(
            slug="tremplin-saison", locale__language_code="fr", alias_of__isnull=True
        )
    return source_instance(model)


@pytest.mark.django_db
@pytest.mark.parametrize("label", ROUND_TRIP_MODELS)
def test_po_round_trip(label, german_client, django_capture_on_commit_callbacks):
    source = source_for(label)
    published = po_round_trip(german_client, source, "de", django_capture_on_commit_callbacks)
    if isinstance(published, Page):
        assert published.title == MARK + source.title
        assert published.live
        assert published.live_revision.object_id == str(published.pk)
        assert published.locale.language_code == "de"
    else:
        assert MARK in str(published.body)

    if label == "practices.PracticePage":
        assert published.introduction.startswith(MARK)
        assert MARK in published.objectives
        # taxonomy, dates and money are synchronised, not translated
        assert published.start_date == source.start_date
        assert [f.amount for f in published.funding.all()] == [
            f.amount for f in source.funding.all()
        ]
        response = german_client.get(published.url)
        assert response.status_code == 200
        assert MARK + source.title in response.content.decode()
    elif label == "events.EventPage":
        # every string of the programme's blocks (days, sessions, speakers' roles...) came
        # back from the PO file into the StreamField
        segments = StringSegment.objects.filter(
            source__object_id=source.translation_key, context__path__startswith="programme"
        ).count()
        assert segments > 20, "the model event has a programme"
        programme = json.dumps(published.programme.get_prep_value(), ensure_ascii=False)
        assert programme.count(MARK) >= segments
        assert published.start_date == source.start_date
    elif label == "glossary.GlossaryTermPage":
        assert published.short_definition.startswith(MARK)
        assert published.explanation and MARK in str(published.explanation)
