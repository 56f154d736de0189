"""Mixins that make Wagtail's Elasticsearch/OpenSearch backends language-aware.

Wagtail (django-modelsearch) puts the pages of every locale in one index analysed by one
analyzer (wagtail#1177, django-modelsearch#61). Each backend entry built here serves one
language (``LANGUAGE``) with its own ``INDEX_PREFIX``:

- its index settings define ``sv_text``/``sv_autocomplete`` for that language
  (analysis.py) and the mapping names them on every text field;
- it indexes only objects of its locale, and removes an object that is saved in another
  locale (a page moved to another locale leaves the index it was in); objects without a
  locale (images, documents) are left to the database backend, which the admin uses;
- single writes are tasks of the task queue (``smartvillages.search.tasks.sync_index_entry``,
  one per object and language entry, coalesced while it waits): publishing never waits on the
  engine, the document is built by the worker from the object as it is then, and a write the
  engine could not take is retried with backoff (``SEARCH_WRITE_RETRY``); rebuilds
  (``update_index``) write synchronously and fail loudly;
- clients are shared per process instead of one per ``get_search_backend()`` call.

The mixins sit in front of Wagtail's classes for elasticsearch9, elasticsearch8 and
opensearch3 (see the modules of the same names; both Elasticsearch versions are built by
elasticsearchbase.py); nothing of Wagtail's is copied.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading

from django.conf import settings
from django.db.models import Model
from modelsearch.index import class_is_indexed, get_indexed_instance
from modelsearch.utils import deep_update

from .. import state
from ..analysis import (
    AUTOCOMPLETE_ANALYZER,
    AUTOCOMPLETE_SEARCH_ANALYZER,
    language_index_settings,
    set_text_analyzers,
)
from ..conf import engine_backend_name

logger = logging.getLogger("smartvillages.search")

#: Largest from+size an engine answers in one request (index.max_result_window).
MAX_RESULT_WINDOW = 10_000

_clients: dict[tuple, object] = {}
_clients_lock = threading.Lock()


def shared_client(client_class, hosts, options):
    """One client (and its connection pool) per engine configuration and process."""
    key = (
        client_class,
        json.dumps(hosts, sort_keys=True, default=str),
        json.dumps(options, sort_keys=True, default=str),
    )
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = client_class(hosts=hosts, **options)
        return client


_locale_codes: dict[int, str] = {}


def locale_code(locale_id: int | None) -> str | None:
    """Language code of a locale id, from a per-process map (locales are few and stable)."""
    if locale_id is None:
        return None
    code = _locale_codes.get(locale_id)
    if code is None:
        from wagtail.models import Locale

        _locale_codes.clear()
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
        code = _locale_codes.get(locale_id)
    return code


def object_language(obj: Model) -> str | None:
    """The language of an object with a locale (pages, translatable snippets), else None."""
    if not hasattr(obj, "locale_id"):
        return None
    return locale_code(obj.locale_id)


class LanguageMappingMixin:
    """Text fields analysed by ``sv_text``, autocomplete by the accent-folding analyzers."""

    edgengram_analyzer_config = {
        "analyzer": AUTOCOMPLETE_ANALYZER,
        "search_analyzer": AUTOCOMPLETE_SEARCH_ANALYZER,
    }

    def get_mapping(self):
        mapping = super().get_mapping()
        set_text_analyzers(mapping["properties"])
        return mapping


class LanguageIndexMixin:
    """Keeps one locale's objects in the index; single writes are queued."""

    def _belongs(self, item) -> bool | None:
        language = object_language(item)
        if language is None:
            return None
        return language == self.backend.language

    def add_item(self, item):
        if class_is_indexed(item.__class__) and self._belongs(item) is not None:
            self.backend.queue_write(item.__class__, item.pk)

    def add_items(self, model, items):
        items = [item for item in items if self._belongs(item)]
        if items:
            super().add_items(model, items)

    def delete_item(self, item):
        if class_is_indexed(item.__class__) and self._belongs(item) is not None:
            self.backend.queue_write(item.__class__, item.pk)

    def send_document(self, doc_id, document):
        self.es.index(index=self.name, document=document, id=doc_id)

    def send_delete(self, doc_id):
        with contextlib.suppress(self.backend.NotFoundError):
            self.es.delete(index=self.name, id=doc_id)


