"""The case form's lesions and co-owners, sent as ids beyond the database's integers: a
field error, not the OverflowError SQLite raises on such an id (found by tests/fuzz)."""

import pytest

from recommendations.forms.case import CaseForm
from tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["lesions", "co_owners"])
@pytest.mark.parametrize("pk", ["9223372036854775808", "-9223372036854775809", "9" * 30])
def test_it_refuses_an_id_out_of_range_as_an_invalid_choice(field, pk):
    form = CaseForm({"question": "Radiotherapy of T7?", "urgency": "routine", field: [pk]},
                    patient=PatientFactory())
    assert not form.is_valid()
    assert form.has_error(field, "invalid_choice")
