"""Random and hostile submissions to every form of the project (tests/fuzz/targets.py),
each posted by a user allowed to use the form: never a server error, never a redirect off
the site, and an invalid submission comes back with its errors instead of being saved."""

import pytest
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.checks import (
    assert_no_server_error,
    assert_shows_errors,
    assert_stays_on_site,
    fuzz_settings,
)
from tests.fuzz.conftest import logged_in, rolled_back
from tests.fuzz.targets import POSTS, Post, uploaded
from tests.fuzz.values import form_data, hostile_text, hostile_value

pytestmark = pytest.mark.django_db

REDIRECTS = (301, 302, 303)
# Keys no form asks for: a view must ignore them.
junk = st.dictionaries(hostile_text.map(lambda key: f"x-{key}"), hostile_value, max_size=2)


def submissions(target: Post, world) -> st.SearchStrategy:
    """(data, files): the form's fields, the view's other keys, junk; files as (name, bytes)."""
    fields = form_data(target.form(world, None, None)) if target.form else st.just({})
    extra = st.fixed_dictionaries({}, optional=target.extra)
    files = st.fixed_dictionaries({}, optional=target.files)
    data = st.tuples(junk, extra, fields).map(lambda parts: {**parts[0], **parts[1],
                                                             **parts[2]})
    return st.tuples(data, files)


def as_posted(data: dict) -> QueryDict:
    """The data as the view reads it: a list sent for one value counts as its last item."""
    posted = QueryDict(mutable=True)
    for key, value in data.items():
        posted.setlist(key, value if isinstance(value, list) else [value])
    return posted


def check_answer(target: Post, response, data, form) -> None:
    """`form` is the view's form built on the same data before the post (None: no form)."""
    assert_no_server_error(response, data)
    assert response.status_code not in (403, 404, 405), (
        f"{target.id}: {response.status_code}: the fuzz does not reach the form")
    assert_stays_on_site(response)
    invalid = form is not None and form.is_bound and not form.is_valid()
    if response.status_code in REDIRECTS:
        assert target.may_succeed, f"{target.id}: random data was accepted: {data!r}"
        assert not invalid or target.invalid_redirects, (
            f"{target.id}: an invalid submission was taken as valid: {data!r}: "
            f"{form.errors.as_data()!r}")
    elif invalid and target.shows_errors and response.status_code == 200:
        assert_shows_errors(response, type(form))


@pytest.mark.parametrize("target", POSTS, ids=lambda target: target.id)
def test_it_answers_any_submission_without_failing(world, target):
    client = logged_in(world.user(target.role) if target.role else None)
    path = target.url(world)

    @fuzz_settings(target.examples)
    @given(submission=submissions(target, world))
    def post(submission):
        data, file_specs = submission
        with rolled_back():
            form = None
            if target.form:
                form = target.form(world, as_posted(data), MultiValueDict(
                    {name: [uploaded(spec)] for name, spec in file_specs.items()}))
                form.is_valid()  # before the post changes what it is checked against
            files = {name: uploaded(spec) for name, spec in file_specs.items()}
            response = client.post(path, {**data, **files})
        check_answer(target, response, data, form)

    post()
