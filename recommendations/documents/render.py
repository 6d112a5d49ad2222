"""HTML to PDF: a document's template rendered in the site's language, then WeasyPrint.

No network: the URL fetcher serves only the project's static files (read from disk) and
`data:` URIs, and refuses anything else, so a template can never make the renderer call out
(nor read an arbitrary local file). Fonts are the system's (fonts-dejavu-core, installed by
`make run`); the CSS is inlined from templates/recommendations/pdf/_style.css.
"""

from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher, URLFetcherResponse

from recommendations.documents import content
from recommendations.models import DocumentKind

BASE_URL = "file:///"
TEMPLATES = {
    DocumentKind.PROPOSAL: "recommendations/pdf/proposal.html",
    DocumentKind.CASE_SUMMARY: "recommendations/pdf/case_summary.html",
    DocumentKind.AGENDA: "recommendations/pdf/agenda.html",
    DocumentKind.BOOKLET: "recommendations/pdf/booklet.html",
}


class RefusedURL(ValueError):
    """The renderer asked for a resource outside the project's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serves /static/... from the project's static files; refuses every other URL."""

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        prefix = "/" + settings.STATIC_URL.lstrip("/")
        if parts.scheme != "file" or parts.netloc or not parts.path.startswith(prefix):
            raise RefusedURL(f"Refused outside resource: {url}")
        name = unquote(parts.path[len(prefix):])
        path = static_file(name)
        if path is None:
            raise RefusedURL(f"No such static file: {name}")
        with open(path, "rb") as stored:
            return URLFetcherResponse(url, stored.read())


def static_file(name: str) -> str | None:
    """The file behind a static name: the collected one (production), else the finders'."""
    if ".." in name.split("/"):
        return None
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except NotImplementedError:  # a storage without local paths
        pass
    found = finders.find(name)
    return found if isinstance(found, str) else None


def title_of(kind: str, subject) -> str:
    titles = {
        DocumentKind.PROPOSAL: lambda: _("Panel proposal, version %(version)s")
        % {"version": subject.version},
        DocumentKind.CASE_SUMMARY: lambda: _("Case summary"),
        DocumentKind.AGENDA: lambda: _("Agenda of the meeting of %(date)s")
        % {"date": subject.date.strftime("%d/%m/%Y")},
        DocumentKind.BOOKLET: lambda: _("Meeting booklet of %(date)s")
        % {"date": subject.date.strftime("%d/%m/%Y")},
    }
    return str(titles[kind]())


def context_of(kind: str, subject) -> dict:
    title = title_of(kind, subject)
    builders = {
        DocumentKind.PROPOSAL: content.proposal_context,
        DocumentKind.CASE_SUMMARY: content.case_summary_context,
        DocumentKind.AGENDA: content.agenda_context,
        DocumentKind.BOOKLET: content.booklet_context,
    }
    return builders[kind](subject, title)


def render_html(kind: str, subject, language: str | None = None) -> str:
    """The document's HTML, in the site's language (French) unless told otherwise."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_to_string(TEMPLATES[kind], context_of(kind, subject))


def html_to_pdf(html: str) -> bytes:
    document = weasyprint.HTML(string=html, base_url=BASE_URL,
                               url_fetcher=StaticOnlyFetcher(fail_on_errors=True))
    return document.write_pdf(pdf_variant=None)


def render_pdf(kind: str, subject, language: str | None = None) -> bytes:
    return html_to_pdf(render_html(kind, subject, language))
