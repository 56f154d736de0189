"""Shared building blocks every app may use (DESIGN §2): the page base and mixins
(models.py), the block library (blocks.py), countries, the API's page reference field,
map settings, the feed base class, client address and rate limits (http.py, throttle.py),
cache version keys (cache.py), dates in every language (dates.py), the hook names (hooks.py)
and the demo-content framework with `manage.py load_demo` (demo.py).

Dependencies point one way: this package imports no app of the project.
"""
