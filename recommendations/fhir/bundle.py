"""A signed proposal as a FHIR R4 document Bundle (docs/fhir.md): the Composition first,
tying the Patient, the Conditions (primary cancer, each bone metastasis), the score
Observations, the CarePlan of the proposed treatments and the DocumentReference of the signed
PDF. Only a valid (signed) proposal is exported: a draft is not the panel's word."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from patients.models import Lesion
from recommendations.fhir import codes, resources
from recommendations.fhir.references import full_url, ref
from recommendations.models import (
    Document,
    DocumentKind,
    DocumentStatus,
    ProposalStatus,
    Section,
)

PATIENT_SCORES = ("tokuhashi", "tomita")  # patient-level scores of the engine result
LESION_SCORES = ("mirels", "sins")


class NotSigned(Exception):
    """Only a valid (signed) proposal has a FHIR export."""


def signed_pdf(proposal) -> Document | None:
    return (Document.objects.filter(kind=DocumentKind.PROPOSAL, proposal=proposal,
                                    status=DocumentStatus.READY)
            .order_by("-rendered_at", "-pk").first())


def _sections(proposal) -> list[tuple[str, str, str]]:
    return [(code, str(label), getattr(proposal, code).strip())
            for code, label in Section.choices if getattr(proposal, code).strip()]


def _lesion_sides(patient, lesions: list[dict]) -> dict[str, str]:
    ids = [item["lesion_id"] for item in lesions if str(item.get("lesion_id", "")).isdigit()]
    found = Lesion.objects.filter(patient=patient, pk__in=ids).only("pk", "side")
    return {str(lesion.pk): str(lesion.get_side_display()) if lesion.side else ""
            for lesion in found}


class _Entries:
    """The bundle's entries in order, each with its fullUrl."""

    def __init__(self):
        self.items: list[dict] = []

    def add(self, url: str, resource: dict) -> str:
        self.items.append({"fullUrl": url, "resource": resource})
        return url


def _scores(entries: _Entries, result: dict, patient_url: str, effective: str,
            lesion_urls: dict[str, str]) -> list[str]:
    urls = []
    for code in PATIENT_SCORES:
        if result.get(code):
            urls.append(entries.add(full_url("Observation", f"{patient_url}/{code}"),
                                    resources.score_observation(code, result[code],
                                                                patient_url, effective)))
    for lesion in result.get("lesions") or []:
        focus = lesion_urls.get(str(lesion.get("lesion_id")))
        for code in LESION_SCORES:
            if lesion.get(code):
                urls.append(entries.add(
                    full_url("Observation", f"{focus}/{code}"),
                    resources.score_observation(code, lesion[code], patient_url, effective,
                                                focus)))
    return urls


def _section(code: str, title: str, text: str, entry_urls: list[str]) -> dict:
    section = {"title": title, "code": {"coding": [codes.coding(codes.section_system(), code,
                                                                  title)]},
               "text": resources.narrative(text or title)}
    if entry_urls:
        section["entry"] = [ref(url) for url in entry_urls]
    else:
        section["emptyReason"] = {"coding": [codes.coding(
            "http://terminology.hl7.org/CodeSystem/list-empty-reason", "unavailable")]}
    return section


def signed_proposal_bundle(proposal, absolute_url=None) -> dict:
    """The FHIR R4 document Bundle of a valid proposal, as JSON-ready data.

    `absolute_url` turns the PDF's download path into an absolute URL (a request's
    build_absolute_uri); without it the path stays relative to the application."""
    if proposal.status != ProposalStatus.VALID:
        raise NotSigned(_("Only a valid (signed) proposal is exported to FHIR."))
    patient = proposal.case.patient
    signed_at = (proposal.validated_at or proposal.created_at).isoformat()
    recorded = proposal.engine_result or {}
    result = recorded.get("result") or {}
    effective = recorded.get("reference_date") or signed_at
    entries = _Entries()

    patient_url = entries.add(full_url("Patient", patient.ipp),
                              resources.patient_resource(patient))
    primary_url = entries.add(full_url("Condition", f"{patient.ipp}/primary"),
                              resources.primary_cancer_condition(patient, patient_url))
    lesions = result.get("lesions") or []
    sides = _lesion_sides(patient, lesions)
    lesion_urls = {}
    for lesion in lesions:
        key = str(lesion.get("lesion_id"))
        lesion_urls[key] = entries.add(
            full_url("Condition", f"{patient.ipp}/lesion/{key}"),
            resources.bone_metastasis_condition(lesion.get("site", ""), sides.get(key, ""),
                                                patient_url, primary_url))
    condition_urls = [primary_url, *lesion_urls.values()]
    score_urls = _scores(entries, result, patient_url, effective, lesion_urls)
    sections = _sections(proposal)
    plan_url = entries.add(full_url("CarePlan", f"proposal/{proposal.pk}"),
                           resources.care_plan(proposal, sections, patient_url,
                                               condition_urls))
    document_urls = []
    document = signed_pdf(proposal)
    if document is not None:
        path = reverse("documents:download", args=[document.pk])
        document_urls.append(entries.add(
            full_url("DocumentReference", f"document/{document.pk}"),
            resources.document_reference(document, patient_url,
                                         absolute_url(path) if absolute_url else path)))

    composition = {
        "resourceType": "Composition",
        "identifier": {"system": codes.proposal_identifier_system(),
                       "value": f"{proposal.pk}"},
        "status": "final",
        "type": {"coding": [codes.coding(codes.document_type_system(), "rcp-proposal",
                                         _("Multidisciplinary meeting proposal"))]},
        "subject": ref(patient_url),
        "date": signed_at,
        "author": [{"display": settings.DOCUMENT_INSTITUTION}],
        "title": str(proposal),
        "attester": [{"mode": "professional", "time": s.signed_at.isoformat(),
                      "party": {"display": s.user.get_full_name() or s.user.get_username()}}
                     for s in proposal.signatures.select_related("user")],
        "custodian": {"display": settings.DOCUMENT_INSTITUTION},
        "section": [
            *(_section(code, label, text, [plan_url]) for code, label, text in sections),
            _section("conditions", _("Conditions"), "", condition_urls),
            _section("scores", _("Scores"), "", score_urls),
            _section("signed-document", _("Signed document"), "", document_urls),
        ],
    }
    entries.items.insert(0, {"fullUrl": full_url("Composition", f"proposal/{proposal.pk}"),
                             "resource": composition})
    return {
        "resourceType": "Bundle",
        "identifier": {"system": codes.proposal_identifier_system(),
                       "value": f"{proposal.pk}-v{proposal.version}"},
        "type": "document",
        "timestamp": signed_at,
        "entry": entries.items,
    }
