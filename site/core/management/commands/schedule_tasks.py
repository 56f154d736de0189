"""Enqueue the daily tasks the apps register (DAILY_TASKS_HOOK) for their next time, unless they
already wait. Idempotent; the worker service runs it when it starts (docker-compose.yml), so a
fresh database or a discarded task is scheduled again:

    manage.py schedule_tasks
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from smartvillages.core.queue import daily_tasks, is_durable, schedule_daily, task_label


class Command(BaseCommand):
    help = "Enqueue the daily tasks for their next time (once; they then reschedule themselves)."

    def handle(self, *args, **options):
        for task, at in daily_tasks():
            if not is_durable(task):
                self.stdout.write(
                    f"{task_label(task.module_path)}: tasks run at once (TASKS_BACKEND=immediate), "
                    "nothing to schedule; run its command from cron instead."
                )
                continue
            result = schedule_daily(task, at)
            state = "already waiting" if result is None else "enqueued"
            local = timezone.localtime().tzname()
            self.stdout.write(f"{task_label(task.module_path)}: {state}, daily at {at} ({local}).")
