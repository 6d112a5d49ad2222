"""The printed skeleton map: the same drawing as the screen's with far fewer SVG elements (the
PDF renderer's cost grows with them): the bones without a marker drawn as one path, the bones
with one still drawn apart and named."""

from patients import skeleton_map


def placement(number=1, site="femur_diaphysis", side="right"):
    return skeleton_map.Placement(number, site, side, skeleton_map.HIGH, f"{number}. a lesion")


class TestMarkedShapes:
    def test_it_names_the_shapes_that_carry_a_marker_once_each(self):
        printed = skeleton_map.display_map(
            [placement(1), placement(2), placement(3, "t4", "")], printed=True)
        assert printed.marked == (skeleton_map.shape_for("t4"),
                                  skeleton_map.shape_for("femur_diaphysis", "right"))

    def test_its_unmarked_outline_draws_every_other_shape(self):
        printed = skeleton_map.display_map([placement()], printed=True)
        marked = skeleton_map.shape_for("femur_diaphysis", "right")
        others = [shape for shape in skeleton_map.SHAPES if shape != marked]
        assert printed.unmarked_outline == " ".join(shape.d for shape in others)

    def test_a_lesion_it_cannot_place_marks_no_shape(self):
        printed = skeleton_map.display_map([placement(side="")], printed=True)
        assert printed.marked == ()
