"""`manage.py load_demo`: fictitious users, patients and the next meeting, then the logins.

`make run` calls it after `migrate` (scripts/start-demo.sh); its last lines are the logins
a newcomer types. Safe to run again: nothing is created twice, no password is reset.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from recommendations.demo import (
    COORDINATOR,
    DEMO_TOTP_SECRET,
    MEETING_CHAIR,
    REFERRING_CLINICIAN,
    DemoUser,
    demo_meeting,
    demo_patients,
    demo_users,
)
from recommendations.demo.cases import PRESENT, demo_cases
from recommendations.demo.signed_case import demo_signed_case
from recommendations.models import Meeting


class Command(BaseCommand):
    help = "Load fictitious demo data (users of every role, patients, next meeting, cases)."

    def handle(self, *args, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "load_demo refuses to run in production (RCP_ENV=production): it creates "
                "accounts with a published password and fictitious patients."
            )
        today = timezone.localdate()
        with transaction.atomic():
            users = demo_users(password=settings.DEMO_PASSWORD)
            by_username = {spec.username: user for spec, user, _created in users}
            patients_created, patients_present = demo_patients(
                referring_clinician=by_username[REFERRING_CLINICIAN], today=today
            )
            meeting, meeting_created = demo_meeting(chair=by_username[MEETING_CHAIR],
                                                    today=today)
            cases_created = demo_cases(meeting=meeting, referrer=by_username[REFERRING_CLINICIAN],
                                       coordinator=by_username[COORDINATOR],
                                       users=by_username)
            signed_created = demo_signed_case(
                next_meeting=meeting, referrer=by_username[REFERRING_CLINICIAN],
                coordinator=by_username[COORDINATOR],
                signers=[by_username[name] for name in PRESENT], today=today)
        self._report_counts(users, patients_created, patients_present, meeting,
                            meeting_created)
        self.stdout.write(f"  cases:    {cases_created} created (two on the agenda, one "
                          "waiting)")
        self.stdout.write(f"  signed:   {int(signed_created)} case signed at the meeting two "
                          "weeks earlier, with its follow-up actions")
        self._report_logins(users)

    def _report_counts(self, users, patients_created: int, patients_present: int,
                       meeting: Meeting, meeting_created: bool) -> None:
        users_created = sum(created for _spec, _user, created in users)
        write = self.stdout.write
        write(self.style.SUCCESS("Demo data loaded (fictitious people, no real patient)."))
        write(f"  users:    {users_created} created, {len(users) - users_created} already "
              "present (left untouched: an existing password is never reset)")
        write(f"  patients: {patients_created} created, {patients_present} already present "
              "(left as they are, with their records)")
        state = "created" if meeting_created else "already present"
        write(f"  meeting:  {meeting}, {meeting.place} ({state})")

    def _report_logins(self, users: list[tuple[DemoUser, User, bool]]) -> None:
        write = self.stdout.write
        write("")
        write(f"Demo logins (password: {settings.DEMO_PASSWORD}, unless the account "
              "existed before and its password was changed):")
        write(f"  {'username':<14}{'role':<24}name")
        for spec, user, _created in users:
            write(f"  {spec.username:<14}{str(spec.role.label):<24}{user}")
        administrators = ", ".join(spec.username for spec, _user, _c in users
                                   if spec.administrator)
        write(f"Second factor of {administrators} (required for administrators): add the key "
              f"{DEMO_TOTP_SECRET} to an authenticator app (TOTP, 6 digits, 30 s), then type "
              "its code after the password.")
