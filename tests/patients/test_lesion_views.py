"""Lesion pages: who may add, change, delete and read a lesion, and what each page shows."""

import pytest
from django.urls import reverse

from patients.models import Lesion
from tests.factories import LesionFactory, PatientFactory

pytestmark = pytest.mark.django_db

READERS = ["coordinator", "panel_member"]
EDITORS = ["clinician", "admin"]



def create_url(patient) -> str:
    return reverse("patients:lesion_create", args=[patient.pk])


def lesion_url(name: str, lesion) -> str:
    return reverse(f"patients:{name}", args=[lesion.patient_id, lesion.pk])


def femur_post(**data) -> dict:
    return {"site": "femur_trochanteric", "side": "right", "lesion_type": "lytic",
            "pain": "functional", "pain_mechanical": "yes", **data}


class TestLesionCreate:
    @pytest.mark.parametrize("role", EDITORS)
    def test_it_shows_the_form_to_editors(self, client, role_users, role):
        client.force_login(role_users[role])
        response = client.get(create_url(PatientFactory()))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'id="site-regions"' in html
        assert 'data-applies-to="spine"' in html
        assert "js/lesion_form.js" in html

    def test_it_creates_the_lesion_and_shows_its_page(self, client, clinician):
        patient = PatientFactory()
        client.force_login(clinician)
        response = client.post(create_url(patient), femur_post(), follow=True)
        lesion = Lesion.objects.get()
        assert lesion.patient == patient
        assert (lesion.site, lesion.side) == ("femur_trochanteric", "right")
        assert response.redirect_chain == [(lesion.get_absolute_url(), 302)]
        assert "Lesion added." in response.content.decode()

    def test_it_warns_which_findings_it_cleared(self, client, clinician):
        client.force_login(clinician)
        response = client.post(create_url(PatientFactory()), femur_post(alignment="normal"),
                               follow=True)
        assert Lesion.objects.get().alignment == ""
        assert "were cleared: spinal alignment" in response.content.decode()

    def test_it_keeps_the_typed_values_of_an_invalid_post(self, client, clinician):
        client.force_login(clinician)
        response = client.post(create_url(PatientFactory()),
                               femur_post(side="", size_mm="42", notes="Painful at night"))
        html = response.content.decode()
        assert response.status_code == 200
        assert 'value="42"' in html
        assert "Painful at night" in html
        assert "Give the side" in html
        assert not Lesion.objects.exists()

    @pytest.mark.parametrize("role", READERS)
    def test_it_forbids_roles_that_only_read(self, client, role_users, role):
        patient = PatientFactory()
        client.force_login(role_users[role])
        assert client.get(create_url(patient)).status_code == 403
        assert client.post(create_url(patient), femur_post()).status_code == 403
        assert not Lesion.objects.exists()

    def test_it_sends_anonymous_users_to_the_login_page(self, client):
        url = create_url(PatientFactory())
        response = client.get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"

    def test_it_returns_404_for_an_unknown_patient(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("patients:lesion_create", args=[9999])).status_code == 404

    def test_it_rejects_other_methods(self, client, clinician):
        client.force_login(clinician)
        assert client.delete(create_url(PatientFactory())).status_code == 405


class TestLesionEdit:
    def test_it_shows_the_recorded_values(self, client, clinician):
        lesion = LesionFactory(site="humerus_diaphysis", notes="Seen on CT")
        client.force_login(clinician)
        html = client.get(lesion_url("lesion_edit", lesion)).content.decode()
        assert '<option value="humerus_diaphysis" selected>' in html
        assert "Seen on CT" in html

    def test_it_saves_the_changes_and_shows_the_lesion(self, client, clinician):
        lesion = LesionFactory()
        client.force_login(clinician)
        response = client.post(lesion_url("lesion_edit", lesion), femur_post(size_mm="35"))
        lesion.refresh_from_db()
        assert response.status_code == 302
        assert response.url == lesion.get_absolute_url()
        assert (lesion.site, lesion.size_mm) == ("femur_trochanteric", 35)

    def test_it_clears_the_sins_items_when_a_vertebra_becomes_a_femur(self, client, clinician):
        lesion = LesionFactory(site="t9", side="", collapse="gt50", epidural_extension="yes")
        client.force_login(clinician)
        client.post(lesion_url("lesion_edit", lesion),
                    femur_post(collapse="gt50", epidural_extension="yes"))
        lesion.refresh_from_db()
        assert (lesion.collapse, lesion.epidural_extension) == ("", "")

    @pytest.mark.parametrize("role", READERS)
    def test_it_forbids_roles_that_only_read(self, client, role_users, role):
        lesion = LesionFactory(notes="unchanged")
        client.force_login(role_users[role])
        assert client.get(lesion_url("lesion_edit", lesion)).status_code == 403
        response = client.post(lesion_url("lesion_edit", lesion), femur_post(notes="changed"))
        assert response.status_code == 403
        lesion.refresh_from_db()
        assert lesion.notes == "unchanged"

    def test_it_returns_404_for_a_lesion_of_another_patient(self, client, clinician):
        lesion = LesionFactory()
        client.force_login(clinician)
        url = reverse("patients:lesion_edit", args=[PatientFactory().pk, lesion.pk])
        assert client.get(url).status_code == 404


