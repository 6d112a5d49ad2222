import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import Group

from accounts.roles import ROLES, role_permissions
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class TestRoleGroups:
    def test_it_creates_one_group_per_role(self):
        assert set(Group.objects.values_list("name", flat=True)) >= {r.code for r in ROLES}

    @pytest.mark.parametrize("role", ROLES, ids=lambda r: r.code)
    def test_it_gives_each_group_exactly_its_listed_permissions(self, role):
        group = Group.objects.get(name=role.code)
        granted = set(group.permissions.all())
        assert granted == set(role_permissions(role))
        listed = {name for name in role.permissions if not name.endswith(".*")}
        assert listed <= {f"{p.content_type.app_label}.{p.codename}" for p in granted}

    def test_it_lets_a_user_hold_several_roles(self):
        user = UserFactory(roles=["clinician", "panel_member"])
        assert user.has_perm("patients.change_patient")
        assert user.has_perm("recommendations.view_meeting")
        assert not user.has_perm("recommendations.add_meeting")


class TestPasswords:
    def test_it_hashes_passwords_with_argon2(self, settings):
        from rcp_oos import settings as project_settings

        settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
        user = UserFactory()
        assert identify_hasher(user.password).algorithm == "argon2"
