"""The skeleton vocabulary: every site a lesion can be recorded at, complete and ordered."""

import pytest

from patients import skeleton

SPINE_CODES = (
    ["c0"] + [f"c{i}" for i in range(1, 8)] + [f"t{i}" for i in range(1, 13)]
    + [f"l{i}" for i in range(1, 6)] + [f"s{i}" for i in range(1, 6)] + ["co"]
)
LONG_BONES = ("humerus", "radius", "ulna", "femur", "tibia", "fibula")
# The segment of the proximal end: the femur splits it into head/neck and trochanters.
PROXIMAL_SEGMENTS = {"proximal", "head_neck"}


def sites_in(region: str) -> list[skeleton.Site]:
    return [site for site in skeleton.SITES if site.region == region]


def segments_of(bone: str) -> list[str]:
    return [s.segment for s in sites_in(skeleton.LONG_BONE) if s.code.startswith(f"{bone}_")]


class TestSpine:
    def test_it_lists_occiput_to_coccyx_in_anatomical_order(self):
        assert [site.code for site in sites_in(skeleton.SPINE)] == SPINE_CODES

    def test_it_numbers_spine_levels_increasing_down_the_spine(self):
        levels = [site.spine_level for site in sites_in(skeleton.SPINE)]
        assert None not in levels
        assert all(upper < lower for upper, lower in zip(levels, levels[1:], strict=False))

    def test_it_treats_vertebrae_as_midline_sites(self):
        assert not any(site.lateral for site in sites_in(skeleton.SPINE))

    def test_it_gives_a_spine_level_to_vertebrae_only(self):
        others = [s for s in skeleton.SITES if s.region != skeleton.SPINE]
        assert all(site.spine_level is None for site in others)


class TestLongBones:
    @pytest.mark.parametrize("bone", LONG_BONES)
    def test_it_gives_each_long_bone_proximal_shaft_and_distal_segments(self, bone):
        segments = segments_of(bone)
        assert PROXIMAL_SEGMENTS & set(segments)
        assert "diaphysis" in segments
        assert "distal" in segments

    def test_it_gives_the_femur_a_trochanteric_segment(self):
        assert "trochanteric" in segments_of("femur")

    @pytest.mark.parametrize("bone, limb", [
        ("humerus", "upper"), ("radius", "upper"), ("ulna", "upper"),
        ("femur", "lower"), ("tibia", "lower"), ("fibula", "lower"),
    ])
    def test_it_places_each_long_bone_in_its_limb(self, bone, limb):
        limbs = {s.limb for s in sites_in(skeleton.LONG_BONE) if s.code.startswith(f"{bone}_")}
        assert limbs == {limb}

    def test_it_asks_a_side_for_every_long_bone_segment(self):
        assert all(site.lateral for site in sites_in(skeleton.LONG_BONE))


class TestFlatBones:
    @pytest.mark.parametrize("code", ["ilium", "acetabulum", "pubis", "ischium"])
    def test_it_has_each_part_of_the_pelvis(self, code):
        site = skeleton.get_site(code)
        assert site is not None
        assert site.region == skeleton.PELVIS
        assert site.lateral

    def test_it_has_the_twelve_ribs_with_a_side(self):
        ribs = [s for s in skeleton.SITES if s.code.startswith("rib_")]
        assert [s.code for s in ribs] == [f"rib_{i}" for i in range(1, 13)]
        assert all(rib.lateral and rib.region == skeleton.THORAX for rib in ribs)

    @pytest.mark.parametrize("code, region, lateral", [
        ("sternum", skeleton.THORAX, False),
        ("scapula", skeleton.SHOULDER_GIRDLE, True),
        ("clavicle", skeleton.SHOULDER_GIRDLE, True),
        ("skull", skeleton.SKULL, False),
    ])
    def test_it_has_the_other_flat_bones(self, code, region, lateral):
        site = skeleton.get_site(code)
        assert site is not None
        assert (site.region, site.lateral) == (region, lateral)


class TestVocabulary:
    def test_it_gives_every_site_a_unique_code(self):
        codes = [site.code for site in skeleton.SITES]
        assert len(codes) == len(set(codes))

    def test_it_puts_every_site_in_a_labelled_region(self):
        assert all(site.region in skeleton.REGION_LABELS for site in skeleton.SITES)

    def test_it_offers_every_site_once_in_the_grouped_choices(self):
        offered = [code for _group, options in skeleton.site_choices() for code, _ in options]
        assert offered == [site.code for site in sorted(
            skeleton.SITES, key=lambda s: list(skeleton.REGION_LABELS).index(s.region)
        )]

    def test_it_finds_a_site_by_code(self):
        assert skeleton.get_site("femur_trochanteric").segment == "trochanteric"

    def test_it_returns_none_for_an_unknown_code(self):
        assert skeleton.get_site("tail") is None
