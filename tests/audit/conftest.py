import pytest

from tests.accounts.otp import VerifiedClient
from tests.factories import UserFactory


@pytest.fixture
def client():
    """A client whose force_login is a whole login: administrators have passed their second
    factor (tests/accounts/otp.py)."""
    return VerifiedClient(headers={"accept-language": "en"})


@pytest.fixture
def administrator(db):
    """The admin role alone (no superuser flag): the role's permissions open the log."""
    return UserFactory(username="log-reader", roles=["admin"], is_staff=True)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
