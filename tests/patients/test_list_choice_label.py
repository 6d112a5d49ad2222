"""`choice_label` shows what `get_<field>_display` shows, in the request's language, without
rebuilding the choices for each row."""

import pytest
from django.utils import translation

from patients.models import Patient
from patients.templatetags.list_tools import choice_label


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(("sex", "primary_site"), [("F", "lung"), ("M", ""), ("M", "other")])
def test_the_label_is_the_display_of_the_value(language, sex, primary_site):
    patient = Patient(sex=sex, primary_site=primary_site)
    with translation.override(language):
        assert str(choice_label(patient, "sex")) == patient.get_sex_display()
        assert (str(choice_label(patient, "primary_site"))
                == patient.get_primary_site_display())


def test_a_value_outside_the_choices_shows_as_it_is():
    assert choice_label(Patient(sex="X"), "sex") == "X"


def test_the_language_is_the_one_of_the_page_not_of_the_first_call():
    patient = Patient(sex="F")
    with translation.override("en"):
        english = str(choice_label(patient, "sex"))
    with translation.override("fr"):
        french = str(choice_label(patient, "sex"))
    assert (english, french) == ("Female", "Femme")
