"""django-allauth's adapter for contributors: accounts never reach the Wagtail admin, and
the e-mails allauth sends carry the site's name in the reader's language."""

from allauth.account.adapter import DefaultAccountAdapter


class ContributorAccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # A contributor is never staff and has no permission: the admin stays closed to them
        # (wagtailadmin.access_admin comes only with the editors' and translators' groups).
        user.is_staff = False
        user.is_superuser = False
        return super().save_user(request, user, form, commit=commit)
