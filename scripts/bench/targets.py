"""What the bench requests: the scale data's clinician, a patient with ten lesions, a past
meeting with thirty cases, its first case (signed), a search fragment, and an API token. Read with
the ORM in the bench process (django.setup() with the bench settings)."""

from dataclasses import dataclass
from pathlib import Path

from django.db.models import Count
from django.utils import timezone

CLINICIAN = "scale-clinician-0001"
BENCH_LABEL = "bench"
LESIONS = 10
AGENDA = 30
CASE_FILE = Path(__file__).resolve().parents[2] / "tests/scoring/fixtures/femur_case.json"


class NoScaleData(Exception):
    """The database holds no scale data (or not the shapes the bench needs)."""


@dataclass(frozen=True)
class Targets:
    username: str
    token: str
    endpoints: dict[str, tuple[str, str]]  # name -> (method, path)


def find_targets(token_label: str = BENCH_LABEL) -> Targets:
    """`token_label`: the API token's name; each tool deletes and reissues its own only."""
    from patients.models import Patient
    from recommendations.models import Meeting

    patient = (Patient.objects.filter(ipp__startswith="SCALE")
               .annotate(lesion_count=Count("lesions")).filter(lesion_count=LESIONS)
               .order_by("pk").first())
    # The latest past meeting: its cases are signed, with their proposals (the fuller page).
    meeting = (Meeting.objects.filter(date__lt=timezone.localdate())
               .annotate(case_count=Count("cases")).filter(case_count=AGENDA)
               .order_by("-date").first())
    if patient is None or meeting is None:
        raise NoScaleData(f"no patient with {LESIONS} lesions or no meeting of {AGENDA} cases")
    case = meeting.cases.order_by("agenda_position").first()
    fragment = patient.family_name[:4]
    return Targets(CLINICIAN, _fresh_token(token_label), {
        "floor": ("GET", "/bench/floor/"),
        "patient list": ("GET", "/patients/"),
        "patient search": ("GET", f"/patients/?q={fragment}"),
        f"patient page ({LESIONS} lesions)": ("GET", f"/patients/{patient.pk}/"),
        f"meeting agenda ({AGENDA} cases)": ("GET", f"/meetings/{meeting.pk}/"),
        "case page": ("GET", f"/cases/{case.pk}/"),
        "evaluate API": ("POST", "/api/v1/evaluate"),
    })


def _fresh_token(label: str) -> str:
    """A new token for the clinician; the earlier ones of that label are deleted."""
    from accounts.models import User
    from scoring.models import ApiToken

    user = User.objects.filter(username=CLINICIAN).first()
    if user is None:
        raise NoScaleData(f"no user {CLINICIAN}")
    ApiToken.objects.filter(user=user, name=label).delete()
    return ApiToken.issue(user, label)[1]
