"""No URL escapes the fuzz tests: every pattern of the URL resolver is fuzzed with posts
(targets.py), with query strings (pages.py), or excluded with a reason (pages.py), the way
the authorisation matrix enumerates them. A page fuzzed only with query strings must refuse
a POST, so that a form added to it later cannot go unfuzzed."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.fuzz.conftest import logged_in
from tests.fuzz.pages import EXCLUDED, EXCLUDED_ADMIN, EXCLUDED_ROUTES, PAGES
from tests.fuzz.targets import POSTS

POSTED = {target.name for target in POSTS}
VISITED = {page.name for page in PAGES}


def project_urls(patterns=None, route: str = "", namespace: str = ""):
    """(name with its namespaces or None, full route) of every pattern of the project."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from project_urls(pattern.url_patterns, route + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield name, route + str(pattern.pattern)


def is_covered(name: str | None, route: str) -> bool:
    if name is None:
        return any(re.match(rule, route) for rule, _reason in EXCLUDED_ROUTES)
    if name in POSTED or name in VISITED or name in EXCLUDED:
        return True
    return any(re.match(rule, name) for rule, _reason in EXCLUDED_ADMIN)


def test_it_fuzzes_or_excludes_every_url_of_the_project():
    missing = [f"{name or '(unnamed)'}: {route}" for name, route in project_urls()
               if not is_covered(name, route)]
    assert not missing, ("URLs neither fuzzed nor excluded with a reason (add them to "
                         "tests/fuzz/targets.py or pages.py):\n" + "\n".join(missing))


def test_it_names_only_urls_that_exist():
    names = {name for name, _route in project_urls() if name}
    assert not (POSTED | VISITED | set(EXCLUDED)) - names


@pytest.mark.django_db
@pytest.mark.parametrize("page", [page for page in PAGES
                                  if page.refuses_post and page.name not in POSTED],
                         ids=lambda page: page.name)
def test_a_page_fuzzed_only_with_query_strings_refuses_posts(world, page):
    client = logged_in(world.user(page.role) if page.role else None)
    assert client.post(page.url(world), {"field": "value"}).status_code == 405
