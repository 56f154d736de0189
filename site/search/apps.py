from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "smartvillages.search"
    label = "smartvillages_search"
    verbose_name = _("Site search")

    def ready(self):
        from . import tasks  # noqa: F401  (its label in the admin's Background tasks)
