from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    """The translation workflow; it reads pages generically and imports no app."""

    name = "smartvillages.translation"
    label = "smartvillages_translation"
    verbose_name = _("Translation workflow")
