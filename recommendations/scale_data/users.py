"""The generated staff: referring clinicians, panel members of every quorum specialty and two
coordinators (a few hundred accounts at full size). Reused by later runs, topped up when a
larger run needs more."""

import random
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from accounts.models import Specialty, User
from recommendations.scale_data.bulk import insert
from recommendations.scale_data.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES
from recommendations.scale_data.plan import USERNAME_PREFIX, ScalePlan

# Panel members' specialties, in turn: every group of the quorum is well covered.
PANEL_SPECIALTIES = (
    Specialty.ONCOLOGY, Specialty.RADIOTHERAPY, Specialty.INTERVENTIONAL_RADIOLOGY,
    Specialty.ORTHOPAEDIC_SURGERY, Specialty.NEUROSURGERY, Specialty.RHEUMATOLOGY,
    Specialty.PAIN_MEDICINE, Specialty.NUCLEAR_MEDICINE,
)


@dataclass(frozen=True)
class Staff:
    clinicians: list[User]
    panel: list[User]
    coordinators: list[User]


def staff_size(patients: int) -> tuple[int, int, int]:
    """(clinicians, panel members, coordinators): one referrer per ~400 patients."""
    return (min(max(patients // 400, 8), 250), min(max(patients // 2000, 16), 60), 2)


def get_or_create_staff(rng: random.Random, plan: ScalePlan) -> Staff:
    """The staff of earlier runs, topped up to this run's size."""
    by_kind = {"clinician": [], "panel": [], "coordinator": []}
    for user in User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username"):
        by_kind[user.username.split("-")[1]].append(user)
    for user in _create_staff(rng, plan, {kind: len(users) for kind, users in by_kind.items()}):
        by_kind[user.username.split("-")[1]].append(user)
    return Staff(by_kind["clinician"], by_kind["panel"], by_kind["coordinator"])


def _create_staff(rng: random.Random, plan: ScalePlan, present: dict[str, int]) -> list[User]:
    clinicians, panel, coordinators = staff_size(plan.patients)
    specs = ([("clinician", i, Specialty.ONCOLOGY, roles.CLINICIAN)
              for i in range(present["clinician"] + 1, clinicians + 1)]
             + [("panel", i, PANEL_SPECIALTIES[(i - 1) % len(PANEL_SPECIALTIES)],
                 roles.PANEL_MEMBER) for i in range(present["panel"] + 1, panel + 1)]
             + [("coordinator", i, "", roles.COORDINATOR)
                for i in range(present["coordinator"] + 1, coordinators + 1)])
    if not specs:
        return []
    # One hash for all (the demo password; production is refused): hashing is slow by design.
    password = make_password(settings.DEMO_PASSWORD)
    users = insert(User, [_user(rng, kind, number, specialty, password)
                          for kind, number, specialty, _role in specs])
    if Group.objects.filter(name__in=[role.code for role in roles.ROLES]).count() < len(
            roles.ROLES):
        roles.sync_role_groups()  # normally done after migrate
    groups = {group.name: group.pk for group in Group.objects.all()}
    insert(User.groups.through, [
        User.groups.through(user_id=user.pk, group_id=groups[role.code])
        for user, (_kind, _number, _specialty, role) in zip(users, specs, strict=True)])
    return users


def _user(rng: random.Random, kind: str, number: int, specialty: str, password: str) -> User:
    given = rng.choice(FEMALE_GIVEN_NAMES + MALE_GIVEN_NAMES)
    family = rng.choice(FAMILY_NAMES)
    return User(username=f"{USERNAME_PREFIX}{kind}-{number:04d}", password=password,
                first_name=given, last_name=family, specialty=specialty,
                email=f"{USERNAME_PREFIX}{kind}-{number:04d}@example.org",
                date_joined=timezone.now())
