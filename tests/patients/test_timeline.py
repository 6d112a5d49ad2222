"""The patient timeline: every dated record on one axis, filtered by category, and the same
events as a table."""

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    OrthopaedicImplant,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.records_actions import record_injection
from patients.timeline import TimelineCategory, patient_timeline
from patients.timeline_axis import MAX_ROWS, build_axis
from tests.factories import (
    LesionFactory,
    LocalTreatmentFactory,
    MeasurementFactory,
    PatientFactory,
    UserFactory,
    drug,
)

pytestmark = pytest.mark.django_db

# Session, user and permissions, the patient, one query per kind of record (and one for the
# anti-resorptive injections), the lesions and the cases (with their signed proposals):
# never one per row.
MAX_QUERIES = 18


@pytest.fixture
def patient(clinician):
    return PatientFactory(referring_clinician=clinician)


def day(month: int, date: int = 1, year: int = 2025) -> dt.date:
    return dt.date(year, month, date)


def add_one_of_each(patient, offset: int = 0) -> None:
    """One record of every kind the timeline shows, `offset` days later for each copy."""
    shift = dt.timedelta(days=offset)
    SystemicTreatment.objects.create(patient=patient, drug=drug("cisplatin"),
                                     start_date=day(1) + shift, end_date=day(4) + shift)
    AntiresorptiveTreatment.objects.create(patient=patient, drug=drug("denosumab"),
                                           start_date=day(2) + shift,
                                           last_injection_date=day(5) + shift)
    Antithrombotic.objects.create(patient=patient, drug=drug("apixaban"),
                                  start_date=day(3) + shift, daily_dose_mg=Decimal("10"))
    DentalAssessment.objects.create(patient=patient, assessed_on=day(1, 15) + shift,
                                    result="care_needed", extraction_date=day(1, 20) + shift)
    MeasurementFactory(patient=patient, kind="vitamin_d", value=Decimal("18.50"),
                       measured_on=day(2, 10) + shift)
    MeasurementFactory(patient=patient, kind="weight", measured_on=day(2, 10) + shift)
    SkeletalEvent.objects.create(patient=patient, kind="radiotherapy", occurred_on=day(6) + shift)
    SkeletalEvent.objects.create(patient=patient, kind="fracture", occurred_on=day(7) + shift)
    OrthopaedicImplant.objects.create(patient=patient, site="femur_diaphysis",
                                      implanted_on=day(8) + shift, description="Nail")
    LesionFactory(patient=patient, surgery_date=day(8) + shift,
                  prior_radiotherapy_date=day(6, 2) + shift,
                  prior_radiotherapy_dose_gy=Decimal("8"), prior_radiotherapy_fractions=1)


class TestPatientTimeline:
    def test_it_merges_every_kind_of_record_oldest_first(self, patient, clinician):
        add_one_of_each(patient)
        events = patient_timeline(patient, clinician)
        assert [(event.date, event.label) for event in events[:4]] == [
            (day(1), "Cisplatin"), (day(1, 15), "Dental assessment: Dental care needed first"),
            (day(1, 20), "Tooth extraction"), (day(2), "Denosumab")]
        assert [event.date for event in events] == sorted(event.date for event in events)

    def test_each_category_of_record_appears(self, patient, clinician):
        add_one_of_each(patient)
        categories = {event.category for event in patient_timeline(patient, clinician)}
        assert categories == set(TimelineCategory) - {TimelineCategory.MEETING}

    def test_treatments_are_spans_and_an_open_one_goes_on(self, patient, clinician):
        add_one_of_each(patient)
        by_category = {event.category: event for event in patient_timeline(patient, clinician)
                       if event.is_span}
        systemic = by_category[TimelineCategory.SYSTEMIC]
        assert (systemic.date, systemic.end, systemic.ongoing) == (day(1), day(4), False)
        assert by_category[TimelineCategory.ANTIRESORPTIVE].ongoing
        antithrombotic = by_category[TimelineCategory.ANTITHROMBOTIC]
        assert (antithrombotic.label, antithrombotic.detail) == ("Apixaban", "daily dose: 10 mg")

    def test_the_last_injection_is_a_point_of_its_own(self, patient, clinician):
        add_one_of_each(patient)
        injections = [event for event in patient_timeline(patient, clinician)
                      if event.category == TimelineCategory.ANTIRESORPTIVE and not event.is_span]
        assert [event.date for event in injections] == [day(5)]

    def test_it_shows_only_vitamin_d_among_measurements_with_its_value(self, patient, clinician):
        add_one_of_each(patient)
        (vitamin_d,) = [event for event in patient_timeline(patient, clinician)
                        if event.category == TimelineCategory.VITAMIN_D]
        assert vitamin_d.label == "25-OH vitamin D (ng/mL): 18.50"

    def test_radiotherapy_and_surgery_come_from_events_and_lesions(self, patient, clinician):
        add_one_of_each(patient)
        events = patient_timeline(patient, clinician)
        radiotherapy = [e for e in events if e.category == TimelineCategory.RADIOTHERAPY]
        procedures = [e for e in events if e.category == TimelineCategory.PROCEDURE]
        assert [e.date for e in radiotherapy] == [day(6), day(6, 2)]
        assert "8 Gy" in radiotherapy[1].detail and "1 fraction" in radiotherapy[1].detail
        assert {e.date for e in procedures} == {day(8)} and len(procedures) == 2

    def test_lesion_events_need_the_right_to_see_lesions(self, patient):
        add_one_of_each(patient)
        reader = UserFactory(username="patients-only")
        reader.user_permissions.add(Permission.objects.get(codename="view_patient"))
        labels = [event.label for event in patient_timeline(patient, reader)]
        assert "Radiotherapy to bone" in labels
        assert not [label for label in labels if label.startswith(("Radiotherapy:", "Surgery:"))]

    def test_an_empty_record_has_no_event(self, patient, clinician):
        assert patient_timeline(patient, clinician) == []

    def test_its_queries_do_not_grow_with_the_records(self, patient, clinician,
                                                      django_assert_max_num_queries):
        add_one_of_each(patient)
        with CaptureQueriesContext(connection) as one_copy:
            patient_timeline(patient, clinician)
        for offset in range(1, 6):
            add_one_of_each(patient, offset)
        with django_assert_max_num_queries(len(one_copy)):
            patient_timeline(patient, clinician)


