from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("General pages")

    def ready(self):
        from . import frame  # noqa: F401 - connects the signals that refresh the cached frame
