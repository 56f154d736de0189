"""Delete the applications to calls kept longer than CALL_APPLICATION_RETENTION_MONTHS after
their call closed, with their documents. Run it daily (docs/deployment.md):

    manage.py delete_expired_applications [--dry-run]
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from home import privacy


class Command(BaseCommand):
    help = "Delete applications to calls older than the retention period, with their documents."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted; delete nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        expired = list(privacy.expired_applications())
        months = settings.CALL_APPLICATION_RETENTION_MONTHS
        if dry_run:
            self.stdout.write(
                f"{len(expired)} application(s) past the retention period ({months} months "
                "after the call closed) would be deleted."
            )
            return
        count = privacy.erase(expired, action=privacy.EXPIRE_ACTION)
        self.stdout.write(
            f"{count} application(s) past the retention period ({months} months after the "
            "call closed) deleted, with their documents."
        )
