"""accounts.backends.OneQueryModelBackend answers exactly as Django's ModelBackend, in one
query instead of two, and the roles of the navigation bar come from that same query."""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.backends import OneQueryModelBackend, read_permissions
from accounts.context_processors import roles
from accounts.models import User
from accounts.roles import ROLES, user_roles
from tests.factories import PatientFactory, UserFactory

pytestmark = pytest.mark.django_db

CACHES = ("_user_perm_cache", "_group_perm_cache", "_perm_cache")
PROBED_PERMS = (
    "patients.view_patient",
    "patients.change_patient",
    "recommendations.add_meeting",
    "recommendations.sign_proposal",
    "accounts.change_user",
    "scoring.view_referential",
    "auth.add_group",
    "nonexistent.perm",
)
PROBED_APPS = ("patients", "recommendations", "accounts", "scoring", "auth", "audit", "nope")


def perm(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def no_groups():
    return UserFactory()


def one_role():
    return UserFactory(roles=["clinician"])


def several_roles():
    return UserFactory(roles=["clinician", "coordinator", "panel_member"])


def direct_permissions():
    user = UserFactory()
    user.user_permissions.add(perm("auth.add_group"), perm("patients.view_patient"))
    return user


def groups_and_direct():
    user = UserFactory(roles=["coordinator", "admin"])
    user.user_permissions.add(perm("auth.add_group"))
    return user


def overlapping():
    """The same permission from the user, from two role groups and from a group of its own."""
    user = UserFactory(roles=["clinician", "panel_member"])
    extra = Group.objects.create(name="ward-7")
    extra.permissions.add(perm("patients.view_patient"), perm("auth.add_group"))
    user.groups.add(extra, Group.objects.create(name="empty-group"))
    user.user_permissions.add(perm("patients.view_patient"), perm("recommendations.view_case"))
    return user


def superuser():
    return UserFactory(is_superuser=True, roles=["panel_member"])


def inactive():
    user = UserFactory(is_active=False, roles=["admin"])
    user.user_permissions.add(perm("auth.add_group"))
    return user


ALL_READ_IN_ONE_QUERY = (no_groups, one_role, several_roles, direct_permissions,
                         groups_and_direct, overlapping)
USERS = (*ALL_READ_IN_ONE_QUERY, superuser, inactive)


def answers(backend, user) -> dict:
    """Everything a backend says about a user, and the caches it leaves on it."""
    said = {
        "user": backend.get_user_permissions(user),
        "group": backend.get_group_permissions(user),
        "all": backend.get_all_permissions(user),
        "has_perm": {name: backend.has_perm(user, name) for name in PROBED_PERMS},
        "modules": {app: backend.has_module_perms(user, app) for app in PROBED_APPS},
        "object": (backend.get_user_permissions(user, obj=user),
                   backend.get_group_permissions(user, obj=user),
                   backend.get_all_permissions(user, obj=user),
                   backend.has_perm(user, "patients.view_patient", obj=user)),
    }
    said["caches"] = {name: getattr(user, name, "absent") for name in CACHES}
    return said


def fresh(user):
    return User.objects.get(pk=user.pk) if user.pk else user


class TestSameAnswersAsModelBackend:
    @pytest.mark.parametrize("make_user", USERS, ids=lambda f: f.__name__)
    def test_it_answers_as_model_backend(self, make_user):
        user = make_user()
        expected = answers(ModelBackend(), fresh(user))
        assert answers(OneQueryModelBackend(), fresh(user)) == expected

    @pytest.mark.parametrize("make_user", USERS, ids=lambda f: f.__name__)
    def test_it_answers_as_model_backend_in_async_code(self, make_user):
        user = make_user()

        async def ask(backend, user):
            return (await backend.aget_user_permissions(user),
                    await backend.aget_group_permissions(user),
                    await backend.aget_all_permissions(user),
                    await backend.ahas_perm(user, "patients.view_patient"),
                    await backend.ahas_module_perms(user, "recommendations"))

        expected = async_to_sync(ask)(ModelBackend(), fresh(user))
        assert async_to_sync(ask)(OneQueryModelBackend(), fresh(user)) == expected

    def test_it_answers_as_model_backend_for_an_anonymous_user(self):
        assert answers(OneQueryModelBackend(), AnonymousUser()) == answers(
            ModelBackend(), AnonymousUser())

    def test_it_finds_the_same_users_with_a_permission(self):
        for make_user in USERS:
            make_user()
        for name in PROBED_PERMS[:-1]:
            for include_superusers in (True, False):
                assert set(OneQueryModelBackend().with_perm(
                    name, include_superusers=include_superusers)) == set(
                    ModelBackend().with_perm(name, include_superusers=include_superusers))

    def test_it_keeps_a_cache_already_there_as_model_backend_does(self):
        user = groups_and_direct()
        said = {}
        for backend in (ModelBackend(), OneQueryModelBackend()):
            reread = fresh(user)
            reread._user_perm_cache = {"kept.as_is"}
            said[type(backend)] = (backend.get_all_permissions(reread),
                                   {name: getattr(reread, name) for name in CACHES})
        assert said[OneQueryModelBackend] == said[ModelBackend]
        assert "kept.as_is" in said[ModelBackend][0]

    def test_a_user_read_again_sees_a_new_role(self):
        user = fresh(one_role())
        assert not user.has_perm("recommendations.add_meeting")
        user.groups.add(Group.objects.get(name="coordinator"))
        assert not user.has_perm("recommendations.add_meeting")  # kept for the request
        assert fresh(user).has_perm("recommendations.add_meeting")
        assert [role.code for role in user_roles(fresh(user))] == ["clinician", "coordinator"]


class TestStatementCompiledOnce:
    def test_each_user_reads_their_own_permissions_and_groups(self):
        """The SQL is compiled once per process; only the user's id changes."""
        users = [fresh(make_user()) for make_user in USERS[:-1]]
        for user in users:
            read_permissions(user)
            model = fresh(user)
            assert user._user_perm_cache == ModelBackend().get_user_permissions(model)
            assert user._group_perm_cache == ModelBackend().get_group_permissions(model)
            assert user._group_names_cache == set(model.groups.values_list("name", flat=True))


class TestQueries:
    def test_model_backend_reads_permissions_in_two_queries(self):
        user = fresh(several_roles())
        with CaptureQueriesContext(connection) as captured:
            ModelBackend().has_perm(user, "patients.view_patient")
        assert len(captured) == 2

    @pytest.mark.parametrize("make_user", ALL_READ_IN_ONE_QUERY, ids=lambda f: f.__name__)
    def test_the_first_check_of_a_request_costs_one_query(self, make_user):
        user = fresh(make_user())
        with CaptureQueriesContext(connection) as captured:
            user.has_perm("patients.view_patient")
        assert len(captured) == 1
        with CaptureQueriesContext(connection) as captured:
            user.has_perm("recommendations.add_meeting")
            user.get_all_permissions()
            user_roles(user)
        assert len(captured) == 0

    def test_a_superuser_s_checks_cost_nothing_and_the_roles_one_small_query(self):
        user = fresh(superuser())
        with CaptureQueriesContext(connection) as captured:
            assert user.has_perm("patients.view_patient")
            assert [role.code for role in user_roles(user)] == ["panel_member"]
            user_roles(user)
        assert len(captured) == 1
        assert "auth_permission" not in captured.captured_queries[0]["sql"]

    def test_roles_read_first_serve_the_permissions_too(self):
        user = fresh(several_roles())
        with CaptureQueriesContext(connection) as captured:
            user_roles(user)
            user.has_perm("patients.view_patient")
            user.has_module_perms("recommendations")
        assert len(captured) == 1


class TestRolesShown:
    @pytest.mark.parametrize("make_user", USERS, ids=lambda f: f.__name__)
    def test_the_roles_are_those_of_the_groups(self, make_user):
        user = make_user()
        names = set(user.groups.values_list("name", flat=True))
        expected = [role.code for role in ROLES if role.code in names]
        assert [role.code for role in user_roles(fresh(user))] == expected

    def test_the_navigation_bar_shows_every_role_of_the_user(self):
        user = fresh(several_roles())
        request = RequestFactory().get("/")
        request.user = user
        user.has_perm("patients.view_patient")
        assert [role.code for role in roles(request)["user_roles"]] == [
            "clinician", "coordinator", "panel_member"]

    def test_a_page_reads_permissions_and_roles_in_one_query(self, client):
        user = several_roles()
        PatientFactory(referring_clinician=user)
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/patients/")
        assert response.status_code == 200
        reads = [q["sql"] for q in captured.captured_queries
                 if "auth_permission" in q["sql"] or "auth_group" in q["sql"]]
        assert len(reads) == 1
        for label in ("Referring clinician", "Coordinator", "Panel member"):
            assert label in response.content.decode()

    def test_an_anonymous_user_has_no_role(self):
        assert user_roles(AnonymousUser()) == []
