"""Second-factor helpers shared by the tests: the code an authenticator app would show, and a
test client whose force_login is a complete login (password and code)."""

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor


def code_for(device: TOTPDevice) -> str:
    """A code the device accepts now. django-otp refuses a code of a time step already used
    (replay), so after a recent login the next step's code is given (within its tolerance)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def code_for_secret(secret_hex: str, *, at: float | None = None) -> str:
    totp = TOTP(bytes.fromhex(secret_hex))
    totp.time = time.time() if at is None else at
    return f"{totp.token():06d}"


def confirmed_device_of(user) -> TOTPDevice:
    return second_factor.confirmed_device(user) or TOTPDevice.objects.create(
        user=user, name="test", confirmed=True)


class VerifiedClient(Client):
    """`force_login` as after the whole login: for a user who must have a second factor (an
    administrator), a device is given and the session marked as verified by it. Tests of the
    second factor itself pass `verified=False`."""

    def force_login(self, user, backend=None, *, verified: bool = True):
        super().force_login(user, backend)
        if verified and second_factor.is_required(user):
            verify_session(self, confirmed_device_of(user))


def verify_session(client: Client, device: TOTPDevice) -> None:
    """Mark the client's session as verified by `device`, as after typing its code."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
