"""The demo institution's certificate: a self-signed RSA key and certificate in a PKCS#12.

`make run` creates it (manage.py create_demo_certificate) so that signed proposals are
signed on a newcomer's machine too. It proves nothing to anyone else: production uses the
institution's own certificate (DOCUMENT_SIGNING_CERTIFICATE), never this one.
"""

import datetime as dt
import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

VALIDITY = dt.timedelta(days=3 * 365)


def demo_certificate(institution: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, institution[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, f"{institution[:40]} (RCP-OOS demo)"),
    ])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()),
                       critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def write_pkcs12(path: Path, passphrase: bytes, institution: str) -> None:
    """Write a new demo PKCS#12 at `path` (readable by its owner only), atomically."""
    key, certificate = demo_certificate(institution)
    data = pkcs12.serialize_key_and_certificates(
        b"rcp-oos-demo", key, certificate, None,
        serialization.BestAvailableEncryption(passphrase))
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(data)
    os.replace(partial, path)
