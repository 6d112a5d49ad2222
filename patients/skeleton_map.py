"""The skeleton map: a schematic front view of the skeleton, drawn as data.

One shape per site of the vocabulary (patients/skeleton.py), and per side for paired bones,
so the lesion form can offer it as a site picker and the patient's page and printed
documents can place each lesion on it. Front view: the patient's right is on the viewer's
left. The spine has its own column beside the figure, where every vertebra is large enough
to see and to click; the figure keeps a faint, inert spine so it still reads as a skeleton.

Anatomy only: the colour of a marker comes from a severity named by the caller (the scoring
app decides it from the referential's bands); here a severity only chooses a colour.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from patients import skeleton
from patients.models.choices import Side

WIDTH, HEIGHT = 300, 500
MIDLINE = 110  # the figure's vertical axis
SPINE_AXIS = 262  # the spine column's axis
RIGHT, LEFT = Side.RIGHT.value, Side.LEFT.value

# Marker severities and their colours (fill, text): each pair keeps the number readable
# (contrast of 4.5:1 at least) and every marker has a dark outline, so it stands out from the
# bone whatever its colour. The colour is never the only signal: the legend says it in words.
HIGH, MODERATE, LOW, MISSING, NOT_SCORED = "high", "moderate", "low", "missing", "not_scored"
SEVERITIES = (HIGH, MODERATE, LOW, MISSING, NOT_SCORED)
MARKER_COLOURS = {
    HIGH: ("#b02a37", "#ffffff"),
    MODERATE: ("#ffc107", "#000000"),
    LOW: ("#146c43", "#ffffff"),
    MISSING: ("#6c757d", "#ffffff"),
    NOT_SCORED: ("#ffffff", "#212529"),
}


@dataclass(frozen=True)
class Shape:
    site: skeleton.Site
    side: str  # RIGHT or LEFT for a paired bone, "" for a midline site
    d: str  # the SVG path
    anchor: tuple[float, float]  # where a marker sits

    @property
    def label(self) -> Promise | str:
        if not self.side:
            return self.site.label
        return format_lazy("{}, {}", self.site.label, Side(self.side).label)


class SeverityColours:
    """The fill and text colours of something drawn at a `severity` (markers, legend keys)."""

    severity: str

    @property
    def fill(self) -> str:
        return MARKER_COLOURS[self.severity][0]

    @property
    def text_fill(self) -> str:
        return MARKER_COLOURS[self.severity][1]


@dataclass(frozen=True)
class Marker(SeverityColours):
    number: int
    x: float
    y: float
    severity: str
    title: str
    url: str = ""

    @property
    def text_y(self) -> float:
        """The number's baseline, so that it sits in the middle of the disc."""
        return round(self.y + 3, 1)



@dataclass(frozen=True)
class Placement:
    """A lesion to show: its number in the legend, where it is and how it is coloured."""

    number: int
    site: str
    side: str
    severity: str
    title: str
    url: str = ""


@dataclass(frozen=True)
class SkeletonMap:
    shapes: tuple[Shape, ...]
    markers: tuple[Marker, ...] = ()
    unplaced: tuple[Placement, ...] = ()  # lesions without a shape (a paired bone, no side)
    picker: bool = False  # shapes are buttons (the lesion form)
    printed: bool = False  # no links (the PDF documents)
    width: int = WIDTH
    height: int = HEIGHT
    marked: tuple[Shape, ...] = ()  # the shapes that carry a marker, in drawing order

    @property
    def unmarked_outline(self) -> str:
        """Every shape without a marker as one path: what a printed map draws of them. The PDF
        renderer's cost grows with the number of SVG elements (thirty maps in a booklet), and
        paper has no use for one element per bone; the marked ones stay apart, named."""
        return " ".join(shape.d for shape in self.shapes if shape not in self.marked)

    # What the template draws besides the shapes (the same on every map).
    @property
    def decor(self) -> tuple[str, ...]:
        return DECOR

    @property
    def spine_labels(self) -> tuple:
        """On paper the map is 42 mm wide: a label per vertebra would be 3 pt, unreadable,
        and each costs the PDF renderer a text layout. Each region's first one is drawn."""
        return PRINTED_SPINE_LABELS if self.printed else SPINE_LABELS

    @property
    def side_labels(self) -> tuple:
        return SIDE_LABELS

    @property
    def spine_heading(self) -> Promise:
        return SPINE_HEADING

    @property
    def spine_axis(self) -> int:
        return SPINE_AXIS

    @property
    def shape_paths(self) -> SafeString:
        """Every shape as an SVG path, for a map drawn on screen (see shape_paths)."""
        return shape_paths(self.shapes, self.picker)


