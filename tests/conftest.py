import pytest
from django.utils import translation

from tests.accounts.otp import VerifiedClient
from tests.factories import UserFactory


# The interface is French by default; tests read the English source strings unless they ask
# for French (tests/project/test_language.py does).
@pytest.fixture(autouse=True)
def english_by_default():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Argon2 is slow by design; tests that check the production hasher restore it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def eager_celery_tasks():
    """Tasks run inline in the test process, even when .ci/run points the settings at Redis;
    the broker tests start a real worker in a subprocess of their own."""
    from rcp_oos.celery import app

    saved = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = saved


@pytest.fixture
def client():
    """force_login as a complete login: an administrator is also verified by a second factor
    (tests/accounts/otp.py), as after typing the code."""
    return VerifiedClient(headers={"accept-language": "en"})


@pytest.fixture
def clinician(db):
    return UserFactory(username="dr-clinician", roles=["clinician"])


@pytest.fixture
def coordinator(db):
    return UserFactory(username="coordinator", roles=["coordinator"])


@pytest.fixture
def panel_member(db):
    return UserFactory(username="panel", roles=["panel_member"], specialty="radiotherapy")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="administrator", roles=["admin"], is_staff=True,
                       is_superuser=True)


@pytest.fixture
def role_users(clinician, coordinator, panel_member, admin_user):
    """One user per role, by role code."""
    return {
        "clinician": clinician,
        "coordinator": coordinator,
        "panel_member": panel_member,
        "admin": admin_user,
    }
