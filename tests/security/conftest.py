"""The matrix's objects, built once per test module inside a transaction rolled back at its
end; each test runs in a savepoint of its own, so what one test's POST changes the next one
does not see. Files go to a temporary MEDIA_ROOT."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.world import World, build_world

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> World:
    media = tmp_path_factory.mktemp("security-media")
    isolated = override_settings(MEDIA_ROOT=str(media), PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), isolated, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)

