"""Enrolling a second factor from the Security page: QR code and key, confirmed by a code."""

from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.otp import code_for, verify_session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ENROL = reverse("second_factor_enrol")


@pytest.fixture
def user(client):
    user = UserFactory(username="dr-enrol", roles=["clinician"])
    client.force_login(user)
    return user


def pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


class TestSecurityPage:
    def test_it_offers_to_turn_the_second_factor_on(self, client, user):
        page = client.get(reverse("security")).content.decode()
        assert 'data-testid="enrol-link"' in page
        assert "Set up two-factor authentication" in page

    def test_it_says_when_the_second_factor_is_on(self, client, user):
        verify_session(client, TOTPDevice.objects.create(user=user, name="phone",
                                                         confirmed=True))
        page = client.get(reverse("security")).content.decode()
        assert 'data-testid="enrol-link"' not in page
        assert "Since" in page

    def test_it_is_linked_from_the_navigation_bar(self, client, user):
        assert 'data-testid="security-link"' in client.get("/").content.decode()


class TestEnrolPage:
    def test_it_shows_the_qr_code_as_inline_svg_and_the_key_as_text(self, client, user):
        page = client.get(ENROL).content.decode()
        device = pending(user)
        assert '<svg' in page and 'data-testid="qr-code"' in page
        key = page.split('data-testid="totp-secret">')[1].split("<")[0].replace(" ", "")
        assert b32decode(key) == bytes.fromhex(device.key)

    def test_it_keeps_the_same_key_when_the_page_is_reloaded(self, client, user):
        client.get(ENROL)
        first = pending(user).key
        client.get(ENROL)
        assert TOTPDevice.objects.filter(user=user).count() == 1
        assert pending(user).key == first

    def test_it_refuses_a_wrong_code(self, client, user):
        client.get(ENROL)
        wrong = f"{(int(code_for(pending(user))) + 1) % 1_000_000:06d}"
        response = client.post(ENROL, {"code": wrong})
        assert response.status_code == 200
        assert "This code is not valid" in response.content.decode()
        assert not pending(user).confirmed

    def test_it_refuses_letters_with_a_field_error(self, client, user):
        client.get(ENROL)
        response = client.post(ENROL, {"code": "abcdef"})
        assert response.status_code == 200
        assert response.context["form"].errors["code"]

    def test_the_right_code_turns_it_on_and_verifies_the_session(self, client, user):
        client.get(ENROL)
        device = pending(user)
        response = client.post(ENROL, {"code": code_for(device)})
        assert response.status_code == 302
        device.refresh_from_db()
        assert device.confirmed
        assert client.get(reverse("security")).wsgi_request.user.is_verified()

    def test_it_goes_back_to_next_after_confirming(self, client, user):
        client.get(ENROL)
        response = client.post(ENROL, {"code": code_for(pending(user)), "next": "/patients/"})
        assert response["Location"] == "/patients/"

    def test_it_ignores_a_next_pointing_elsewhere(self, client, user):
        client.get(ENROL)
        response = client.post(ENROL, {"code": code_for(pending(user)),
                                       "next": "https://evil.example/"})
        assert response["Location"] == reverse("security")

    def test_it_never_adds_a_second_device(self, client, user):
        verify_session(client, TOTPDevice.objects.create(user=user, name="phone",
                                                         confirmed=True))
        response = client.get(ENROL)
        assert response["Location"] == reverse("security")
        assert TOTPDevice.objects.filter(user=user).count() == 1
