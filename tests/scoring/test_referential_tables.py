"""The typed tables of a referential: where they sit in the seed documents, how their rows
become model instances and back, and what one row must respect (cited, positive doses,
non-negative windows)."""

import json
from decimal import Decimal, InvalidOperation

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from scoring.models import Referential, TableRow, tables
from scoring.referential_data import SEED_DIR
from scoring.referential_tables import (
    TableSpec,
    all_specs,
    fields_to_row,
    merge_topic,
    row_to_fields,
    split_topic,
)

TOPICS = sorted(path.stem for path in SEED_DIR.glob("*.json") if not path.name.startswith("_"))
SPECS = all_specs()
TYPED_TOPICS = {"mirels", "sins", "zoledronic_acid_dose", "vitamin_d", "haemorrhagic_risk",
                "radiosensitisation", "radiotherapy", "cementoplasty", "thermal_ablation",
                "antiresorptive", "oligometastatic", "follow_up"}


def seed(topic: str) -> dict:
    return json.loads((SEED_DIR / f"{topic}.json").read_text(encoding="utf-8"))


def model_of(spec: TableSpec):
    return apps.get_model("scoring", spec.model)


def seed_rows(spec: TableSpec) -> list[dict]:
    return split_topic(spec.topic, seed(spec.topic))[1][spec.name]


def normalised(value):
    """Numbers by value (8 == "8", "30" == "30.000"), recursively; other values as they are."""
    if isinstance(value, dict):
        return {key: normalised(item) for key, item in value.items()}
    if isinstance(value, list):
        return [normalised(item) for item in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal | str):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return value
        return number.normalize() if number.is_finite() else value
    return value


def without_nulls(row: dict) -> dict:
    return {key: value for key, value in row.items() if value is not None}


def spec_ids(spec: TableSpec) -> str:
    return spec.name


# -- documents <-> rows ------------------------------------------------------------------------

@pytest.mark.parametrize("topic", TOPICS)
def test_merging_what_was_split_gives_the_seed_document_back(topic):
    data = seed(topic)
    settings, rows = split_topic(topic, data)
    assert merge_topic(topic, settings, rows) == data


def test_the_topics_with_typed_tables():
    assert {spec.topic for spec in SPECS} >= TYPED_TOPICS
    assert {spec.topic for spec in SPECS} <= set(TOPICS)


def test_spec_names_are_unique():
    names = [spec.name for spec in SPECS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_every_spec_finds_rows_in_the_seed(spec):
    assert seed_rows(spec), f"{spec.name}: no row at {spec.path}"


@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_spec_fields_exist_on_a_table_row_model(spec):
    model = model_of(spec)
    assert issubclass(model, TableRow)
    names = {field.name for field in model._meta.get_fields()}
    fields = [column.field_name for column in spec.columns] + [
        name for name, _ in spec.fixed] + [spec.group_field, spec.keyed_field]
    assert set(filter(None, fields)) <= names
    assert "source" in {column.field_name for column in spec.columns}


@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_columns_cover_every_key_of_the_seed_rows(spec):
    keys = {column.key for column in spec.columns}
    for row in seed_rows(spec):
        assert set(row) - {"_group", "_key"} <= keys, row


def test_an_unknown_key_is_refused():
    spec = next(spec for spec in SPECS if spec.model == "RadiosensitisationDrug")
    row = dict(seed_rows(spec)[0], window_during_days=3)
    with pytest.raises(ValueError, match="window_during_days"):
        row_to_fields(spec, row, model_of(spec))


# -- rows <-> model instances ------------------------------------------------------------------

@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_every_seed_row_comes_back_from_its_model_instance(spec):
    model = model_of(spec)
    for row in seed_rows(spec):
        instance = model(**row_to_fields(spec, row, model))
        assert normalised(fields_to_row(spec, instance)) == normalised(without_nulls(row))


@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_fixed_fields_tell_the_tables_of_a_shared_model(spec):
    model = model_of(spec)
    for row in seed_rows(spec):
        instance = model(**row_to_fields(spec, row, model))
        for name, value in spec.fixed:
            assert getattr(instance, name) == value


@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_texts_and_decimals_come_back_exactly_as_the_seed_writes_them(spec):
    """A text stays the same text: "3.0" stays "3.0", "36.2" stays "36.2"."""
    model = model_of(spec)
    for row in seed_rows(spec):
        back = fields_to_row(spec, model(**row_to_fields(spec, row, model)))
        assert {key: back.get(key) for key, value in row.items() if isinstance(value, str)} == {
            key: value for key, value in row.items() if isinstance(value, str)}


def test_a_keyed_table_keeps_its_keys():
    spec = next(spec for spec in SPECS if spec.model == "HaemorrhagicLabThreshold")
    model = model_of(spec)
    rows = seed_rows(spec)
    assert [row["_key"] for row in rows] == ["platelets", "prothrombin"]
    instance = model(**row_to_fields(spec, rows[0], model))
    assert instance.lab == "platelets"
    assert instance.minimum == Decimal("50000")


def test_every_model_of_the_tables_keeps_its_history():
    for name in tables.__all__:
        model = getattr(tables, name)
        assert issubclass(model, TableRow)
        assert hasattr(model, "history"), name
        assert any(spec.model == name for spec in SPECS), f"{name} has no spec"


# -- what one row must respect ----------------------------------------------------------------

@pytest.fixture
def referential(db):
    return Referential.objects.create(name="Test", edition="tables", version="test-tables")


def instance_of(model_name: str, referential, **changes):
    """An unsaved instance from the first seed row of the model's first table."""
    spec = next(spec for spec in SPECS if spec.model == model_name)
    model = model_of(spec)
    row = seed_rows(spec)[0]
    return model(referential=referential, **{**row_to_fields(spec, row, model), **changes})


def errors_of(instance) -> dict:
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return caught.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_every_seed_row_passes_the_model_validation(spec, referential):
    model = model_of(spec)
    for position, row in enumerate(seed_rows(spec)):
        instance = model(referential=referential, position=position,
                         **row_to_fields(spec, row, model))
        instance.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("spec", SPECS, ids=spec_ids)
def test_every_seed_row_survives_the_database(spec, referential):
    model = model_of(spec)
    for position, row in enumerate(seed_rows(spec)):
        saved = model.objects.create(referential=referential, position=position,
                                     **row_to_fields(spec, row, model))
        back = fields_to_row(spec, model.objects.get(pk=saved.pk))
        assert normalised(back) == normalised(without_nulls(row))


@pytest.mark.django_db
@pytest.mark.parametrize("model_name", sorted({spec.model for spec in SPECS}))
def test_a_row_without_source_is_refused(model_name, referential):
    for source in ("", "   "):
        assert "source" in errors_of(instance_of(model_name, referential, source=source))


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "field", "value"), [
    ("RadiosensitisationDrug", "window_before_days", -1),
    ("RadiosensitisationDrug", "window_after_days", -7),
    ("ZolAdministrationRow", "days_after", -1),
])
def test_a_negative_window_is_refused(model_name, field, value, referential):
    assert field in errors_of(instance_of(model_name, referential, **{field: value}))


