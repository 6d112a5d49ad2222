"""`manage.py create_demo_certificate`: the demo institution's self-signed certificate, with
which signed proposals are signed outside production.

`make run` calls it (scripts/start-demo.sh). Safe to run again: an existing certificate is
kept (--force replaces it). Refused in production, which uses the institution's own.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recommendations.documents import config
from recommendations.documents.certificates import write_pkcs12
from recommendations.documents.signing import SigningUnavailable, load_signer


class Command(BaseCommand):
    help = "Create the demo institution's signing certificate (PKCS#12), if absent."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true",
                            help="Replace an existing certificate.")

    def handle(self, *args, force: bool = False, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError(
                "create_demo_certificate refuses to run in production (RCP_ENV=production): "
                "set DOCUMENT_SIGNING_CERTIFICATE to the institution's own PKCS#12.")
        path = config.certificate_path()
        if path.exists() and not force:
            try:
                load_signer()
            except SigningUnavailable as error:
                raise CommandError(f"{path} exists but cannot be used: {error} "
                                   "(--force replaces it).") from error
            self.stdout.write(f"Signing certificate already present: {path}")
            return
        write_pkcs12(path, config.passphrase(), config.institution())
        self.stdout.write(self.style.SUCCESS(f"Demo signing certificate created: {path}"))
