"""Logging in with the second factor: the code step after the password, required for
administrators (enrolment first, nothing else reachable), optional for everyone else."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.otp import code_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
VERIFY = reverse("second_factor_verify")
ENROL = reverse("second_factor_enrol")


def log_in(client, user, next_page: str = ""):
    data = {"username": user.username, "password": PASSWORD}
    if next_page:
        data["next"] = next_page
    return client.post(reverse("login"), data, follow=True)


def wrong(device) -> str:
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


@pytest.fixture
def clinician_with_device(db):
    user = UserFactory(username="dr-otp", roles=["clinician"])
    return user, TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.fixture
def administrator(db):
    return UserFactory(username="admin-otp", roles=["admin"], is_staff=True, is_superuser=True)


class TestWithoutSecondFactor:
    def test_a_user_who_is_not_an_administrator_logs_in_with_the_password(self, client):
        user = UserFactory(username="dr-plain", roles=["clinician"])
        response = log_in(client, user)
        assert response.redirect_chain[-1][0] == reverse("home")
        assert response.context["user"] == user


    def test_staff_rights_given_during_the_session_require_enrolment_at_once(self, client):
        user = UserFactory(username="dr-promoted", roles=["clinician"])
        log_in(client, user)
        user.is_staff = True
        user.save()
        assert client.get("/patients/")["Location"].startswith(ENROL)


class TestCodeStep:
    def test_it_asks_for_the_code_after_the_password_and_keeps_next(self, client,
                                                                    clinician_with_device):
        user, _device = clinician_with_device
        response = log_in(client, user, next_page="/patients/")
        assert response.redirect_chain[-1][0] == f"{VERIFY}?next=/patients/"

    def test_it_refuses_every_other_page_before_the_code(self, client, clinician_with_device):
        user, _device = clinician_with_device
        log_in(client, user)
        response = client.get("/patients/")
        assert response.status_code == 302
        assert response["Location"].startswith(VERIFY)

    def test_it_refuses_a_wrong_code(self, client, clinician_with_device):
        user, device = clinician_with_device
        log_in(client, user)
        response = client.post(VERIFY, {"code": wrong(device)})
        assert "This code is not valid" in response.content.decode()
        assert client.get("/patients/").status_code == 302

    def test_the_right_code_lets_the_user_in(self, client, clinician_with_device):
        user, device = clinician_with_device
        log_in(client, user)
        response = client.post(VERIFY, {"code": code_for(device), "next": "/patients/"})
        assert response["Location"] == "/patients/"
        assert client.get("/patients/").status_code == 200

    def test_it_throttles_codes_after_a_wrong_one(self, client, clinician_with_device):
        user, device = clinician_with_device
        log_in(client, user)
        client.post(VERIFY, {"code": wrong(device)})
        # Even the right code waits: django-otp doubles the delay after each wrong code.
        response = client.post(VERIFY, {"code": code_for(device)})
        assert "Too many wrong codes" in response.content.decode()
        assert client.get("/patients/").status_code == 302


class TestAdministrators:
    def test_an_administrator_without_a_device_is_sent_to_enrolment(self, client,
                                                                    administrator):
        response = log_in(client, administrator)
        assert response.redirect_chain[-1][0] == f"{ENROL}?next=/"
        assert 'data-testid="enrol-required"' in response.content.decode()

    @pytest.mark.parametrize("path", ["/", "/patients/", "/cases/", "/admin/",
                                      "/admin/accounts/user/", "/accounts/security/",
                                      "/accounts/password/"])
    def test_nothing_else_is_reachable_before_enrolment(self, client, administrator, path):
        log_in(client, administrator)
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(ENROL)

    def test_the_api_treats_the_unverified_session_as_anonymous(self, client, administrator):
        log_in(client, administrator)
        response = client.post("/api/v1/evaluate", b"{}", content_type="application/json")
        assert response.status_code == 401

    def test_logging_out_stays_possible(self, client, administrator):
        log_in(client, administrator)
        client.post(reverse("logout"))
        assert client.get("/").status_code == 302
        assert not client.get(reverse("login")).context["user"].is_authenticated

    def test_enrolling_opens_the_admin(self, client, administrator):
        log_in(client, administrator)
        client.get(ENROL)
        device = TOTPDevice.objects.get(user=administrator)
        client.post(ENROL, {"code": code_for(device)})
        assert client.get("/admin/").status_code == 200

    def test_an_enrolled_administrator_must_type_the_code(self, client, administrator):
        device = TOTPDevice.objects.create(user=administrator, name="phone", confirmed=True)
        log_in(client, administrator)
        assert client.get("/admin/")["Location"].startswith(VERIFY)
        client.post(VERIFY, {"code": code_for(device)})
        assert client.get("/admin/").status_code == 200

    def test_the_admin_refuses_a_session_without_the_code(self, administrator):
        from django.contrib.admin import site

        request = type("Request", (), {"user": administrator})()
        administrator.is_verified = lambda: False
        assert not site.has_permission(request)

    def test_the_admin_login_page_leads_to_the_application_login(self, client):
        response = client.get("/admin/login/?next=/admin/")
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next=/admin/"
