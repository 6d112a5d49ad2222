"""The skeleton vocabulary: every site a bone lesion can be recorded at.

Anatomy only (which region a site belongs to, which vertebral level or long-bone segment it
is). What a site scores (SINS location class, Mirels site points) is clinical rule data and
lives in the scoring referential, which reads `region`, `spine_level` and `limb` from here.
"""

from dataclasses import dataclass

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SPINE = "spine"
LONG_BONE = "long_bone"
PELVIS = "pelvis"
THORAX = "thorax"
SHOULDER_GIRDLE = "shoulder_girdle"
SKULL = "skull"

REGION_LABELS = {
    SPINE: _("Spine"),
    LONG_BONE: _("Long bones"),
    PELVIS: _("Pelvis"),
    THORAX: _("Ribs and sternum"),
    SHOULDER_GIRDLE: _("Shoulder girdle"),
    SKULL: _("Skull"),
}


@dataclass(frozen=True)
class Site:
    code: str
    label: str
    region: str
    lateral: bool  # a side (left/right) must be given
    spine_level: int | None = None  # 0 = C0 (occiput) ... counted down to the coccyx
    limb: str = ""  # "upper" or "lower" for long bones
    segment: str = ""  # long-bone segment code, e.g. "trochanteric"


def _spine() -> list[Site]:
    names = ["C0"] + [f"C{i}" for i in range(1, 8)] + [f"T{i}" for i in range(1, 13)]
    names += [f"L{i}" for i in range(1, 6)] + [f"S{i}" for i in range(1, 6)] + ["Co"]
    sites = []
    for level, name in enumerate(names):
        if name == "C0":
            label = _("C0 (occiput)")
        elif name == "Co":
            label = _("Coccyx")
        else:
            label = name
        sites.append(Site(name.lower(), label, SPINE, lateral=False, spine_level=level))
    return sites


_SEGMENTS = {
    "proximal": _("proximal epiphysis and metaphysis"),
    "diaphysis": _("diaphysis"),
    "distal": _("distal epiphysis and metaphysis"),
}
_FEMUR_SEGMENTS = {
    "head_neck": _("head and neck"),
    "trochanteric": _("trochanteric region"),
    "subtrochanteric": _("subtrochanteric region"),
    "diaphysis": _("diaphysis"),
    "distal": _("distal epiphysis and metaphysis"),
}
_LONG_BONES = [
    ("humerus", _("Humerus"), "upper", _SEGMENTS),
    ("radius", _("Radius"), "upper", _SEGMENTS),
    ("ulna", _("Ulna"), "upper", _SEGMENTS),
    ("femur", _("Femur"), "lower", _FEMUR_SEGMENTS),
    ("tibia", _("Tibia"), "lower", _SEGMENTS),
    ("fibula", _("Fibula"), "lower", _SEGMENTS),
]


def _long_bones() -> list[Site]:
    return [
        Site(
            f"{bone}_{segment}",
            format_lazy("{} — {}", bone_label, segment_label),
            LONG_BONE,
            lateral=True,
            limb=limb,
            segment=segment,
        )
        for bone, bone_label, limb, segments in _LONG_BONES
        for segment, segment_label in segments.items()
    ]


def _flat_bones() -> list[Site]:
    ribs = [
        Site(f"rib_{i}", format_lazy(_("Rib {}"), i), THORAX, lateral=True) for i in range(1, 13)
    ]
    return [
        Site("ilium", _("Ilium"), PELVIS, lateral=True),
        Site("acetabulum", _("Acetabulum"), PELVIS, lateral=True),
        Site("pubis", _("Pubis"), PELVIS, lateral=True),
        Site("ischium", _("Ischium"), PELVIS, lateral=True),
        *ribs,
        Site("sternum", _("Sternum"), THORAX, lateral=False),
        Site("scapula", _("Scapula"), SHOULDER_GIRDLE, lateral=True),
        Site("clavicle", _("Clavicle"), SHOULDER_GIRDLE, lateral=True),
        Site("skull", _("Skull"), SKULL, lateral=False),
    ]


SITES: tuple[Site, ...] = tuple(_spine() + _long_bones() + _flat_bones())
SITES_BY_CODE = {site.code: site for site in SITES}


def site_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select: one optgroup per region."""
    return [
        (REGION_LABELS[region], [(s.code, s.label) for s in SITES if s.region == region])
        for region in REGION_LABELS
    ]


def get_site(code: str) -> Site | None:
    return SITES_BY_CODE.get(code)
