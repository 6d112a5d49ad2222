"""Settings of the printable documents (PDF): the institution's signing certificate.

Imported by rcp_oos/settings.py (`from rcp_oos.settings_documents import *`). Every variable
is documented in docs/documents.md and docs/configuration.md. An empty certificate path means
the demo certificate that `manage.py create_demo_certificate` (and `make run`) writes under
MEDIA_ROOT; production has no demo certificate and must name the institution's own.
"""

from rcp_oos import env

__all__ = ["DOCUMENT_INSTITUTION", "DOCUMENT_SIGNING_CERTIFICATE",
           "DOCUMENT_SIGNING_PASSPHRASE"]

# The institution named on every document and in the demo certificate.
DOCUMENT_INSTITUTION = env.get_str("DOCUMENT_INSTITUTION", "RCP-OOS demo hospital")
# PKCS#12 file (.p12/.pfx) with the institution's key and certificate (PAdES signature of
# the signed proposals). Empty: <MEDIA_ROOT>/private/signing/demo-institution.p12, outside
# production only.
DOCUMENT_SIGNING_CERTIFICATE = env.get_str("DOCUMENT_SIGNING_CERTIFICATE", "")
# Its passphrase. Empty: the demo certificate's published one, outside production only.
DOCUMENT_SIGNING_PASSPHRASE = env.get_str("DOCUMENT_SIGNING_PASSPHRASE", "")
