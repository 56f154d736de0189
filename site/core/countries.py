"""The countries of the Alpine Space programme area, for every app's country fields."""

from django.utils.translation import gettext_lazy as _

#: The countries of the Alpine Space programme area.
ALPINE_COUNTRIES = [
    ("FR", _("France")),
    ("IT", _("Italy")),
    ("DE", _("Germany")),
    ("AT", _("Austria")),
    ("SI", _("Slovenia")),
    ("CH", _("Switzerland")),
    ("LI", _("Liechtenstein")),
    ("MC", _("Monaco")),
]
