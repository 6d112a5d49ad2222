"""A signed-in session for a user, made without the login form: for tests that look at the
pages behind it (their headers, their HTML, in a browser) rather than at the login itself.

An administrator must also have passed the second factor: the session then names a confirmed
TOTP device, as django-otp's own login does (accounts/second_factor.py).
"""

from django.apps import apps
from django.conf import settings
from django.test import Client


def signed_in_client(user) -> Client:
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    if apps.is_installed("django_otp"):
        _pass_second_factor(client, user)
    return client


def session_cookie(user) -> dict:
    """The session cookie of a signed-in user, as Playwright's add_cookies takes it."""
    return {"name": settings.SESSION_COOKIE_NAME,
            "value": signed_in_client(user).cookies[settings.SESSION_COOKIE_NAME].value}


def _pass_second_factor(client: Client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test authenticator", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