# --- drawing helpers: every shape is a path, so the template draws them all alike ---

def _n(value: float) -> str:
    return f"{value:g}"


def _polygon(points: list[tuple[float, float]]) -> tuple[str, tuple[float, float]]:
    d = "M" + " L".join(f"{_n(x)} {_n(y)}" for x, y in points) + " Z"
    return d, (sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points))


def _rect(x: float, y: float, w: float, h: float) -> tuple[str, tuple[float, float]]:
    return _polygon([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> tuple[str, tuple[float, float]]:
    d = (f"M{_n(cx - rx)} {_n(cy)} a{_n(rx)} {_n(ry)} 0 1 0 {_n(2 * rx)} 0 "
         f"a{_n(rx)} {_n(ry)} 0 1 0 {_n(-2 * rx)} 0 Z")
    return d, (cx, cy)


def _x(side: str, dx: float) -> float:
    """From a distance to the midline to x: the patient's right on the viewer's left."""
    return MIDLINE - dx if side == RIGHT else MIDLINE + dx


def _mirrored(side: str, points: list[tuple[float, float]]):
    return _polygon([(_x(side, dx), y) for dx, y in points])


def _bar(side: str, axis: float, half: float, top: float, bottom: float):
    """A vertical bar (a long-bone segment) centred on `axis` from the midline."""
    return _rect(_x(side, axis) - half, top, 2 * half, bottom - top)


# --- the figure: (distance to the midline, y) for the patient's right or left alike ---

# Long-bone segments: (bone, axis, [(segment, half width, top, bottom)]), top to bottom.
LONG_BONE_SEGMENTS = (
    ("humerus", 70, [("proximal", 7, 104, 124), ("diaphysis", 4, 125, 172),
                     ("distal", 8, 173, 188)]),
    ("ulna", 68, [("proximal", 4, 192, 204), ("diaphysis", 2.5, 205, 244),
                  ("distal", 3, 245, 256)]),
    ("radius", 80, [("proximal", 3.5, 192, 204), ("diaphysis", 2.5, 205, 244),
                    ("distal", 4, 245, 256)]),
    ("femur", 60, [("subtrochanteric", 5, 293, 312), ("diaphysis", 4.5, 313, 366),
                   ("distal", 8, 367, 386)]),
    ("tibia", 54, [("proximal", 8, 392, 408), ("diaphysis", 4, 409, 460),
                   ("distal", 6, 461, 476)]),
    ("fibula", 67, [("proximal", 3.5, 396, 410), ("diaphysis", 2, 411, 458),
                    ("distal", 3, 459, 476)]),
)
# Flat bones and the femur's upper end, as polygons.
OUTLINES = {
    "femur_head_neck": [(50, 264), (57, 262), (63, 276), (55, 276)],
    "femur_trochanteric": [(54, 277), (68, 277), (66, 292), (55, 292)],
    "clavicle": [(7, 100), (48, 94), (50, 99), (8, 105)],
    "scapula": [(42, 103), (58, 101), (56, 110), (47, 146), (41, 120)],
    "ilium": [(14, 232), (30, 222), (50, 228), (52, 248), (42, 261), (20, 257)],
    "pubis": [(3, 280), (34, 277), (36, 285), (4, 290)],
    "ischium": [(24, 290), (38, 287), (44, 300), (34, 308), (25, 302)],
}
ACETABULUM = (42, 270, 7)  # distance to the midline, y, radius
# Ribs 1 to 12: (medial end, lateral end) as distances to the midline; 8 apart, 4 thick.
RIB_SPANS = ((7, 26), (7, 31), (7, 34), (7, 36), (7, 38), (7, 39), (7, 40), (9, 40),
             (9, 39), (11, 37), (16, 33), (18, 28))
RIB_TOP, RIB_STEP, RIB_THICKNESS = 108, 8, 4


def _rib(side: str, number: int):
    medial, lateral = RIB_SPANS[number - 1]
    y = RIB_TOP + (number - 1) * RIB_STEP
    x0, x1, xc = _x(side, medial), _x(side, lateral), _x(side, (medial + lateral) / 2)
    t = RIB_THICKNESS
    d = (f"M{_n(x0)} {_n(y)} Q{_n(xc)} {_n(y - 4)} {_n(x1)} {_n(y + 4)} "
         f"L{_n(x1)} {_n(y + 4 + t)} Q{_n(xc)} {_n(y - 4 + t)} {_n(x0)} {_n(y + t)} Z")
    return d, (_x(side, lateral - 6), y + 2)


def _lateral_geometry(code: str, side: str):
    if code in OUTLINES:
        return _mirrored(side, OUTLINES[code])
    if code == "acetabulum":
        dx, y, r = ACETABULUM
        return _ellipse(_x(side, dx), y, r, r)
    if code.startswith("rib_"):
        return _rib(side, int(code.removeprefix("rib_")))
    for bone, axis, segments in LONG_BONE_SEGMENTS:
        for segment, half, top, bottom in segments:
            if code == f"{bone}_{segment}":
                return _bar(side, axis, half, top, bottom)
    return None


# --- the spine column: one bar per level, C0 at the top, the coccyx at the bottom ---

SPINE_TOP, SPINE_STEP, SPINE_BAR = 16, 15, 13
VERTEBRA_WIDTHS = {"c0": 24, "co": 8, "s1": 30, "s2": 26, "s3": 22, "s4": 18, "s5": 14}
REGION_WIDTHS = {"c": 20, "t": 24, "l": 30}  # by the level's letter: cervical, thoracic...


def _vertebra_width(code: str) -> float:
    return VERTEBRA_WIDTHS.get(code) or REGION_WIDTHS[code[0]]


def _vertebra(site: skeleton.Site):
    width = _vertebra_width(site.code)
    top = SPINE_TOP + site.spine_level * SPINE_STEP
    return _rect(SPINE_AXIS - width / 2, top, width, SPINE_BAR)


SPINE_LABELS = tuple(
    (site.code.capitalize(), SPINE_AXIS, SPINE_TOP + site.spine_level * SPINE_STEP + 9.5)
    for site in skeleton.SITES if site.region == skeleton.SPINE
)
PRINTED_SPINE_LABELS = tuple(
    label for previous, label in zip((None, *SPINE_LABELS), SPINE_LABELS, strict=False)
    if previous is None or previous[0].rstrip("0123456789") != label[0].rstrip("0123456789")
)


def _midline_geometry(site: skeleton.Site):
    if site.region == skeleton.SPINE:
        return _vertebra(site)
    if site.code == "skull":
        return _ellipse(MIDLINE, 34, 24, 29)
    if site.code == "sternum":
        return _polygon([(MIDLINE - 6, 104), (MIDLINE + 6, 104), (MIDLINE + 5, 170),
                         (MIDLINE, 176), (MIDLINE - 5, 170)])
    return None


def _build_shapes() -> tuple[Shape, ...]:
    shapes = []
    for site in skeleton.SITES:
        sides = (RIGHT, LEFT) if site.lateral else ("",)
        for side in sides:
            geometry = (_lateral_geometry(site.code, side) if side
                        else _midline_geometry(site))
            if geometry is not None:
                shapes.append(Shape(site, side, *geometry))
    return tuple(shapes)


# Inert drawing that makes the figure read as a skeleton: the spine behind the sternum,
# the sacrum between the iliac wings, hands and feet.
DECOR = (
    _rect(MIDLINE - 3, 63, 6, 169)[0],
    _polygon([(MIDLINE - 13, 232), (MIDLINE + 13, 232), (MIDLINE, 272)])[0],
    *(_ellipse(_x(side, 75), 268, 8, 10)[0] for side in (RIGHT, LEFT)),
    *(_ellipse(_x(side, 57), 486, 10, 6)[0] for side in (RIGHT, LEFT)),
)
SHAPES = _build_shapes()
SHAPES_BY_KEY = {(shape.site.code, shape.side): shape for shape in SHAPES}
SIDE_LABELS = ((_("Right"), 16, "start"), (_("Left"), MIDLINE * 2 - 16, "end"))
SPINE_HEADING = _("Spine")


_SHAPE_PATHS: dict[tuple, SafeString] = {}


def shape_paths(shapes: tuple[Shape, ...], picker: bool) -> SafeString:
    """The shapes' SVG paths, as patients/skeleton/_map.html drew them one by one: the same
    on every map of a language, so built once per process and language (109 shapes with
    their translated names were most of the map's rendering)."""
    if shapes is not SHAPES:  # only the whole skeleton is kept
        return _joined_paths(shapes, picker)
    key = (picker, get_language())
    if key not in _SHAPE_PATHS:
        _SHAPE_PATHS[key] = _joined_paths(shapes, picker)
    return _SHAPE_PATHS[key]


def _joined_paths(shapes: tuple[Shape, ...], picker: bool) -> SafeString:
    return format_html_join("", "{}", ((_shape_path(shape, picker),) for shape in shapes))


def _shape_path(shape: Shape, picker: bool) -> SafeString:
    side = format_html(' data-side="{}"', shape.side) if shape.side else ""
    button = (format_html(' tabindex="0" role="button" aria-pressed="false" aria-label="{}"',
                          shape.label) if picker else "")
    return format_html('<path class="skm-bone" d="{}" data-site-code="{}"{}{}>'
                       "<title>{}</title></path>\n    ",
                       shape.d, shape.site.code, side, button, shape.label)


def shape_for(site_code: str, side: str = "") -> Shape | None:
    site = skeleton.get_site(site_code)
    if site is None:
        return None
    return SHAPES_BY_KEY.get((site_code, side if site.lateral else ""))


def picker_map() -> SkeletonMap:
    """The map as a site picker: every shape a button (static/js/skeleton_map.js)."""
    return SkeletonMap(shapes=SHAPES, picker=True)


MARKER_SPREAD = 14  # lesions at the same site sit side by side


def display_map(placements: list[Placement], printed: bool = False) -> SkeletonMap:
    """The map with one marker per lesion, placed on its site's shape."""
    markers, unplaced, seen = [], [], {}
    for placement in placements:
        shape = shape_for(placement.site, placement.side)
        if shape is None:
            unplaced.append(placement)
            continue
        count = seen[shape] = seen.get(shape, 0) + 1
        offset = MARKER_SPREAD * (count // 2) * (1 if count % 2 == 0 else -1)
        x, y = shape.anchor
        markers.append(Marker(placement.number, round(x + offset, 1), round(y, 1),
                              placement.severity, placement.title,
                              "" if printed else placement.url))
    marked = tuple(shape for shape in SHAPES if shape in seen)
    return SkeletonMap(shapes=SHAPES, markers=tuple(markers), unplaced=tuple(unplaced),
                       printed=printed, marked=marked)
