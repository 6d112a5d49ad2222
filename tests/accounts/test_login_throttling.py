"""Login throttling (django-axes): a username is locked out from one address after
AXES_FAILURE_LIMIT wrong passwords, for AXES_COOLOFF_TIME; nothing else is locked."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import identify_hasher, make_password
from django.test import RequestFactory
from django.urls import reverse

from accounts.throttling import client_ip
from rcp_oos import settings as project_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"
WARD = "10.1.2.3"  # one NAT address for a whole ward


def attempt(client, username: str, password: str, address: str = WARD):
    return client.post(reverse("login"), {"username": username, "password": password},
                       REMOTE_ADDR=address)


@pytest.fixture
def user(db):
    return UserFactory(username="dr-typo", roles=["clinician"])


def lock_out(client, username: str, settings, address: str = WARD):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "not-the-password", address)


class TestLockout:
    def test_it_defaults_to_five_failures_and_fifteen_minutes(self, settings):
        assert settings.AXES_FAILURE_LIMIT == 5
        assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60

    def test_it_allows_attempts_below_the_limit(self, client, user, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, user.username, "not-the-password")
        response = attempt(client, user.username, PASSWORD)
        assert response.status_code == 302

    def test_it_locks_the_username_out_after_the_limit_even_with_the_right_password(
            self, client, user, settings):
        lock_out(client, user.username, settings)
        response = attempt(client, user.username, PASSWORD)
        assert response.status_code == 429
        assert 'data-testid="locked-out"' in response.content.decode()
        assert "15 minutes" in response.content.decode()

    def test_it_does_not_lock_out_a_colleague_behind_the_same_address(self, client, user,
                                                                      settings):
        colleague = UserFactory(username="dr-colleague", roles=["clinician"])
        lock_out(client, user.username, settings)
        assert attempt(client, colleague.username, PASSWORD).status_code == 302

    def test_it_does_not_lock_the_user_out_from_another_address(self, client, user, settings):
        lock_out(client, user.username, settings, address="203.0.113.9")
        assert attempt(client, user.username, PASSWORD).status_code == 302

    def test_it_never_stores_the_typed_password(self, client, user, settings):
        lock_out(client, user.username, settings)
        stored = AccessAttempt.objects.get(username=user.username)
        assert "not-the-password" not in stored.post_data
        assert stored.failures_since_start == settings.AXES_FAILURE_LIMIT

    def test_it_never_logs_the_typed_password(self, client, user, settings, caplog):
        lock_out(client, user.username, settings)
        assert "not-the-password" not in caplog.text
        assert "login failure" in caplog.text

    def test_a_success_resets_the_count(self, client, user, settings):
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            attempt(client, user.username, "not-the-password")
        attempt(client, user.username, PASSWORD)
        client.post(reverse("logout"))
        attempt(client, user.username, "not-the-password")
        assert attempt(client, user.username, PASSWORD).status_code == 302


class TestAdminUnlock:
    def test_an_administrator_lists_and_unlocks_the_attempts(self, client, admin_user, user,
                                                             settings):
        lock_out(client, user.username, settings)
        client.force_login(admin_user)
        listing = client.get(reverse("admin:axes_accessattempt_changelist"))
        assert user.username in listing.content.decode()
        AccessAttempt.objects.filter(username=user.username).delete()  # the admin's delete
        client.post(reverse("logout"))
        assert attempt(client, user.username, PASSWORD).status_code == 302


    def test_the_admin_role_without_superuser_rights_may_lift_a_lockout(self, client, user,
                                                                        settings):
        lock_out(client, user.username, settings)
        administrator = UserFactory(username="admin-role", roles=["admin"], is_staff=True)
        client.force_login(administrator)
        attempt_id = AccessAttempt.objects.get(username=user.username).pk
        url = reverse("admin:axes_accessattempt_delete", args=[attempt_id])
        client.post(url, {"post": "yes"})
        assert not AccessAttempt.objects.filter(pk=attempt_id).exists()


class TestBehindTheProxy:
    def test_it_reads_the_address_the_proxy_appended(self, settings):
        settings.AXES_TRUSTED_PROXY_COUNT = 1
        request = RequestFactory().get("/", REMOTE_ADDR="172.18.0.2",
                                       HTTP_X_FORWARDED_FOR="6.6.6.6, 10.1.2.3")
        assert client_ip(request) == "10.1.2.3"

    def test_it_ignores_the_header_without_a_proxy(self, settings):
        settings.AXES_TRUSTED_PROXY_COUNT = 0
        request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3",
                                       HTTP_X_FORWARDED_FOR="6.6.6.6")
        assert client_ip(request) == "10.1.2.3"


class TestPasswordHashing:
    def test_it_moves_an_older_hash_to_argon2_at_login(self, client, settings):
        settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
        user = UserFactory(username="dr-old-hash", roles=["clinician"])
        user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
        user.save()
        attempt(client, user.username, PASSWORD)
        user.refresh_from_db()
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.password.startswith("argon2")