class SingleRequestResultsMixin:
    """Fetch a bounded slice in one request (from/size) instead of Wagtail's scroll of 100s:
    the search page asks for its few hundred best matches at once."""

    def _do_search(self):
        if self.stop is None or self.stop > MAX_RESULT_WINDOW:
            yield from super()._do_search()
            return
        size = self.stop - self.start
        if size <= 0:
            return
        params = {
            "index": self.backend.get_index_for_model(self.query_compiler.queryset.model).name,
            "_source": False,
            self.fields_param_name: "pk",
            "from_": self.start,
            "size": size,
        }
        hits = self._backend_do_search(self._get_es_body(), **params)["hits"]["hits"]
        yield from self._get_results_from_hits(hits)


class LanguageBackendMixin:
    """Backend options: ``LANGUAGE`` (required; the entry must be named
    ``engine_backend_name(LANGUAGE)``), ``HUNSPELL_SL``, plus Wagtail's (``URLS``,
    ``INDEX_PREFIX``, ``TIMEOUT``, ``OPTIONS``...)."""

    #: Set by each concrete backend: the client class, and the errors that mean "engine
    #: unreachable" (as opposed to a refused query).
    engine_client = None
    connection_errors: tuple[type[BaseException], ...] = ()
    engine_name = ""

    def __init__(self, params):
        params = dict(params)
        self.language = params.pop("LANGUAGE")
        self.alias = engine_backend_name(self.language)
        hunspell_sl = params.pop("HUNSPELL_SL", False)
        urls = params.get("URLS") or []
        self.engine_key = ",".join([urls] if isinstance(urls, str) else urls)
        params["OPTIONS"] = {
            "max_retries": 0,
            "retry_on_timeout": False,
            **params.get("OPTIONS", {}),
        }
        params["INDEX_SETTINGS"] = deep_update(
            language_index_settings(self.language, hunspell_sl=hunspell_sl),
            params.get("INDEX_SETTINGS", {}),
        )
        super().__init__(params)

    def client_class(self, hosts, **options):
        return shared_client(self.engine_client, hosts, options)

    def is_down(self) -> bool:
        return state.is_down(self.engine_key)

    def queue_write(self, model, pk) -> None:
        """Ask for the index entry of ``model`` ``pk`` to be brought up to date in this
        language's index: a task, coalesced with the same one if it is still waiting."""
        from smartvillages.core.queue import enqueue_coalesced

        from ..tasks import sync_index_entry

        enqueue_coalesced(
            sync_index_entry,
            args=[self.alias, model._meta.label, str(pk)],
            delay=settings.SEARCH_WRITE_DELAY,
        )

    def sync_entry(self, model, pk: str, attempt: int = 1) -> str:
        """Send the entry as the database has it now: the document if the object exists, is
        indexed and is of this language, else a removal. Run by the task queue."""
        index = self.get_index_for_model(model)
        if self.is_down():
            return self._retry(model, pk, attempt, "engine marked down")
        instance = model._default_manager.filter(pk=pk).first()
        instance = get_indexed_instance(instance) if instance is not None else None
        try:
            if instance is not None and object_language(instance) == self.language:
                mapping = index.mapping_class(type(instance))
                index.send_document(
                    mapping.get_document_id(instance), mapping.get_document(instance)
                )
                return "indexed"
            index.send_delete(pk)
            return "removed"
        except self.connection_errors as error:
            state.mark_down(self.engine_key)
            return self._retry(model, pk, attempt, f"{type(error).__name__}: {error}")

    def _retry(self, model, pk, attempt: int, reason: str) -> str:
        from smartvillages.core.queue import backoff, enqueue_coalesced, is_durable

        from ..tasks import EngineUnavailable, sync_index_entry

        policy = settings.SEARCH_WRITE_RETRY
        label = f"{model._meta.label} {pk} in {self.language}"
        if not is_durable(sync_index_entry):
            logger.error(
                "Search: engine %s unreachable (%s), write of %s lost; tasks run at once "
                "(TASKS_BACKEND=immediate): run `manage.py update_index` once it is back",
                self.engine_name,
                reason,
                label,
            )
            return "lost"
        if attempt >= policy["attempts"]:
            raise EngineUnavailable(
                f"{self.engine_name} unreachable after {attempt} attempts ({reason}): "
                f"write of {label} given up; retry it from the admin or run update_index"
            )
        delay = backoff(attempt, base=policy["base"], cap=policy["cap"])
        enqueue_coalesced(
            sync_index_entry,
            args=[self.alias, model._meta.label, str(pk)],
            kwargs={"attempt": attempt + 1},
            delay=delay,
        )
        logger.warning(
            "Search: engine %s unreachable (%s), write of %s retried in %ss (attempt %s of %s)",
            self.engine_name,
            reason,
            label,
            delay,
            attempt + 1,
            policy["attempts"],
        )
        return f"retry in {delay}s"

    def ping(self) -> bool:
        try:
            return bool(self.es.ping())
        except Exception:
            return False
