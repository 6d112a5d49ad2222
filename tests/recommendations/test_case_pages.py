"""Case pages: who may see and act on a case, and what creating, submitting and withdrawing
one does through the pages."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Case, CaseStatus, Urgency
from recommendations.permissions import can_edit_case, can_view_case
from recommendations.workflow import events_of
from tests.factories import LesionFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

# What a referring clinician holds on cases, without any right on patients' records.
CASE_PERMISSIONS = ("view_case", "add_case", "change_case", "add_caseattachment",
                    "view_caseattachment")


def clinician_without_access():
    """A clinician with every case permission who may not read the patients' records: the
    patient rule alone keeps them out."""
    user = UserFactory(username="dr-elsewhere")
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="recommendations", codename__in=CASE_PERMISSIONS))
    return user


def draft_case(clinician, **fields) -> Case:
    """A draft of `clinician` about their patient, who has one femoral lesion."""
    patient = PatientFactory(referring_clinician=clinician)
    lesion = LesionFactory(patient=patient)
    defaults = {"question": "Prophylactic fixation or radiotherapy?",
                "clinical_summary": "Lung adenocarcinoma, painful left femur.",
                "patient_informed": True}
    case = Case.objects.create(patient=patient, referring_clinician=clinician,
                               **{**defaults, **fields})
    case.lesions.add(lesion)
    return case


def url(name: str, case) -> str:
    return reverse(f"recommendations:{name}", args=[case.pk])


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def people(clinician, coordinator, panel_member):
    return {"owner": clinician, "coordinator": coordinator, "panel_member": panel_member,
            "without_access": clinician_without_access(),
            "no_role": UserFactory(username="no-role")}


class TestWhoMayDoWhat:
    """One row per page, one column per person (anonymous: sent to the login page)."""

    READ = {"owner": 200, "coordinator": 200, "panel_member": 200, "without_access": 403,
            "no_role": 403}
    ACT = {"owner": 200, "coordinator": 403, "panel_member": 403, "without_access": 403,
           "no_role": 403}

    @pytest.mark.parametrize("person", list(READ))
    def test_the_case_page(self, client, people, person):
        case = draft_case(people["owner"])
        client.force_login(people[person])
        assert client.get(url("case_detail", case)).status_code == self.READ[person]

    @pytest.mark.parametrize("person", list(ACT))
    def test_the_edit_page(self, client, people, person):
        case = draft_case(people["owner"])
        client.force_login(people[person])
        assert client.get(url("case_edit", case)).status_code == self.ACT[person]

    @pytest.mark.parametrize("person", list(ACT))
    def test_the_new_case_page(self, client, people, person):
        patient = draft_case(people["owner"]).patient
        client.force_login(people[person])
        response = client.get(reverse("recommendations:case_create", args=[patient.pk]))
        assert response.status_code == self.ACT[person]

    @pytest.mark.parametrize("person", list(ACT))
    @pytest.mark.parametrize("name", ["case_submit", "case_withdraw"])
    def test_the_workflow_actions(self, client, people, person, name):
        case = draft_case(people["owner"])
        client.force_login(people[person])
        response = client.post(url(name, case), {"reason": "Patient declined."})
        expected = 302 if self.ACT[person] == 200 else 403
        assert response.status_code == expected

    @pytest.mark.parametrize(("person", "status", "sees_it"), [
        ("owner", 200, True), ("coordinator", 200, True), ("panel_member", 200, True),
        ("without_access", 200, False), ("no_role", 403, False),
    ])
    def test_the_list(self, client, people, person, status, sees_it):
        case = draft_case(people["owner"])
        client.force_login(people[person])
        response = client.get(reverse("recommendations:case_list"))
        assert response.status_code == status
        assert (f'id="case-{case.pk}"' in page(response)) is sees_it

    @pytest.mark.parametrize("name", ["case_list", "case_detail", "case_edit", "case_create"])
    def test_anonymous_users_are_sent_to_the_login_page(self, client, clinician, name):
        case = draft_case(clinician)
        target = reverse(f"recommendations:{name}",
                         args=[] if name == "case_list" else
                         [case.patient_id if name == "case_create" else case.pk])
        response = client.get(target)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_an_unknown_case_is_not_found(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("recommendations:case_detail", args=[999])).status_code == 404

    def test_a_colleague_reads_the_case_but_only_its_owners_act_on_it(self, clinician):
        case, colleague = draft_case(clinician), UserFactory(roles=["clinician"])
        assert can_view_case(colleague, case)
        assert not can_edit_case(colleague, case)

    def test_the_workflow_actions_reject_get(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        assert client.get(url("case_submit", case)).status_code == 405
        assert client.get(url("case_withdraw", case)).status_code == 405


def case_post(**data) -> dict:
    return {"question": "Cementoplasty of T7?", "clinical_summary": "Breast cancer, pain.",
            "urgency": "routine", **data}


class TestCaseForm:
    def test_it_creates_a_draft_of_the_user_about_the_patient(self, client, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        lesion = LesionFactory(patient=patient)
        client.force_login(clinician)
        response = client.post(reverse("recommendations:case_create", args=[patient.pk]),
                               case_post(lesions=[lesion.pk]), follow=True)
        case = Case.objects.get()
        assert (case.patient, case.referring_clinician, case.status) == (
            patient, clinician, CaseStatus.DRAFT)
        assert list(case.lesions.all()) == [lesion]
        assert not case.patient_informed
        assert response.redirect_chain == [(case.get_absolute_url(), 302)]
        assert "Draft case saved." in page(response)

    def test_it_offers_only_the_patients_own_lesions(self, client, clinician):
        case = draft_case(clinician)
        other = LesionFactory(site="humerus_diaphysis")
        client.force_login(clinician)
        response = client.get(url("case_edit", case))
        offered = list(response.context["form"].fields["lesions"].queryset)
        assert offered == [case.lesions.get()] and other not in offered

    def test_it_refuses_a_lesion_of_another_patient(self, client, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        other = LesionFactory()
        client.force_login(clinician)
        response = client.post(reverse("recommendations:case_create", args=[patient.pk]),
                               case_post(lesions=[other.pk]))
        assert response.status_code == 200
        assert "Select a valid choice" in page(response)
        assert not Case.objects.exists()

    def test_it_explains_why_the_patient_must_be_informed(self, client, clinician):
        patient = PatientFactory(referring_clinician=clinician)
        client.force_login(clinician)
        html = page(client.get(reverse("recommendations:case_create", args=[patient.pk])))
        assert "did not object" in html and "multidisciplinary meetings (RCP)" in html

    def test_it_saves_the_owners_changes(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        client.post(url("case_edit", case), case_post(question="Surgery first?",
                                                      patient_informed="on"))
        case.refresh_from_db()
        assert (case.question, case.patient_informed) == ("Surgery first?", True)
        assert case.lesions.count() == 0

    def test_a_submitted_case_can_no_longer_be_edited(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        client.post(url("case_submit", case))
        assert client.get(url("case_edit", case)).status_code == 403
        assert url("case_edit", case) not in page(client.get(url("case_detail", case)))


class TestSubmission:
    def test_it_is_refused_until_the_patient_was_informed(self, client, clinician):
        case = draft_case(clinician, patient_informed=False)
        client.force_login(clinician)
        response = client.post(url("case_submit", case), follow=True)
        assert "the patient must have been informed and not have objected" in page(response)
        case.refresh_from_db()
        assert case.status == CaseStatus.DRAFT and not events_of(case).exists()

    def test_it_submits_and_records_who_did_it(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = client.post(url("case_submit", case), follow=True)
        case.refresh_from_db()
        assert case.status == CaseStatus.SUBMITTED
        (event,) = events_of(case)
        assert (event.transition, event.by) == ("submit", clinician)
        assert "Case submitted to the coordinators." in page(response)
        assert case.urgency == Urgency.ROUTINE

    def test_a_spinal_cord_compression_makes_the_case_urgent(self, client, clinician):
        case = draft_case(clinician)
        LesionFactory(patient=case.patient, site="t7", side="", neurological_deficit="incomplete",
                      bilsky_grade="3")
        client.force_login(clinician)
        response = client.post(url("case_submit", case), follow=True)
        case.refresh_from_db()
        assert (case.status, case.urgency) == (CaseStatus.SUBMITTED, Urgency.URGENT)
        assert "Spinal cord compression" in events_of(case).get().note
        assert "the case is marked urgent" in page(response)

    def test_a_second_submission_is_refused_with_a_message(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        client.post(url("case_submit", case))
        response = client.post(url("case_submit", case), follow=True)
        assert "Cannot submit the case: the case is submitted." in page(response)
        assert events_of(case).count() == 1


class TestWithdrawal:
    def test_it_needs_a_reason(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = client.post(url("case_withdraw", case), {"reason": "  "}, follow=True)
        assert "Say why the case is withdrawn." in page(response)
        case.refresh_from_db()
        assert case.status == CaseStatus.DRAFT

    def test_it_withdraws_and_records_the_reason(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        client.post(url("case_submit", case))
        client.post(url("case_withdraw", case), {"reason": "Patient declined."})
        case.refresh_from_db()
        assert case.status == CaseStatus.WITHDRAWN
        event = events_of(case).last()
        assert (event.transition, event.by, event.note) == (
            "withdraw", clinician, "Patient declined.")


class TestCasePage:
    def test_it_shows_the_case_and_its_history(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        client.post(url("case_submit", case))
        html = page(client.get(url("case_detail", case)))
        assert "Prophylactic fixation or radiotherapy?" in html
        assert case.lesions.get().get_absolute_url() in html
        assert "Draft → Submitted" in html and str(clinician) in html
        assert 'data-testid="case-status">Submitted<' in html

    def test_it_offers_the_owner_the_actions_of_a_draft(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        html = page(client.get(url("case_detail", case)))
        for name in ("case_edit", "case_submit", "case_withdraw", "attachment_add"):
            assert reverse(f"recommendations:{name}", args=[case.pk]) in html

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    def test_it_offers_readers_no_action(self, client, role_users, clinician, role):
        case = draft_case(clinician)
        client.force_login(role_users[role])
        html = page(client.get(url("case_detail", case)))
        for name in ("case_edit", "case_submit", "case_withdraw", "attachment_add"):
            assert reverse(f"recommendations:{name}", args=[case.pk]) not in html


class TestCaseList:
    def test_it_filters_by_status_and_by_referrer(self, client, clinician, coordinator):
        mine = draft_case(clinician)
        theirs = draft_case(UserFactory(roles=["clinician"]), question="Another one?")
        Case.objects.filter(pk=theirs.pk).update(status=CaseStatus.SUBMITTED)
        client.force_login(clinician)
        list_url = reverse("recommendations:case_list")
        only_mine = page(client.get(list_url, {"mine": "1"}))
        assert f'id="case-{mine.pk}"' in only_mine and f'id="case-{theirs.pk}"' not in only_mine
        submitted = page(client.get(list_url, {"status": "submitted"}))
        assert f'id="case-{theirs.pk}"' in submitted and f'id="case-{mine.pk}"' not in submitted

    def test_it_ignores_an_unknown_status(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        response = client.get(reverse("recommendations:case_list"), {"status": "bogus"})
        assert f'id="case-{case.pk}"' in page(response)

    def test_its_queries_do_not_grow_with_the_cases(self, client, coordinator, clinician):
        client.force_login(coordinator)
        draft_case(clinician)
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("recommendations:case_list"))
        for _ in range(4):
            draft_case(clinician)
        with CaptureQueriesContext(connection) as five:
            client.get(reverse("recommendations:case_list"))
        assert len(five) == len(one)


class TestPatientPagePanel:
    PANEL = "recommendations.views.cases.patient_cases_panel"

    @pytest.fixture(autouse=True)
    def with_the_panel(self, settings):
        settings.PATIENT_PAGE_PANELS = [*settings.PATIENT_PAGE_PANELS, self.PANEL]

    def test_it_lists_the_cases_and_offers_a_new_one(self, client, clinician):
        case = draft_case(clinician)
        client.force_login(clinician)
        html = page(client.get(case.patient.get_absolute_url()))
        assert case.get_absolute_url() in html
        assert reverse("recommendations:case_create", args=[case.patient_id]) in html

    def test_readers_see_the_cases_without_the_link(self, client, clinician, coordinator):
        case = draft_case(clinician)
        client.force_login(coordinator)
        html = page(client.get(case.patient.get_absolute_url()))
        assert case.get_absolute_url() in html
        assert reverse("recommendations:case_create", args=[case.patient_id]) not in html
