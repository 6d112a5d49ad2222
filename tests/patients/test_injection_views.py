"""Recording, editing and deleting injections from the patient page, for the roles that may."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment
from patients.records_actions import record_injection
from tests.factories import AntiresorptiveTreatmentFactory, PatientFactory

pytestmark = pytest.mark.django_db

SECTION = "#records-antiresorptives"


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician)


@pytest.fixture
def treatment(patient):
    return AntiresorptiveTreatmentFactory(patient=patient, start_date=dt.date(2025, 3, 1))


@pytest.fixture
def injection(treatment):
    return record_injection(treatment=treatment, given_on=dt.date(2025, 4, 1))


def add_url(treatment) -> str:
    return reverse("patients:injection_add", args=[treatment.patient_id, treatment.pk])


def injection_url(name: str, injection) -> str:
    return reverse(f"patients:injection_{name}",
                   args=[injection.treatment.patient_id, injection.pk])


def last_injection(treatment) -> dt.date | None:
    return AntiresorptiveTreatment.objects.get(pk=treatment.pk).last_injection_date


class TestRecordAnInjection:
    def test_it_shows_the_form(self, client, clinician, treatment):
        client.force_login(clinician)
        response = client.get(add_url(treatment))
        assert response.status_code == 200
        assert 'name="given_on"' in response.content.decode()

    def test_it_records_the_injection_and_returns_to_the_treatments(self, client, clinician,
                                                                    treatment):
        client.force_login(clinician)
        response = client.post(add_url(treatment), {"given_on": "2025-04-01",
                                                     "dose_mg": "120", "note": "Left arm"})
        assert response.headers["Location"] == f"/patients/{treatment.patient_id}/{SECTION}"
        assert [str(m) for m in get_messages(response.wsgi_request)] == ["Injection saved."]
        assert treatment.injections.get().note == "Left arm"
        assert last_injection(treatment) == dt.date(2025, 4, 1)

    def test_it_shows_the_errors_and_records_nothing(self, client, clinician, treatment):
        client.force_login(clinician)
        response = client.post(add_url(treatment), {"given_on": "2025-02-01"})
        assert response.status_code == 200
        assert "before the treatment&#x27;s start date" in response.content.decode()
        assert not treatment.injections.exists()

    def test_it_records_who_did_it(self, client, clinician, treatment):
        client.force_login(clinician)
        client.post(add_url(treatment), {"given_on": "2025-04-01"})
        assert AntiresorptiveInjection.history.get().history_user == clinician

    def test_it_404s_for_a_treatment_of_another_patient(self, client, clinician, patient):
        other = AntiresorptiveTreatmentFactory()
        client.force_login(clinician)
        url = reverse("patients:injection_add", args=[patient.pk, other.pk])
        assert client.post(url, {"given_on": "2025-04-01"}).status_code == 404
        assert not other.injections.exists()


class TestEditAnInjection:
    def test_it_shows_the_injection_in_the_form(self, client, clinician, injection):
        client.force_login(clinician)
        response = client.get(injection_url("edit", injection))
        assert response.context["form"].instance == injection

    def test_it_moves_the_last_injection_with_it(self, client, clinician, injection):
        client.force_login(clinician)
        client.post(injection_url("edit", injection), {"given_on": "2025-05-02"})
        assert last_injection(injection.treatment) == dt.date(2025, 5, 2)

    def test_it_404s_for_an_injection_of_another_patient(self, client, clinician, patient):
        other = record_injection(treatment=AntiresorptiveTreatmentFactory(),
                                 given_on=dt.date(2025, 4, 1))
        client.force_login(clinician)
        url = reverse("patients:injection_edit", args=[patient.pk, other.pk])
        assert client.get(url).status_code == 404


class TestDeleteAnInjection:
    def test_it_asks_for_confirmation_on_get(self, client, clinician, injection):
        client.force_login(clinician)
        response = client.get(injection_url("delete", injection))
        assert 'method="post"' in response.content.decode()
        assert AntiresorptiveInjection.objects.filter(pk=injection.pk).exists()

    def test_it_deletes_and_sets_the_last_injection_again(self, client, clinician, injection):
        treatment = injection.treatment
        record_injection(treatment=treatment, given_on=dt.date(2025, 3, 4))
        client.force_login(clinician)
        response = client.post(injection_url("delete", injection))
        assert response.headers["Location"].endswith(SECTION)
        assert last_injection(treatment) == dt.date(2025, 3, 4)


class TestAccess:
    ACTIONS = [("add", "get"), ("add", "post"), ("edit", "get"), ("edit", "post"),
               ("delete", "get"), ("delete", "post")]

    def target(self, name: str, injection) -> str:
        return add_url(injection.treatment) if name == "add" else injection_url(name, injection)

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    @pytest.mark.parametrize(("name", "method"), ACTIONS)
    def test_it_forbids_roles_that_only_read(self, client, role_users, injection, role, name,
                                             method):
        client.force_login(role_users[role])
        response = getattr(client, method)(self.target(name, injection),
                                           {"given_on": "2025-05-02"})
        assert response.status_code == 403
        assert list(AntiresorptiveInjection.objects.values_list("given_on", flat=True)) == [
            dt.date(2025, 4, 1)]

    @pytest.mark.parametrize("role", ["clinician", "admin"])
    @pytest.mark.parametrize("name", ["add", "edit", "delete"])
    def test_it_lets_roles_that_edit_records_in(self, client, role_users, injection, role,
                                                name):
        client.force_login(role_users[role])
        assert client.get(self.target(name, injection)).status_code == 200

    @pytest.mark.parametrize("name", ["add", "edit", "delete"])
    def test_it_sends_anonymous_users_to_login(self, client, injection, name):
        response = client.get(self.target(name, injection))
        assert response.headers["Location"].startswith(reverse("login"))

    def test_it_rejects_other_methods(self, client, clinician, injection):
        client.force_login(clinician)
        assert client.put(injection_url("edit", injection)).status_code == 405


class TestOnThePatientPage:
    def page(self, client, user, patient) -> str:
        client.force_login(user)
        return client.get(reverse("patients:detail", args=[patient.pk])).content.decode()

    def test_it_lists_each_treatment_s_injections(self, client, clinician, patient,
                                                  injection):
        html = self.page(client, clinician, patient)
        assert 'data-testid="injection-list"' in html
        assert '<time datetime="2025-04-01">' in html

    def test_it_offers_to_record_edit_and_delete_to_editors_only(self, client, clinician,
                                                                 panel_member, patient,
                                                                 injection):
        links = [add_url(injection.treatment), injection_url("edit", injection),
                 injection_url("delete", injection)]
        assert all(link in self.page(client, clinician, patient) for link in links)
        assert not any(link in self.page(client, panel_member, patient) for link in links)
