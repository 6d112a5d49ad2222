"""Lesion.get_site_display/get_side_display read a label map built once: the same labels as
Django's own, in the active language."""

import pytest
from django.utils import translation

from patients.models import Lesion
from patients.models.choices import Side


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_site_and_side_has_djangos_label_in_the_active_language(language):
    sites = dict(Lesion._meta.get_field("site").flatchoices)
    with translation.override(language):
        for site, label in sites.items():
            for side, side_label in [("", ""), *Side.choices]:
                lesion = Lesion(site=site, side=side)
                assert lesion.get_site_display() == str(label)
                assert lesion.get_side_display() == str(side_label)


def test_the_french_label_differs_from_the_english_one():
    lesion = Lesion(site=Lesion._meta.get_field("site").flatchoices[0][0], side=Side.LEFT)
    with translation.override("fr"):
        french = str(lesion)
    with translation.override("en"):
        english = str(lesion)
    assert french.endswith("Gauche") and english.endswith("Left")


def test_an_unknown_value_is_shown_as_stored():
    assert Lesion(site="not-a-site").get_site_display() == "not-a-site"
