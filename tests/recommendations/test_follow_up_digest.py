"""The daily digest of follow-up actions: counts and a link, never health data; one a day per
user, whatever the deliveries of the task; a failed sending leaves no trace, so it is sent
again; only active users with an address who may see the follow-up, in the site's language."""

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from recommendations.follow_up import digest
from recommendations.follow_up.digest import DigestsNotSent, recipients, run_daily, send_digests
from recommendations.models import FollowUpAction, FollowUpDigest, FollowUpStatus
from tests.factories import PatientFactory, UserFactory
from tests.recommendations.follow_up_helpers import case_for, signed

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)
PAST, FUTURE = TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=5)


def action(proposal, *, due: dt.date | None, timing: str = "due_by", subject: str = "",
           kind: str = "dental_check", status: str = FollowUpStatus.OPEN, **fields):
    return FollowUpAction.objects.create(
        proposal=proposal, patient=proposal.case.patient, kind=kind, subject=subject,
        label_fr="Contrôle bucco-dentaire sous anti-résorptif",
        label_en="Dental check on an anti-resorptive", due_date=due, timing=timing,
        status=status, **fields)


def proposal_of(clinician, **patient_fields):
    patient = PatientFactory(referring_clinician=clinician, **patient_fields)
    return signed(case_for(patient, clinician), on=PAST - dt.timedelta(days=30))


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def site(settings):
    settings.SITE_URL = "https://rcp.example.org"
    return "https://rcp.example.org" + reverse("recommendations:follow_up_list")


@pytest.fixture
def doctor(db):
    return UserFactory(roles=["clinician"], email="doctor@hopital.example")


class FailingFor(EmailBackend):
    """The locmem backend, refusing the messages to one address (an SMTP error)."""

    refused = ""

    def send_messages(self, messages):
        if any(self.refused in message.to for message in messages):
            raise ConnectionRefusedError("SMTP server refused the connection")
        return super().send_messages(messages)


@pytest.mark.usefixtures("english")
class TestContent:
    def test_it_counts_overdue_and_due_actions_and_links_to_the_list(self, doctor, site,
                                                                        mailoutbox):
        proposal = proposal_of(doctor)
        action(proposal, due=PAST, subject="a")                      # overdue
        action(proposal, due=PAST, subject="b")                      # overdue
        action(proposal, due=TODAY, subject="c")                     # due today
        action(proposal, due=PAST, timing="not_before", subject="d")  # "not before" reached
        action(proposal, due=FUTURE, subject="e")                    # upcoming
        action(proposal, due=None, subject="f")                      # undated
        action(proposal, due=PAST, subject="g", status=FollowUpStatus.DONE, done_on=PAST)
        action(proposal, due=PAST, subject="h", status=FollowUpStatus.NOT_APPLICABLE)
        action(proposal, due=PAST, subject="i", status=FollowUpStatus.REPLACED)

        assert send_digests(TODAY) == 1

        [message] = mailoutbox
        assert message.to == [doctor.email]
        assert message.subject == "RCP-OOS: 4 follow-up actions to review"
        assert "- 2 overdue" in message.body
        assert "- 2 due" in message.body
        assert site in message.body
        assert FollowUpDigest.objects.get(user=doctor, sent_on=TODAY).actions == 4

    def test_one_action_is_singular(self, doctor, site, mailoutbox):
        action(proposal_of(doctor), due=TODAY)
        send_digests(TODAY)
        assert mailoutbox[0].subject == "RCP-OOS: 1 follow-up action to review"

    def test_it_carries_no_health_data(self, doctor, site, mailoutbox):
        proposal = proposal_of(doctor, family_name="Zyxwvutsky", given_name="Quentinelle",
                               ipp="IPP7654321", birth_date=dt.date(1949, 7, 23))
        action(proposal, due=PAST, subject="zoledronic_acid", kind="radiotherapy_washout_stop")
        action(proposal, due=TODAY, subject="lesion-42", kind="reevaluation_after_radiotherapy",
               reasons=[{"rule_id": "follow_up.x", "text_fr": "Raison secrète",
                         "text_en": "Secret reason", "source": "001_source.txt"}])

        send_digests(TODAY)

        [message] = mailoutbox
        text = f"{message.subject}\n{message.body}\n{message.extra_headers}"
        for forbidden in ("Zyxwvutsky", "Quentinelle", "IPP7654321", "1949", "23/07",
                          "Dental check", "Contrôle bucco-dentaire", "zoledronic", "lesion-42",
                          "radiotherapy", "washout", "reevaluation", "Secret reason",
                          "001_source", str(proposal.pk) + "/", str(proposal.case.patient_id)
                          + "/"):
            assert forbidden not in text, forbidden

    def test_a_co_owner_counts_the_cases_they_co_own(self, doctor, site, mailoutbox):
        colleague = UserFactory(roles=["clinician"])
        proposal = proposal_of(doctor)
        proposal.case.co_owners.add(colleague)
        action(proposal, due=PAST)

        assert send_digests(TODAY) == 2
        assert sorted(m.to[0] for m in mailoutbox) == sorted([doctor.email, colleague.email])

    def test_actions_of_other_clinicians_are_not_counted(self, doctor, site, mailoutbox):
        action(proposal_of(doctor), due=PAST)
        other = UserFactory(roles=["clinician"])
        action(proposal_of(other), due=PAST, subject="x")
        action(proposal_of(other), due=TODAY, subject="y")

        send_digests(TODAY)

        mine = next(m for m in mailoutbox if m.to == [doctor.email])
        assert mine.subject == "RCP-OOS: 1 follow-up action to review"


