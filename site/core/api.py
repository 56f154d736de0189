"""Serializer fields of the read API (wagtail.api.v2) shared by page types."""

from rest_framework import serializers


class PageRefField(serializers.Field):
    """A linked page (organisation) as id, title and translation key."""

    def to_representation(self, value):
        if value is None:
            return None
        items = value.all() if hasattr(value, "all") else [value]
        refs = [
            {"id": page.pk, "title": page.title, "translation_key": str(page.translation_key)}
            for page in items
        ]
        return refs if hasattr(value, "all") else refs[0]
