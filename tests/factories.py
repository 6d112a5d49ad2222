"""Factories for test data. Values are realistic but fictitious."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Specialty, User
from patients.models import (
    AntiresorptiveTreatment,
    Drug,
    Lesion,
    LocalTreatment,
    Measurement,
    Patient,
)
from recommendations.models import FollowUpAction, Meeting


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@hopital.example")
    specialty = Specialty.ONCOLOGY
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """UserFactory(roles=["clinician", "coordinator"]) puts the user in those groups."""
        if create and extracted:
            self.groups.add(*Group.objects.filter(name__in=extracted))


class PatientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Patient

    ipp = factory.Sequence(lambda n: f"IPP{n:07d}")
    family_name = factory.Faker("last_name", locale="fr_FR")
    given_name = factory.Faker("first_name", locale="fr_FR")
    birth_date = dt.date(1958, 4, 12)
    sex = "M"
    referring_clinician = factory.SubFactory(UserFactory, roles=["clinician"])
    primary_site = "lung"
    histology = "adenocarcinoma"


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    patient = factory.SubFactory(PatientFactory)
    kind = "weight"
    value = Decimal("70")
    measured_on = dt.date(2026, 11, 1)


class LesionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesion

    patient = factory.SubFactory(PatientFactory)
    site = "femur_diaphysis"
    side = "left"
    lesion_type = "lytic"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    start_time = dt.time(14, 0)
    place = factory.Sequence(lambda n: f"Salle {n}")
    registration_deadline = factory.LazyAttribute(
        lambda m: dt.datetime.combine(m.date - dt.timedelta(days=2), dt.time(18, 0),
                                      tzinfo=dt.UTC)
    )


def drug(code: str) -> Drug:
    """A drug of the vocabulary loaded by the patients migrations."""
    return Drug.objects.get(code=code)


class AntiresorptiveTreatmentFactory(factory.django.DjangoModelFactory):
    """A denosumab treatment started on 1 March 2025; record injections through
    patients.records_actions so that its last injection follows them."""

    class Meta:
        model = AntiresorptiveTreatment

    patient = factory.SubFactory(PatientFactory)
    drug = factory.LazyFunction(lambda: drug("denosumab"))
    start_date = dt.date(2025, 3, 1)


class LocalTreatmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalTreatment

    patient = factory.SubFactory(PatientFactory)
    kind = "radiotherapy"
    start_date = dt.date(2025, 5, 5)
    end_date = dt.date(2025, 5, 16)
    total_dose_gy = Decimal("30")
    fractions = 10


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    """A follow-up action of a signed proposal (pass `proposal`; tests/recommendations/
    follow_up_helpers.signed makes one), due today unless said otherwise. The refresh run
    after a move deletes the open rows the engine would not give: to test the moves, use the
    rows `refresh_patient` writes."""

    class Meta:
        model = FollowUpAction

    patient = factory.LazyAttribute(lambda action: action.proposal.case.patient)
    kind = "dental_check"
    subject = ""
    label_fr = "Bilan dentaire"
    label_en = "Dental check"
    due_date = factory.LazyFunction(timezone.localdate)
    reasons = factory.LazyFunction(lambda: [{
        "rule_id": "follow_up.dental_check", "text_fr": "Avant de commencer.",
        "text_en": "Before starting.", "source": "Référentiel, suivi"}])
