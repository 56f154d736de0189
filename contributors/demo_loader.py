"""Demo content of the contributors' app (contributors/demo/): the La Traverse profile of seed
003 with its two projects as published practices, translated into the other languages from
translations/<language>.yaml (paired with the French texts into the PO file a translator
would deliver), and an ADRETS staff contributor with one proposal in review and one sent back
with a comment, so that an editor opening the admin sees the workflow at work.

Demo accounts sign in with the demo password of the editors' accounts (README).
"""

from __future__ import annotations

import re
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model

from practices.models import OrganisationPage
from smartvillages.core import demo
from smartvillages.translation.groups import DEMO_PASSWORD

from . import review
from .models import ContributorProfile, Proposal

DEMO_DIR = Path(__file__).resolve().parent / "demo"
SECTIONS = ("objectives", "description", "difficulties")


def load(command, home):
    data = demo.load_yaml(DEMO_DIR / "contributors.yaml")
    users = {item["handle"]: _profile(item) for item in data["profiles"]}
    created = 0
    with review.quiet():
        for item in data["published"]:
            created += _published(users[item["owner"]], item)
        for item in data["pending"]:
            created += _pending(users[item["owner"]], item)
    if created:
        command.log(f"Created {created} contributors' proposals.")
    if getattr(command, "export_po", False):
        return
    translated = 0
    for index, item in enumerate(data["published"]):
        proposal = Proposal.objects.filter(data__slug=item["slug"]).select_related("page").first()
        page = proposal.page.specific
        for locale in demo.target_locales(page.locale):
            path = DEMO_DIR / "translations" / f"{locale.language_code}.yaml"
            if not path.exists():
                continue
            target = demo.load_yaml(path)["practices"][index]
            translated += bool(
                demo.import_translation_po(
                    page,
                    locale,
                    demo.paired_translation_po(
                        page, locale, paired_texts(item, target), target["slug"]
                    ),
                    str(path),
                )
            )
    if translated:
        command.log(f"Imported {translated} translations of contributors' practices.")


def _profile(item):
    User = get_user_model()
    user = User.objects.filter(username=item["handle"]).first()
    if user is None:
        # Like the editors' demo accounts: a known password on a local demo (DEBUG) only.
        password = DEMO_PASSWORD if settings.DEBUG else None
        user = User.objects.create_user(item["handle"], item["email"], password)
        EmailAddress.objects.create(user=user, email=item["email"], verified=True, primary=True)
    if not ContributorProfile.objects.filter(user=user).exists():
        organisation = OrganisationPage.objects.filter(
            slug=item.get("organisation", ""), alias_of__isnull=True
        ).first()
        fields = {
            name: item.get(name, "")
            for name in ("handle", "display_name", "language", "town", "country", "website")
        }
        ContributorProfile.objects.create(
            user=user,
            organisation=organisation,
            social_handle=item.get("social_handle", ""),
            biography=item.get("biography", "").strip(),
            biography_language=item.get("biography_language", "fr"),
            is_public=item.get("is_public", False),
            **fields,
        )
    return user


def _proposal_data(item):
    keys = ("title", "summary", "dimensions", "themes", "countries", "territory", "scale")
    data = {key: item[key] for key in keys if key in item}
    data.update({key: item.get(key, "") for key in ("start_date", "organisation", "slug")})
    for name in SECTIONS:
        data[name] = (item.get(name) or "").strip()
    data["key_steps"] = [
        {"date": step["date"], "title": step["title"], "text": ""}
        for step in item.get("key_steps", [])
    ]
    return data


def _published(user, item) -> int:
    if Proposal.objects.filter(data__slug=item["slug"]).exists():
        return 0
    proposal = Proposal.objects.create(
        owner=user, language="fr", data=_proposal_data(item), status=Proposal.Status.PUBLISHED
    )
    page = review.save_page(proposal, user, slug=item["slug"])
    page.get_latest_revision().publish()
    return 1


def _pending(user, item) -> int:
    if Proposal.objects.filter(owner=user, data__title=item["title"]).exists():
        return 0
    proposal = Proposal.objects.create(owner=user, language="fr", data=_proposal_data(item))
    review.submit(proposal, user)
    if item["status"] == Proposal.Status.CHANGES_REQUESTED:
        page = proposal.page.specific
        task_state = page.current_workflow_task_state
        task_state.task.specific.on_action(
            task_state.specific, None, "reject", comment=item["comment"]
        )
    return 1


def paired_texts(source: dict, target: dict) -> list[tuple[str, str]]:
    """(French, translated) pairs, paragraph by paragraph; raises when shapes differ."""
    pairs = [(source[name], target[name]) for name in ("title", "summary", "territory")]
    for name in SECTIONS:
        if not source.get(name):
            continue
        french = _paragraphs(source[name])
        other = _paragraphs(target[name])
        if len(french) != len(other):
            raise ValueError(f"{source['slug']}: {name} has another number of paragraphs")
        pairs.extend(zip(french, other, strict=True))
    for step, other in zip(source.get("key_steps", []), target["key_steps"], strict=True):
        pairs.append((step["title"], other["title"]))
    return pairs


def _paragraphs(text: str) -> list[str]:
    return [
        " ".join(chunk.split()) for chunk in re.split(r"\n\s*\n", text.strip()) if chunk.strip()
    ]
