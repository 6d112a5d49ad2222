"""The background side of the follow-up reminders: the tasks (inline, as without a broker),
the signals that refresh a patient after a change, the `follow_up_daily` command and the beat
schedule."""

import datetime as dt
import io
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from patients.models import DentalAssessment, Measurement
from patients.records_actions import record_injection
from rcp_oos.celery import app
from recommendations.follow_up import signals
from recommendations.follow_up.refresh import refresh_patient
from recommendations.models import (
    FollowUpAction,
    FollowUpDigest,
    FollowUpStatus,
    ProposalStatus,
)
from recommendations.proposals import discuss_and_draft, new_version, sign_proposal
from recommendations.tasks import daily_follow_up, refresh_follow_up
from scoring.engine.antiresorptive_table import add_months
from scoring.referentials import current_referential
from tests.factories import AntiresorptiveTreatmentFactory, PatientFactory, UserFactory
from tests.project.deployment_files import ROOT
from tests.recommendations.follow_up_helpers import ZOL_ONLY, case_for, days_ago, signed
from tests.recommendations.workflow_helpers import QUORUM, members, scheduled_case

pytestmark = pytest.mark.django_db
COUNT_NAMES = {"patients", "created", "updated", "removed", "replaced", "failed", "digests",
               "digests_failed"}


@pytest.fixture
def doctor(db):
    return UserFactory(roles=["clinician"], email="doctor@hopital.example")


@pytest.fixture
def patient(doctor):
    return PatientFactory(referring_clinician=doctor, family_name="Zyxwvutsky")


def dental_checks(patient) -> list[tuple[str, dt.date | None]]:
    return list(FollowUpAction.objects.filter(patient=patient, kind="dental_check")
                .order_by("pk").values_list("status", "due_date"))


def queued(callbacks) -> list[tuple]:
    """The refreshes the callbacks would run: one per `Once` they share."""
    refreshes = {}
    for callback in callbacks:
        if isinstance(callback, signals.QueuedRefresh):
            refreshes.setdefault(id(callback.once), callback.key)
    return list(refreshes.values())


class TestTasks:
    def test_refresh_follow_up_writes_the_actions_of_the_signed_proposal(self, patient):
        proposal = signed(case_for(patient, patient.referring_clinician), ZOL_ONLY,
                          on=days_ago(10))
        assert not FollowUpAction.objects.exists()  # no commit in a test: nothing ran yet

        counts = refresh_follow_up.delay(patient.pk).get()

        assert counts["patients"] == 1 and counts["created"] > 0
        assert FollowUpAction.objects.filter(proposal=proposal).count() == counts["created"]
        assert dental_checks(patient) == [(FollowUpStatus.OPEN, days_ago(10))]
        assert refresh_follow_up.delay(patient.pk).get()["created"] == 0  # safe twice

    def test_refresh_follow_up_of_a_patient_without_proposal_does_nothing(self, patient):
        assert refresh_follow_up.delay(patient.pk).get()["created"] == 0
        assert refresh_follow_up.delay(10**9).get()["created"] == 0  # gone: nothing either

    def test_daily_follow_up_refreshes_then_sends_the_digest_once(self, settings, patient,
                                                                 mailoutbox, caplog):
        settings.SITE_URL = "https://rcp.example.org"
        caplog.set_level("INFO", logger="recommendations.tasks")
        signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))

        counts = daily_follow_up.delay().get()

        assert set(counts) == COUNT_NAMES
        assert counts["patients"] == 1 and counts["created"] > 0 and counts["digests"] == 1
        assert [m.to for m in mailoutbox] == [[patient.referring_clinician.email]]
        assert reverse("recommendations:follow_up_list") in mailoutbox[0].body
        again = daily_follow_up.delay().get()
        assert (again["created"], again["digests"]) == (0, 0)
        assert len(mailoutbox) == 1
        assert "Daily follow-up of" in caplog.text
        assert "Zyxwvutsky" not in caplog.text and patient.ipp not in caplog.text

    def test_daily_follow_up_reports_digests_it_could_not_send(self, settings, patient,
                                                              caplog):
        settings.EMAIL_BACKEND = "tests.recommendations.test_follow_up_digest.FailingFor"
        settings.SITE_URL = "https://rcp.example.org"
        signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
        from tests.recommendations.test_follow_up_digest import FailingFor

        FailingFor.refused = patient.referring_clinician.email
        try:
            counts = daily_follow_up.delay().get()  # inline: reported, not retried
        finally:
            FailingFor.refused = ""
        assert (counts["digests"], counts["digests_failed"]) == (0, 1)
        assert not FollowUpDigest.objects.exists()
        assert "were not sent after 1 attempt" in caplog.text

    def test_the_tasks_are_acknowledged_late(self):
        assert refresh_follow_up.acks_late and daily_follow_up.acks_late


