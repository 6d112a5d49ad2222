"""`manage.py generate_scale_data`: fictitious patients, meetings and proposals in bulk, to
measure the application at the size of a hospital network (docs/performance.md).

Refuses production, and refuses a database that already holds scale data unless told to add
to it (--append) or to replace it (--reset).
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from recommendations.scale_data import generate
from recommendations.scale_data.existing import (
    delete_scale_data,
    holds_scale_data,
    next_patient_number,
)
from recommendations.scale_data.plan import ScalePlan


class Command(BaseCommand):
    help = ("Generate realistic fictitious data in bulk: patients with lesions and records, "
            "weekly meetings over two years with their cases and signed proposals.")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--patients", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1,
                            help="Same seed, same day: same data.")
        parser.add_argument("--meetings", type=int, default=104,
                            help="Weekly meetings in all (default: two years).")
        parser.add_argument("--future-meetings", type=int, default=4,
                            help="Of which still to come (their cases are scheduled).")
        parser.add_argument("--cases-per-meeting", type=int, default=30)
        parser.add_argument("--engine-sample", type=int, default=1,
                            help="Proposals per past meeting drafted by the real engine; "
                                 "the others get a template labelled as generated.")
        mode = parser.add_mutually_exclusive_group()
        mode.add_argument("--append", action="store_true",
                          help="Add to the scale data already there.")
        mode.add_argument("--reset", action="store_true",
                          help="Delete the scale data already there first.")

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("generate_scale_data refuses to run in production "
                               "(RCP_ENV=production): it creates fictitious patients and "
                               "accounts with a published password.")
        if options["patients"] < 1 or options["meetings"] < options["future_meetings"]:
            raise CommandError("Give at least one patient, and no more meetings to come "
                               "than meetings in all.")
        first_number = self._make_room(append=options["append"], reset=options["reset"])
        plan = ScalePlan(
            patients=options["patients"], seed=options["seed"], today=timezone.localdate(),
            meetings=options["meetings"], future_meetings=options["future_meetings"],
            cases_per_meeting=options["cases_per_meeting"],
            engine_sample=options["engine_sample"], first_number=first_number)
        self.stdout.write(f"Generating {plan.patients} patients and {plan.meetings} meetings "
                          f"(seed {plan.seed}):")
        generate(plan, log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Scale data generated (fictitious people)."))

    def _make_room(self, *, append: bool, reset: bool) -> int:
        """The first patient number of this run."""
        if not holds_scale_data():
            return 1
        if reset:
            self.stdout.write("Deleting the scale data already there...")
            delete_scale_data()
            return 1
        if append:
            return next_patient_number()
        raise CommandError("This database already holds scale data: pass --append to add "
                           "to it or --reset to replace it.")
