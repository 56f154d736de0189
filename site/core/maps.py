"""Settings of the Leaflet maps (practices, events), from the environment."""

from django.conf import settings


def map_settings() -> dict:
    """Tile server and attribution for the Leaflet maps (passed as data-* attributes)."""
    return {
        "tiles": settings.PRACTICES_MAP_TILE_URL,
        "attribution": settings.PRACTICES_MAP_ATTRIBUTION,
    }
