"""Keep the matchers and the usage index in step with publishing.

- A glossary page published, unpublished, moved or deleted: every matcher is rebuilt at its
  next use, and the pages of that locale are scanned again after the commit.
- Any other page published: its rich text is scanned for terms; unpublished: forgotten
  (deleted pages take their rows with them, by cascade).
"""

from django.db import transaction
from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import matchers, usage
from .models import GlossaryIndexPage, GlossaryTermPage

GLOSSARY_TYPES = (GlossaryIndexPage, GlossaryTermPage)


def glossary_changed(locale_id):
    matchers.invalidate()
    # Again after the commit: another process may have rebuilt from the data before it.
    transaction.on_commit(matchers.invalidate)
    usage.rescan_after_commit(locale_id)


def on_published(sender, instance, **kwargs):
    if instance.alias_of_id:
        return  # aliases show their source's text: neither linked terms nor counted usage
    if isinstance(instance, GLOSSARY_TYPES):
        glossary_changed(instance.locale_id)
    else:
        usage.record_usage(instance)


def on_unpublished(sender, instance, **kwargs):
    if instance.alias_of_id:
        return
    if isinstance(instance, GLOSSARY_TYPES):
        glossary_changed(instance.locale_id)
    else:
        usage.forget_page(instance)


def on_moved(sender, instance, **kwargs):
    if isinstance(instance.specific_deferred, GLOSSARY_TYPES):
        glossary_changed(instance.locale_id)


def on_deleted(sender, instance, **kwargs):
    glossary_changed(instance.locale_id)


def connect():
    page_published.connect(on_published, dispatch_uid="glossary_published")
    page_unpublished.connect(on_unpublished, dispatch_uid="glossary_unpublished")
    post_page_move.connect(on_moved, dispatch_uid="glossary_moved")
    for model in GLOSSARY_TYPES:
        post_delete.connect(on_deleted, sender=model, dispatch_uid=f"glossary_deleted_{model}")
