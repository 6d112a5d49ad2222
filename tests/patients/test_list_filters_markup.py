"""The patient list writes its filter fields out rather than through crispy-forms (a fifth of
the page's time): the markup must stay crispy's, field for field, whatever the filters say."""

import pytest
from django.template import engines
from django.test.html import parse_html
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

CRISPY = engines["django"].from_string(
    "{% load crispy_forms_filters %}{{ field|as_crispy_field }}")


@pytest.mark.parametrize("query", [
    "",
    "?q=Mart&primary_site=lung&mine=on&open_case=on",
    "?q=%22%3E%3Cscript%3E&primary_site=nope&mine=false",  # refused values, markup in text
    "?q=" + "x" * 101,  # too long: an error under the field
    "?primary_site=&mine=0&open_case=",
])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_each_filter_field_is_the_markup_crispy_would_write(client, clinician, query,
                                                            language):
    client.force_login(clinician)
    response = client.get(reverse("patients:list") + query, HTTP_ACCEPT_LANGUAGE=language)
    page = parse_html(response.content.decode())
    form = response.context["form"]
    assert "open_case" in form.fields  # the cases app is installed: four fields to compare
    with translation.override(language):
        for field in form:
            expected = parse_html(CRISPY.render({"field": field}))
            assert page.count(expected) == 1, field.name
