"""The translation workflow: who translates what, what waits for them, and the guards that keep
each translator inside their own locale.

wagtail-localize gives the tools (its editor, PO files, machine pre-fill); this package adds the
rules of this site: per-locale groups (groups.py), a locale guard over wagtail-localize's views
(access.py, views.py), the status dashboard (status.py) and the sitemap of real translations
(sitemap.py).
"""