@pytest.mark.usefixtures("site")
class TestOncePerDay:
    def test_a_second_run_the_same_day_sends_nothing(self, doctor, mailoutbox):
        action(proposal_of(doctor), due=PAST)
        assert send_digests(TODAY) == 1
        assert send_digests(TODAY) == 0
        assert len(mailoutbox) == 1
        assert FollowUpDigest.objects.filter(user=doctor).count() == 1

    def test_the_next_day_sends_again(self, doctor, mailoutbox):
        action(proposal_of(doctor), due=PAST)
        send_digests(TODAY)
        assert send_digests(TODAY + dt.timedelta(days=1)) == 1
        assert len(mailoutbox) == 2

    def test_a_redelivery_that_finds_the_row_sends_nothing(self, doctor, mailoutbox):
        """A second delivery that passed the recipients' query before the first committed
        still finds the day's row when it comes to send."""
        action(proposal_of(doctor), due=PAST)
        FollowUpDigest.objects.create(user=doctor, sent_on=TODAY, actions=1)
        assert digest.send_digest(doctor, TODAY, "https://x.example/") is False
        assert mailoutbox == []

    def test_nothing_due_sends_nothing(self, doctor, mailoutbox):
        proposal = proposal_of(doctor)
        action(proposal, due=FUTURE)
        action(proposal, due=None, subject="b")
        assert send_digests(TODAY) == 0
        assert mailoutbox == []
        assert not FollowUpDigest.objects.exists()


