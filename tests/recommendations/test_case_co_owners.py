"""Co-owners of a case: clinicians the referrer names share the referrer's rights on it
(recommendations.permissions); nobody else acts for the referrer."""

import pytest
from django.urls import reverse

from recommendations.forms.case import CaseForm
from recommendations.models import Case
from recommendations.permissions import (
    can_add_attachment,
    can_submit_case,
    can_withdraw_case,
    visible_cases,
)
from tests.factories import LesionFactory, PatientFactory, UserFactory

pytestmark = pytest.mark.django_db


def draft_case(referrer) -> Case:
    patient = PatientFactory(referring_clinician=referrer)
    case = Case.objects.create(patient=patient, referring_clinician=referrer,
                               question="Radiotherapy or fixation?", patient_informed=True)
    case.lesions.add(LesionFactory(patient=patient))
    return case


def edit_url(case) -> str:
    return reverse("recommendations:case_edit", args=[case.pk])


def edit_post(case, **data) -> dict:
    return {"question": case.question, "urgency": "routine",
            "lesions": [lesion.pk for lesion in case.lesions.all()],
            "patient_informed": "on", **data}


@pytest.fixture
def colleague(db):
    return UserFactory(username="dr-colleague", roles=["clinician"])


@pytest.fixture
def case(clinician, colleague):
    case = draft_case(clinician)
    case.co_owners.add(colleague)
    return case


class TestCoOwnerRights:
    def test_it_lets_a_co_owner_edit_the_case(self, client, case, colleague):
        client.force_login(colleague)
        response = client.post(edit_url(case), edit_post(case, question="Fixation first?"))
        assert response.status_code == 302
        case.refresh_from_db()
        assert case.question == "Fixation first?"

    def test_it_lets_a_co_owner_submit_withdraw_and_add_documents(self, case, colleague):
        assert can_submit_case(colleague, case)
        assert can_withdraw_case(colleague, case)
        assert can_add_attachment(colleague, case)

    def test_it_lets_a_co_owner_open_the_attachment_form(self, client, case, colleague):
        client.force_login(colleague)
        url = reverse("recommendations:attachment_add", args=[case.pk])
        assert client.get(url).status_code == 200

    def test_it_refuses_a_clinician_who_is_not_a_co_owner(self, client, case):
        client.force_login(UserFactory(username="dr-stranger", roles=["clinician"]))
        response = client.post(edit_url(case), edit_post(case, question="Changed?"))
        assert response.status_code == 403
        case.refresh_from_db()
        assert case.question == "Radiotherapy or fixation?"

    def test_a_removed_co_owner_loses_the_rights(self, client, case, colleague):
        case.co_owners.remove(colleague)
        client.force_login(colleague)
        assert client.get(edit_url(case)).status_code == 403
        assert client.post(reverse("recommendations:case_submit",
                                   args=[case.pk])).status_code == 403

    def test_a_co_owner_without_view_case_still_sees_the_case(self, clinician):
        case = draft_case(clinician)
        outsider = UserFactory(username="dr-no-role")
        assert not visible_cases(outsider).filter(pk=case.pk).exists()
        case.co_owners.add(outsider)
        assert list(visible_cases(outsider)) == [case]


class TestCoOwnersField:
    def test_it_offers_active_clinicians_other_than_the_referrer(self, case, clinician,
                                                                 colleague, coordinator):
        UserFactory(username="dr-retired", roles=["clinician"], is_active=False)
        form = CaseForm(instance=case, patient=case.patient)
        assert list(form.fields["co_owners"].queryset) == [colleague]

    def test_it_refuses_a_user_who_is_not_a_clinician(self, case, coordinator):
        data = edit_post(case, co_owners=[coordinator.pk])
        form = CaseForm(data, instance=case, patient=case.patient)
        assert "co_owners" in form.errors

    def test_the_referrer_names_co_owners_when_creating_the_case(self, client, clinician,
                                                                 colleague):
        patient = PatientFactory(referring_clinician=clinician)
        client.force_login(clinician)
        form_page = client.get(reverse("recommendations:case_create", args=[patient.pk]))
        assert f'value="{clinician.pk}"' not in str(form_page.context["form"]["co_owners"])
        client.post(reverse("recommendations:case_create", args=[patient.pk]),
                    {"question": "Cementoplasty?", "urgency": "routine",
                     "co_owners": [colleague.pk]})
        assert list(Case.objects.get(patient=patient).co_owners.all()) == [colleague]

    def test_the_case_page_names_the_co_owners(self, client, case, clinician, colleague):
        client.force_login(clinician)
        page = client.get(reverse("recommendations:case_detail", args=[case.pk]))
        listed = page.content.decode().split('data-testid="case-co-owners"')[1].split("</dd>")[0]
        assert str(colleague) in listed
