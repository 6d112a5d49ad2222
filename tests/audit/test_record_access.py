"""audit.access: one INSERT per access, with who, when, what and the path, and nothing else
of the patient's data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from audit.access import record_access, record_accesses
from audit.models import AccessEvent, Action, SubjectKind
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def request_of(user, path="/patients/7/?sort=name&q=Dupont"):
    request = RequestFactory().get(path)
    request.user = user
    return request


class TestRecordAccess:
    def test_it_records_who_what_and_which_patient(self, clinician):
        patient = PatientFactory(ipp="IPP-42")
        record_access(request_of(clinician), patient=patient, kind=SubjectKind.PATIENT,
                      subject_id=patient.pk)
        event = AccessEvent.objects.get()
        assert (event.user, event.action, event.kind, event.subject_id, event.patient_id,
                event.patient_ref) == (clinician, "view", "patient", patient.pk, patient.pk,
                                       "IPP-42")
        assert event.at is not None

    def test_it_keeps_the_path_without_its_query_string(self, clinician):
        record_access(request_of(clinician), patient=PatientFactory(),
                      kind=SubjectKind.PATIENT, subject_id=7)
        assert AccessEvent.objects.get().path == "/patients/7/"

    def test_it_costs_exactly_one_query(self, clinician, django_assert_num_queries):
        patient = PatientFactory()
        request = request_of(clinician)
        with django_assert_num_queries(1):
            record_access(request, patient=patient, kind=SubjectKind.PATIENT,
                          subject_id=patient.pk, action=Action.DOWNLOAD)

    def test_it_records_no_user_for_the_system(self):
        record_access(request_of(AnonymousUser()), patient=PatientFactory(),
                      kind=SubjectKind.DOCUMENT, subject_id=3)
        assert AccessEvent.objects.get().user is None


class TestRecordAccesses:
    def test_it_writes_one_row_per_patient_in_one_query(self, coordinator,
                                                         django_assert_num_queries):
        first, second = PatientFactory(), PatientFactory()
        request = request_of(coordinator, "/documents/5/download/")
        with django_assert_num_queries(1):
            record_accesses(request, patients=[first, second, first],
                            kind=SubjectKind.MEETING_DOCUMENT, subject_id=5,
                            action=Action.DOWNLOAD)
        rows = AccessEvent.objects.order_by("patient_id").values_list("patient_id",
                                                                       "subject_id")
        assert list(rows) == sorted([(first.pk, 5), (second.pk, 5)])
