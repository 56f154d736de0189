"""Names of the project's own Wagtail hooks, in one place.

An app that shows something on another app's page registers a function under one of these
names (``wagtail.hooks.register(NAME, fn)``) instead of being imported by it, so dependencies
keep pointing one way (DESIGN §2).
"""

#: Sections added to the home page (latest practices, upcoming events, glossary...). Called
#: with (page, request); returns a dict with a "template" and its context, or None.
HOME_SECTIONS_HOOK = "smartvillages_home_sections"

#: Sections added to a practice page (the events where it was presented). Same signature.
PRACTICE_SECTIONS_HOOK = "smartvillages_practice_sections"

#: Sections added to an event page after its report (participants' reports proposed by
#: contributors). Same signature.
EVENT_SECTIONS_HOOK = "smartvillages_event_sections"

#: Sections added to an organisation page (its events). Same signature.
ORGANISATION_SECTIONS_HOOK = "smartvillages_organisation_sections"

#: Enhancers of rendered rich text (the glossary links its terms):
#: ``processor(html, page=None, state=None) -> html``; ``state`` is a dict shared by every call
#: made while rendering the same page (first occurrences, unique ids...), a fresh one when no
#: page is given.
RICHTEXT_PROCESSORS_HOOK = "smartvillages_richtext_processors"

#: Demo-content loaders, called by ``manage.py load_demo`` as ``loader(command, home)`` with
#: the French home page, in hook order (``order=``: home builds first and translates last).
#: A loader honours ``command.export_po`` by writing its PO files instead of importing them.
DEMO_LOADERS_HOOK = "smartvillages_demo_loaders"

#: Invitations shown at the foot of the home page, the practice library and the calls (the
#: self-assessment invites readers to take it). Called with (page, request, place), place being
#: "home", "library" or "call"; returns a dict with a "template" and its context, or None.
PAGE_INVITATIONS_HOOK = "smartvillages_page_invitations"

#: Permissions the "Editors" group gets from apps on top (the self-assessment's report):
#: each function returns (app_label, codename) pairs; ``manage.py setup_groups`` applies them.
EDITOR_PERMISSIONS_HOOK = "smartvillages_editor_permissions"

#: Groups of a role that apps add beside "Editors" and the translators (the call reviewers,
#: who alone read applications): each function returns (group name, (app_label, codename)
#: pairs, demo user name); ``manage.py setup_groups`` creates the group with admin access and
#: those permissions, and the demo gives it a member.
ROLE_GROUPS_HOOK = "smartvillages_role_groups"

#: Tasks run every day by the task queue's worker (the retention of applications): each
#: function returns (task, "HH:MM" in TIME_ZONE). ``manage.py schedule_tasks`` (run when a
#: worker starts) enqueues each for its next time unless it already waits; each run enqueues
#: the next day's (smartvillages.core.queue.run_daily).
DAILY_TASKS_HOOK = "smartvillages_daily_tasks"
