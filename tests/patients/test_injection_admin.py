"""The admin of injections: the treatment's last injection follows what is changed there."""

import datetime as dt

import pytest
from django.urls import reverse

from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment
from patients.records_actions import record_injection
from tests.factories import AntiresorptiveTreatmentFactory

pytestmark = pytest.mark.django_db


def admin_url(view: str, *args) -> str:
    return reverse(f"admin:patients_antiresorptiveinjection_{view}", args=args)


@pytest.fixture
def treatment():
    return AntiresorptiveTreatmentFactory(start_date=dt.date(2025, 3, 1))


def last_injection(treatment) -> dt.date | None:
    return AntiresorptiveTreatment.objects.get(pk=treatment.pk).last_injection_date


class TestInjectionAdmin:
    def test_adding_one_sets_the_last_injection(self, client, admin_user, treatment):
        client.force_login(admin_user)
        response = client.post(admin_url("add"), {"treatment": treatment.pk,
                                                  "given_on": "2025-04-01", "note": ""})
        assert response.status_code == 302
        assert last_injection(treatment) == dt.date(2025, 4, 1)

    def test_it_applies_the_model_s_date_rule(self, client, admin_user, treatment):
        client.force_login(admin_user)
        response = client.post(admin_url("add"), {"treatment": treatment.pk,
                                                  "given_on": "2025-02-01", "note": ""})
        assert response.status_code == 200
        assert not AntiresorptiveInjection.objects.exists()

    def test_deleting_one_sets_the_last_injection_again(self, client, admin_user, treatment):
        record_injection(treatment=treatment, given_on=dt.date(2025, 4, 1))
        latest = record_injection(treatment=treatment, given_on=dt.date(2025, 5, 1))
        client.force_login(admin_user)
        client.post(admin_url("delete", latest.pk), {"post": "yes"})
        assert last_injection(treatment) == dt.date(2025, 4, 1)

    def test_deleting_several_from_the_list_sets_the_last_injection_again(
            self, client, admin_user, treatment):
        first = record_injection(treatment=treatment, given_on=dt.date(2025, 4, 1))
        latest = record_injection(treatment=treatment, given_on=dt.date(2025, 5, 1))
        client.force_login(admin_user)
        client.post(admin_url("changelist"), {"action": "delete_selected", "post": "yes",
                                              "_selected_action": [first.pk, latest.pk]})
        assert last_injection(treatment) is None

    def test_the_treatment_s_last_injection_is_read_only_once_injections_exist(
            self, client, admin_user, treatment):
        record_injection(treatment=treatment, given_on=dt.date(2025, 4, 1))
        client.force_login(admin_user)
        url = reverse("admin:patients_antiresorptivetreatment_change", args=[treatment.pk])
        assert 'name="last_injection_date"' not in client.get(url).content.decode()