@pytest.mark.usefixtures("site")
class TestFailures:
    def test_a_failed_sending_leaves_no_row_and_the_next_run_sends_it(self, settings, doctor,
                                                                        mailoutbox):
        other = UserFactory(roles=["clinician"], email="other@hopital.example")
        action(proposal_of(doctor), due=PAST)
        action(proposal_of(other), due=PAST, subject="x")
        settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
        with mock.patch.object(FailingFor, "refused", doctor.email), \
                pytest.raises(DigestsNotSent) as raised:
            send_digests(TODAY)

        assert (raised.value.sent, raised.value.failed) == (1, 1)
        assert [m.to for m in mail.outbox] == [[other.email]]  # the others still get theirs
        assert list(FollowUpDigest.objects.values_list("user", flat=True)) == [other.pk]

        assert send_digests(TODAY) == 1  # the server is back: the missing one goes
        assert [m.to for m in mail.outbox] == [[other.email], [doctor.email]]

    def test_the_failure_is_logged_without_the_error_text(self, settings, doctor, caplog):
        action(proposal_of(doctor), due=PAST)
        settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
        with mock.patch.object(FailingFor, "refused", doctor.email), \
                pytest.raises(DigestsNotSent):
            send_digests(TODAY)
        assert f"user {doctor.pk} could not be sent" in caplog.text
        assert doctor.email not in caplog.messages[-1]

    def test_the_daily_job_reports_the_failures_in_its_counts(self, settings, doctor,
                                                               mailoutbox):
        action(proposal_of(doctor), due=PAST)
        settings.EMAIL_BACKEND = f"{__name__}.FailingFor"
        with mock.patch.object(FailingFor, "refused", doctor.email):
            counts = run_daily(TODAY)
        assert (counts["digests"], counts["digests_failed"]) == (0, 1)
        assert not FollowUpDigest.objects.exists()


@pytest.mark.usefixtures("site")
class TestRecipients:
    @pytest.mark.parametrize("fields", [{"is_active": False}, {"email": ""}, {"roles": []}],
                             ids=["inactive", "without an address", "without permission"])
    def test_they_are_skipped(self, fields, mailoutbox):
        user = UserFactory(**{"roles": ["clinician"], **fields})
        action(proposal_of(user), due=PAST)
        assert send_digests(TODAY) == 0
        assert mailoutbox == []
        assert not FollowUpDigest.objects.exists()

    def test_an_administrator_gets_theirs(self, admin_user, mailoutbox):
        action(proposal_of(admin_user), due=PAST)
        assert send_digests(TODAY) == 1

    def test_they_are_found_in_one_query(self, doctor):
        action(proposal_of(doctor), due=PAST)
        for _ in range(3):
            UserFactory(roles=["clinician"])
        with CaptureQueriesContext(connection) as queries:
            assert list(recipients(TODAY)) == [doctor]
        assert len(queries) == 1

    def test_users_without_due_actions_cost_no_query(self, doctor, mailoutbox):
        action(proposal_of(doctor), due=PAST)

        def queries_of_a_run(day):
            with CaptureQueriesContext(connection) as queries:
                send_digests(day)
            return len(queries)

        first = queries_of_a_run(TODAY)
        for index in range(10):
            action(proposal_of(UserFactory(roles=["clinician"])), due=FUTURE, subject=str(index))
        FollowUpDigest.objects.all().delete()
        assert queries_of_a_run(TODAY) == first


@pytest.mark.usefixtures("site")
class TestLanguage:
    def test_it_is_the_site_language_by_default(self, doctor, mailoutbox):
        action(proposal_of(doctor), due=PAST)
        seen = []
        real = digest.render_to_string

        def spy(*args, **kwargs):
            seen.append(translation.get_language())
            return real(*args, **kwargs)

        with translation.override("en"), mock.patch.object(digest, "render_to_string", spy):
            send_digests(TODAY)
        assert seen == ["fr", "fr"]
        assert mailoutbox[0].extra_headers["Content-Language"] == "fr"

    def test_it_follows_the_site_language(self, settings, doctor, mailoutbox):
        settings.LANGUAGE_CODE = "en"
        action(proposal_of(doctor), due=PAST)
        with translation.override("fr"):
            send_digests(TODAY)
        assert mailoutbox[0].extra_headers["Content-Language"] == "en"
        assert mailoutbox[0].subject == "RCP-OOS: 1 follow-up action to review"


class TestSiteUrl:
    def test_the_link_is_absolute_from_the_setting(self, settings):
        settings.SITE_URL = "https://rcp.example.org/"
        assert digest.follow_up_link() == (
            "https://rcp.example.org" + reverse("recommendations:follow_up_list")
            + "?state=now")  # the list shows what the e-mail counts: overdue and due
