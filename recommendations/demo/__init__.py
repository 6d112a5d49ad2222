"""Fictitious demo data for `manage.py load_demo`: one user per role, a dozen patients with
their records and lesions, and the next meeting.

Every builder is idempotent: what already exists (a user by username, a patient by IPP, a
meeting by slot) is left exactly as it is, so a second run creates nothing and never resets a
password someone changed. The patient table itself lives in `recommendations.demo.patients`.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.contrib.auth.hashers import make_password
from django.db import models
from django.utils import timezone

from accounts import roles, second_factor
from accounts.models import Specialty, User
from patients.models import (
    AntiresorptiveTreatment,
    Antithrombotic,
    DentalAssessment,
    Drug,
    Lesion,
    LocalTreatment,
    Measurement,
    MolecularMarker,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
    SystemicTreatment,
)
from patients.models.records import MeasurementKind
from patients.records_actions import record_injection
from recommendations.demo.patients import LAB_KINDS, PATIENTS
from recommendations.models import Meeting

__all__ = [
    "COORDINATOR",
    "DEMO_TOTP_SECRET",
    "DEMO_USERS",
    "MEETING_CHAIR",
    "REFERRING_CLINICIAN",
    "DemoUser",
    "demo_meeting",
    "demo_patients",
    "demo_users",
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    specialty: str
    role: roles.Role
    administrator: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


DEMO_USERS = (
    DemoUser("clinicien", "Claire", "Martin", Specialty.ONCOLOGY, roles.CLINICIAN),
    DemoUser("coordinateur", "Sophie", "Bernard", Specialty.OTHER, roles.COORDINATOR),
    DemoUser("membre", "Antoine", "Leroy", Specialty.RADIOTHERAPY, roles.PANEL_MEMBER),
    DemoUser("admin", "Marc", "Dubois", Specialty.OTHER, roles.ADMIN, administrator=True),
    # More panel members of other specialties, so that a meeting can reach its quorum.
    DemoUser("radiologue", "Julien", "Moreau", Specialty.INTERVENTIONAL_RADIOLOGY,
             roles.PANEL_MEMBER),
    DemoUser("chirurgien", "Nicolas", "Fournier", Specialty.ORTHOPAEDIC_SURGERY,
             roles.PANEL_MEMBER),
    DemoUser("rhumatologue", "Isabelle", "Girard", Specialty.RHEUMATOLOGY, roles.PANEL_MEMBER),
    DemoUser("oncologue", "Hélène", "Roux", Specialty.ONCOLOGY, roles.PANEL_MEMBER),
)
# The demo administrator's second factor (administrators must have one): a published secret,
# printed by load_demo, to add to an authenticator app or to compute codes in tests.
DEMO_TOTP_SECRET = "RCPOOSDEMOADMINTOTPSECRETKEY2345"  # noqa: S105 (demo only, published)
REFERRING_CLINICIAN = "clinicien"
COORDINATOR = "coordinateur"
MEETING_CHAIR = "membre"

MEETING_PLACE = "Salle de staff, bâtiment B"
MEETING_START = dt.time(14, 0)
MEETING_DEADLINE_DAYS_BEFORE = 2
MEETING_DEADLINE_TIME = dt.time(18, 0)
MEETING_SPECIALTIES = (
    Specialty.ONCOLOGY, Specialty.RADIOTHERAPY, Specialty.INTERVENTIONAL_RADIOLOGY,
)
THURSDAY = 3  # date.weekday()

# Table key -> model of the records listed under it (keys are the patient's related names).
_RELATED: dict[str, type[models.Model]] = {
    "markers": MolecularMarker,
    "systemic_treatments": SystemicTreatment,
    "antithrombotics": Antithrombotic,
    "antiresorptives": AntiresorptiveTreatment,
    "dental_assessments": DentalAssessment,
    "orthopaedic_implants": OrthopaedicImplant,
    "skeletal_events": SkeletalEvent,
    "lesions": Lesion,
    # After the lesions: a local treatment names its lesion by site (and side).
    "local_treatments": LocalTreatment,
}
# Table keys that are not patient fields: read by the builders below.
_SPECIAL = {"age", "labs", "labs_on", "earlier_labs"}


def demo_users(*, password: str) -> list[tuple[DemoUser, User, bool]]:
    """Each demo user, created with `password` and its role if absent: (spec, user, created)."""
    result = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@hopital.example",
                "specialty": spec.specialty.value,
                "is_staff": spec.administrator,
                "is_superuser": spec.administrator,
                # A callable default is only called on creation: no hashing for nothing.
                "password": partial(make_password, password),
            },
        )
        if created:
            roles.grant_role(user, spec.role)
        if spec.administrator:
            second_factor.give_known_device(user, secret_base32=DEMO_TOTP_SECRET)
        result.append((spec, user, created))
    return result


def demo_patients(*, referring_clinician: User, today: dt.date) -> tuple[int, int]:
    """Create the demo patients that do not exist yet; returns (created, already present).

    A patient already present is left with its records as they are: the demo never
    duplicates a record, nor overwrites what someone entered while trying the application.
    """
    drugs = Drug.objects.in_bulk(field_name="code")
    created = 0
    for spec in PATIENTS:
        if Patient.objects.filter(ipp=spec["ipp"]).exists():
            continue
        _create_patient(spec, referring_clinician, today, drugs)
        created += 1
    return created, len(PATIENTS) - created


def demo_meeting(*, chair: User, today: dt.date) -> tuple[Meeting, bool]:
    """The meeting of next Thursday (a week later if today is Thursday); (meeting, created)."""
    days_ahead = (THURSDAY - today.weekday()) % 7 or 7
    day = today + dt.timedelta(days=days_ahead)
    deadline = dt.datetime.combine(
        day - dt.timedelta(days=MEETING_DEADLINE_DAYS_BEFORE), MEETING_DEADLINE_TIME
    )
    return Meeting.objects.get_or_create(
        date=day,
        start_time=MEETING_START,
        place=MEETING_PLACE,
        defaults={
            "chair": chair,
            "registration_deadline": timezone.make_aware(deadline),
            "expected_specialties": [specialty.value for specialty in MEETING_SPECIALTIES],
        },
    )


def _create_patient(spec: dict, referrer: User, today: dt.date, drugs: dict) -> Patient:
    fields = {k: v for k, v in spec.items() if k not in _RELATED and k not in _SPECIAL}
    patient = _saved(Patient(
        referring_clinician=referrer,
        birth_date=_birth_date(today, spec["age"]),
        **_dated(fields, today),
    ))
    _create_measurements(patient, spec, today)
    for key, model in _RELATED.items():
        for record in spec.get(key, ()):
            _create_record(patient, model, record, today, drugs)
    return patient


def _create_record(patient: Patient, model: type[models.Model], record: dict,
                   today: dt.date, drugs: dict) -> None:
    record = _dated(record, today)
    injections = record.pop("injections", ())
    if "drug" in record:
        record["drug"] = drugs[record["drug"]]
    if "lesion" in record:
        site, _space, side = record["lesion"].partition(" ")
        record["lesion"] = patient.lesions.get(site=site, side=side)
    saved = _saved(model(patient=patient, **record))
    # Through the action, as in the application: the latest gives the last injection.
    for injection in injections:
        record_injection(treatment=saved, **_dated(injection, today))


def _create_measurements(patient: Patient, spec: dict, today: dt.date) -> None:
    # The latest value of each kind feeds the rules; an earlier one shows the trend.
    for kind, value in zip(LAB_KINDS, spec["labs"], strict=True):
        _saved(Measurement(patient=patient, kind=kind, value=Decimal(str(value)),
                           measured_on=today - dt.timedelta(days=spec["labs_on"])))
    for kind, value in spec.get("earlier_labs", {}).items():
        _saved(Measurement(patient=patient, kind=MeasurementKind(kind),
                           value=Decimal(str(value)),
                           measured_on=today - dt.timedelta(days=spec["labs_on"] + 90)))


def _saved(instance: models.Model) -> models.Model:
    # Validating catches a mistyped choice or a drug of the wrong family in the table.
    instance.full_clean()
    instance.save()
    return instance


def _dated(fields: dict, today: dt.date) -> dict:
    """The table gives dates as days before today (negative: ahead), so the demo stays
    current; fields named `..._date` or `..._on` are turned into dates here."""
    dated = dict(fields)
    for name, value in fields.items():
        if name.endswith(("_date", "_on")) and isinstance(value, int):
            dated[name] = today - dt.timedelta(days=value)
    return dated


def _birth_date(today: dt.date, age: int) -> dt.date:
    """A birth date giving `age` completed years today, the birthday about 100 days past."""
    recent = today - dt.timedelta(days=100)
    try:
        return recent.replace(year=recent.year - age)
    except ValueError:  # 29 February
        return recent.replace(year=recent.year - age, day=28)
