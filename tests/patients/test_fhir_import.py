"""Import of a patient from a FHIR R4 Patient resource: a valid one creates the patient as the
patient form would; every invalid input is refused with the element named, the text kept,
never a 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from patients.fhir_import import MAX_IMPORT_BYTES, FhirImportError, import_patient
from patients.models import Patient
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db
URL = reverse("patients:import_fhir")
SYSTEM = "urn:oid:1.2.250.1.999.1.1"


@pytest.fixture(autouse=True)
def ipp_system(settings):
    settings.FHIR_IPP_SYSTEM = SYSTEM


def resource(**changes) -> dict:
    data = {
        "resourceType": "Patient",
        "identifier": [{"system": "urn:oid:1.2.250.1.213.1.4.8", "value": "1234567890123"},
                       {"system": SYSTEM, "value": "ipp-4242"}],
        "name": [{"use": "usual", "family": "Dupond", "given": ["Jeannot"]},
                 {"use": "official", "family": "Dupont", "given": ["Jean", "Marie"]}],
        "gender": "male",
        "birthDate": "1951-04-12",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, user, text=None, upload=None):
    client.force_login(user)
    data = {"resource": text or ""}
    if upload is not None:
        data["file"] = upload
    return client.post(URL, data)


def test_a_valid_resource_creates_the_patient(client, clinician):
    response = post(client, clinician, json.dumps(resource()))
    patient = Patient.objects.get()
    assert response.status_code == 302 and response.url == patient.get_absolute_url()
    assert (patient.ipp, patient.family_name, patient.given_name, patient.sex) == (
        "IPP-4242", "Dupont", "Jean Marie", "M")
    assert patient.birth_date.isoformat() == "1951-04-12"
    assert patient.referring_clinician == clinician
    assert patient.history.get().history_user == clinician


def test_a_file_works_as_well(client, clinician):
    upload = SimpleUploadedFile("p.json", json.dumps(resource()).encode(), "application/json")
    assert post(client, clinician, upload=upload).status_code == 302
    assert Patient.objects.filter(ipp="IPP-4242").exists()


def test_the_form_page_shows_both_inputs(client, clinician):
    client.force_login(clinician)
    content = client.get(URL).content.decode()
    assert 'name="resource"' in content and 'name="file"' in content
    assert 'enctype="multipart/form-data"' in content


def refused(client, user, text, *expected):
    response = post(client, user, text)
    content = response.content.decode()
    assert response.status_code == 200
    assert not Patient.objects.filter(family_name="Dupont").exists()
    for fragment in expected:
        assert fragment in content, fragment
    return content


@pytest.mark.parametrize(("text", "expected"), [
    ("{not json", ["This is not valid JSON (line 1, column 2)."]),
    ("[1, 2]", ["A FHIR resource is a JSON object."]),
    ("[" * 5000 + "]" * 5000, ["This is not valid JSON"]),
    (json.dumps({"resourceType": "Observation"}),
     ["resourceType", "Expected a Patient resource, not &quot;Observation&quot;."]),
    (json.dumps(resource(birthDate="12/04/1951")), ["Patient.birthDate"]),
    (json.dumps(resource(gender="robot")), ["Patient.gender"]),
    (json.dumps(resource(unknownElement=1)), ["Patient.unknownElement"]),
    (json.dumps(resource(identifier=[{"system": "urn:other", "value": "1"}])),
     ["Patient.identifier", "No identifier has the IPP system urn:oid:1.2.250.1.999.1.1."]),
    (json.dumps(resource(name=[{"text": "Jean Dupont"}])),
     ["Patient.name.family", "Patient.name.given"]),
    (json.dumps(resource(birthDate=None)), ["The birth date is missing."]),
    (json.dumps(resource(birthDate="1951-04")), ["a full date"]),
    (json.dumps(resource(gender="unknown")), ["Patient.gender", "female or male"]),
    (json.dumps(resource(gender=None)), ["Patient.gender"]),
    (json.dumps(resource(birthDate="2999-01-01")), ["Patient.birthDate"]),
    (json.dumps(resource(identifier=[{"system": SYSTEM, "value": "IPP 42"}])),
     ["Patient.identifier", "letters, digits and hyphens"]),
])
def test_invalid_input_is_refused_with_the_element_named(client, clinician, text, expected):
    content = refused(client, clinician, text, "The resource was not imported:", *expected)
    assert "Traceback" not in content


def test_the_submitted_text_is_shown_back(client, clinician):
    text = json.dumps(resource(gender="unknown"))
    content = refused(client, clinician, text)
    assert "&quot;Dupont&quot;" in content  # the textarea keeps what was sent


def test_the_text_of_a_refused_file_is_shown_back(client, clinician):
    upload = SimpleUploadedFile("p.json", b'{"resourceType": "Patient", "gender": "x"}')
    content = post(client, clinician, upload=upload).content.decode()
    assert "&quot;resourceType&quot;: &quot;Patient&quot;" in content


def test_a_duplicate_ipp_links_to_the_existing_patient(client, clinician):
    existing = PatientFactory(ipp="IPP-4242")
    content = refused(client, clinician, json.dumps(resource()),
                      "A patient with this IPP already exists.")
    assert existing.get_absolute_url() in content


def test_oversized_input_is_refused(client, clinician):
    big = json.dumps(resource(text={"status": "generated",
                                    "div": "<div>" + "x" * MAX_IMPORT_BYTES + "</div>"}))
    refused(client, clinician, big, "larger than")
    upload = SimpleUploadedFile("p.json", big.encode())
    assert "larger than" in post(client, clinician, upload=upload).content.decode()


def test_empty_and_both_inputs_are_refused(client, clinician):
    assert "Paste a FHIR Patient resource or choose a file." in post(
        client, clinician, "").content.decode()
    upload = SimpleUploadedFile("p.json", json.dumps(resource()).encode())
    assert "not both" in post(client, clinician, "{}", upload=upload).content.decode()


def test_a_binary_file_is_refused(client, clinician):
    upload = SimpleUploadedFile("p.json", b"\xff\xfe\x00garbage")
    assert "not UTF-8" in post(client, clinician, upload=upload).content.decode()


def test_only_who_may_create_a_patient_imports(client, panel_member):
    user = UserFactory(username="nobody", roles=[])
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"resource": json.dumps(resource())}).status_code == 403
    assert not Patient.objects.exists()


def test_anonymous_goes_to_login(client):
    assert client.get(URL).status_code == 302


def test_the_patient_list_offers_the_import(client, clinician):
    client.force_login(clinician)
    assert URL in client.get(reverse("patients:list")).content.decode()


def test_the_function_reports_every_missing_element_at_once(clinician):
    with pytest.raises(FhirImportError) as refusal:
        import_patient(json.dumps({"resourceType": "Patient"}), clinician)
    elements = {problem.element for problem in refusal.value.problems}
    assert elements == {"Patient.identifier", "Patient.name.family", "Patient.name.given",
                        "Patient.birthDate", "Patient.gender"}
