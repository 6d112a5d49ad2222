"""Security headers on the main pages (the set the accessibility tests walk, demo data), and
HTML that the Content Security Policy lets run whole: no inline script, handler or style.

The browser side (nothing refused while the pages work, htmx included) is
tests/browser/test_csp_in_browser.py."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.browser.demo_pages import PAGES, demo  # noqa: F401 (fixture)
from tests.project.signed_in_session import signed_in_client

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


class CspOffences(HTMLParser):
    """What in a page the policy would refuse: inline scripts, event handler attributes,
    javascript: URLs, htmx's hx-on (evaluated code), <style> elements and style attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src") and (
                attributes.get("type") != "application/json"):
            self.found.append(f"inline <script> {attrs}")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith(("on", "hx-on")):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f'<{tag} style="{value}">')
            if name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")


def offences(html: str) -> list[str]:
    parser = CspOffences()
    parser.feed(html)
    return parser.found


def policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return dict(directives)


def fetch(demo, name: str):  # noqa: F811
    username, address = PAGES[name]
    client = signed_in_client(User.objects.get(username=username)) if username else Client()
    response = client.get(address(demo))
    assert response.status_code == 200, f"{name}: {address(demo)} answered {response.status_code}"
    return response


class TestTheParser:
    """The page test below is only as good as this parser: it must see each kind of offence."""

    def test_it_finds_what_the_policy_refuses(self):
        html = """<script>alert(1)</script><button onclick="go()">x</button>
        <a href=" JavaScript:go()">x</a><div hx-on:click="go()"></div>
        <style>p {}</style><p style="color: red">x</p>"""
        assert len(offences(html)) == 6

    def test_it_accepts_static_scripts_and_json_data(self):
        html = """<script src="/static/js/a.js" defer></script>
        <script id="d" type="application/json">{"a": 1}</script>
        <link rel="stylesheet" href="/static/css/app.css"><a href="/patients/">x</a>"""
        assert offences(html) == []


@pytest.mark.parametrize("name", PAGES)
def test_it_serves_each_main_page_with_nothing_the_policy_refuses(demo, name):  # noqa: F811
    response = fetch(demo, name)
    assert offences(response.content.decode()) == [], name


@pytest.mark.parametrize(("url_name", "user"), [("security", "clinician"),
                                                 ("second_factor_enrol", "admin_user")])
def test_it_serves_the_second_factor_pages_with_nothing_the_policy_refuses(request, url_name,
                                                                            user):
    # An administrator without a device yet gets the enrolment page and its QR code (SVG).
    client = Client()
    client.force_login(request.getfixturevalue(user))
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert offences(response.content.decode()) == []


@pytest.mark.parametrize("name", ["patient-detail", "referential-admin"])
def test_it_sends_the_policy_with_the_pages_and_the_admin(demo, name):  # noqa: F811
    assert policy(fetch(demo, name)) == EXPECTED_POLICY


def test_it_allows_no_inline_script_and_no_eval(demo):  # noqa: F811
    header = fetch(demo, "patient-detail").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header


def test_it_forbids_framing_and_sniffing_and_isolates_the_window(demo):  # noqa: F811
    headers = fetch(demo, "patient-detail").headers
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Referrer-Policy"] == "same-origin"


def test_it_denies_devices_the_application_never_uses(demo):  # noqa: F811
    permissions = fetch(demo, "login").headers["Permissions-Policy"]
    for device in ("camera=()", "microphone=()", "geolocation=()"):
        assert device in permissions
