"""The skeleton's bones are drawn from markup built once per language (patients.skeleton_map
.shape_paths): the same as drawing each shape, in the page's language."""

from django.template import engines
from django.utils import translation

from patients.skeleton_map import SHAPES, picker_map, shape_paths

ONE_BY_ONE = engines["django"].from_string(
    '{% for shape in m.shapes %}<path class="skm-bone" d="{{ shape.d }}" '
    'data-site-code="{{ shape.site.code }}"{% if shape.side %} data-side="{{ shape.side }}"'
    '{% endif %}{% if m.picker %} tabindex="0" role="button" aria-pressed="false" '
    'aria-label="{{ shape.label }}"{% endif %}><title>{{ shape.label }}</title></path>\n'
    '    {% endfor %}')


def test_the_paths_are_those_drawn_one_by_one_in_each_language():
    for language in ("fr", "en", "fr"):
        with translation.override(language):
            for picker in (True, False):
                expected = ONE_BY_ONE.render({"m": picker_map() if picker else
                                              type(picker_map())(shapes=SHAPES)})
                assert shape_paths(SHAPES, picker) == expected, (language, picker)


def test_each_language_has_its_own_names():
    with translation.override("fr"):
        french = shape_paths(SHAPES, False)
    with translation.override("en"):
        english = shape_paths(SHAPES, False)
    assert "Femur" in english or "femur" in english
    assert french != english


def test_a_subset_of_shapes_is_drawn_as_given():
    with translation.override("en"):
        assert shape_paths(SHAPES[:2], True).count("<path") == 2


def test_a_printed_map_labels_each_spine_regions_first_vertebra_and_a_screen_map_every_one():
    printed = type(picker_map())(shapes=SHAPES, printed=True)
    screen = type(picker_map())(shapes=SHAPES)
    assert [text for text, _x, _y in printed.spine_labels] == ["C0", "T1", "L1", "S1", "Co"]
    assert len(screen.spine_labels) == 31
    assert set(printed.spine_labels) < set(screen.spine_labels)
