"""PAdES signature of the signed proposals by the institution's certificate, and the check
of a stored PDF (its SHA-256, then its signature).

The key comes from the PKCS#12 the settings name (recommendations.documents.config). The
check trusts that certificate (and the chain in the PKCS#12) explicitly: a self-check that
the file is the one the institution signed and stored, which works for the self-signed demo
certificate too. pyHanko also refuses a file changed after signing (coverage must be the
entire file).
"""

import asyncio
import hashlib
import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from asn1crypto import x509 as asn1_x509
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from recommendations.documents import config

FIELD_NAME = "RCPOOSSignature"


class SigningUnavailable(Exception):
    """No usable certificate: none configured, file missing, or wrong passphrase."""


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_signer() -> signers.SimpleSigner:
    path = config.certificate_path()
    if path is None:
        raise SigningUnavailable(_("No signing certificate is configured "
                                   "(DOCUMENT_SIGNING_CERTIFICATE)."))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SigningUnavailable(_("The signing certificate cannot be read: %(error)s")
                                 % {"error": error}) from error
    try:
        return signers.SimpleSigner.load_pkcs12_data(data, other_certs=[],
                                                     passphrase=config.passphrase())
    except ValueError as error:
        raise SigningUnavailable(_("The signing certificate cannot be opened (wrong "
                                   "passphrase?).")) from error


def outside_event_loop(function, *args, **kwargs):
    """pyHanko's synchronous calls run `asyncio.run`, which fails in a thread whose event loop
    is running (an async server, a test driving Playwright): run them in a thread of their
    own then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function(*args, **kwargs)
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(function, *args, **kwargs).result()


def sign_pdf(pdf: bytes, *, reason: str) -> bytes:
    """The PDF with a PAdES (B-B) signature by the institution, over the whole file."""
    signer = load_signer()
    meta = PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason=reason, location=config.institution(), name=config.institution())
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return outside_event_loop(signers.sign_pdf, writer, meta, signer=signer).getvalue()


def trusted_certificates() -> list[asn1_x509.Certificate]:
    signer = load_signer()
    return [signer.signing_cert, *signer.cert_registry]


@dataclass
class Verdict:
    valid: bool
    problems: list[str] = field(default_factory=list)
    details: str = ""


def verify_pdf(data: bytes, expected_sha256: str | None = None,
               require_signature: bool = True) -> Verdict:
    """Whether the PDF is the one stored (its hash) and carries a valid, trusted signature
    covering the entire file."""
    problems = []
    if expected_sha256 is not None and sha256_of(data) != expected_sha256:
        problems.append(_("The SHA-256 of the file differs from the stored one."))
    details = _check_signature(data, problems) if require_signature else ""
    return Verdict(valid=not problems, problems=problems, details=details)


def _check_signature(data: bytes, problems: list[str]) -> str:
    try:
        embedded = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as error:  # noqa: BLE001 (any parsing failure makes the file invalid)
        problems.append(_("The file cannot be read as a PDF: %(error)s") % {"error": error})
        return ""
    if not embedded:
        problems.append(_("The file has no digital signature."))
        return ""
    try:
        context = ValidationContext(trust_roots=trusted_certificates())
    except SigningUnavailable as error:
        problems.append(str(error))
        return ""
    details = []
    for signature in embedded:
        try:
            status = outside_event_loop(validate_pdf_signature, signature, context)
        except Exception as error:  # noqa: BLE001 (a malformed signature is invalid)
            problems.append(_("The signature cannot be checked: %(error)s") % {"error": error})
            continue
        details.append(status.pretty_print_details())
        if not (status.intact and status.valid):
            problems.append(_("The signature does not match the content (altered file)."))
        elif not status.trusted:
            problems.append(_("The signature is not by the institution's certificate."))
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            problems.append(_("The file was changed after it was signed."))
    return "\n".join(details)
