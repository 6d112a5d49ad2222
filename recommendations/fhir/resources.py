"""One builder per FHIR R4 resource of a signed proposal's bundle, as plain JSON-ready dicts.

Inputs are the stored proposal and what it recorded (the engine result it was drafted from,
its signed section texts, the ready PDF): the export says what the panel signed, not what the
engine would say today. Patient identity and primary cancer are the patient's current record.
"""

from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from patients import skeleton
from recommendations.fhir import codes
from recommendations.fhir.references import ref


def in_language(item: dict, key: str) -> str:
    """The French or English text of an engine record, in the active language."""
    english = (translation.get_language() or "fr").startswith("en")
    return item.get(f"{key}_en" if english else f"{key}_fr") or ""


def narrative(text: str) -> dict:
    lines = "<br/>".join(escape(line) for line in str(text).splitlines()) or escape(str(text))
    return {"status": "generated", "div": f'<div xmlns="http://www.w3.org/1999/xhtml">{lines}</div>'}


def patient_resource(patient) -> dict:
    return {
        "resourceType": "Patient",
        "identifier": [{"use": "official", "system": settings.FHIR_IPP_SYSTEM,
                        "value": patient.ipp}],
        "name": [{"use": "official", "family": patient.family_name,
                  "given": [patient.given_name]}],
        "gender": codes.GENDER.get(patient.sex, "unknown"),
        "birthDate": patient.birth_date.isoformat(),
    }


def _condition(patient_url: str, code: dict, category: str) -> dict:
    return {
        "resourceType": "Condition",
        "clinicalStatus": {"coding": [codes.coding(codes.CONDITION_CLINICAL, "active")]},
        "verificationStatus": {"coding": [codes.coding(codes.CONDITION_VERIFICATION,
                                                       "confirmed")]},
        "category": [{"coding": [codes.coding(codes.CONDITION_CATEGORY, category)]}],
        "code": code,
        "subject": ref(patient_url),
    }


def primary_cancer_condition(patient, patient_url: str) -> dict:
    label = patient.get_primary_site_display() if patient.primary_site else ""
    text = ", ".join(part for part in (str(label), patient.primary_site_detail) if part)
    code = {"text": text or str(translation.gettext("Primary cancer, site not recorded"))}
    if patient.primary_site:
        code["coding"] = [codes.coding(codes.primary_site_system(), patient.primary_site,
                                       label)]
    condition = _condition(patient_url, code, "problem-list-item")
    if patient.diagnosis_date:
        condition["onsetDateTime"] = patient.diagnosis_date.isoformat()
    return condition


def bone_metastasis_condition(site_code: str, side_label: str, patient_url: str,
                              primary_url: str) -> dict:
    site = skeleton.get_site(site_code)
    label = str(site.label) if site else site_code
    body_site = {"coding": [codes.coding(codes.skeleton_site_system(), site_code, label)],
                 "text": f"{label} {side_label}".strip()}
    condition = _condition(patient_url, {"coding": [codes.METASTATIC_NEOPLASM],
                                         "text": str(translation.gettext("Bone metastasis"))},
                           "problem-list-item")
    condition["bodySite"] = [body_site]
    condition["evidence"] = [{"detail": [ref(primary_url)]}]  # secondary to the primary
    return condition


def _item_component(score_code: str, item: dict) -> dict:
    finding = in_language(item, "finding") or item.get("finding") or ""
    label = in_language(item, "label") or item["name"]
    code = f"{score_code}.{item['name']}"  # items of different scores share names ("pain")
    component = {"code": {"coding": [codes.coding(codes.score_system(), code, label)],
                          "text": f"{label}: {finding}" if finding else label}}
    if item.get("points") is None:
        component["dataAbsentReason"] = {"coding": [codes.coding(
            "http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown")]}
    else:
        component["valueInteger"] = item["points"]
    return component


def score_observation(score_code: str, score: dict, patient_url: str, effective: str,
                      focus_url: str | None = None) -> dict:
    """A recorded score: its total (absent when an item was missing: a partial score is never
    given as the score) and one component per item with its points."""
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [codes.coding(codes.OBSERVATION_CATEGORY, "survey")]}],
        "code": {"coding": [codes.coding(codes.score_system(), score_code,
                                         score.get("name") or score_code)],
                 "text": score.get("name") or score_code},
        "subject": ref(patient_url),
        "effectiveDateTime": effective,
        "component": [_item_component(score_code, item) for item in score.get("items") or []],
    }
    if focus_url:
        observation["focus"] = [ref(focus_url)]
    if score.get("total") is None:
        observation["dataAbsentReason"] = {"coding": [codes.coding(
            "http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown")]}
    else:
        observation["valueInteger"] = score["total"]
        band = in_language(score, "band_label") or score.get("band")
        if band:
            observation["interpretation"] = [{"text": band}]
    return observation


def care_plan(proposal, sections: list[tuple[str, str, str]], patient_url: str,
              condition_urls: list[str]) -> dict:
    """The proposed treatments: one activity per signed section text (code, label, text)."""
    plan = {
        "resourceType": "CarePlan",
        "status": "active",
        "intent": "plan",
        "title": str(proposal),
        "subject": ref(patient_url),
        "created": proposal.validated_at.isoformat(),
        "addresses": [ref(url) for url in condition_urls],
        "activity": [{"detail": {
            "code": {"coding": [codes.coding(codes.section_system(), code, label)],
                     "text": label},
            "status": "not-started",
            "description": text,
        }} for code, label, text in sections],
    }
    if proposal.off_referential:
        plan["note"] = [{"text": str(translation.gettext(
            "Departs from the referential: %(reason)s")
            % {"reason": proposal.off_referential_reason})}]
    return plan


def document_reference(document, patient_url: str, url: str) -> dict:
    """The signed PDF. R4's Attachment.hash is SHA-1, so the stored SHA-256 goes in a local
    extension (docs/fhir.md) rather than being passed off as the hash FHIR defines."""
    return {
        "resourceType": "DocumentReference",
        "status": "current",
        "docStatus": "final",
        "type": {"coding": [codes.coding(codes.document_type_system(), "signed-proposal",
                                         document.get_kind_display())]},
        "subject": ref(patient_url),
        "date": (document.rendered_at or document.updated_at).isoformat(),
        "content": [{"attachment": {
            "contentType": "application/pdf",
            "url": url,
            "title": str(document),
            "extension": [{"url": f"{settings.FHIR_BASE_URL}/StructureDefinition/sha256",
                           "valueString": document.sha256}],
        }}],
    }