def add_injections_and_local_treatments(patient, offset: int = 0) -> None:
    """A zoledronic acid treatment with two injections recorded, a radiotherapy course on a
    lesion and a cementoplasty, `offset` days later for each copy."""
    shift = dt.timedelta(days=offset)
    treatment = AntiresorptiveTreatment.objects.create(
        patient=patient, drug=drug("zoledronic_acid"), start_date=day(1) + shift)
    record_injection(treatment=treatment, given_on=day(1) + shift, dose_mg=Decimal("4"))
    record_injection(treatment=treatment, given_on=day(4) + shift, note="Reduced dose")
    lesion = LesionFactory(patient=patient, site="l3", side="")
    LocalTreatmentFactory(patient=patient, lesion=lesion, start_date=day(5, 5) + shift,
                          end_date=day(5, 16) + shift, technique="3D")
    LocalTreatmentFactory(patient=patient, kind="cementoplasty", lesion=lesion,
                          start_date=day(6) + shift, end_date=None, total_dose_gy=None,
                          fractions=None)


def of_category(events, category) -> list:
    return [event for event in events if event.category == category]


class TestInjectionsAndLocalTreatments:
    def test_each_recorded_injection_is_a_point_and_no_last_injection_is_added(
            self, patient, clinician):
        add_injections_and_local_treatments(patient)
        points = [event for event in of_category(patient_timeline(patient, clinician),
                                                 TimelineCategory.ANTIRESORPTIVE)
                  if not event.is_span]
        assert [(e.date, e.label, e.detail) for e in points] == [
            (day(1), "Injection: Zoledronic acid", "4 mg"),
            (day(4), "Injection: Zoledronic acid", "Reduced dose")]

    def test_a_treatment_without_recorded_injections_keeps_its_last_injection(
            self, patient, clinician):
        add_one_of_each(patient)
        add_injections_and_local_treatments(patient)
        labels = [event.label for event in patient_timeline(patient, clinician)]
        assert labels.count("Last injection: Denosumab") == 1
        assert "Last injection: Zoledronic acid" not in labels

    def test_a_radiotherapy_course_is_a_span_on_the_radiotherapy_lane(self, patient,
                                                                       clinician):
        add_injections_and_local_treatments(patient)
        (course,) = of_category(patient_timeline(patient, clinician),
                                TimelineCategory.RADIOTHERAPY)
        assert (course.date, course.end, course.label) == (day(5, 5), day(5, 16),
                                                           "Radiotherapy: L3")
        assert course.detail == "30 Gy · 10 fractions · 3D"
        assert course.url.endswith("#records-local-treatments")

    def test_a_procedure_is_a_point_on_the_procedures_lane(self, patient, clinician):
        add_injections_and_local_treatments(patient)
        (procedure,) = of_category(patient_timeline(patient, clinician),
                                   TimelineCategory.PROCEDURE)
        assert (procedure.date, procedure.label, procedure.is_span) == (
            day(6), "Cementoplasty: L3", False)

    def test_the_lesion_is_named_only_to_users_who_may_see_lesions(self, patient):
        add_injections_and_local_treatments(patient)
        reader = UserFactory(username="patients-only")
        reader.user_permissions.add(Permission.objects.get(codename="view_patient"))
        labels = {event.label for event in patient_timeline(patient, reader)}
        assert {"Radiotherapy", "Cementoplasty"} <= labels
        assert not [label for label in labels if "L3" in label]

    def test_their_queries_do_not_grow_with_the_records(self, patient, clinician,
                                                        django_assert_max_num_queries):
        add_injections_and_local_treatments(patient)
        with CaptureQueriesContext(connection) as one_copy:
            patient_timeline(patient, clinician)
        for offset in range(1, 6):
            add_injections_and_local_treatments(patient, offset)
        with django_assert_max_num_queries(len(one_copy)):
            patient_timeline(patient, clinician)


