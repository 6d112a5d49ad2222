"""Every URL of the project, as every role, answers what tests/security/authorization_table.py
says (read its docstring to add a URL).

The URLs come from the resolver, so a URL added without a line in the table fails
`test_it_covers_every_url_of_the_project`, and a line left for a URL that is gone fails
`test_it_lists_only_urls_that_exist`. One test per (URL, method, role) keeps a failure
readable: `test_each_url_answers_each_role[recommendations:case_edit-GET-coordinator]`.
"""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.authorization_table import (
    ADMIN_ANSWERS,
    ADMIN_EXCEPTIONS,
    ADMIN_LOGIN,
    EXPECTED,
    LOGIN,
    OK,
    REDIRECT,
    ROLES,
    SOME_LOGIN,
    Route,
    Text,
)
from tests.security.world import World

pytestmark = pytest.mark.django_db


def url_patterns(resolver=None, namespace="", prefix=""):
    """(qualified name or None, full route, pattern) of every URL, through every include."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            qualified = f"{namespace}:{inner}" if namespace and inner else namespace or inner
            yield from url_patterns(pattern, qualified, route)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route, pattern


def in_admin(name: str | None, route: str) -> bool:
    return (name or "").startswith("admin:") or route.startswith("admin/")


PROJECT_URLS = [(name, route) for name, route, _ in url_patterns() if not in_admin(name, route)]
ADMIN_URLS = [(name, route, pattern) for name, route, pattern in url_patterns()
              if in_admin(name, route)]


def log_in_as(client, user) -> None:
    """The one way this module signs a user in, as after the whole login: the `client`
    fixture (tests/conftest.py, tests/accounts/otp.py) also marks an administrator's session
    as verified by a second factor, which the admin pages and every page require of them."""
    if user is not None:
        client.force_login(user)


def url_of(name: str, route: Route, world: World) -> str:
    kwargs = {key: value.value if isinstance(value, Text) else getattr(world, value).pk
              for key, value in route.kwargs.items()}
    return reverse(name, kwargs=kwargs)


def assert_answer(response, expected) -> None:
    location = response.get("Location", "")
    if expected == LOGIN:
        assert response.status_code == 302 and location.startswith(reverse("login")), (
            response.status_code, location)
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302 and location.startswith(reverse("admin:login")), (
            response.status_code, location)
    elif expected == SOME_LOGIN:
        assert response.status_code == 302 and location.startswith(
            (reverse("login"), reverse("admin:login"))), (response.status_code, location)
    elif expected == REDIRECT:
        assert response.status_code == 302, response.status_code
        assert not location.startswith((reverse("login"), reverse("admin:login"))), location
    else:
        assert response.status_code == expected, (response.status_code, location)


def user_of(world: World, role: str):
    return None if role == "anonymous" else world.users[role]


def table_cases(table: dict[str, Route]):
    for name, route in table.items():
        for method in ("get", "post"):
            for role, expected in (getattr(route, method) or {}).items():
                yield pytest.param(name, method, role, expected,
                                   id=f"{name}-{method.upper()}-{role}")


class TestTheTableCoversTheProject:
    def test_it_covers_every_url_of_the_project(self):
        unnamed = [route for name, route in PROJECT_URLS if name is None]
        assert not unnamed, "Name these URLs so that the matrix can list them."
        missing = sorted({name for name, _ in PROJECT_URLS} - set(EXPECTED))
        assert not missing, "Add these URLs to tests/security/authorization_table.py"

    def test_it_lists_only_urls_that_exist(self):
        names = {name for name, _ in PROJECT_URLS} | {name for name, _, _ in ADMIN_URLS}
        gone = sorted((set(EXPECTED) | set(ADMIN_EXCEPTIONS)) - names)
        assert not gone, "Remove these URLs from tests/security/authorization_table.py"

    def test_it_asks_every_role_of_every_url(self):
        for name, route in (EXPECTED | ADMIN_EXCEPTIONS).items():
            assert route.get or route.post, name
            for answers in filter(None, (route.get, route.post)):
                assert set(answers) == set(ROLES), name


@pytest.mark.parametrize(("name", "method", "role", "expected"), list(table_cases(EXPECTED)))
def test_each_url_answers_each_role(client, world, name, method, role, expected):
    route = EXPECTED[name]
    log_in_as(client, user_of(world, role))
    url = url_of(name, route, world)
    response = client.post(url, route.data) if method == "post" else client.get(url)
    assert_answer(response, expected)


# --- The Django admin -----------------------------------------------------------------------

def admin_sample_url(name: str | None, route: str, pattern: URLPattern) -> str:
    """A URL of the pattern with "1" for each object id (the admin checks who asks before it
    looks the object up)."""
    if name == "admin:app_list":
        return reverse(name, kwargs={"app_label": "patients"})
    if name is None:
        if "(?P<url>" in route:  # the catch-all: any unknown admin address
            return "/admin/no-such-page/"
        return "/" + re.sub(r"<[^>]+>", "1", route)
    regex = pattern.pattern.regex
    if regex.groupindex:
        return reverse(name, kwargs=dict.fromkeys(regex.groupindex, "1"))
    return reverse(name, args=["1"] * regex.groups)


def admin_rule_cases():
    for name, route, pattern in ADMIN_URLS:
        if name in ADMIN_EXCEPTIONS:
            continue
        for role in ROLES:
            if role == "admin":
                continue  # the administrator's own answers: test_the_admin_opens_...
            yield pytest.param(admin_sample_url(name, route, pattern), role,
                               id=f"{name or route}-GET-{role}")


@pytest.mark.parametrize(("url", "role"), list(admin_rule_cases()))
def test_only_staff_enter_the_admin(client, world, url, role):
    log_in_as(client, user_of(world, role))
    assert_answer(client.get(url), ADMIN_ANSWERS[role])


@pytest.mark.parametrize(("name", "method", "role", "expected"),
                         list(table_cases(ADMIN_EXCEPTIONS)))
def test_the_admin_pages_outside_the_rule(client, world, name, method, role, expected):
    log_in_as(client, user_of(world, role))
    url = url_of(name, ADMIN_EXCEPTIONS[name], world)
    assert_answer(client.post(url) if method == "post" else client.get(url), expected)


def registered_models():
    return [pytest.param(model, id=f"{model._meta.app_label}.{model._meta.model_name}")
            for model in admin.site._registry]


@pytest.mark.parametrize("model", registered_models())
def test_the_admin_opens_the_changelist_of_each_registered_model(client, world, model):
    log_in_as(client, world.users["admin"])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert_answer(client.get(url), ADMIN_ANSWERS["admin"])


@pytest.mark.parametrize("url", ["admin:index", "admin:app_list"])
def test_the_admin_opens_its_index_pages(client, world, url):
    log_in_as(client, world.users["admin"])
    kwargs = {"app_label": "patients"} if url == "admin:app_list" else {}
    assert_answer(client.get(reverse(url, kwargs=kwargs)), OK)
