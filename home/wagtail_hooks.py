"""Hooks of the general pages app: its demo loaders (pages first, their translations last)
and the admin route of the documents sent with call applications."""

from django.urls import path
from wagtail import hooks

from smartvillages.core.hooks import DEMO_LOADERS_HOOK

from . import views


@hooks.register("register_admin_urls")
def register_call_attachment_url():
    """/admin/call-attachments/<id>/: documents sent with call applications, for editors only,
    never from a public folder."""
    return [path("call-attachments/<int:pk>/", views.call_attachment, name="call_attachment")]


@hooks.register(DEMO_LOADERS_HOOK, order=-1)
def load_general_pages(command, home):
    """The home page and the general pages, which every other app's loader builds under."""
    from .demo_loader import load

    load(command, home)


@hooks.register(DEMO_LOADERS_HOOK, order=1)
def translate_general_pages(command, home):
    """Their translations, once every app has built its pages."""
    from .demo_loader import translate

    translate(command, home)
