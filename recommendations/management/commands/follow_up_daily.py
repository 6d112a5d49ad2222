"""`manage.py follow_up_daily [--date YYYY-MM-DD] [--no-email]`: the daily follow-up job
(every patient's actions refreshed, then the digest e-mails), as Celery beat runs it each
day (`recommendations.tasks.daily_follow_up`), for a deployment without beat (cron) and to
time the job. Prints counts only.

E-mails go only for today: a digest sent for another day would be counted as that day's, and
the real one would then not go. With --date, say --no-email.
"""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.follow_up.digest import run_daily

LINES = (("patients", "Patients refreshed"), ("created", "Actions created"),
         ("updated", "Actions updated"), ("removed", "Actions removed"),
         ("replaced", "Actions replaced by a later proposal"),
         ("failed", "Patients not refreshed (see the log)"), ("digests", "Digests sent"),
         ("digests_failed", "Digests not sent"))


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {text!r}.") from None


class Command(BaseCommand):
    help = ("Refresh every patient's follow-up actions, then send the day's digest e-mails "
            "(what Celery beat runs each day).")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="The day to compute for, YYYY-MM-DD (default: "
                                           "today); needs --no-email unless it is today.")
        parser.add_argument("--no-email", action="store_true",
                            help="Refresh the actions only; send no digest.")

    def handle(self, *args, **options) -> None:
        today = timezone.localdate()
        day = today if options["date"] is None else iso_date(options["date"])
        email = not options["no_email"]
        if email and day != today:
            raise CommandError("Digests are sent only for today: add --no-email to refresh "
                               f"the actions as of {day.isoformat()}.")
        started = time.monotonic()
        counts = run_daily(day, email=email)
        elapsed = time.monotonic() - started
        self.stdout.write(f"Follow-up of {day.isoformat()}"
                          f"{'' if email else ' (no e-mail)'}:")
        for name, label in LINES:
            self.stdout.write(f"  {label}: {counts[name]}")
        self.stdout.write(f"  Seconds: {elapsed:.1f}")
        if counts["digests_failed"]:
            raise CommandError(f"{counts['digests_failed']} digest(s) could not be sent (see "
                               "the log); run the command again today to send them.")
