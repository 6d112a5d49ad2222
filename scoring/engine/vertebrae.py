"""The vertebrae as the engine names them: the skeleton's codes in order (index = spine
level) and the name a reader knows ("t11" -> "T11").

Anatomy, not clinical data: patients/skeleton.py holds the same list, which the engine may
not import. Reasons and score tables name a level this way, never by its code.
"""

VERTEBRAE = (
    "c0", *(f"c{i}" for i in range(1, 8)), *(f"t{i}" for i in range(1, 13)),
    *(f"l{i}" for i in range(1, 6)), *(f"s{i}" for i in range(1, 6)), "co",
)
_COCCYX = "co"


def level_name(code: str) -> str:
    """"t11" -> "T11", "co" -> "Co" (the coccyx, as the skeleton writes it); a site that is
    not a vertebra is returned unchanged."""
    if code not in VERTEBRAE:
        return code
    return "Co" if code == _COCCYX else code.upper()