class TestLesionDelete:
    def test_it_asks_for_confirmation(self, client, clinician):
        lesion = LesionFactory(site="femur_diaphysis")
        client.force_login(clinician)
        response = client.get(lesion_url("lesion_delete", lesion))
        assert response.status_code == 200
        assert "Delete lesion Femur — diaphysis Left?" in response.content.decode()
        assert Lesion.objects.filter(pk=lesion.pk).exists()

    def test_it_deletes_the_lesion_and_returns_to_the_patient(self, client, clinician):
        lesion = LesionFactory()
        client.force_login(clinician)
        response = client.post(lesion_url("lesion_delete", lesion))
        assert response.status_code == 302
        assert response.url == lesion.patient.get_absolute_url()
        assert not Lesion.objects.filter(pk=lesion.pk).exists()

    @pytest.mark.parametrize("role", READERS)
    def test_it_forbids_roles_that_only_read(self, client, role_users, role):
        lesion = LesionFactory()
        client.force_login(role_users[role])
        assert client.get(lesion_url("lesion_delete", lesion)).status_code == 403
        assert client.post(lesion_url("lesion_delete", lesion)).status_code == 403
        assert Lesion.objects.filter(pk=lesion.pk).exists()

    def test_it_returns_404_for_a_lesion_of_another_patient(self, client, clinician):
        lesion = LesionFactory()
        client.force_login(clinician)
        url = reverse("patients:lesion_delete", args=[PatientFactory().pk, lesion.pk])
        assert client.post(url).status_code == 404
        assert Lesion.objects.filter(pk=lesion.pk).exists()


class TestLesionDetail:
    @pytest.mark.parametrize("role", READERS + EDITORS)
    def test_it_shows_the_lesion_to_every_role(self, client, role_users, role):
        lesion = LesionFactory(site="femur_diaphysis")
        client.force_login(role_users[role])
        response = client.get(lesion_url("lesion_detail", lesion))
        assert response.status_code == 200
        assert "Femur — diaphysis" in response.content.decode()

    @pytest.mark.parametrize("role, shown", [("clinician", True), ("coordinator", False),
                                             ("panel_member", False)])
    def test_it_offers_edit_and_delete_to_editors_only(self, client, role_users, role, shown):
        lesion = LesionFactory()
        client.force_login(role_users[role])
        html = client.get(lesion_url("lesion_detail", lesion)).content.decode()
        assert (lesion_url("lesion_edit", lesion) in html) is shown
        assert (lesion_url("lesion_delete", lesion) in html) is shown

    def test_it_shows_only_long_bone_findings_for_a_femur(self, client, clinician):
        lesion = LesionFactory(site="femur_diaphysis", cortical_involvement="gt_2_3")
        client.force_login(clinician)
        html = client.get(lesion_url("lesion_detail", lesion)).content.decode()
        assert "More than 2/3 of the cortex" in html
        assert "Spinal alignment" not in html
        assert "Epidural extension" not in html

    def test_it_shows_only_spine_findings_for_a_vertebra(self, client, clinician):
        lesion = LesionFactory(site="l1", side="", collapse="lt50")
        client.force_login(clinician)
        html = client.get(lesion_url("lesion_detail", lesion)).content.decode()
        assert "Collapse under 50 %" in html
        assert "Spinal alignment" in html
        assert "Cortical involvement" not in html

    def test_it_says_not_recorded_for_unknown_findings(self, client, clinician):
        lesion = LesionFactory(site="femur_diaphysis", cortical_involvement="")
        client.force_login(clinician)
        html = client.get(lesion_url("lesion_detail", lesion)).content.decode()
        assert "Cortical involvement</dt>" in html
        assert "not recorded" in html.split("Cortical involvement</dt>")[1].split("</dd>")[0]

    def test_it_sends_anonymous_users_to_the_login_page(self, client):
        response = client.get(lesion_url("lesion_detail", LesionFactory()))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_it_returns_404_for_a_lesion_of_another_patient(self, client, coordinator):
        lesion = LesionFactory()
        client.force_login(coordinator)
        url = reverse("patients:lesion_detail", args=[PatientFactory().pk, lesion.pk])
        assert client.get(url).status_code == 404

    def test_it_rejects_post(self, client, clinician):
        client.force_login(clinician)
        assert client.post(lesion_url("lesion_detail", LesionFactory())).status_code == 405