class TestTimelineAxis:
    def test_overlapping_treatments_go_on_separate_rows(self, patient, clinician):
        for _ in range(2):
            SystemicTreatment.objects.create(patient=patient, drug=drug("cisplatin"),
                                             start_date=day(1), end_date=day(3))
        axis = build_axis(patient_timeline(patient, clinician), ["systemic"], day(6))
        assert sorted(mark.row for mark in axis.lanes[0].marks) == [0, 1]

    def test_rows_stop_growing_when_marks_crowd(self, patient, clinician):
        for _ in range(MAX_ROWS + 3):
            MeasurementFactory(patient=patient, kind="vitamin_d", measured_on=day(1))
        axis = build_axis(patient_timeline(patient, clinician), ["vitamin_d"], day(6))
        assert max(mark.row for mark in axis.lanes[0].marks) == MAX_ROWS - 1

    def test_it_runs_from_the_first_month_to_the_month_after_the_last_day(self, patient,
                                                                          clinician):
        add_one_of_each(patient)
        axis = build_axis(patient_timeline(patient, clinician), ["systemic"], day(10, 5))
        assert (axis.start, axis.end) == (day(1), day(11))  # the anti-resorptive goes on
        assert [tick.label for tick in axis.ticks if tick.major] == ["2025"]


def url(patient, query: str = "") -> str:
    return reverse("patients:timeline", args=[patient.pk]) + query


class TestTimelinePage:
    def test_it_shows_the_chart_and_the_table_of_the_same_events(self, client, clinician,
                                                                 patient):
        add_one_of_each(patient)
        client.force_login(clinician)
        response = client.get(url(patient))
        content = response.content.decode()
        events = response.context["events"]
        assert content.count('data-testid="timeline-mark"') == len(events)
        assert content.count("<tr data-category=") == len(events)
        assert "Anti-resorptive treatments" in content and "Denosumab" in content

    def test_the_filter_keeps_only_the_categories_ticked(self, client, clinician, patient):
        add_one_of_each(patient)
        client.force_login(clinician)
        response = client.get(url(patient, "?category=dental&category=vitamin_d"))
        assert {e.category for e in response.context["events"]} == {"dental", "vitamin_d"}
        assert [lane.category for lane in response.context["axis"].lanes] == ["dental",
                                                                               "vitamin_d"]

    @pytest.mark.parametrize("query", ["?category=nonsense", "?category=", "?category=%00<b>",
                                       "?category=dental&category=dental&page=x"])
    def test_it_ignores_bad_filter_values(self, client, clinician, patient, query):
        add_one_of_each(patient)
        client.force_login(clinician)
        response = client.get(url(patient, query))
        assert response.status_code == 200
        assert response.context["events"]

    def test_a_patient_without_records_gets_a_message(self, client, clinician, patient):
        client.force_login(clinician)
        content = client.get(url(patient)).content.decode()
        assert 'data-testid="timeline-empty"' in content
        assert 'data-testid="timeline-chart"' not in content

    def test_it_is_refused_to_a_user_who_may_not_see_the_patient(self, client, patient):
        client.force_login(UserFactory(username="no-role"))
        assert client.get(url(patient)).status_code == 403

    def test_an_unknown_patient_is_not_found(self, client, clinician):
        client.force_login(clinician)
        assert client.get(reverse("patients:timeline", args=[999999])).status_code == 404

    def test_the_page_makes_a_fixed_number_of_queries(self, client, clinician, patient,
                                                      django_assert_max_num_queries):
        for offset in range(5):
            add_one_of_each(patient, offset)
            add_injections_and_local_treatments(patient, offset)
        client.force_login(clinician)
        with django_assert_max_num_queries(MAX_QUERIES):
            assert client.get(url(patient)).status_code == 200

    def test_the_patient_page_links_to_it(self, client, clinician, patient):
        client.force_login(clinician)
        content = client.get(reverse("patients:detail", args=[patient.pk])).content.decode()
        assert f'href="{url(patient)}"' in content