@pytest.mark.django_db
@pytest.mark.parametrize("delay", [{"value": -1, "unit": "days"}, {"value": 1, "unit": "weeks"},
                                   {"value": "1", "unit": "days"}, {"value": 1}, 5])
def test_a_bad_stop_delay_is_refused(delay, referential):
    rule = instance_of("AntithromboticStopRule", referential, stop_delay=delay)
    assert "stop_delay" in errors_of(rule)


@pytest.mark.django_db
@pytest.mark.parametrize(("model_name", "field"), [
    ("ZolDoseBand", "dose_mg"),
    ("ZolAdministrationRow", "dose_g"),
    ("VitaminDLoadingBand", "dose_iu"),
    ("AntiresorptiveAgent", "dose_mg"),
    ("AntiresorptiveAgent", "caution_clearance_below"),
    ("RadiotherapyScheme", "dose_per_fraction_gy_min"),
    ("RadiotherapyScheme", "dose_per_fraction_gy_max"),
    ("AntithromboticStopRule", "continue_below_mg"),
    ("HaemorrhagicLabThreshold", "minimum"),
    ("RadiosensitisationDrug", "half_life_hours"),
])
@pytest.mark.parametrize("value", [0, -1])
def test_a_zero_or_negative_dose_is_refused(model_name, field, value, referential):
    number = Decimal(value) if model_name != "VitaminDLoadingBand" else value
    instance = instance_of(model_name, referential, **{field: number})
    if model_name == "AntiresorptiveAgent" and field == "dose_mg":
        instance.dose_by_clearance = None
    assert field in errors_of(instance)


@pytest.mark.django_db
def test_negative_points_are_refused(referential):
    assert "points" in errors_of(instance_of("ScoreItemRow", referential, points=-1))


@pytest.mark.django_db
def test_row_rules_the_model_checks(referential):
    assert errors_of(instance_of("RadiotherapyScheme", referential,
                                 dose_per_fraction_gy_min=Decimal(9),
                                 dose_per_fraction_gy_max=Decimal(8)))
    assert "relay_drugs" in errors_of(instance_of("AntithromboticStopRule", referential,
                                                  relay_drugs=None))  # warfarin, a relay
    assert "stop_delay" in errors_of(instance_of("AntithromboticStopRule", referential,
                                                 action="stop"))
    assert errors_of(instance_of("VitaminDLoadingBand", referential, dose_iu=None))
    assert "half_life_source" in errors_of(instance_of(
        "RadiosensitisationDrug", referential, half_life_hours=Decimal(12)))
    assert "when" in errors_of(instance_of("ProcedureRule", referential, when=None))
    assert "agents" in errors_of(instance_of("AntiresorptiveRhythm", referential, agents=[
        {"drug_code": "zoledronic_acid", "every": 0, "unit": "months"}]))
    assert errors_of(instance_of("AntiresorptiveAgent", referential, dose_by_clearance=True,
                                 dose_mg=Decimal(4)))
