"""Where asking for a document comes back to (`next`): a path of this site, else the
document's subject; a `next` that is no path is not a server error (found by tests/fuzz)."""

import pytest
from django.urls import reverse

from tests.recommendations.test_case_pages import draft_case
from tests.security.world import stored_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(clinician, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return stored_document(draft_case(clinician))


def retry(client, user, document, wanted: str):
    client.force_login(user)
    return client.post(reverse("documents:retry", args=[document.pk]), {"next": wanted})


@pytest.mark.parametrize("wanted", ["0", "home", "page.html", "https://evil.example/",
                                    "//evil.example/"])
def test_it_goes_back_to_the_case_when_next_is_not_a_path_of_the_site(client, clinician,
                                                                       document, wanted):
    response = retry(client, clinician, document, wanted)
    assert response.status_code == 302
    assert response["Location"] == document.case.get_absolute_url()


def test_it_goes_back_to_the_page_named_by_next(client, clinician, document):
    response = retry(client, clinician, document, "/patients/?q=x")
    assert response["Location"] == "/patients/?q=x"
