"""`manage.py second_factor_code USERNAME`: the code a user's authenticator app shows now.

For the demo and development, where nobody wants to reach for a phone to log in as the demo
administrator; refused in production, where it would turn the second factor into nothing.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP

from accounts.models import User
from accounts.second_factor import confirmed_device


class Command(BaseCommand):
    help = "Print the current second-factor code of a user (development and demo only)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        if settings.PRODUCTION:
            raise CommandError("second_factor_code refuses to run in production.")
        user = User.objects.filter(username=username).first()
        device = confirmed_device(user) if user else None
        if device is None:
            raise CommandError(f"{username} has no second factor set up.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
