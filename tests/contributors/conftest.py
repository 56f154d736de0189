import pytest
from django.test import Client

from contributors.models import ContributorProfile


@pytest.fixture
def signed_in_contributor(db, django_user_model):
    """A client signed in as a new contributor writing in Slovenian, with a public profile."""

    def make(handle, display_name):
        user = django_user_model.objects.create_user(handle, f"{handle}@example.si", "x-Passw0rd-x")
        ContributorProfile.objects.create(
            user=user, handle=handle, display_name=display_name, language="sl", is_public=True
        )
        client = Client()
        client.force_login(user)
        return client

    return make
