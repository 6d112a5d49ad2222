"""Injections of an anti-resorptive treatment: when one may be recorded, and the treatment's
last injection kept on the latest one by the actions that write them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from patients.forms.injections import AntiresorptiveInjectionForm
from patients.forms.records import AntiresorptiveTreatmentForm
from patients.models import AntiresorptiveInjection, AntiresorptiveTreatment
from patients.records_actions import change_injection, delete_injection, record_injection
from tests.factories import AntiresorptiveTreatmentFactory, drug

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 1)  # the factory's start date


def on(month: int, date: int = 1) -> dt.date:
    return dt.date(2025, month, date)


@pytest.fixture
def treatment():
    return AntiresorptiveTreatmentFactory(start_date=START)


def error_codes(error: ValidationError, field: str) -> list[str]:
    return [e.code for e in error.error_dict[field]]


class TestWhenAnInjectionMayBeGiven:
    def test_it_accepts_the_treatment_s_start_date(self, treatment):
        assert record_injection(treatment=treatment, given_on=START).pk

    def test_it_refuses_a_day_before_the_treatment_started(self, treatment):
        with pytest.raises(ValidationError) as error:
            record_injection(treatment=treatment, given_on=START - dt.timedelta(days=1))
        assert error_codes(error.value, "given_on") == ["before_start"]

    def test_it_refuses_a_day_after_the_treatment_stopped(self, treatment):
        treatment.end_date = on(6)
        treatment.save()
        with pytest.raises(ValidationError) as error:
            record_injection(treatment=treatment, given_on=on(6, 2))
        assert error_codes(error.value, "given_on") == ["after_end"]

    def test_it_refuses_a_day_in_the_future(self, treatment):
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            record_injection(treatment=treatment, given_on=tomorrow)
        assert error_codes(error.value, "given_on") == ["future_date"]

    def test_it_refuses_a_second_injection_the_same_day(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        with pytest.raises(ValidationError):
            record_injection(treatment=treatment, given_on=on(4))
        assert treatment.injections.count() == 1

    @pytest.mark.parametrize("dose", ["0", "-1", "500.01"])
    def test_it_refuses_an_implausible_dose(self, treatment, dose):
        with pytest.raises(ValidationError) as error:
            record_injection(treatment=treatment, given_on=on(4), dose_mg=Decimal(dose))
        assert list(error.value.error_dict) == ["dose_mg"]

    @pytest.mark.parametrize("dose", ["0.01", "120", "500"])
    def test_it_accepts_a_plausible_dose(self, treatment, dose):
        injection = record_injection(treatment=treatment, given_on=on(4), dose_mg=Decimal(dose))
        assert injection.dose_mg == Decimal(dose)


class TestLastInjectionKeptInStep:
    def last_injection(self, treatment) -> dt.date | None:
        return AntiresorptiveTreatment.objects.get(pk=treatment.pk).last_injection_date

    def test_recording_an_injection_makes_it_the_last_one(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        assert self.last_injection(treatment) == on(4)
        assert treatment.last_injection_date == on(4)  # the caller's copy too

    def test_recording_an_older_injection_keeps_the_latest(self, treatment):
        record_injection(treatment=treatment, given_on=on(5))
        record_injection(treatment=treatment, given_on=on(4))
        assert self.last_injection(treatment) == on(5)

    def test_the_injections_replace_a_date_typed_before_them(self, treatment):
        treatment.last_injection_date = on(9)
        treatment.save()
        record_injection(treatment=treatment, given_on=on(4))
        assert self.last_injection(treatment) == on(4)

    def test_moving_the_latest_earlier_makes_the_next_one_last(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        latest = record_injection(treatment=treatment, given_on=on(5))
        change_injection(latest, given_on=on(3, 15))
        assert self.last_injection(treatment) == on(4)

    def test_deleting_the_latest_makes_the_previous_one_last(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        delete_injection(record_injection(treatment=treatment, given_on=on(5)))
        assert self.last_injection(treatment) == on(4)

    def test_deleting_the_only_injection_clears_the_date(self, treatment):
        delete_injection(record_injection(treatment=treatment, given_on=on(4)))
        assert self.last_injection(treatment) is None

    def test_a_refused_injection_leaves_the_date_alone(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        with pytest.raises(ValidationError):
            record_injection(treatment=treatment, given_on=START - dt.timedelta(days=1))
        assert self.last_injection(treatment) == on(4)


class TestHistory:
    def test_it_keeps_each_version_of_an_injection(self, treatment):
        injection = record_injection(treatment=treatment, given_on=on(4))
        pk = injection.pk
        change_injection(injection, given_on=on(4), dose_mg=Decimal("120"))
        delete_injection(injection)
        versions = AntiresorptiveInjection.history.filter(id=pk)
        assert sorted(v.history_type for v in versions) == ["+", "-", "~"]

    def test_the_treatment_s_history_shows_its_last_injection_changing(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        latest = treatment.history.latest()
        assert (latest.history_type, latest.last_injection_date) == ("~", on(4))


def injection_form(treatment, given_on: str, instance=None, **data):
    return AntiresorptiveInjectionForm({"given_on": given_on, **data}, instance=instance,
                                       treatment=treatment)


class TestInjectionForm:
    def test_it_refuses_a_day_that_already_has_an_injection(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        form = injection_form(treatment, "2025-04-01")
        assert form.errors["given_on"] == [
            "An injection of this treatment is already recorded on this date."]

    def test_it_lets_an_injection_keep_its_own_day(self, treatment):
        injection = record_injection(treatment=treatment, given_on=on(4))
        assert injection_form(treatment, "2025-04-01", injection, note="Left arm").is_valid()

    def test_it_shows_the_model_s_date_rule_on_the_date_field(self, treatment):
        form = injection_form(treatment, "2025-02-01")
        assert "before the treatment's start date" in form.errors["given_on"][0]

    def test_it_refuses_a_date_that_is_not_a_date_without_failing(self, treatment):
        assert "given_on" in injection_form(treatment, "31/31/2025<b>").errors


def treatment_form(treatment, **changes):
    data = {"drug": drug("denosumab").pk, "start_date": "2025-03-01", **changes}
    return AntiresorptiveTreatmentForm(data, instance=treatment, patient=treatment.patient)


class TestTreatmentFormWithInjections:
    def test_its_last_injection_follows_the_injections(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        form = treatment_form(treatment, last_injection_date="2025-09-01")
        assert form.fields["last_injection_date"].disabled
        assert form.is_valid(), form.errors
        assert form.save().last_injection_date == on(4)

    def test_its_last_injection_is_typed_while_no_injection_is_recorded(self, treatment):
        form = treatment_form(treatment, last_injection_date="2025-09-01")
        assert not form.fields["last_injection_date"].disabled
        assert form.is_valid() and form.save().last_injection_date == on(9)

    def test_it_refuses_a_start_after_the_first_injection(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        form = treatment_form(treatment, start_date="2025-04-02")
        assert "before this start date" in form.errors["start_date"][0]

    def test_it_refuses_to_stop_before_the_latest_injection(self, treatment):
        record_injection(treatment=treatment, given_on=on(4))
        form = treatment_form(treatment, end_date="2025-03-31")
        assert "after this date" in form.errors["end_date"][0]
