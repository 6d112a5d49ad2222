"""The second factor (TOTP, django-otp): who must have one, and enrolling a device.

Administrators (the admin role, staff, superusers) must log in with a code; anyone else may
choose to. A user is "verified" for the session once a code was accepted
(`django_otp.login`); accounts.middleware.SecondFactorMiddleware sends an unverified user
who needs a code to the step that is missing.
"""

import logging
from base64 import b32decode
from enum import Enum

from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.roles import ADMIN, user_roles

log = logging.getLogger(__name__)
DEVICE_NAME = "authenticator"


class Step(Enum):
    """What an authenticated user still has to do before using the application."""

    ENROL = "enrol"  # must have a second factor and has none yet
    VERIFY = "verify"  # has one: must type a code in this session


def is_required(user) -> bool:
    """Administrators can change accounts and referentials: a password alone is not enough."""
    return user.is_staff or user.is_superuser or ADMIN in user_roles(user)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def needs_second_factor(user) -> bool:
    """Whether this user's logins go through a code step (or enrolment) at all."""
    return is_required(user) or confirmed_device(user) is not None


def missing_step(user) -> Step | None:
    """The step this session still lacks, or None when the user may go on."""
    if not user.is_authenticated or _is_verified(user):
        return None
    if confirmed_device(user) is not None:
        return Step.VERIFY
    return Step.ENROL if is_required(user) else None


def pending_device(user) -> TOTPDevice:
    """The device being enrolled: the same secret until confirmed, so a reload of the page
    does not invalidate what the user already scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def refusal(device: TOTPDevice) -> dict | None:
    """Why a code may not be tried now (django-otp's throttling after wrong codes), or None."""
    allowed, details = device.verify_is_allowed()
    return None if allowed else details


@transaction.atomic
def confirm_enrolment(request: HttpRequest, *, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending device with its first code; the session is then verified."""
    if device.confirmed or not device.verify_token(token):
        log.warning("Second factor: enrolment code refused for user %s", device.user_id)
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    otp_login(request, device)
    log.info("Second factor: device enrolled for user %s", device.user_id)
    return True


def verify_code(request: HttpRequest, *, device: TOTPDevice, token: str) -> bool:
    """The code step after the password; a wrong code is counted by django-otp's throttling."""
    if not device.verify_token(token):
        log.warning("Second factor: code refused for user %s", device.user_id)
        return False
    otp_login(request, device)
    return True


def _is_verified(user) -> bool:
    # django_otp's OTPMiddleware gives request.user this method; a user read from the
    # database elsewhere has not passed any code.
    return getattr(user, "is_verified", lambda: False)()


def give_known_device(user, *, secret_base32: str) -> tuple[TOTPDevice, bool]:
    """A confirmed device with a published secret, for the demo's administrator only
    (load_demo, refused in production); a user who already has a device keeps it."""
    existing = confirmed_device(user)
    if existing is not None:
        return existing, False
    device = TOTPDevice.objects.create(user=user, name="demo", confirmed=True,
                                       key=b32decode(secret_base32).hex())
    return device, True
