"""The skeleton map: a shape for every site of the vocabulary (each side of a paired bone), the
front-view convention, markers placed on their site, and the picker's DOM contract."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from patients import skeleton, skeleton_map
from tests.factories import PatientFactory

SITE_SIDES = [(site.code, side) for site in skeleton.SITES
              for side in ((skeleton_map.RIGHT, skeleton_map.LEFT) if site.lateral else ("",))]


def placement(number=1, site="femur_diaphysis", side="right", severity=skeleton_map.HIGH,
              url="/lesions/1/"):
    return skeleton_map.Placement(number, site, side, severity, f"{number}. a lesion", url)


class TestShapes:
    @pytest.mark.parametrize(("code", "side"), SITE_SIDES)
    def test_it_draws_every_site_on_each_side_it_has(self, code, side):
        assert skeleton_map.shape_for(code, side) is not None

    def test_it_draws_each_site_and_side_once(self):
        keys = [(shape.site.code, shape.side) for shape in skeleton_map.SHAPES]
        assert sorted(keys) == sorted(SITE_SIDES)

    def test_it_draws_the_patients_right_on_the_viewers_left(self):
        right = skeleton_map.shape_for("femur_diaphysis", "right")
        left = skeleton_map.shape_for("femur_diaphysis", "left")
        assert right.anchor[0] < skeleton_map.MIDLINE < left.anchor[0]

    @pytest.mark.parametrize("shape", skeleton_map.SHAPES, ids=lambda s: f"{s.site.code}-{s.side}")
    def test_it_keeps_every_shape_inside_the_drawing(self, shape):
        x, y = shape.anchor
        assert 0 < x < skeleton_map.WIDTH and 0 < y < skeleton_map.HEIGHT

    def test_it_stacks_the_vertebrae_from_the_occiput_down_to_the_coccyx(self):
        spine = [site for site in skeleton.SITES if site.region == skeleton.SPINE]
        heights = [skeleton_map.shape_for(site.code).anchor[1] for site in spine]
        assert heights == sorted(heights) and len(set(heights)) == len(heights)

    def test_it_names_a_paired_bone_with_its_side(self):
        with translation.override("en"):
            label = str(skeleton_map.shape_for("femur_diaphysis", "right").label)
        assert label == "Femur — diaphysis, Right"


class TestMarkers:
    def test_it_places_a_marker_on_its_sites_shape(self):
        marker, = skeleton_map.display_map([placement()]).markers
        x, y = skeleton_map.shape_for("femur_diaphysis", "right").anchor
        assert (marker.x, marker.y) == (round(x, 1), round(y, 1))

    def test_it_sets_lesions_of_the_same_site_side_by_side(self):
        first, second = skeleton_map.display_map([placement(1), placement(2)]).markers
        assert first.y == second.y and first.x != second.x

    def test_it_lists_a_paired_site_without_side_as_not_on_the_map(self):
        drawn = skeleton_map.display_map([placement(side="")])
        assert drawn.markers == () and drawn.unplaced[0].number == 1

    def test_it_lists_an_unknown_site_as_not_on_the_map(self):
        assert skeleton_map.display_map([placement(site="nowhere")]).unplaced

    def test_a_printed_map_has_no_links(self):
        marker, = skeleton_map.display_map([placement()], printed=True).markers
        assert marker.url == ""

    def test_the_colour_follows_the_severity(self):
        high, low = skeleton_map.display_map(
            [placement(1, severity="high"), placement(2, "t4", "", severity="low")]).markers
        assert high.fill == skeleton_map.MARKER_COLOURS["high"][0] != low.fill


class TestTemplate:
    def render(self, drawn) -> str:
        return render_to_string("patients/skeleton/_map.html", {"skeleton_map": drawn})

    def test_in_the_picker_each_bone_is_a_button_named_by_its_site(self):
        with translation.override("en"):
            html = self.render(skeleton_map.picker_map())
        path = re.search(r'<path[^>]*data-site-code="femur_diaphysis" data-side="right"[^>]*>',
                         html).group(0)
        for attribute in ('tabindex="0"', 'role="button"', 'aria-pressed="false"',
                          'aria-label="Femur — diaphysis, Right"'):
            assert attribute in path

    def test_a_midline_site_has_no_side(self):
        html = self.render(skeleton_map.picker_map())
        assert re.search(r'data-site-code="sternum" tabindex', html)

    def test_outside_the_picker_bones_are_not_buttons(self):
        html = self.render(skeleton_map.display_map([]))
        assert 'role="button"' not in html and 'tabindex' not in html

    def test_a_marker_links_to_its_lesion_and_says_what_it_is(self):
        html = self.render(skeleton_map.display_map([placement()]))
        assert '<a href="/lesions/1/"' in html and "<title>1. a lesion</title>" in html

    def test_coordinates_are_never_written_with_a_decimal_comma(self):
        with translation.override("fr"):
            html = self.render(skeleton_map.display_map([placement(1), placement(2)]))
        numbers = re.findall(r'\s(?:cx|cy|x|y)="([^"]*)"', html)
        assert numbers and all("," not in number for number in numbers)


@pytest.mark.django_db
def test_the_lesion_form_offers_the_skeleton_beside_the_site_list(client, clinician):
    patient = PatientFactory(referring_clinician=clinician)
    client.force_login(clinician)
    html = client.get(reverse("patients:lesion_create", args=[patient.pk])).content.decode()
    assert "data-skeleton-picker" in html and 'id="id_site"' in html
    assert 'data-site-code="femur_diaphysis" data-side="right"' in html
    assert "js/skeleton_map.js" in html
