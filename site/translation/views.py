"""Admin views of the translation workflow: the status dashboard and its CSV export, and the
locale guard around wagtail-localize's translation endpoints (machine pre-fill included)."""

from __future__ import annotations

import csv
import logging
from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView, View
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail_localize.machine_translators import get_machine_translator
from wagtail_localize.models import Translation
from wagtail_localize.views import edit_translation as localize_views
from wagtail_localize.views import update_translations

from .access import check_locale, translation_locale_ids, translation_locales
from .machine import MachineTranslationError
from .status import STATES, StatusBuilder

logger = logging.getLogger(__name__)

ROWS_PER_PAGE = 100


# Locale guard over wagtail-localize's endpoints ---------------------------------------------


def locale_guarded(view):
    """Wrap a wagtail-localize view taking ``translation_id``: refuse a translation into a
    locale that is not the user's. wagtail-localize checks snippet permissions per model only,
    so without this a translator for Slovenian could edit the Italian footer's strings."""

    @wraps(view)
    def guarded(request, translation_id, *args, **kwargs):
        translation = get_object_or_404(Translation, id=translation_id)
        check_locale(request.user, translation.target_locale_id)
        return view(request, translation_id, *args, **kwargs)

    return guarded


@require_POST
def machine_translate(request, translation_id):
    """wagtail-localize's machine pre-fill, with failures shown to the translator as an error
    message on the editor page instead of a server error."""
    translation = get_object_or_404(Translation, id=translation_id)
    check_locale(request.user, translation.target_locale_id)
    translator = get_machine_translator()
    if translator is None:
        raise Http404
    name = str(translator.display_name)
    try:
        applied = localize_views.apply_machine_translation(translation_id, request.user, translator)
    except (PermissionDenied, Http404):
        raise
    except MachineTranslationError as error:
        logger.warning("Machine translation with %s failed: %s", name, error)
        messages.error(request, str(error))
    except Exception:
        logger.exception("Machine translation with %s failed", name)
        messages.error(
            request,
            _(
                "The machine translation with %(service)s failed. Nothing was changed: "
                "translate by hand, or try again later."
            )
            % {"service": name},
        )
    else:
        if applied:
            messages.success(request, _("Pre-filled with %(service)s.") % {"service": name})
        else:
            messages.warning(request, _("There was nothing left to translate."))
    next_url = get_valid_next_url_from_request(request)
    if not next_url:
        try:
            next_url = translation.get_target_instance_edit_url()
        except Exception:  # the target was deleted meanwhile
            next_url = "wagtailadmin_home"
    return redirect(next_url)


class UpdateTranslationsView(update_translations.UpdateTranslationsView):
    """wagtail-localize's "Sync translated pages" form, where an editor may also ask for
    machine pre-fill of the changes. A failing machine translation there escaped as a server
    error; now the whole sync is rolled back (wagtail-localize runs it in one transaction) and
    the form comes back with what the editor chose and a message saying why."""

    def form_valid(self, form):
        translator = get_machine_translator()
        name = str(translator.display_name) if translator is not None else ""
        try:
            return super().form_valid(form)
        except MachineTranslationError as error:
            logger.warning("Machine translation with %s failed during a sync: %s", name, error)
            messages.error(self.request, str(error))
        return self.render_to_response(self.get_context_data())


# Dashboard -----------------------------------------------------------------------------------


class DashboardMixin:
    def dispatch(self, request, *args, **kwargs):
        if translation_locale_ids(request.user) == set():
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def filters(self):
        allowed = {locale.language_code for locale in translation_locales(self.request.user)}
        locale_code = self.request.GET.get("locale", "")
        state = self.request.GET.get("state", "")
        return {
            "locale_code": locale_code if locale_code in allowed else "",
            "type_key": self.request.GET.get("type", "") or "",
            "state": state if state in STATES else "",
        }

    def build_report(self):
        return StatusBuilder(self.request.user, **self.filters()).build()


class TranslationDashboardView(DashboardMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "translation/admin/translation_dashboard.html"
    page_title = gettext_lazy("Translation status")
    header_icon = "wagtail-localize-language"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.build_report()
        filters = self.filters()
        paginator = Paginator(report.rows, ROWS_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            report=report,
            rows=page,
            paginator=paginator,
            filters=filters,
            query_string=query.urlencode(),
            user_locales=translation_locales(self.request.user),
            states=list(STATES.items()),
            type_choices=report.types,
        )
        return context


class TranslationCSVView(DashboardMixin, View):
    """The dashboard as one line per object and locale, for a spreadsheet."""

    def get(self, request, *args, **kwargs):
        report = self.build_report()
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="translation-status.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                _("Type"),
                _("Title"),
                _("Source language"),
                _("Language"),
                _("State"),
                _("Translated strings"),
                _("Strings"),
                _("Edit URL"),
            ]
        )
        for row in report.rows:
            for cell in row.cells:
                writer.writerow(
                    [
                        _spreadsheet_safe(row.type_label),
                        _spreadsheet_safe(row.title),
                        row.source_locale.language_code if row.source_locale else "",
                        cell.locale.language_code,
                        cell.state,
                        "" if cell.done is None else cell.done,
                        "" if cell.total is None else cell.total,
                        request.build_absolute_uri(cell.edit_url) if cell.edit_url else "",
                    ]
                )
        return response


def _spreadsheet_safe(value: str) -> str:
    """Keep a title such as "=HYPERLINK(...)" from running as a formula in a spreadsheet."""
    value = str(value)
    if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
