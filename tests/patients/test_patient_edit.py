import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from patients.forms.patient import PatientForm
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(clinician):
    return PatientFactory(ipp="IPP-7", family_name="Roux", referring_clinician=clinician)


def url(patient) -> str:
    return reverse("patients:edit", args=[patient.pk])


def form_data(patient, **overrides) -> dict:
    data = {key: "" if value is None else value
            for key, value in model_to_dict(patient, fields=PatientForm.Meta.fields).items()}
    data.update(overrides)
    return data


class TestPatientEdit:
    @pytest.mark.parametrize("role", ["clinician", "admin"])
    def test_it_shows_the_filled_form_to_roles_that_edit(self, client, role_users, role,
                                                        patient):
        client.force_login(role_users[role])
        response = client.get(url(patient))
        assert response.status_code == 200
        assert 'value="Roux"' in response.content.decode()

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_it_refuses_roles_that_only_read(self, client, role_users, role, method, patient):
        client.force_login(role_users[role])
        response = getattr(client, method)(url(patient), form_data(patient, family_name="X"))
        assert response.status_code == 403
        patient.refresh_from_db()
        assert patient.family_name == "Roux"

    def test_it_answers_404_for_an_unknown_patient(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("patients:edit", args=[999999])).status_code == 404

    @pytest.mark.parametrize("role", ["clinician", "admin"])
    def test_it_saves_and_redirects_to_the_patient_page(self, client, role_users, role,
                                                       patient):
        client.force_login(role_users[role])
        response = client.post(url(patient), form_data(patient, family_name="Roux-Martin"),
                               follow=True)
        assert response.redirect_chain == [(patient.get_absolute_url(), 302)]
        assert "saved" in response.content.decode()
        patient.refresh_from_db()
        assert patient.family_name == "Roux-Martin"

    def test_it_keeps_the_referring_clinician(self, client, admin_user, clinician, patient):
        client.force_login(admin_user)
        client.post(url(patient), form_data(patient, ecog="2"))
        patient.refresh_from_db()
        assert (patient.ecog, patient.referring_clinician) == (2, clinician)

    def test_it_accepts_the_patient_s_own_ipp(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(url(patient), form_data(patient, ipp="ipp-7"))
        assert response.status_code == 302

    def test_it_re_renders_bad_input_with_what_was_typed(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(url(patient), form_data(patient, family_name="Faure",
                                                       birth_date="2999-01-01"))
        assert response.status_code == 200
        content = response.content.decode()
        assert 'value="Faure"' in content and "This date is in the future." in content
        patient.refresh_from_db()
        assert patient.family_name == "Roux"
