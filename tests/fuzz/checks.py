"""What every fuzzed answer must satisfy, whatever was sent: no server error, no redirect
off the site, and an invalid submission never taken for a valid one."""

import os

from django import forms
from django.utils.http import url_has_allowed_host_and_scheme
from hypothesis import HealthCheck, settings

from tests.fuzz.conftest import describe_failure

# Each test sets its own max_examples; the views are slow next to Hypothesis' expectations.
FUZZ_SETTINGS = {"deadline": None, "print_blob": True, "suppress_health_check": [
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
    HealthCheck.large_base_example]}


# FUZZ_SCALE=10 runs ten times as many examples of each test (a longer hunt, by hand).
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=max(1, round(examples * SCALE)), **FUZZ_SETTINGS)


def assert_no_server_error(response, sent) -> None:
    assert response.status_code < 500, (
        f"{response.status_code} for {sent!r}\n{describe_failure(response)}")


def assert_stays_on_site(response) -> None:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        assert url_has_allowed_host_and_scheme(location, allowed_hosts={"testserver"}), (
            f"redirect off the site: {location!r}")


def forms_in(context) -> list[forms.BaseForm]:
    """The forms a rendered page was given, whatever template level holds them."""
    if context is None:
        return []
    contexts = context if isinstance(context, list) else [context]
    return [value for ctx in contexts for layer in ctx.dicts for value in layer.values()
            if isinstance(value, forms.BaseForm)]


def assert_shows_errors(response, form_class: type) -> None:
    shown = [form for form in forms_in(response.context) if isinstance(form, form_class)]
    assert shown and any(form.errors for form in shown), (
        f"an invalid {form_class.__name__} came back without its errors")
