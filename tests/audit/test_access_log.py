"""Every page or file that shows a patient's data leaves exactly one row in the access log
(who, what, which patient), and only once the user was allowed to see it."""

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from recommendations.proposals import discuss_and_draft
from scoring.referential_store import ensure_first_referential
from tests.audit.documents import ready_document
from tests.factories import LesionFactory, MeasurementFactory, PatientFactory, UserFactory
from tests.recommendations.test_case_attachments import attached
from tests.recommendations.test_case_pages import draft_case
from tests.recommendations.workflow_helpers import scheduled_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician, ipp="IPP-AUDIT")


@pytest.fixture
def proposal(clinician, coordinator, panel_member):
    ensure_first_referential()
    return discuss_and_draft(scheduled_case(clinician, coordinator), panel_member)


def seen(client, user, url: str, status: int = 200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status
    return response


def the_only_event() -> dict:
    events = list(AccessEvent.objects.values("user__username", "action", "kind",
                                             "subject_id", "patient_id", "patient_ref",
                                             "path"))
    assert len(events) == 1, events
    return events[0]


class TestPatientPages:
    @pytest.mark.parametrize(("url_name", "kind"), [
        ("patients:detail", "patient"),
        ("patients:history", "history"),
        ("patients:timeline", "timeline"),
        ("patients:edit", "patient"),
    ])
    def test_it_records_one_view_of_the_record(self, client, clinician, patient, url_name,
                                               kind):
        url = reverse(url_name, args=[patient.pk])
        seen(client, clinician, url)
        assert the_only_event() == {
            "user__username": clinician.username, "action": "view", "kind": kind,
            "subject_id": patient.pk, "patient_id": patient.pk, "patient_ref": "IPP-AUDIT",
            "path": url}

    @pytest.mark.parametrize("url_name", ["patients:lesion_detail", "patients:lesion_edit"])
    def test_it_records_one_view_of_a_lesion(self, client, clinician, patient, url_name):
        lesion = LesionFactory(patient=patient)
        seen(client, clinician, reverse(url_name, args=[patient.pk, lesion.pk]))
        event = the_only_event()
        assert (event["kind"], event["subject_id"], event["patient_id"]) == (
            "lesion", lesion.pk, patient.pk)

    def test_it_records_one_view_of_a_dated_record_form(self, client, clinician, patient):
        measurement = MeasurementFactory(patient=patient)
        url = reverse("patients:record_edit", args=[patient.pk, "measurements",
                                                    measurement.pk])
        seen(client, clinician, url)
        event = the_only_event()
        assert (event["kind"], event["subject_id"], event["patient_id"], event["path"]) == (
            "record", measurement.pk, patient.pk, url)

    def test_a_posted_form_records_no_view(self, client, clinician, patient):
        client.force_login(clinician)
        client.post(reverse("patients:edit", args=[patient.pk]), {})
        assert not AccessEvent.objects.filter(action="view").exists()


class TestCasePages:
    @pytest.mark.parametrize("url_name", ["recommendations:case_detail",
                                          "recommendations:case_edit"])
    def test_it_records_one_view_of_the_case(self, client, clinician, url_name):
        case = draft_case(clinician)
        seen(client, clinician, reverse(url_name, args=[case.pk]))
        event = the_only_event()
        assert (event["action"], event["kind"], event["subject_id"], event["patient_id"],
                event["patient_ref"]) == ("view", "case", case.pk, case.patient_id,
                                          case.patient.ipp)

    def test_it_records_one_download_of_an_attachment(self, client, clinician, media_root):
        attachment = attached(clinician)
        seen(client, clinician, reverse("recommendations:attachment_download",
                                        args=[attachment.case_id, attachment.pk]))
        event = the_only_event()
        assert (event["action"], event["kind"], event["subject_id"], event["patient_id"]) == (
            "download", "attachment", attachment.pk, attachment.case.patient_id)

    @pytest.mark.parametrize("url_name", ["recommendations:proposal_detail",
                                          "recommendations:proposal_edit"])
    def test_it_records_one_view_of_a_proposal(self, client, panel_member, proposal,
                                               url_name):
        seen(client, panel_member, reverse(url_name, args=[proposal.pk]))
        event = the_only_event()
        assert (event["user__username"], event["kind"], event["subject_id"],
                event["patient_id"]) == (panel_member.username, "proposal", proposal.pk,
                                         proposal.case.patient_id)


class TestDocumentDownloads:
    def test_a_case_summary_records_one_download_for_its_patient(self, client, clinician,
                                                                 media_root):
        case = draft_case(clinician)
        document = ready_document("case_summary", case=case)
        seen(client, clinician, reverse("documents:download", args=[document.pk]))
        event = the_only_event()
        assert (event["action"], event["kind"], event["subject_id"], event["patient_id"]) == (
            "download", "document", document.pk, case.patient_id)

    def test_an_agenda_records_one_download_per_patient_on_it(self, client, clinician,
                                                              coordinator, media_root):
        first = scheduled_case(clinician, coordinator)
        second = scheduled_case(clinician, coordinator)
        second.meeting = first.meeting
        second.save()
        document = ready_document("agenda", meeting=first.meeting)
        seen(client, coordinator, reverse("documents:download", args=[document.pk]))
        rows = AccessEvent.objects.values_list("action", "kind", "subject_id", "patient_id")
        assert sorted(rows) == sorted([
            ("download", "meeting_document", document.pk, first.patient_id),
            ("download", "meeting_document", document.pk, second.patient_id)])


class TestRefusals:
    """A refused access is a "refused" row, never a view; a missing page leaves nothing."""

    def test_a_refused_patient_page_records_a_refusal(self, client, patient):
        stranger = UserFactory(username="no-role")
        seen(client, stranger, reverse("patients:detail", args=[patient.pk]), status=403)
        event = the_only_event()
        assert (event["user__username"], event["action"], event["kind"], event["patient_id"],
                event["patient_ref"]) == ("no-role", "refused", "patient", patient.pk,
                                          "IPP-AUDIT")

    def test_a_refused_case_records_a_refusal_for_its_patient(self, client, clinician):
        case = draft_case(clinician)
        stranger = UserFactory(username="no-role")
        seen(client, stranger, reverse("recommendations:case_detail", args=[case.pk]),
             status=403)
        event = the_only_event()
        assert (event["action"], event["kind"], event["subject_id"], event["patient_id"]) == (
            "refused", "case", case.pk, case.patient_id)

    def test_a_refused_document_records_a_refusal_for_its_patient(self, client, clinician,
                                                                  media_root):
        case = draft_case(clinician)
        document = ready_document("case_summary", case=case)
        stranger = UserFactory(username="no-role")
        seen(client, stranger, reverse("documents:download", args=[document.pk]),
             status=403)
        event = the_only_event()
        assert (event["action"], event["kind"], event["patient_id"]) == (
            "refused", "document", case.patient_id)

    def test_a_page_that_does_not_exist_records_nothing(self, client, clinician):
        seen(client, clinician, reverse("patients:detail", args=[999999]), status=404)
        assert not AccessEvent.objects.exists()

    def test_an_anonymous_visitor_is_sent_to_log_in_and_records_nothing(self, client,
                                                                        patient):
        response = client.get(reverse("patients:detail", args=[patient.pk]))
        assert response.status_code == 302
        assert not AccessEvent.objects.exists()
