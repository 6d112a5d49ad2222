"""The code systems the export uses, and where each comes from (docs/fhir.md).

Only codes checked against their published source are taken from a standard terminology; the
application's own vocabularies (skeleton sites, primary sites, scores, proposal sections) are
local code systems under FHIR_BASE_URL, named here once.
"""

from django.conf import settings

SNOMED = "http://snomed.info/sct"
# SNOMED CT 128462008 "Metastatic neoplasm (disease)": the root mCODE uses for secondary cancers
# (hl7.org/fhir/us/mcode, SecondaryCancerDisorderVS); the bone is given by bodySite.
METASTATIC_NEOPLASM = {"system": SNOMED, "code": "128462008",
                       "display": "Metastatic neoplasm (disease)"}

# FHIR R4's own terminology (terminology.hl7.org), bound by the resources' definitions.
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
CONDITION_VERIFICATION = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
GENDER = {"F": "female", "M": "male"}  # AdministrativeGender; our Sex has no other value


def local_system(name: str) -> str:
    """A local code system (or identifier namespace) of this application."""
    return f"{settings.FHIR_BASE_URL}/CodeSystem/{name}"


def skeleton_site_system() -> str:
    return local_system("skeleton-site")  # patients/skeleton.py codes


def primary_site_system() -> str:
    return local_system("primary-site")  # patients.models.PrimarySite


def score_system() -> str:
    return local_system("score")  # mirels, sins, tokuhashi, tomita and their item names


def section_system() -> str:
    return local_system("proposal-section")  # recommendations.models.Section


def document_type_system() -> str:
    return local_system("document-type")


def proposal_identifier_system() -> str:
    return f"{settings.FHIR_BASE_URL}/NamingSystem/proposal"


def coding(system: str, code: str, display: str = "") -> dict:
    found = {"system": system, "code": code}
    if display:
        found["display"] = str(display)
    return found
