"""docs/case.schema.json cannot drift from the patients app: its codes are the models' choices,
its bounds the models' validators, and it asks every fact the engine reads."""

import dataclasses

import pytest
from django.core.validators import MaxValueValidator, MinValueValidator
from jsonschema import Draft202012Validator

from patients import skeleton
from patients.models import (
    DentalAssessment,
    Lesion,
    OrthopaedicImplant,
    Patient,
    SkeletalEvent,
)
from patients.models.choices import YesNoUnknown
from patients.models.records import MeasurementKind
from scoring.case_schema import case_schema
from scoring.engine import facts

DEFS = case_schema()["$defs"]

# schema object -> the model its fields mirror
MIRRORED = {
    "patient": Patient,
    "lesion": Lesion,
    "dental_assessment": DentalAssessment,
    "skeletal_event": SkeletalEvent,
    "implant": OrthopaedicImplant,
}


def resolve(prop: dict) -> dict:
    if "$ref" in prop:
        return DEFS[prop["$ref"].rsplit("/", 1)[1]]
    return prop


def choice_fields():
    for object_name, model in MIRRORED.items():
        for name, prop in DEFS[object_name]["properties"].items():
            field = next((f for f in model._meta.fields if f.name == name), None)
            if field is not None and field.choices:
                yield pytest.param(resolve(prop), field, id=f"{object_name}.{name}")


def test_it_is_a_valid_draft_2020_12_schema():
    schema = case_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("prop", "field"), list(choice_fields()))
def test_its_codes_are_the_model_choices(prop, field):
    model_values = [value for value, _label in field.flatchoices if value != ""]
    if model_values == [YesNoUnknown.YES, YesNoUnknown.NO]:
        assert prop["type"] == ["boolean", "null"]  # yes/no/unknown: true/false/null
    else:
        assert [value for value in prop["enum"] if value is not None] == model_values


def test_its_sites_are_the_skeleton_codes():
    assert DEFS["site"]["enum"] == [site.code for site in skeleton.SITES]


def test_its_measurements_are_the_measurement_kinds():
    assert list(DEFS["patient"]["properties"]["measurements"]["properties"]) == list(
        MeasurementKind.values)


def test_it_lets_every_optional_code_be_unknown():
    for object_name in ("patient", "lesion"):
        for name, prop in DEFS[object_name]["properties"].items():
            prop = resolve(prop)
            if "enum" in prop and name != "site":
                assert None in prop["enum"], f"{object_name}.{name}"


BOUNDED = [
    (Patient, "bone_metastasis_count", "patient"),
    (Patient, "vertebral_metastasis_count", "patient"),
    (Patient, "karnofsky", "patient"),
    (Lesion, "size_mm", "lesion"),
    (Lesion, "prior_radiotherapy_dose_gy", "lesion"),
    (Lesion, "prior_radiotherapy_fractions", "lesion"),
]


@pytest.mark.parametrize(("model", "name", "object_name"), BOUNDED,
                         ids=[f"{row[2]}.{row[1]}" for row in BOUNDED])
def test_its_bounds_are_the_model_validators(model, name, object_name):
    field = model._meta.get_field(name)
    prop = DEFS[object_name]["properties"][name]
    validators = {type(v): v.limit_value for v in field.validators
                  if isinstance(v, MinValueValidator | MaxValueValidator)}
    assert prop["maximum"] == validators[MaxValueValidator]
    assert prop["minimum"] == validators.get(MinValueValidator, 0)  # positive fields: 0


def test_it_asks_every_fact_the_engine_reads_of_a_lesion():
    resolved_from_site = {"region", "spine_level", "limb", "segment"}
    wanted = {f.name for f in dataclasses.fields(facts.LesionFacts)} - resolved_from_site
    assert wanted == set(DEFS["lesion"]["properties"])


def test_it_asks_every_fact_the_engine_reads_of_a_patient():
    wanted = {f.name for f in dataclasses.fields(facts.PatientFacts)} | {"birth_date"}
    assert wanted == set(DEFS["patient"]["properties"])


@pytest.mark.parametrize(("fact", "object_name", "renamed"), [
    (facts.SystemicTreatment, "systemic_treatment", {"drug_code": "drug"}),
    (facts.Antithrombotic, "antithrombotic", {"drug_code": "drug"}),
    (facts.Antiresorptive, "antiresorptive", {"drug_code": "drug"}),
    (facts.DentalAssessment, "dental_assessment", {}),
    (facts.SkeletalEvent, "skeletal_event", {}),
    (facts.Implant, "implant", {"region": None}),
    (facts.PlannedDates, "planned", {}),
])
def test_it_asks_every_fact_of_each_record(fact, object_name, renamed):
    wanted = {renamed.get(f.name, f.name) for f in dataclasses.fields(fact)} - {None}
    assert wanted == set(DEFS[object_name]["properties"])
