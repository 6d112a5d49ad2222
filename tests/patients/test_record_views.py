import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.records import RECORD_KINDS
from tests.factories import MeasurementFactory, PatientFactory, drug

pytestmark = pytest.mark.django_db

SLUGS = list(RECORD_KINDS)


def day(offset: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


def valid_data(slug: str) -> dict:
    """What a clinician would type to add one record of each kind."""
    return {
        "measurements": lambda: {"measured_on": day(-1), "weight": "71.5", "height": "175"},
        "markers": lambda: {"marker": "egfr", "result": "positive", "detail": "exon 19 del"},
        "events": lambda: {"kind": "fracture", "occurred_on": day(-30)},
        "treatments": lambda: {"drug": drug("osimertinib").pk, "start_date": day(-60)},
        "antithrombotics": lambda: {"drug": drug("apixaban").pk, "daily_dose_mg": "10"},
        "antiresorptives": lambda: {"drug": drug("denosumab").pk, "start_date": day(-90)},
        "dental": lambda: {"assessed_on": day(-40), "result": "fit"},
        "implants": lambda: {"site": "femur_diaphysis", "side": "left"},
        "local-treatments": lambda: {"kind": "radiotherapy", "start_date": day(-20),
                                     "end_date": day(-10), "total_dose_gy": "30",
                                     "fractions": "10"},
    }[slug]()


def make_record(slug: str, patient):
    """A record of that kind, saved through the kind's own add form."""
    kind = RECORD_KINDS[slug]
    form = kind.form_for_adding()(valid_data(slug), patient=patient)
    assert form.is_valid(), form.errors
    form.save()
    return kind.model.objects.filter(patient=patient).latest("pk")


def url(name: str, patient, slug: str, record=None) -> str:
    args = [patient.pk, slug] + ([record.pk] if record else [])
    return reverse(f"patients:record_{name}", args=args)


def section(patient, slug: str) -> str:
    return f"/patients/{patient.pk}/#records-{slug}"


@pytest.fixture
def patient():
    return PatientFactory()


class TestRegistry:
    def test_it_covers_every_kind_of_dated_record(self):
        assert {kind.model for kind in RECORD_KINDS.values()} == {
            Measurement, MolecularMarker, SkeletalEvent, SystemicTreatment, Antithrombotic,
            AntiresorptiveTreatment, DentalAssessment, OrthopaedicImplant, LocalTreatment}


class TestAdd:
    @pytest.mark.parametrize("slug", SLUGS)
    def test_it_shows_the_kind_s_add_form(self, client, clinician, patient, slug):
        client.force_login(clinician)
        response = client.get(url("add", patient, slug))
        assert response.status_code == 200
        assert type(response.context["form"]) is RECORD_KINDS[slug].form_for_adding()

    @pytest.mark.parametrize("slug", SLUGS)
    def test_it_adds_a_record_and_returns_to_its_section(self, client, clinician, patient,
                                                         slug):
        client.force_login(clinician)
        response = client.post(url("add", patient, slug), valid_data(slug))
        assert response.status_code == 302
        assert response.headers["Location"] == section(patient, slug)
        assert RECORD_KINDS[slug].model.objects.filter(patient=patient).exists()

    def test_it_confirms_with_a_message(self, client, clinician, patient):
        client.force_login(clinician)
        response = client.post(url("add", patient, "events"), valid_data("events"))
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Skeletal-related events: changes saved."]

    def test_it_lets_an_admin_add(self, client, admin_user, patient):
        client.force_login(admin_user)
        assert client.post(url("add", patient, "dental"), valid_data("dental")).status_code == 302

    def test_it_shows_the_errors_and_keeps_what_was_typed(self, client, clinician, patient):
        client.force_login(clinician)
        data = {**valid_data("treatments"), "end_date": day(-61)}
        response = client.post(url("add", patient, "treatments"), data)
        assert response.status_code == 200
        assert "The treatment cannot stop before it started." in response.content.decode()
        assert f'value="{day(-60)}"' in response.content.decode()
        assert not SystemicTreatment.objects.exists()

    def test_it_404s_for_an_unknown_kind(self, client, clinician, patient):
        client.force_login(clinician)
        assert client.get(f"/patients/{patient.pk}/unknown/add/").status_code == 404

    def test_it_404s_for_an_unknown_patient(self, client, clinician):
        client.force_login(clinician)
        assert client.get("/patients/999999/events/add/").status_code == 404


class TestEdit:
    @pytest.mark.parametrize("slug", SLUGS)
    def test_it_shows_the_record_in_the_kind_s_form(self, client, clinician, patient, slug):
        record = make_record(slug, patient)
        client.force_login(clinician)
        response = client.get(url("edit", patient, slug, record))
        assert response.status_code == 200
        assert type(response.context["form"]) is RECORD_KINDS[slug].form_class
        assert response.context["form"].instance == record

    def test_it_edits_a_measurement(self, client, clinician, patient):
        record = MeasurementFactory(patient=patient, kind="calcium", value=Decimal("23"))
        client.force_login(clinician)
        response = client.post(url("edit", patient, "measurements", record),
                               {"value": "2.3", "measured_on": day(-2)})
        assert response.headers["Location"] == section(patient, "measurements")
        record.refresh_from_db()
        assert record.value == Decimal("2.3")

    def test_it_refuses_an_implausible_measurement(self, client, clinician, patient):
        record = MeasurementFactory(patient=patient, kind="calcium", value=Decimal("2.3"))
        client.force_login(clinician)
        response = client.post(url("edit", patient, "measurements", record),
                               {"value": "23", "measured_on": day(-2)})
        assert "1.0 to 5.0 mmol/L" in response.content.decode()

    def test_it_records_that_a_treatment_stopped(self, client, clinician, patient):
        record = make_record("treatments", patient)
        client.force_login(clinician)
        data = {**valid_data("treatments"), "end_date": day(-1)}
        assert client.post(url("edit", patient, "treatments", record), data).status_code == 302
        record.refresh_from_db()
        assert not record.is_current

    def test_it_404s_for_a_record_of_another_patient(self, client, clinician, patient):
        record = make_record("dental", PatientFactory())
        client.force_login(clinician)
        assert client.get(url("edit", patient, "dental", record)).status_code == 404


class TestDelete:
    def test_it_asks_for_confirmation_on_get(self, client, clinician, patient):
        record = make_record("implants", patient)
        client.force_login(clinician)
        response = client.get(url("delete", patient, "implants", record))
        assert response.status_code == 200
        assert 'method="post"' in response.content.decode()
        assert OrthopaedicImplant.objects.filter(pk=record.pk).exists()

    @pytest.mark.parametrize("slug", SLUGS)
    def test_it_deletes_on_post(self, client, clinician, patient, slug):
        record = make_record(slug, patient)
        client.force_login(clinician)
        response = client.post(url("delete", patient, slug, record))
        assert response.headers["Location"] == section(patient, slug)
        assert not RECORD_KINDS[slug].model.objects.filter(pk=record.pk).exists()

    def test_it_keeps_the_deletion_in_history_with_the_user(self, client, clinician, patient):
        record = make_record("antithrombotics", patient)
        client.force_login(clinician)
        client.post(url("delete", patient, "antithrombotics", record))
        deletion = Antithrombotic.history.get(id=record.pk, history_type="-")
        assert deletion.history_user == clinician

    def test_it_404s_for_a_record_of_another_patient(self, client, clinician, patient):
        record = make_record("markers", PatientFactory())
        client.force_login(clinician)
        assert client.post(url("delete", patient, "markers", record)).status_code == 404
        assert MolecularMarker.objects.filter(pk=record.pk).exists()


class TestAccess:
    ACTIONS = [("add", "get"), ("add", "post"), ("edit", "get"), ("edit", "post"),
               ("delete", "get"), ("delete", "post")]

    @pytest.mark.parametrize("role", ["coordinator", "panel_member"])
    @pytest.mark.parametrize(("name", "method"), ACTIONS)
    def test_it_forbids_roles_that_only_read(self, client, role_users, patient, role, name,
                                             method):
        record = make_record("events", patient)
        client.force_login(role_users[role])
        target = url(name, patient, "events", None if name == "add" else record)
        response = getattr(client, method)(target, valid_data("events"))
        assert response.status_code == 403
        assert SkeletalEvent.objects.filter(patient=patient).count() == 1

    @pytest.mark.parametrize("name", ["add", "edit", "delete"])
    def test_it_sends_anonymous_users_to_login(self, client, patient, name):
        record = make_record("events", patient)
        response = client.get(url(name, patient, "events", None if name == "add" else record))
        assert response.status_code == 302
        assert response.headers["Location"].startswith(reverse("login"))

    def test_it_rejects_other_methods(self, client, clinician, patient):
        client.force_login(clinician)
        assert client.put(url("add", patient, "events")).status_code == 405


class TestSections:
    def render(self, patient, can_edit: bool) -> str:
        return render_to_string("patients/records/_sections.html",
                                {"patient": patient, "can_edit": can_edit})

    def test_it_shows_the_records_of_every_kind(self, patient):
        for slug in SLUGS:
            make_record(slug, patient)
        html = self.render(patient, can_edit=False)
        for text in ("Weight (kg)", "71.5", "EGFR", "Pathological fracture", "Osimertinib",
                     "Apixaban", "Denosumab", "No dental contraindication", "Left",
                     "30 Gy, 10 fractions"):
            assert text in html
        for slug in SLUGS:
            assert f'id="records-{slug}"' in html

    def test_it_offers_add_edit_and_delete_links_to_editors_only(self, patient):
        record = make_record("events", patient)
        links = [url("add", patient, "events"), url("edit", patient, "events", record),
                 url("delete", patient, "events", record)]
        assert all(link in self.render(patient, can_edit=True) for link in links)
        assert not any(link in self.render(patient, can_edit=False) for link in links)

    def test_it_tells_current_from_stopped_treatments_in_words(self, patient):
        make_record("treatments", patient)
        SystemicTreatment.objects.create(patient=patient, drug=drug("docetaxel"),
                                         start_date=dt.date(2025, 1, 6),
                                         end_date=dt.date(2025, 6, 2))
        html = self.render(patient, can_edit=False)
        assert ">Current</span>" in html
        assert ">Stopped</span>" in html

    def test_it_makes_no_query_per_row_when_relations_are_prefetched(
            self, patient, django_assert_num_queries):
        for slug in SLUGS:
            make_record(slug, patient)
        prefetch_related_objects([patient], "markers", "measurements",
                                 "systemic_treatments__drug", "antithrombotics__drug",
                                 "antiresorptives__drug", "antiresorptives__injections",
                                 "dental_assessments", "orthopaedic_implants",
                                 "skeletal_events", "local_treatments__lesion")
        with django_assert_num_queries(0):
            self.render(patient, can_edit=True)

    def test_it_says_when_nothing_is_recorded(self, patient):
        assert self.render(patient, can_edit=False).count("Nothing recorded.") == len(SLUGS)
