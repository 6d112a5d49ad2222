"""Random and hostile query strings on every page (tests/fuzz/pages.py): list filters,
sorting and paging, the timeline's categories, the patient page's planned dates, `next`...
A page ignores what it does not understand or says what is wrong; it never fails."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.checks import assert_no_server_error, assert_stays_on_site, fuzz_settings
from tests.fuzz.conftest import logged_in, rolled_back
from tests.fuzz.pages import KNOWN_QUERY_KEYS, PAGES, Page
from tests.fuzz.values import form_data, hostile_text, hostile_value

pytestmark = pytest.mark.django_db


def queries(page: Page) -> st.SearchStrategy[dict]:
    """The page's filter fields (when it has a filter form), known keys and random ones."""
    fields = form_data(page.form()) if page.form else st.just({})
    others = st.dictionaries(st.one_of(st.sampled_from(KNOWN_QUERY_KEYS), hostile_text),
                             hostile_value, max_size=3)
    return st.tuples(others, fields).map(lambda parts: {**parts[0], **parts[1]})


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_it_answers_any_query_string_without_failing(world, page):
    client = logged_in(world.user(page.role) if page.role else None)
    path = page.url(world)
    assert client.get(path).status_code in (200, 302), f"{page.name}: the page itself fails"

    @fuzz_settings(page.examples)
    @given(query=queries(page))
    def visit(query):
        with rolled_back():
            response = client.get(path, query)
        assert_no_server_error(response, query)
        assert_stays_on_site(response)
        assert response.status_code in (200, 302, 400), (
            f"{page.name}: {response.status_code} for {query!r}")

    visit()
