"""Background tasks of the home app: the daily retention clean-up of call applications."""

from django.utils.translation import gettext_lazy as _
from django_tasks import task

from smartvillages.core.queue import register_task_label, run_daily

#: Local time (TIME_ZONE) of the daily clean-up.
RETENTION_TIME = "03:15"


@task()
def delete_expired_applications() -> str:
    """``manage.py delete_expired_applications``, every day at RETENTION_TIME from the queue."""
    from . import privacy

    try:
        count = privacy.erase(list(privacy.expired_applications()), action=privacy.EXPIRE_ACTION)
    finally:
        run_daily(delete_expired_applications)
    return f"{count} deleted"


register_task_label(delete_expired_applications, _("Delete the applications past retention"))