class TestSignals:
    def test_recording_a_dental_assessment_moves_the_dental_check(
            self, patient, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
        assert dental_checks(patient) == [(FollowUpStatus.OPEN, days_ago(10))]

        with django_capture_on_commit_callbacks(execute=True):
            DentalAssessment.objects.create(patient=patient, assessed_on=days_ago(5),
                                            result="fit")

        months = current_referential()["antiresorptive"].dental_follow_up.months
        assert dental_checks(patient) == [(FollowUpStatus.OPEN, add_months(days_ago(5),
                                                                           months))]

    def test_deleting_it_moves_the_check_back(self, patient, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
            assessment = DentalAssessment.objects.create(patient=patient,
                                                         assessed_on=days_ago(5), result="fit")
        with django_capture_on_commit_callbacks(execute=True):
            assessment.delete()
        assert dental_checks(patient) == [(FollowUpStatus.OPEN, days_ago(10))]

    def test_signing_a_proposal_creates_its_actions(self, clinician, coordinator,
                                                    panel_member,
                                                    django_capture_on_commit_callbacks):
        case = scheduled_case(clinician, coordinator)
        # On an anti-resorptive: dental and calcium checks, whatever the proposal says.
        AntiresorptiveTreatmentFactory(patient=case.patient, start_date=days_ago(60))
        proposal = discuss_and_draft(case, panel_member)
        signers = members(case.meeting, *QUORUM)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            for member in signers:
                sign_proposal(proposal, member)
        assert queued(callbacks) == [("case", case.pk)]
        proposal.refresh_from_db()
        assert proposal.status == ProposalStatus.VALID
        created = FollowUpAction.objects.filter(proposal=proposal)
        assert created.exists()
        assert refresh_patient(case.patient_id, days_ago(0)).created == 0  # already in step

        # A new version signed: the first one's open actions are replaced by the new one's.
        second = new_version(proposal, panel_member, reason="Surgery declined")
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            for member in signers:
                sign_proposal(second, member)
        assert queued(callbacks) == [("case", case.pk)]  # validate + supersede: one refresh
        assert not created.filter(status=FollowUpStatus.OPEN).exists()
        assert created.filter(status=FollowUpStatus.REPLACED).exists()
        assert FollowUpAction.objects.filter(proposal=second, status="open").exists()

    def test_a_draft_queues_nothing(self, clinician, coordinator, panel_member,
                                    django_capture_on_commit_callbacks):
        case = scheduled_case(clinician, coordinator)
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            discuss_and_draft(case, panel_member)
        assert ("case", case.pk) not in queued(callbacks)

    def test_many_records_of_one_patient_in_a_transaction_queue_one_refresh(
            self, patient, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks, \
                transaction.atomic():
            for kind, value in (("calcium", "2.3"), ("weight", "70"), ("creatinine", "80")):
                Measurement.objects.create(patient=patient, kind=kind, value=value,
                                           measured_on=days_ago(1))
        assert queued(callbacks) == [("patient", patient.pk)]

    def test_a_rolled_back_change_queues_nothing(self, patient,
                                                 django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks, \
                pytest.raises(RuntimeError), transaction.atomic():
            Measurement.objects.create(patient=patient, kind="calcium", value="2.3",
                                       measured_on=days_ago(1))
            raise RuntimeError("cancelled")
        assert queued(callbacks) == []

    def test_an_injection_refreshes_its_patient(self, patient,
                                                django_capture_on_commit_callbacks):
        treatment = AntiresorptiveTreatmentFactory(patient=patient, start_date=days_ago(60))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            record_injection(treatment=treatment, given_on=days_ago(3))
        assert queued(callbacks) == [("patient", patient.pk)]

    def test_an_injection_saved_without_its_treatment_finds_the_patient_after_commit(
            self, patient, django_capture_on_commit_callbacks, monkeypatch):
        treatment = AntiresorptiveTreatmentFactory(patient=patient, start_date=days_ago(60))
        injection = record_injection(treatment=treatment, given_on=days_ago(3))
        delayed = []
        monkeypatch.setattr("recommendations.tasks.refresh_follow_up.delay", delayed.append)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            type(injection).objects.get(pk=injection.pk).delete()
        assert queued(callbacks) == [("treatment", treatment.pk)]
        assert delayed == [patient.pk]

    def test_a_failing_refresh_is_logged_and_does_not_fail_the_change(
            self, patient, django_capture_on_commit_callbacks, monkeypatch, caplog):
        def broken(patient_id):
            raise ConnectionError("broker down")

        monkeypatch.setattr("recommendations.tasks.refresh_follow_up.delay", broken)
        with django_capture_on_commit_callbacks(execute=True):
            Measurement.objects.create(patient=patient, kind="calcium", value="2.3",
                                       measured_on=days_ago(1))
        assert Measurement.objects.filter(patient=patient).exists()
        assert "could not be refreshed after a change" in caplog.text


class TestCommand:
    def run(self, *args) -> str:
        out = io.StringIO()
        call_command("follow_up_daily", *args, stdout=out)
        return out.getvalue()

    def test_it_prints_the_counts(self, settings, patient, mailoutbox):
        settings.SITE_URL = "https://rcp.example.org"
        signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
        created = refresh_patient(patient.pk, days_ago(0)).created
        FollowUpAction.objects.all().delete()

        output = self.run()

        assert "Patients refreshed: 1" in output
        assert f"Actions created: {created}" in output
        assert "Digests sent: 1" in output and "Digests not sent: 0" in output
        assert "Zyxwvutsky" not in output
        assert len(mailoutbox) == 1

    def test_no_email_refreshes_only(self, patient, mailoutbox):
        signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
        output = self.run("--no-email")
        assert "(no e-mail)" in output and "Digests sent: 0" in output
        assert FollowUpAction.objects.filter(patient=patient).exists()
        assert mailoutbox == []

    def test_another_date_needs_no_email(self, patient):
        with pytest.raises(CommandError, match="--no-email"):
            self.run("--date", days_ago(-1).isoformat())
        assert "Follow-up of " + days_ago(-1).isoformat() in self.run(
            "--date", days_ago(-1).isoformat(), "--no-email")

    @pytest.mark.parametrize("text", ["tomorrow", "2026-13-01", ""])
    def test_a_bad_date_is_refused_clearly(self, text):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            self.run("--date", text, "--no-email")

    def test_undelivered_digests_fail_the_command(self, settings, patient):
        settings.EMAIL_BACKEND = "tests.recommendations.test_follow_up_digest.FailingFor"
        signed(case_for(patient, patient.referring_clinician), ZOL_ONLY, on=days_ago(10))
        from tests.recommendations.test_follow_up_digest import FailingFor

        FailingFor.refused = patient.referring_clinician.email
        try:
            with pytest.raises(CommandError, match="1 digest"):
                self.run()
        finally:
            FailingFor.refused = ""


class TestBeatSchedule:
    def test_each_entry_names_a_registered_task(self):
        app.loader.import_default_modules()
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            assert entry["task"] in app.tasks, entry["task"]

    def test_the_follow_up_job_runs_daily_at_the_configured_hour(self):
        entry = settings.CELERY_BEAT_SCHEDULE["follow-up-daily"]
        assert app.tasks[entry["task"]].name == daily_follow_up.name
        schedule = entry["schedule"]
        assert schedule.hour == {settings.FOLLOW_UP_DAILY_HOUR}
        assert schedule.minute == {0}
        assert schedule.day_of_week == set(range(7))

    @pytest.mark.parametrize(("value", "accepted"), [("7", True), ("24", False),
                                                     ("-1", False), ("six", False)])
    def test_the_hour_comes_from_the_environment(self, value, accepted):
        code = ("import django; django.setup(); from django.conf import settings; "
                "print(settings.CELERY_BEAT_SCHEDULE['follow-up-daily']['schedule'].hour)")
        env = {**os.environ, "FOLLOW_UP_DAILY_HOUR": value,
               "DJANGO_SETTINGS_MODULE": "rcp_oos.settings"}
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env,  # noqa: S603
                                capture_output=True, text=True, timeout=60)
        if accepted:
            assert result.returncode == 0, result.stderr
            assert result.stdout.strip() == "{7}"
        else:
            assert result.returncode != 0
            assert "FOLLOW_UP_DAILY_HOUR" in result.stderr
