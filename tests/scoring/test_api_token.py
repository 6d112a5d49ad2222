"""API tokens: issued once, stored as a hash, refused when revoked or the user is inactive."""

import hashlib
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scoring.models import ApiToken
from scoring.models.api_token import LAST_USED_RESOLUTION
from tests.factories import UserFactory


@pytest.fixture
def user(db):
    return UserFactory(username="pipeline-owner", roles=["clinician"])


class TestIssue:
    def test_it_stores_the_hash_and_not_the_plaintext(self, user):
        token, plaintext = ApiToken.issue(user, "pipeline")
        token.refresh_from_db()
        assert token.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
        stored = [str(value) for value in ApiToken.objects.values_list().get()]
        assert plaintext not in stored

    def test_it_keeps_the_first_characters_to_recognise_the_token(self, user):
        token, plaintext = ApiToken.issue(user, "pipeline")
        assert token.prefix == plaintext[:8]
        assert str(token) == f"pipeline ({plaintext[:8]}…)"

    def test_it_issues_long_distinct_tokens(self, user):
        plaintexts = {ApiToken.issue(user, "pipeline")[1] for _ in range(5)}
        assert len(plaintexts) == 5
        assert all(len(plaintext) >= 43 for plaintext in plaintexts)  # 32 random bytes


class TestAuthenticate:
    def test_it_finds_the_user_and_records_the_use(self, user):
        token, plaintext = ApiToken.issue(user, "pipeline")
        assert token.last_used_at is None
        assert ApiToken.authenticate(plaintext) == user
        token.refresh_from_db()
        assert token.last_used_at is not None

    def test_it_writes_the_last_use_at_most_once_a_minute(self, user, django_assert_num_queries):
        token, plaintext = ApiToken.issue(user, "pipeline")
        ApiToken.authenticate(plaintext)
        token.refresh_from_db()
        first_use = token.last_used_at
        with django_assert_num_queries(1):  # the lookup, no UPDATE
            assert ApiToken.authenticate(plaintext) == user
        token.refresh_from_db()
        assert token.last_used_at == first_use
        ApiToken.objects.filter(pk=token.pk).update(
            last_used_at=first_use - LAST_USED_RESOLUTION)
        assert ApiToken.authenticate(plaintext) == user
        token.refresh_from_db()
        assert token.last_used_at > first_use - LAST_USED_RESOLUTION

    @pytest.mark.parametrize("guess", ["", "wrong", "x" * 43])
    def test_it_refuses_a_wrong_token(self, user, guess):
        ApiToken.issue(user, "pipeline")
        assert ApiToken.authenticate(guess) is None

    def test_it_refuses_the_prefix_alone(self, user):
        token, _plaintext = ApiToken.issue(user, "pipeline")
        assert ApiToken.authenticate(token.prefix) is None

    def test_it_refuses_a_revoked_token(self, user):
        token, plaintext = ApiToken.issue(user, "pipeline")
        token.revoke()
        assert ApiToken.authenticate(plaintext) is None
        token.refresh_from_db()
        assert token.revoked and token.last_used_at is None

    def test_it_refuses_the_token_of_an_inactive_user(self, user):
        _token, plaintext = ApiToken.issue(user, "pipeline")
        user.is_active = False
        user.save()
        assert ApiToken.authenticate(plaintext) is None


class TestCreateApiTokenCommand:
    def create(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("create_api_token", *args, stdout=out, stderr=err)
        return out.getvalue().strip(), err.getvalue()

    def test_it_prints_a_working_token_once(self, user):
        plaintext, note = self.create("pipeline-owner", "--name", "lab pipeline")
        assert ApiToken.authenticate(plaintext) == user
        token = ApiToken.objects.get()
        assert (token.name, token.prefix) == ("lab pipeline", plaintext[:8])
        assert "shown this once" in note and plaintext not in note

    def test_it_refuses_an_unknown_user(self, db):
        with pytest.raises(CommandError, match="No user 'nobody'"):
            self.create("nobody", "--name", "x")

    def test_it_refuses_an_inactive_user(self, user):
        user.is_active = False
        user.save()
        with pytest.raises(CommandError, match="inactive"):
            self.create("pipeline-owner", "--name", "x")
        assert not ApiToken.objects.exists()


class TestAdmin:
    URL = "/admin/scoring/apitoken/"

    def test_it_lists_tokens_without_their_secret(self, client, admin_user, user):
        _token, plaintext = ApiToken.issue(user, "pipeline")
        client.force_login(admin_user)
        page = client.get(self.URL).content.decode()
        assert "pipeline" in page and plaintext[:8] in page
        assert plaintext not in page

    def test_it_revokes_the_selected_tokens(self, client, admin_user, user):
        token, plaintext = ApiToken.issue(user, "pipeline")
        client.force_login(admin_user)
        response = client.post(self.URL, {"action": "revoke_tokens",
                                          "_selected_action": [token.pk]})
        assert response.status_code == 302
        token.refresh_from_db()
        assert token.revoked
        assert ApiToken.authenticate(plaintext) is None

    def test_it_offers_no_way_to_create_a_token(self, client, admin_user):
        client.force_login(admin_user)
        assert client.get(self.URL + "add/").status_code == 403
