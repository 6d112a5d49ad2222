import pytest
from django.urls import reverse

from patients.models import Patient

pytestmark = pytest.mark.django_db

URL = reverse("patients:create")


def valid_data(**overrides) -> dict:
    data = {
        "ipp": "ip-0042 ",
        "family_name": " Moreau ",
        "given_name": "Claire",
        "birth_date": "1956-09-21",
        "sex": "F",
        "primary_site": "breast",
        "histology": "lobular",
        "diagnosis_date": "2019-02-01",
        "ecog": "1",
        "karnofsky": "80",
    }
    data.update(overrides)
    return data


class TestPatientCreate:
    @pytest.mark.parametrize("role", ["clinician", "admin"])
    def test_it_shows_the_form_to_roles_that_create(self, client, role_users, role):
        client.force_login(role_users[role])
        response = client.get(URL)
        assert response.status_code == 200
        content = response.content.decode()
        assert "<legend" in content and "Risk factors" in content
        assert 'type="date"' in content

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    @pytest.mark.parametrize("method", ["get", "post"])
    def test_it_refuses_roles_that_only_read(self, client, role_users, role, method):
        client.force_login(role_users[role])
        assert getattr(client, method)(URL, valid_data()).status_code == 403
        assert not Patient.objects.exists()

    def test_it_redirects_anonymous_users_to_the_login_page(self, client):
        response = client.get(URL)
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))

    def test_it_creates_the_patient_and_redirects_to_its_page(self, client, clinician):
        client.force_login(clinician)
        response = client.post(URL, valid_data(), follow=True)
        patient = Patient.objects.get()
        assert response.redirect_chain == [(patient.get_absolute_url(), 302)]
        assert (patient.ipp, patient.family_name) == ("IP-0042", "Moreau")
        assert "created" in response.content.decode()

    def test_it_makes_the_current_user_the_referring_clinician(self, client, clinician):
        client.force_login(clinician)
        client.post(URL, valid_data())
        assert Patient.objects.get().referring_clinician == clinician

    def test_it_records_who_created_the_patient_in_the_history(self, client, clinician):
        client.force_login(clinician)
        client.post(URL, valid_data())
        assert Patient.objects.get().history.get().history_user == clinician

    def test_it_re_renders_bad_input_with_what_was_typed(self, client, clinician):
        client.force_login(clinician)
        response = client.post(URL, valid_data(karnofsky="85", given_name="Anne-Sophie"))
        assert response.status_code == 200
        content = response.content.decode()
        assert 'value="Anne-Sophie"' in content
        assert 'value="85"' in content
        assert "multiple of 10" in content
        assert not Patient.objects.exists()

    def test_it_rejects_put(self, client, clinician):
        client.force_login(clinician)
        assert client.put(URL).status_code == 405
