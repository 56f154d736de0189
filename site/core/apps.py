from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared building blocks every app may use; this package imports no app."""

    name = "smartvillages.core"
    label = "smartvillages_core"
    verbose_name = _("Shared building blocks")

    def ready(self):
        from . import queue  # its system check, and:

        queue.use_tolerant_tasks()
