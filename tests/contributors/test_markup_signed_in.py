"""The contributor's own pages (behind sign-in, so not among tests/site_pages.py's public
pages) are valid HTML in the five languages: dashboard, profile, the three proposal steps
(the first with its errors), a proposal, e-mail and password pages, account deletion."""

import pytest
from django.test import Client

from contributors.models import ContributorProfile, Proposal
from tests.site_pages import LANGUAGES
from tests.test_markup import validate


@pytest.mark.parametrize("language", LANGUAGES)
def test_contributor_pages_are_valid_html(db, tmp_path, language):
    owner = ContributorProfile.objects.get(handle="adrets-equipe").user
    proposal = Proposal.objects.filter(owner=owner, status="changes_requested").first()
    owner.set_password("x-Passw0rd-x")  # demo accounts have a password on DEBUG sites only
    owner.save()
    client = Client()
    client.force_login(owner)
    paths = [
        f"/{language}/account/",
        f"/{language}/account/profile/",
        f"/{language}/account/email/",
        f"/{language}/account/password/change/",
        f"/{language}/account/delete/",
        f"/{language}/account/proposals/{proposal.pk}/",
        *(f"/{language}/account/proposals/{proposal.pk}/step/{n}/" for n in (1, 2, 3)),
    ]
    files = []
    for index, path in enumerate(paths):
        response = client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}"' in response.content.decode()
        files.append(tmp_path / f"{index}.html")
        files[-1].write_bytes(response.content)
    with_errors = client.post(paths[-3], {"title": "", "summary": ""})
    assert with_errors.status_code == 200
    files.append(tmp_path / "errors.html")
    files[-1].write_bytes(with_errors.content)
    errors = validate(files)
    assert not errors, "\n".join(
        f"{e.get('url', '')[-12:]} {e.get('lastLine')}: {e['message'][:150]}" for e in errors
    )
