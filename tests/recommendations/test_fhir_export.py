"""FHIR R4 export of a signed proposal: the bundle validates with fhir.resources (R4 4.0.1),
its references stay inside it, codes are the documented ones; a draft is refused; only
readers of the proposal get it, and each export is in the access log."""

# ruff: noqa: F811 (the fixtures imported from documents_helpers are taken as parameters)

import json

import pytest
from django.urls import reverse
from fhir.resources import __fhir_version__
from fhir.resources.bundle import Bundle

from audit.models import AccessEvent, Action
from recommendations.documents.actions import request_document
from recommendations.fhir import codes
from recommendations.fhir.bundle import NotSigned, signed_proposal_bundle
from recommendations.models import DocumentStatus
from tests.factories import UserFactory
from tests.recommendations.documents_helpers import (  # noqa: F401 (fixtures)
    case,
    certificate_file,
    document_settings,
    draft_proposal,
    signers,
    valid_proposal,
)

pytestmark = pytest.mark.django_db


def url(proposal):
    return reverse("recommendations:proposal_fhir", args=[proposal.pk])


def resources_of(bundle: dict, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"]
            if entry["resource"]["resourceType"] == kind]


@pytest.fixture
def bundle(valid_proposal):
    return signed_proposal_bundle(valid_proposal)


def test_the_library_is_fhir_r4():
    assert __fhir_version__ == "4.0.1"


def test_the_bundle_validates_as_a_fhir_r4_document(bundle):
    parsed = Bundle.parse_obj(bundle)
    assert parsed.type == "document"
    assert parsed.entry[0].resource.resource_type == "Composition"


def test_every_reference_points_inside_the_bundle(bundle):
    full_urls = {entry["fullUrl"] for entry in bundle["entry"]}
    assert len(full_urls) == len(bundle["entry"])
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "reference" in node:
                found.append(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundle)
    assert found and set(found) <= full_urls
    composition = bundle["entry"][0]["resource"]
    tied = {ref["reference"] for section in composition["section"]
            for ref in section.get("entry", [])}
    assert tied | {composition["subject"]["reference"]} == full_urls - {
        bundle["entry"][0]["fullUrl"]}


def test_patient_identity_with_the_configured_ipp_system(settings, valid_proposal):
    settings.FHIR_IPP_SYSTEM = "urn:oid:1.2.250.1.999.1.1"
    patient = valid_proposal.case.patient
    (resource,) = resources_of(signed_proposal_bundle(valid_proposal), "Patient")
    assert resource["identifier"][0] == {"use": "official", "system": "urn:oid:1.2.250.1.999.1.1",
                                         "value": patient.ipp}
    assert resource["name"][0]["family"] == patient.family_name
    assert resource["gender"] == "male" and resource["birthDate"] == "1956-03-02"


def test_conditions_code_the_metastasis_and_its_bone(bundle):
    primary, metastasis = resources_of(bundle, "Condition")
    assert metastasis["code"]["coding"] == [codes.METASTATIC_NEOPLASM]
    (site,) = metastasis["bodySite"][0]["coding"]
    assert site["system"] == codes.skeleton_site_system()
    assert site["code"] == "femur_trochanteric"
    assert "coding" not in primary["code"] or primary["code"]["coding"][0]["system"] == (
        codes.primary_site_system())


def test_each_recorded_score_is_an_observation_with_its_items(bundle, valid_proposal):
    (mirels,) = resources_of(bundle, "Observation")
    recorded = valid_proposal.engine_result["result"]["lesions"][0]["mirels"]
    assert mirels["code"]["coding"][0]["code"] == "mirels"
    assert mirels["valueInteger"] == recorded["total"] == 12
    assert [c["valueInteger"] for c in mirels["component"]] == [
        item["points"] for item in recorded["items"]]
    metastasis = resources_of(bundle, "Condition")[1]
    condition_url = next(e["fullUrl"] for e in bundle["entry"] if e["resource"] is metastasis)
    assert mirels["focus"] == [{"reference": condition_url}]


def test_the_care_plan_carries_the_signed_sections(bundle, valid_proposal):
    (plan,) = resources_of(bundle, "CarePlan")
    descriptions = [activity["detail"]["description"] for activity in plan["activity"]]
    assert valid_proposal.local.strip() in descriptions
    assert "Patient prefers radiotherapy alone." in plan["note"][0]["text"]


def test_the_signed_pdf_is_referenced_with_its_sha256(document_settings, valid_proposal,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        document = request_document("proposal", valid_proposal)
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    bundle = signed_proposal_bundle(valid_proposal, absolute_url=lambda p: f"https://h{p}")
    Bundle.parse_obj(bundle)
    (reference,) = resources_of(bundle, "DocumentReference")
    attachment = reference["content"][0]["attachment"]
    assert attachment["url"] == "https://h" + reverse("documents:download", args=[document.pk])
    assert attachment["extension"][0]["valueString"] == document.sha256
    assert attachment["contentType"] == "application/pdf"


def test_without_a_ready_pdf_the_section_says_so(bundle):
    assert not resources_of(bundle, "DocumentReference")
    section = bundle["entry"][0]["resource"]["section"][-1]
    assert "emptyReason" in section


def test_a_draft_is_refused(draft_proposal, client, clinician):
    with pytest.raises(NotSigned):
        signed_proposal_bundle(draft_proposal)
    client.force_login(clinician)
    response = client.get(url(draft_proposal))
    assert response.status_code == 409
    assert "Only a valid (signed) proposal" in response.content.decode()
    assert not AccessEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_referrer_downloads_it_and_the_export_is_logged(client, clinician, valid_proposal):
    client.force_login(clinician)
    response = client.get(url(valid_proposal))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    assert "attachment" in response["Content-Disposition"]
    Bundle.parse_obj(json.loads(response.content))
    event = AccessEvent.objects.get(action=Action.EXPORT)
    assert (event.user, event.subject_id, event.patient_id) == (
        clinician, valid_proposal.pk, valid_proposal.case.patient_id)


def test_someone_who_cannot_read_the_proposal_is_refused(client, valid_proposal):
    stranger = UserFactory(username="stranger", roles=[])  # no role: may read no case
    client.force_login(stranger)
    assert client.get(url(valid_proposal)).status_code == 403
    assert AccessEvent.objects.filter(action=Action.REFUSED).exists()


def test_anonymous_goes_to_login(client, valid_proposal):
    assert client.get(url(valid_proposal)).status_code == 302


def test_the_signed_proposal_page_links_the_export(client, clinician, valid_proposal):
    client.force_login(clinician)
    content = client.get(reverse("recommendations:proposal_detail",
                                 args=[valid_proposal.pk])).content.decode()
    assert url(valid_proposal) in content
