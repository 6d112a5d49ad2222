"""The enrolment QR code, drawn on the server as inline SVG: the secret never leaves the
application (no external QR service, no script), and the page works offline."""

import qrcode
import qrcode.image.svg
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str) -> SafeString:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=12,
                        border=2)
    svg = image.to_string(encoding="unicode")
    # Markup built by the qrcode library from the otpauth URL, not from user input.
    return mark_safe(svg)  # noqa: S308  # nosec B308 B703


def grouped(secret: str, size: int = 4) -> str:
    """The base32 secret in groups of four, easier to type into an authenticator app."""
    return " ".join(secret[i:i + size] for i in range(0, len(secret), size))
