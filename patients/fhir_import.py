"""Creating a patient from a FHIR R4 Patient resource (docs/fhir.md).

The resource is read as JSON, validated by fhir.resources (FHIR R4 4.0.1), then mapped to our
identity fields: the IPP is the identifier whose system is settings.FHIR_IPP_SYSTEM, the name
the official one (else the first), the birth date a full date, the gender female or male. The
mapped values then go through the same form a clinician fills (patients.forms.patient), so the
same checks apply. Every refusal names the element at fault; nothing raises past this module.
"""

import json
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _
from fhir.resources.patient import Patient as FhirPatient
from pydantic import ValidationError

from patients.forms.patient import PatientForm
from patients.models import Patient

# A Patient resource is a few kilobytes; the cap keeps a pasted or uploaded file from being
# parsed at any size (not a clinical number).
MAX_IMPORT_BYTES = 100_000
GENDERS = {"female": "F", "male": "M"}
FHIR_ELEMENTS = {"ipp": "Patient.identifier", "family_name": "Patient.name.family",
                 "given_name": "Patient.name.given", "birth_date": "Patient.birthDate",
                 "sex": "Patient.gender"}


@dataclass(frozen=True)
class Problem:
    element: str  # where in the resource, e.g. "Patient.birthDate"
    message: str


@dataclass
class FhirImportError(Exception):
    """The resource was refused; `problems` say where and why, `existing` is the patient who
    already has this IPP (a duplicate)."""

    problems: list[Problem] = field(default_factory=list)
    existing: Patient | None = None


def _refuse(element: str, message: str) -> FhirImportError:
    return FhirImportError([Problem(element, message)])


def read_resource(text: str) -> dict:
    """The JSON object of a Patient resource, validated by fhir.resources."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_IMPORT_BYTES:
        raise _refuse(_("input"), _("The resource is larger than %(size)d bytes.")
                      % {"size": MAX_IMPORT_BYTES})
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _refuse(_("input"), _("This is not valid JSON (line %(line)d, column %(column)d).")
                      % {"line": error.lineno, "column": error.colno}) from None
    except (RecursionError, ValueError):
        raise _refuse(_("input"), _("This is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise _refuse(_("input"), _("A FHIR resource is a JSON object."))
    if data.get("resourceType") != "Patient":
        raise _refuse("resourceType", _("Expected a Patient resource, not %(found)s.")
                      % {"found": json.dumps(data.get("resourceType"))[:80]})
    try:
        validated = FhirPatient.parse_obj(data).json()
    except ValidationError as invalid:
        raise FhirImportError([Problem("Patient." + ".".join(str(p) for p in e["loc"]),
                                       str(e["msg"])) for e in invalid.errors()]) from None
    except (TypeError, ValueError, RecursionError):
        raise _refuse("Patient", _("The resource is not a valid FHIR R4 Patient.")) from None
    return json.loads(validated)  # the library's values (a number given as a name is text)


def _ipp(data: dict) -> str:
    system = settings.FHIR_IPP_SYSTEM
    values = {str(identifier.get("value", "")).strip()
              for identifier in data.get("identifier") or []
              if identifier.get("system") == system and identifier.get("value")}
    if not values:
        raise _refuse("Patient.identifier",
                      _("No identifier has the IPP system %(system)s.") % {"system": system})
    if len(values) > 1:
        raise _refuse("Patient.identifier",
                      _("Several different IPPs have the system %(system)s.") % {"system": system})
    return values.pop()


def _name(data: dict) -> tuple[str, str]:
    names = data.get("name") or []
    official = [name for name in names if name.get("use") == "official"]
    name = (official or names or [{}])[0]
    family = (name.get("family") or "").strip()
    given = " ".join(part.strip() for part in name.get("given") or [] if part and part.strip())
    problems = []
    if not family:
        problems.append(Problem("Patient.name.family", _("The family name is missing.")))
    if not given:
        problems.append(Problem("Patient.name.given", _("The given name is missing.")))
    if problems:
        raise FhirImportError(problems)
    return family, given


def _birth_date(data: dict) -> str:
    birth_date = data.get("birthDate") or ""
    if not birth_date:
        raise _refuse("Patient.birthDate", _("The birth date is missing."))
    if len(birth_date) != len("YYYY-MM-DD"):
        raise _refuse("Patient.birthDate",
                      _("The birth date must be a full date (year, month and day)."))
    return birth_date


def _sex(data: dict) -> str:
    gender = data.get("gender")
    if gender not in GENDERS:
        raise _refuse("Patient.gender",
                      _("Gender %(found)s cannot be recorded: the patient record needs female "
                        "or male.") % {"found": json.dumps(gender)})
    return GENDERS[gender]


def identity_from_resource(text: str) -> dict:
    """Our identity fields from a FHIR Patient resource's text, or FhirImportError."""
    data = read_resource(text)
    problems, identity = [], {}
    for name, read in (("ipp", _ipp), ("name", _name), ("birth_date", _birth_date),
                       ("sex", _sex)):
        try:
            value = read(data)
        except FhirImportError as refused:
            problems += refused.problems
            continue
        if name == "name":
            identity["family_name"], identity["given_name"] = value
        else:
            identity[name] = value
    if problems:
        raise FhirImportError(problems)
    return identity


def import_patient(text: str, user) -> Patient:
    """Create the patient a FHIR Patient resource describes, as the clinician would with the
    patient form (same checks, the clinician as referrer and in the history)."""
    identity = identity_from_resource(text)
    existing = Patient.objects.filter(ipp__iexact=identity["ipp"].upper()).first()
    if existing is not None:
        raise FhirImportError([Problem("Patient.identifier",
                                       _("A patient with this IPP already exists."))],
                              existing=existing)
    form = PatientForm(data=identity)
    if not form.is_valid():
        raise FhirImportError([
            Problem(FHIR_ELEMENTS.get(name, "Patient"), str(message))
            for name, messages in form.errors.items() for message in messages])
    form.instance.referring_clinician = user
    form.instance._history_user = user
    return form.save()
