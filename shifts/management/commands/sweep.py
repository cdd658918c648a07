"""Run the periodic sweeps of the beat schedule in this process, without a broker (`make run` does, every minute).

In production Celery beat queues them and the workers run them; in development nothing would, and the demo would
never show a reminder, a team alert or a stay reminder going out. Sweeps read what is due from the database and
claim each message, so running them here as well as in a worker never sends one twice.
"""

import time

from celery.schedules import crontab
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from utopia.celery import app


def frequent_sweeps() -> list[str]:
    """The tasks of the beat schedule that run every few minutes (the nightly ones are left to the night)."""
    return [
        entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values() if not isinstance(entry["schedule"], crontab)
    ]


class Command(BaseCommand):
    help = "Run the frequent sweeps of the beat schedule in-process: once, or every N seconds with --every."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=0, help="Seconds between rounds (0: one round, then stop).")

    def handle(self, *args, every: int = 0, **options):
        if every < 0:
            raise CommandError("--every takes a number of seconds, 0 or more.")
        app.loader.import_default_modules()
        while True:
            for name in frequent_sweeps():
                result = app.tasks[name].apply()
                if result.failed():
                    self.stderr.write(f"{name}: {result.result!r}")
                elif options["verbosity"] > 1:
                    self.stdout.write(f"{name}: {result.result!r}")
            if not every:
                return
            time.sleep(every)
